/**
 * Workloads to pods: the pods each controller would create for a manifest, built with
 * `buildPod` so their requests, limits and priority are those the cluster would admit.
 *
 * Pod names are deterministic, because a plan must read the same on every run:
 * - Pod: its own name;
 * - StatefulSet: `name-<ordinal>`, ordinals from `spec.ordinals.start` (default 0), as upstream;
 * - DaemonSet: `name-<nodeName>`, one per node it would run on;
 * - Deployment, ReplicaSet, ReplicationController, Job, CronJob: `name-1`, `name-2`, ...
 *   (upstream adds random suffixes; berth numbers them from 1).
 *
 * Counts: `replicas` defaults to 1 and `0` gives none; a Job runs `parallelism`
 * (default 1) pods at once, capped by `completions` when set, and none while
 * `suspend` is true; a CronJob gives the pods of one run of its jobTemplate (none while
 * suspended). A DaemonSet gets one pod per node whose labels its nodeSelector and required
 * node affinity allow and whose NoSchedule/NoExecute taints it tolerates, counting the
 * tolerations the DaemonSet controller adds to every daemon pod; each pod is pinned to
 * its node by required node affinity on `metadata.name`, as the controller pins it, so
 * the scheduler still checks that it fits.
 *
 * PriorityClass, RuntimeClass and LimitRange objects among the manifests join the
 * cluster's: a LimitRange in the change applies to its namespace's pods, a PriorityClass
 * or RuntimeClass may be used by the workloads next to it. Each new pod goes through the
 * RuntimeClass admission plugin (src/admission/runtime-class.ts): its class's overhead,
 * nodeSelector and tolerations are in the pod the scheduler sees.
 *
 * Over ~400 lines because reading a workload's template (FieldReader and its checks,
 * with diagnostics at the template's lines) and turning it into pods by the per-kind
 * rules above are one pass over each workload.
 */

import { parseRuntimeClass } from '../cluster/snapshot.ts';
import { NODE_NAME_FIELD, podMatchesNodeSelectorAndAffinity } from '../k8s/node-affinity.ts';
import { findUntoleratedTaint, scheduleBlockingTaint } from '../k8s/taints.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { Affinity, LabelSelector, PodSpec, PodTemplateSpec, Toleration } from '../model/k8s.ts';
import type {
  FieldPath,
  LimitRange,
  ManifestObject,
  Node,
  Pod,
  PriorityClass,
  RuntimeClass,
} from '../model/types.ts';
import { apiGroup, type DeclaredWorkloadKind, groupKind, kueueQueue, matchWorkloadKind } from './kinds.ts';
import { parseLimitRange } from './limit-range.ts';
import { buildPod, type PodContext } from './pod.ts';
import {
  DEFAULT_POD_LIMITS,
  FieldReader,
  isPlainObject,
  type PodBudget,
  type PodLimits,
  type PodPlan,
  podBudget,
  readTemplate,
  type Template,
} from './template.ts';

export { DEFAULT_POD_LIMITS, type PodLimits } from './template.ts';

export interface Workload {
  kind: string;
  namespace: string;
  name: string;
  /** `Kind/namespace/name`. */
  key: string;
  object: ManifestObject;
  /** Pods the controller keeps running (for a DaemonSet, the nodes it runs on). */
  replicas: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  pods: Pod[];
  /** Its pods run to completion (a Job, JobSet, training job): waiting for capacity is not a failure. */
  batch?: boolean;
  /** Pods that must all be placed for any to run (Volcano's minAvailable). */
  gang?: number;
  /** The Kueue LocalQueue that admits it (`kueue.x-k8s.io/queue-name`). */
  queue?: string;
}

export interface ExpandContext {
  nodes: readonly Node[];
  limitRanges: readonly LimitRange[];
  priorityClasses: readonly PriorityClass[];
  /** The cluster's RuntimeClasses (none when absent). */
  runtimeClasses?: readonly RuntimeClass[];
  /** Bounds on the pods one expansion makes (defaults: `DEFAULT_POD_LIMITS`). */
  limits?: Partial<PodLimits>;
  /** Workload kinds the config declares (`workloads:`). */
  declaredKinds?: readonly DeclaredWorkloadKind[];
}

export interface ExpandResult {
  workloads: Workload[];
  pods: Pod[];
  diagnostics: Diagnostic[];
  /**
   * Objects the API server would refuse (an error at their line): they make no pods and
   * take no part in the plan (a workload past the pod limits among them); what the cluster runs for them stays as it is.
   */
  rejected: ManifestObject[];
  /** Objects with a pod template that berth cannot plan (an unknown workload kind), each with why. */
  unsimulated: Unsimulated[];
}

export interface Unsimulated {
  object: ManifestObject;
  /** `group/Kind`. */
  groupKind: string;
  reason: string;
}

/** Kinds that make pods, and where their pod template sits. */
const TEMPLATE_PATHS: Readonly<Record<string, FieldPath>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Tolerations the DaemonSet controller gives every daemon pod
 * (AddOrUpdateDaemonPodTolerations), so node problems never evict or block it.
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const tolerations: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) {
    tolerations.push({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
  }
  return tolerations;
}

/** AddOrUpdateTolerationInPodSpec: a toleration equal in key, operator, value and effect is replaced. */
function addOrUpdateToleration(tolerations: readonly Toleration[], add: Toleration): Toleration[] {
  const same = (t: Toleration) =>
    (t.key ?? '') === (add.key ?? '') &&
    (t.operator ?? 'Equal') === (add.operator ?? 'Equal') &&
    (t.value ?? '') === (add.value ?? '') &&
    (t.effect ?? '') === (add.effect ?? '');
  let replaced = false;
  const out = tolerations.map((t) => {
    if (!same(t)) return t;
    replaced = true;
    return add;
  });
  if (!replaced) out.push(add);
  return out;
}

/** The daemon pod's spec before it is pinned: the template plus the controller's tolerations. */
export function daemonPodSpec(template: PodSpec): PodSpec {
  let tolerations = Array.isArray(template.tolerations) ? [...template.tolerations] : [];
  for (const t of daemonPodTolerations(template.hostNetwork === true))
    tolerations = addOrUpdateToleration(tolerations, t);
  return { ...template, tolerations };
}

/** Whether the DaemonSet controller would run the pod on the node (nodeShouldRunDaemonPod). */
export function daemonPodFitsNode(spec: PodSpec, node: Node): boolean {
  if (spec.nodeName && spec.nodeName !== node.name) return false;
  if (!podMatchesNodeSelectorAndAffinity(spec, node)) return false;
  return findUntoleratedTaint(node.taints, spec.tolerations, scheduleBlockingTaint) === undefined;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node terms become "this node". */
export function pinToNode(spec: PodSpec, nodeName: string): PodSpec {
  const nodeSelector = {
    nodeSelectorTerms: [
      { matchFields: [{ key: NODE_NAME_FIELD, operator: 'In' as const, values: [nodeName] }] },
    ],
  };
  const affinity: Affinity = { ...(spec.affinity ?? {}) };
  affinity.nodeAffinity = {
    ...(affinity.nodeAffinity ?? {}),
    requiredDuringSchedulingIgnoredDuringExecution: nodeSelector,
  };
  return { ...spec, affinity };
}

function parsePriorityClass(object: ManifestObject): {
  priorityClass?: PriorityClass;
  diagnostics: Diagnostic[];
} {
  const reader = new FieldReader(object);
  const value = reader.integer(['value']);
  if (value === undefined && reader.diagnostics.length === 0) reader.missing(['value'], 'value is required');
  const globalDefault = reader.bool(['globalDefault']) ?? false;
  const policy = reader.string(['preemptionPolicy']) ?? 'PreemptLowerPriority';
  if (policy !== 'PreemptLowerPriority' && policy !== 'Never') {
    reader.invalid(
      ['preemptionPolicy'],
      `preemptionPolicy must be PreemptLowerPriority or Never, not ${JSON.stringify(policy)}`,
    );
  }
  if (reader.diagnostics.length > 0 || value === undefined) return { diagnostics: reader.diagnostics };
  return {
    priorityClass: {
      name: object.metadata.name,
      value,
      globalDefault,
      preemptionPolicy: policy as PriorityClass['preemptionPolicy'],
    },
    diagnostics: [],
  };
}

/** The manifests' PriorityClasses, RuntimeClasses and LimitRanges joined with the cluster's (the manifests win by name). */
function contextWithManifests(
  objects: readonly ManifestObject[],
  ctx: ExpandContext,
  diagnostics: Diagnostic[],
  rejected: ManifestObject[],
): PodContext {
  const classes = new Map(ctx.priorityClasses.map((c) => [c.name, c]));
  const ranges = new Map(ctx.limitRanges.map((r) => [`${r.namespace}/${r.name}`, r]));
  const runtimeClasses = new Map((ctx.runtimeClasses ?? []).map((c) => [c.name, c]));
  for (const object of objects) {
    if (object.kind === 'RuntimeClass') {
      const { runtimeClass, diagnostics: found } = parseRuntimeClass(object);
      diagnostics.push(...found);
      if (runtimeClass) runtimeClasses.set(runtimeClass.name, runtimeClass);
    } else if (object.kind === 'PriorityClass') {
      const { priorityClass, diagnostics: found } = parsePriorityClass(object);
      diagnostics.push(...found);
      if (priorityClass) classes.set(priorityClass.name, priorityClass);
      if (hasError(found)) rejected.push(object);
    } else if (object.kind === 'LimitRange') {
      const { limitRange, diagnostics: found } = parseLimitRange(object);
      diagnostics.push(...found);
      if (limitRange) ranges.set(`${limitRange.namespace}/${limitRange.name}`, limitRange);
      if (hasError(found)) rejected.push(object);
    }
  }
  return {
    priorityClasses: [...classes.values()],
    limitRanges: [...ranges.values()],
    runtimeClasses: [...runtimeClasses.values()],
  };
}

/** How many pods, with which names and specs, the object's controller creates. */
function podPlans(
  reader: FieldReader,
  kind: string,
  name: string,
  template: Template,
  nodes: readonly Node[],
  within: PodBudget,
) {
  // Counted before anything is allocated: an array of a billion plans is the harm.
  const numbered = (count: number): PodPlan[] =>
    Array.from({ length: count }, (_, i) => ({ name: `${name}-${i + 1}`, spec: template.spec }));

  switch (kind) {
    case 'Pod':
      return { replicas: 1, plans: [{ name, spec: template.spec }] };
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController': {
      const replicas = reader.count(['spec', 'replicas'], 1);
      if (replicas === undefined || !within(['spec', 'replicas'], replicas)) return undefined;
      return { replicas, plans: numbered(replicas) };
    }
    case 'StatefulSet': {
      const replicas = reader.count(['spec', 'replicas'], 1);
      const start = reader.count(['spec', 'ordinals', 'start'], 0);
      if (replicas === undefined || start === undefined || !within(['spec', 'replicas'], replicas))
        return undefined;
      const plans = Array.from({ length: replicas }, (_, i) => {
        const podName = `${name}-${start + i}`;
        // The StatefulSet controller labels each pod with its name and ordinal.
        const labels = {
          ...template.labels,
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': String(start + i),
        };
        return { name: podName, spec: template.spec, labels };
      });
      return { replicas, plans };
    }
    case 'Job':
    case 'CronJob': {
      const jobPath: FieldPath = kind === 'Job' ? ['spec'] : ['spec', 'jobTemplate', 'spec'];
      const parallelism = reader.count([...jobPath, 'parallelism'], 1);
      const completions = reader.count([...jobPath, 'completions'], Number.POSITIVE_INFINITY);
      const suspended = reader.bool([...jobPath, 'suspend']) === true;
      const cronSuspended = kind === 'CronJob' && reader.bool(['spec', 'suspend']) === true;
      if (parallelism === undefined || completions === undefined) return undefined;
      const replicas = suspended || cronSuspended ? 0 : Math.min(parallelism, completions);
      // The smaller of the two asks for the pods: point at it.
      const field = parallelism <= completions ? 'parallelism' : 'completions';
      if (!within([...jobPath, field], replicas)) return undefined;
      return { replicas, plans: numbered(replicas) };
    }
    case 'DaemonSet': {
      const daemonSpec = daemonPodSpec(template.spec);
      const eligible = [...nodes]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .filter((node) => daemonPodFitsNode(daemonSpec, node));
      if (!within(['spec', 'template'], eligible.length)) return undefined;
      const plans = eligible.map((node) => ({
        name: `${name}-${node.name}`,
        spec: pinToNode(daemonSpec, node.name),
      }));
      return { replicas: plans.length, plans };
    }
    default:
      return undefined;
  }
}

function selectorOf(reader: FieldReader, kind: string, template: Template): LabelSelector | undefined {
  if (kind === 'Pod' || kind === 'CronJob') return undefined;
  if (kind === 'ReplicationController') {
    // A ReplicationController's selector is a plain map, defaulting to the template's labels.
    const map = reader.stringMap(['spec', 'selector']);
    return { matchLabels: map || template.labels };
  }
  const selector = reader.get(['spec', 'selector']);
  return isPlainObject(selector) ? (selector as LabelSelector) : undefined;
}

function hasError(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** How the pods of one template are built: where its spec is written, and what the controller adds. */
interface PodSource {
  object: ManifestObject;
  kind: string;
  namespace: string;
  template: Template;
  /** Where the template's spec is written (for messages and lines). */
  specPath: FieldPath;
  /** Where a field of the spec is written, when the spec is not written as one (operator kinds). */
  locate?: (path: FieldPath) => FieldPath;
}

/**
 * The pods of `plans`, built once per distinct spec; the template's problems are
 * reported once. `refused` when the API server would refuse the template.
 */
function buildPods(
  source: PodSource,
  plans: readonly PodPlan[],
  podContext: PodContext,
  diagnostics: Diagnostic[],
): { pods: Pod[]; refused: boolean } {
  const { object, kind, namespace, template, specPath } = source;
  const name = object.metadata.name;
  const locate = (path: FieldPath) =>
    object.locate(source.locate ? source.locate(path) : [...specPath, ...path]);
  const pods: Pod[] = [];
  // Messages as the API server words them: `The Deployment "web" is invalid: spec.template.spec...`.
  const fields = { head: `The ${object.kind} "${name}" is invalid: `, prefix: specPath.join('.') };
  let refused = false;
  // Replicas of one template differ only in name (and StatefulSet labels), so the pod
  // is built once and copied; DaemonSet pods differ in their pinned affinity too.
  let first: Pod | undefined;
  for (const plan of plans) {
    const labels = plan.labels ?? template.labels;
    if (first && plan.spec === template.spec) {
      pods.push({
        ...first,
        name: plan.name,
        key: `${namespace}/${plan.name}`,
        labels: { ...labels },
        requests: { ...first.requests },
        limits: { ...first.limits },
      });
      continue;
    }
    const built = buildPod(
      {
        namespace,
        name: plan.name,
        labels,
        annotations: template.annotations,
        spec: plan.spec,
        ...(kind === 'Pod' ? {} : { workload: { kind, name } }),
        source: object.source,
        object: fields,
        locate,
      },
      podContext,
    );
    pods.push(built.pod);
    // Every replica repeats the template's problems; report them once per workload.
    if (!first) {
      diagnostics.push(...built.diagnostics);
      refused = built.invalid;
    }
    first ??= built.pod;
    if (refused) break;
  }
  if (plans.length === 0) {
    // No pods, but the template still deserves checking.
    const checked = buildPod(
      { namespace, name, spec: template.spec, source: object.source, object: fields, locate },
      podContext,
    );
    diagnostics.push(...checked.diagnostics);
    refused = checked.invalid;
  }
  return { pods, refused };
}

/** A custom resource's pods, through its kind's reader (src/workloads/kinds.ts). */
function expandCustom(
  object: ManifestObject,
  match: Extract<ReturnType<typeof matchWorkloadKind>, { type: 'custom' }>,
  podContext: PodContext,
  limits: PodLimits,
  planned: number,
  diagnostics: Diagnostic[],
): Workload | Unsimulated | 'rejected' {
  const reader = new FieldReader(object);
  const namespace = object.metadata.namespace || 'default';
  const name = object.metadata.name;
  const plan = match.reader.read(reader, object, match.kueue);
  if (plan?.unsupported) {
    diagnostics.push(...reader.diagnostics);
    return {
      object,
      groupKind: groupKind(apiGroup(object.apiVersion), object.kind),
      reason: plan.unsupported,
    };
  }
  const budget = podBudget(reader, limits, planned);
  const groups: { group: (typeof plan & {})['groups'][number]; template: Template }[] = [];
  let total = 0;
  for (const group of plan?.groups ?? []) {
    const template = group.template ?? readTemplate(reader, group.templatePath);
    if (!template) continue;
    total += group.count;
    if (!budget(group.countPath, total)) break;
    groups.push({ group, template });
  }
  diagnostics.push(...reader.diagnostics);
  if (!plan || hasError(reader.diagnostics)) return 'rejected';
  for (const note of plan.notes ?? [])
    diagnostics.push(diagnostic(object.locate(note.path), 'warning', 'estimate', note.message));

  const pods: Pod[] = [];
  for (const { group, template } of groups) {
    let spec = template.spec;
    for (const [field, value] of Object.entries(group.podDefaults ?? {}) as [keyof PodSpec, string][]) {
      if (value && !spec[field]) spec = { ...spec, [field]: value };
    }
    const own: Template = spec === template.spec ? template : { ...template, spec };
    const plans: PodPlan[] = Array.from({ length: group.count }, (_, i) => ({
      name: group.name(i),
      spec,
      ...(group.labels ? { labels: { ...own.labels, ...group.labels(i) } } : {}),
    }));
    const specPath = group.template ? group.templatePath : [...group.templatePath, 'spec'];
    const built = buildPods(
      {
        object,
        kind: match.kind,
        namespace,
        template: own,
        specPath,
        ...(group.locate ? { locate: group.locate } : {}),
      },
      plans,
      podContext,
      diagnostics,
    );
    if (built.refused) return 'rejected';
    for (const pod of built.pods) pods.push(pod);
  }
  const first = groups[0]?.template;
  const workload: Workload = {
    kind: match.kind,
    namespace,
    name,
    key: `${match.kind}/${namespace}/${name}`,
    object,
    replicas: pods.length,
    ...(first ? { template: first.template } : {}),
    pods,
  };
  if (isPlainObject(plan.selector)) workload.selector = plan.selector as LabelSelector;
  if (plan.batch) workload.batch = true;
  if (plan.gang !== undefined && plan.gang > 1) workload.gang = plan.gang;
  const queue = kueueQueue(object);
  if (queue) workload.queue = queue;
  return workload;
}

export function expandWorkloads(objects: readonly ManifestObject[], ctx: ExpandContext): ExpandResult {
  const diagnostics: Diagnostic[] = [];
  const rejected: ManifestObject[] = [];
  const unsimulated: Unsimulated[] = [];
  const podContext = contextWithManifests(objects, ctx, diagnostics, rejected);
  const workloads: Workload[] = [];
  const pods: Pod[] = [];
  const limits: PodLimits = { ...DEFAULT_POD_LIMITS };
  for (const key of ['maxPods', 'maxPodsPerWorkload'] as const) {
    const value = ctx.limits?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) limits[key] = value;
  }
  const notSimulated = (entry: Unsimulated) => {
    unsimulated.push(entry);
    const { object } = entry;
    diagnostics.push(
      diagnostic(
        object.source,
        'warning',
        'unsupported-kind',
        `${object.kind} ${object.metadata.namespace || 'default'}/${object.metadata.name}: not simulated: ${entry.reason}`,
      ),
    );
  };

  for (const object of objects) {
    const match = matchWorkloadKind(object, ctx.declaredKinds);
    if (match === undefined) continue;
    if (match.type === 'unknown') {
      notSimulated({
        object,
        groupKind: match.groupKind,
        reason: match.templateless
          ? `unknown workload kind ${match.groupKind}: its operator builds pods from the resource's own fields, with no pod template berth could read`
          : `unknown workload kind ${match.groupKind}: it has a pod template, but berth has no reader for this kind; declare where its replicas and pod template live under workloads: in .github/berth.yml`,
      });
      continue;
    }
    if (match.type === 'custom') {
      const result = expandCustom(object, match, podContext, limits, pods.length, diagnostics);
      if (result === 'rejected') rejected.push(object);
      else if ('reason' in result)
        notSimulated({ ...result, reason: `${result.groupKind}: ${result.reason}` });
      else {
        workloads.push(result);
        for (const pod of result.pods) pods.push(pod);
      }
      continue;
    }
    const kind = match.kind;
    const templatePath = TEMPLATE_PATHS[kind];
    if (templatePath === undefined) continue;
    const reader = new FieldReader(object);
    const namespace = object.metadata.namespace || 'default';
    const name = object.metadata.name;
    const template = readTemplate(reader, templatePath);
    const budget = podBudget(reader, limits, pods.length);
    const planned = template ? podPlans(reader, kind, name, template, ctx.nodes, budget) : undefined;
    diagnostics.push(...reader.diagnostics);
    if (!template || !planned) {
      rejected.push(object);
      continue;
    }
    const specPath: FieldPath = [...templatePath, 'spec'];
    const { pods: workloadPods, refused } = buildPods(
      { object, kind, namespace, template, specPath },
      planned.plans,
      podContext,
      diagnostics,
    );
    if (refused) {
      rejected.push(object);
      continue;
    }

    const workload: Workload = {
      kind,
      namespace,
      name,
      key: `${kind}/${namespace}/${name}`,
      object,
      replicas: planned.replicas,
      template: template.template,
      pods: workloadPods,
    };
    const selector = selectorOf(reader, kind, template);
    if (selector) workload.selector = selector;
    if (kind === 'Job' || kind === 'CronJob') workload.batch = true;
    workloads.push(workload);
    // One at a time: spreading a huge array into push overflows the call stack.
    for (const pod of workloadPods) pods.push(pod);
  }
  return { workloads, pods, diagnostics, rejected, unsimulated };
}
