/**
 * ResourceQuota admission as the API server evaluates it for a new pod
 * (k8s.io/apiserver admission/plugin/resourcequota, pkg/quota/v1/evaluator/core/pods.go).
 *
 * For every quota in the pod's namespace whose scopes all match the pod and whose
 * `hard` names a resource pods consume:
 * 1. cpu and memory quotas require every container to state that resource
 *    ("failed quota: q: must specify limits.cpu for: app"), a compatibility rule
 *    upstream keeps for these six names only;
 * 2. the pod's usage, limited to the quota's resources, is added to what the quota
 *    has used; any resource that then exceeds `hard` rejects the pod with
 *    "exceeded quota: q, requested: ..., used: ..., limited: ...".
 */

import type { PodAffinityTerm, PodSpec, WeightedPodAffinityTerm } from '../model/k8s.ts';
import type { ResourceQuota } from '../model/types.ts';
import { type AdmittedContainer, type AmountList, isMilliResource, podUsageTotals } from './pod-resources.ts';
import { type Amount, addAmounts, formatOf, quantityString, roundTrip } from './quantity-format.ts';

/** A quota with the usage the API server would hold for it. */
export interface QuotaState {
  quota: ResourceQuota;
  /** Usage per resource of `hard` that pods consume; stored amounts, as re-read from the API. */
  used: AmountList;
}

/** What the quota checks need to know about a pod. */
export interface QuotaPod {
  spec: PodSpec;
  containers: readonly AdmittedContainer[];
  /** The priority class name after the Priority plugin filled in the global default. */
  priorityClassName: string;
}

const POD_RESOURCES = new Set([
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
]);

/** Upstream's compatibility rule: only these quota names demand a value on every container. */
const MUST_SPECIFY = new Set([
  'cpu',
  'memory',
  'requests.cpu',
  'requests.memory',
  'limits.cpu',
  'limits.memory',
]);

/** Not a native resource: has a domain, and the domain is not kubernetes.io. */
function isExtended(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/');
}

/** The quota resource names pods consume (podEvaluator.MatchingResources). */
export function podQuotaResources(hard: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const name of hard) {
    if (POD_RESOURCES.has(name)) out.add(name);
    else if (name.startsWith('hugepages-') || name.startsWith('requests.hugepages-')) out.add(name);
    else if (name.startsWith('requests.') && isExtended(name)) out.add(name);
  }
  return [...out].sort();
}

function crossNamespace(terms: readonly PodAffinityTerm[] | undefined): boolean {
  return (terms ?? []).some((t) => (t.namespaces?.length ?? 0) > 0 || t.namespaceSelector != null);
}
function crossNamespaceWeighted(terms: readonly WeightedPodAffinityTerm[] | undefined): boolean {
  return crossNamespace((terms ?? []).map((t) => t.podAffinityTerm));
}

/** QoS class BestEffort: no container requests or limits cpu or memory. */
function isBestEffort(pod: QuotaPod): boolean {
  const level = pod.spec.resources;
  for (const name of ['cpu', 'memory']) {
    if (level?.requests?.[name] !== undefined || level?.limits?.[name] !== undefined) return false;
    for (const c of pod.containers) if (c.requests.has(name) || c.limits.has(name)) return false;
  }
  return true;
}

interface ScopeRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** podMatchesScopeFunc: whether the pod falls under one scope requirement. */
function matchesScope(req: ScopeRequirement, pod: QuotaPod): boolean {
  switch (req.scopeName) {
    case 'Terminating':
      return (pod.spec.activeDeadlineSeconds ?? -1) >= 0;
    case 'NotTerminating':
      return !((pod.spec.activeDeadlineSeconds ?? -1) >= 0);
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'PriorityClass': {
      // The pod's class is a label `PriorityClass=<name>` for the selector's sake.
      const has = pod.priorityClassName !== '';
      const values = req.values ?? [];
      switch (req.operator) {
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        case 'In':
          return has && values.includes(pod.priorityClassName);
        case 'NotIn':
          return !has || !values.includes(pod.priorityClassName);
        default:
          return false;
      }
    }
    case 'CrossNamespacePodAffinity': {
      const a = pod.spec.affinity;
      return (
        crossNamespace(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution) ||
        crossNamespaceWeighted(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution) ||
        crossNamespace(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution) ||
        crossNamespaceWeighted(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
      );
    }
    default:
      return false;
  }
}

function scopeRequirements(quota: ResourceQuota): ScopeRequirement[] {
  return [
    ...quota.scopes.map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(quota.scopeSelector ?? []),
  ];
}

/** Whether the quota governs the pod: it names a pod resource and every scope matches. */
export function quotaMatches(quota: ResourceQuota, pod: QuotaPod): boolean {
  if (podQuotaResources(Object.keys(quota.hard)).length === 0) return false;
  return scopeRequirements(quota).every((r) => matchesScope(r, pod));
}

/**
 * What one pod charges to quotas (PodUsageFunc): one `count/pods` and one `pods`,
 * requests under both `cpu` and `requests.cpu`, limits under `limits.cpu`, the same
 * for memory and ephemeral storage, hugepages, and extended resources as
 * `requests.<name>` (quota cannot limit them otherwise).
 */
export function podQuotaUsage(pod: QuotaPod): AmountList {
  const { requests, limits } = podUsageTotals(pod.spec, pod.containers);
  const usage: AmountList = new Map();
  usage.set('count/pods', { value: 1, format: 'DecimalSI' });
  usage.set('pods', { value: 1, format: 'DecimalSI' });
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    const req = requests.get(name);
    if (req) {
      usage.set(name, req);
      usage.set(`requests.${name}`, req);
    }
    const lim = limits.get(name);
    if (lim) usage.set(`limits.${name}`, lim);
  }
  for (const [name, req] of requests) {
    if (name.startsWith('hugepages-')) {
      usage.set(name, req);
      usage.set(`requests.${name}`, req);
    } else if (isExtended(name) && !name.startsWith('requests.')) {
      usage.set(`requests.${name}`, req);
    }
  }
  return usage;
}

/** The names a container contributes to quota usage, present even when zero. */
function containerUsageNames(c: AdmittedContainer): Set<string> {
  const names = new Set<string>(['pods']);
  for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
    if (c.requests.has(name)) {
      names.add(name);
      names.add(`requests.${name}`);
    }
    if (c.limits.has(name)) names.add(`limits.${name}`);
  }
  return names;
}

/** podEvaluator.Constraints: the "must specify" rule, or undefined when satisfied. */
export function missingRequirements(quota: ResourceQuota, pod: QuotaPod): string | undefined {
  const required = podQuotaResources(Object.keys(quota.hard)).filter((n) => MUST_SPECIFY.has(n));
  if (required.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of pod.containers) {
    const has = containerUsageNames(c);
    for (const name of required) {
      if (has.has(name)) continue;
      const names = missing.get(name) ?? new Set<string>();
      names.add(c.name);
      missing.set(name, names);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()]
    .sort()
    .map((name) => `${name} for: ${[...(missing.get(name) ?? [])].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

function hardAmount(quota: ResourceQuota, name: string): Amount {
  const value = quota.hard[name] ?? 0;
  return roundTrip(
    { value, format: formatOf(quota.hardText?.[name] ?? String(value)) },
    isMilliResource(name),
  );
}

/** `name=quantity` pairs in sorted order, comma-joined without spaces (prettyPrint). */
function prettyPrint(list: AmountList, names: readonly string[]): string {
  return [...names]
    .sort()
    .map(
      (name) =>
        `${name}=${quantityString(list.get(name) ?? { value: 0, format: 'DecimalSI' }, isMilliResource(name))}`,
    )
    .join(',');
}

/** The usage the quota controller would have recorded for these existing pods. */
export function initialQuotaState(quota: ResourceQuota, pods: readonly QuotaPod[]): QuotaState {
  const tracked = podQuotaResources(Object.keys(quota.hard));
  let used: AmountList = new Map(tracked.map((n) => [n, { value: 0, format: 'DecimalSI' } as Amount]));
  const selectors = scopeRequirements(quota);
  for (const pod of pods) {
    if (!selectors.every((r) => matchesScope(r, pod))) continue;
    used = addUsage(used, podQuotaUsage(pod), tracked);
  }
  const stored: AmountList = new Map();
  for (const [name, amount] of used) stored.set(name, roundTrip(amount, isMilliResource(name)));
  return { quota, used: stored };
}

function addUsage(used: AmountList, usage: AmountList, tracked: readonly string[]): AmountList {
  const next: AmountList = new Map(used);
  for (const name of tracked) {
    const add = usage.get(name);
    if (add && add.value !== 0) next.set(name, addAmounts(next.get(name), add));
  }
  return next;
}

export type QuotaDecision =
  | { allowed: true; charges: { state: QuotaState; usage: AmountList }[] }
  | { allowed: false; reason: string };

/**
 * Checks the pod against every quota of its namespace (in the order given). Returns
 * the charges to record when the pod is admitted, or upstream's rejection message.
 */
export function checkQuotas(states: readonly QuotaState[], pod: QuotaPod): QuotaDecision {
  const interesting: QuotaState[] = [];
  for (const state of states) {
    if (!quotaMatches(state.quota, pod)) continue;
    const missing = missingRequirements(state.quota, pod);
    if (missing) return { allowed: false, reason: `failed quota: ${state.quota.name}: ${missing}` };
    interesting.push(state);
  }
  const usage = podQuotaUsage(pod);
  const charges: { state: QuotaState; usage: AmountList }[] = [];
  for (const state of interesting) {
    const hardNames = Object.keys(state.quota.hard);
    const requested: AmountList = new Map();
    for (const name of hardNames) {
      const amount = usage.get(name);
      if (amount && amount.value !== 0) requested.set(name, amount);
    }
    if (requested.size === 0) continue;
    const exceeded: string[] = [];
    for (const [name, amount] of requested) {
      const used = state.used.get(name)?.value ?? 0;
      if (used + amount.value > (state.quota.hard[name] ?? 0)) exceeded.push(name);
    }
    if (exceeded.length > 0) {
      const hard: AmountList = new Map(exceeded.map((n) => [n, hardAmount(state.quota, n)]));
      return {
        allowed: false,
        reason:
          `exceeded quota: ${state.quota.name}, requested: ${prettyPrint(requested, exceeded)}, ` +
          `used: ${prettyPrint(state.used, exceeded)}, limited: ${prettyPrint(hard, exceeded)}`,
      };
    }
    charges.push({ state, usage: requested });
  }
  return { allowed: true, charges };
}

/** Records an admitted pod's usage, as the quota status update after admission does. */
export function chargeQuotas(charges: readonly { state: QuotaState; usage: AmountList }[]): void {
  for (const { state, usage } of charges) {
    const next = addUsage(state.used, usage, [...usage.keys()]);
    state.used = new Map([...next].map(([n, a]) => [n, roundTrip(a, isMilliResource(n))]));
  }
}
