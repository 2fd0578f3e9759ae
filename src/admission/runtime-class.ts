/**
 * The RuntimeClass admission plugin (plugin/pkg/admission/runtimeclass), which the API
 * server runs on every new pod:
 *
 * - mutating, for a pod naming `runtimeClassName`: the class must exist
 *   (`pod rejected: RuntimeClass "x" not found`); its `overhead.podFixed` becomes the
 *   pod's `spec.overhead` (a pod that already sets a different overhead is rejected);
 *   its `scheduling.nodeSelector` is merged into the pod's nodeSelector (a key the pod
 *   sets to another value is rejected) and its `scheduling.tolerations` are merged into
 *   the pod's (MergeTolerations: a toleration another one covers is dropped);
 * - validating: a pod's overhead must be its class's; a pod with an overhead and no class
 *   that defines one is rejected. This runs after LimitRanger's validation and before
 *   ResourceQuota's.
 *
 * kube-scheduler then counts the overhead in the pod's requests (NodeResourcesFit) and
 * filters nodes by the merged nodeSelector and tolerations, so berth applies the plugin
 * before the pod's requests are computed.
 */

import type { PodSpec, Toleration } from '../model/k8s.ts';
import type { RuntimeClass } from '../model/types.ts';
import { readMilliMap } from '../workloads/requests.ts';

export interface RuntimeClassAdmission {
  /** The spec as the plugin leaves it (the input spec when it changes nothing). */
  spec: PodSpec;
  /** Why the mutating phase rejects the pod (the text after `pods "<name>" is forbidden: `). */
  error?: string;
  /** Why the validating phase rejects it, after LimitRanger's checks. */
  validationError?: string;
  /** The class named does not exist (for a diagnostic at the field). */
  missing?: string;
}

function hasOverhead(spec: PodSpec): boolean {
  const overhead: unknown = spec.overhead;
  return typeof overhead === 'object' && overhead !== null;
}

/** apiequality.Semantic.DeepEqual on two ResourceLists: the same names, each the same amount (nil equals empty). */
function sameResources(a: PodSpec['overhead'], b: PodSpec['overhead']): boolean {
  const left = readMilliMap(a);
  const right = readMilliMap(b);
  if (left.size !== right.size) return false;
  for (const [name, amount] of left) if (right.get(name) !== amount) return false;
  return true;
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return (
    (a.key ?? '') === (b.key ?? '') &&
    (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '') &&
    (a.effect ?? '') === (b.effect ?? '') &&
    a.tolerationSeconds === b.tolerationSeconds
  );
}

/** isSuperset from pkg/util/tolerations: whether `ss` tolerates everything `t` does. */
function isSuperset(ss: Toleration, t: Toleration): boolean {
  if (sameToleration(ss, t)) return true;
  // An empty key with Exists matches every key.
  if ((t.key ?? '') !== (ss.key ?? '') && ((ss.key ?? '') !== '' || ss.operator !== 'Exists')) return false;
  // An empty effect matches every effect.
  if ((t.effect ?? '') !== (ss.effect ?? '') && (ss.effect ?? '') !== '') return false;
  if (ss.effect === 'NoExecute' && ss.tolerationSeconds !== undefined) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds > ss.tolerationSeconds) return false;
  }
  switch (ss.operator ?? '') {
    case 'Equal':
    case '':
      return t.operator === 'Equal' && (t.value ?? '') === (ss.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** MergeTolerations from pkg/util/tolerations: both lists, without those another one covers. */
export function mergeTolerations(first: readonly Toleration[], second: readonly Toleration[]): Toleration[] {
  const all = [...first, ...second];
  const merged: Toleration[] = [];
  all.forEach((t, i) => {
    if (merged.some((kept) => isSuperset(kept, t))) return;
    // Of two equal tolerations the first is kept; one a later toleration covers is dropped.
    if (all.slice(i + 1).some((later) => !sameToleration(t, later) && isSuperset(later, t))) return;
    merged.push(t);
  });
  return merged;
}

/** What the RuntimeClass plugin does to a new pod (both phases); `classes` are the cluster's and the change's. */
export function admitRuntimeClass(spec: PodSpec, classes: readonly RuntimeClass[]): RuntimeClassAdmission {
  const name = typeof spec.runtimeClassName === 'string' ? spec.runtimeClassName : undefined;
  if (name === undefined) {
    return hasOverhead(spec)
      ? {
          spec,
          validationError:
            'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
        }
      : { spec };
  }
  const runtimeClass = classes.find((c) => c.name === name);
  if (!runtimeClass) return { spec, error: `pod rejected: RuntimeClass "${name}" not found`, missing: name };

  const out: PodSpec = { ...spec };
  if (runtimeClass.overhead !== undefined) {
    const podOverhead = spec.overhead;
    if (
      podOverhead &&
      Object.keys(podOverhead).length > 0 &&
      !sameResources(runtimeClass.overhead, podOverhead)
    ) {
      return { spec, error: "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead" };
    }
    if (Object.keys(runtimeClass.overhead).length > 0) out.overhead = { ...runtimeClass.overhead };
    else delete out.overhead;
  }

  if (runtimeClass.scheduling) {
    const classSelector = runtimeClass.scheduling.nodeSelector ?? {};
    if (spec.nodeSelector === undefined || spec.nodeSelector === null) {
      if (Object.keys(classSelector).length > 0) out.nodeSelector = { ...classSelector };
    } else {
      const selector = { ...spec.nodeSelector };
      // Upstream walks a Go map (any order); berth reports the first conflict by key.
      for (const key of Object.keys(classSelector).sort()) {
        const classValue = classSelector[key]!;
        const podValue = selector[key];
        if (podValue !== undefined && podValue !== classValue) {
          return {
            spec,
            error: `conflict: runtimeClass.scheduling.nodeSelector[${key}] = ${classValue}; pod.spec.nodeSelector[${key}] = ${podValue}`,
          };
        }
        selector[key] = classValue;
      }
      out.nodeSelector = selector;
    }
    const tolerations = mergeTolerations(
      Array.isArray(spec.tolerations) ? spec.tolerations : [],
      runtimeClass.scheduling.tolerations ?? [],
    );
    if (tolerations.length > 0) out.tolerations = tolerations;
  }

  // Validation, after every mutating plugin: the overhead must be the class's.
  if (runtimeClass.overhead === undefined && hasOverhead(out)) {
    return {
      spec: out,
      validationError: 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
    };
  }
  return { spec: out };
}
