/**
 * What the API server decides about a new pod before the scheduler ever sees it:
 * LimitRanger (defaults, then min/max/ratio) and ResourceQuota. A rejected pod is
 * never scheduled; its reason is the API server's message, the text that follows
 * `pods "<name>" is forbidden: ` in kubectl's error.
 *
 *   const state = createAdmissionState(cluster);
 *   for (const pod of incoming) {
 *     const decision = admitAndRecord(pod, state); // admitted pods use up quota
 *     if (!decision.allowed) report(pod, decision.reason);
 *   }
 */

import type { ClusterState, LimitRange, Pod, PriorityClass } from '../model/types.ts';
import { checkLimitRanges } from './limit-ranger.ts';
import { admittedContainers } from './pod-resources.ts';
import { chargeQuotas, checkQuotas, initialQuotaState, type QuotaPod, type QuotaState } from './quota.ts';

export type AdmissionDecision = { allowed: true } | { allowed: false; reason: string };

export interface AdmissionState {
  /** Quotas with their running usage, by namespace, in name order. */
  quotas: Map<string, QuotaState[]>;
  /** LimitRanges by namespace, by name. */
  limitRanges: Map<string, LimitRange[]>;
  /** The globalDefault PriorityClass, which the Priority plugin writes into pods without a class. */
  defaultPriorityClass: string;
}

function byNamespace<T extends { namespace: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.namespace) ?? [];
    list.push(item);
    out.set(item.namespace, list);
  }
  return out;
}

/** Upstream picks the global default with the lowest value when several claim it (a race). */
function defaultClass(classes: readonly PriorityClass[]): string {
  let best: PriorityClass | undefined;
  for (const pc of classes) {
    if (pc.globalDefault && (!best || pc.value < best.value)) best = pc;
  }
  return best?.name ?? '';
}

function quotaPod(pod: Pod, limitRanges: readonly LimitRange[], defaultPriorityClass: string): QuotaPod {
  return {
    spec: pod.spec,
    containers: admittedContainers(pod.spec, limitRanges),
    priorityClassName: pod.spec.priorityClassName || defaultPriorityClass,
  };
}

/**
 * Admission state for a cluster: each quota starts from the usage of the cluster's
 * bound and pending pods in its namespace that fall under its scopes (the pods'
 * specs are taken as stored: LimitRanges were applied when they were created).
 */
export function createAdmissionState(cluster: ClusterState): AdmissionState {
  const defaultPriorityClass = defaultClass(cluster.priorityClasses);
  const podsByNs = byNamespace([...cluster.pods, ...cluster.pendingPods]);
  const quotas = new Map<string, QuotaState[]>();
  const sorted = [...cluster.quotas].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const quota of sorted) {
    const existing = (podsByNs.get(quota.namespace) ?? []).map((p) => quotaPod(p, [], ''));
    const list = quotas.get(quota.namespace) ?? [];
    list.push(initialQuotaState(quota, existing));
    quotas.set(quota.namespace, list);
  }
  // By name, as the pod builder applies LimitRange defaults (upstream's order is undefined).
  const limitRanges = byNamespace(
    [...cluster.limitRanges].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  );
  return { quotas, limitRanges, defaultPriorityClass };
}

function evaluate(pod: Pod, state: AdmissionState) {
  // The Priority and RuntimeClass plugins mutate, so they decide before the validating LimitRanger and quota.
  if (pod.admissionError) return { allowed: false as const, reason: pod.admissionError };
  const limitRanges = state.limitRanges.get(pod.namespace) ?? [];
  const qp = quotaPod(pod, limitRanges, state.defaultPriorityClass);
  const violation = checkLimitRanges(limitRanges, qp.containers);
  if (violation) return { allowed: false as const, reason: violation };
  // Validating plugins between LimitRanger and ResourceQuota (RuntimeClass).
  if (pod.admissionValidationError) return { allowed: false as const, reason: pod.admissionValidationError };
  return checkQuotas(state.quotas.get(pod.namespace) ?? [], qp);
}

/** Whether the API server would accept the pod now; changes nothing. */
export function admit(pod: Pod, state: AdmissionState): AdmissionDecision {
  const decision = evaluate(pod, state);
  return decision.allowed ? { allowed: true } : { allowed: false, reason: decision.reason };
}

/** Charges an admitted pod to its namespace's quotas; does nothing for a pod admission would reject. */
export function recordAdmission(pod: Pod, state: AdmissionState): void {
  const decision = evaluate(pod, state);
  if (decision.allowed) chargeQuotas(decision.charges);
}

/** `admit` and, when allowed, `recordAdmission`, in one evaluation. */
export function admitAndRecord(pod: Pod, state: AdmissionState): AdmissionDecision {
  const decision = evaluate(pod, state);
  if (!decision.allowed) return { allowed: false, reason: decision.reason };
  chargeQuotas(decision.charges);
  return { allowed: true };
}
