/**
 * Upstream's FitError.Error(): why a pod fits nowhere, in the form users know from
 * `kubectl describe pod`:
 *
 *   0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s). preemption: ...
 *
 * Each reason is counted over the nodes, written `<count> <reason>`, and the entries
 * are sorted as strings (so `10 ...` sorts before `2 ...`, exactly as Go's sort.Strings).
 */

import type { NodeToStatus } from './interfaces.ts';

export interface Diagnosis {
  /** Node name -> the status that rejected it (absent nodes take `absentStatus`). */
  nodeToStatus: NodeToStatus;
  /** Set when a PreFilter plugin rejected the pod outright. */
  preFilterMsg?: string;
  /** What PostFilter (preemption) said, already prefixed `preemption: `. */
  postFilterMsg?: string;
}

/** JavaScript's default sort compares UTF-16 code units; Go compares bytes. They agree on ASCII reasons. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function reasonHistogram(nodeNames: readonly string[], nodeToStatus: NodeToStatus): string[] {
  const counts = new Map<string, number>();
  for (const name of nodeNames) {
    const status = nodeToStatus.get(name);
    if (!status) continue;
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byteOrder);
}

/**
 * Upstream's ErrNoNodesAvailable. With no node at all, kube-scheduler's schedulePod
 * returns it before any filter runs, and schedulingCycle returns it as
 * UnschedulableAndUnresolvable without running PostFilter: there is no `0/0 nodes are
 * available` and no preemption text.
 */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export function fitErrorMessage(nodeNames: readonly string[], diagnosis: Diagnosis): string {
  if (nodeNames.length === 0) return NO_NODES_AVAILABLE;
  let msg = `0/${nodeNames.length} nodes are available:`;
  if (diagnosis.preFilterMsg) {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const histogram = reasonHistogram(nodeNames, diagnosis.nodeToStatus);
    if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
  }
  if (diagnosis.postFilterMsg) msg += ` ${diagnosis.postFilterMsg}`;
  return msg;
}
