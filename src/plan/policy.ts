/**
 * What fails the check. With no config, unschedulable pods and admission
 * rejections fail; every other rule is opt-in. Each failing rule says what
 * failed and why, in words a reviewer can act on.
 */

import type { PolicyConfig } from '../config/config.ts';
import { fmt, plural } from '../format/amounts.ts';
import type { PlanAdvice } from './advice.ts';

export type PolicyRule =
  | 'unschedulable'
  | 'quotaExceeded'
  | 'preemption'
  | 'utilization'
  | 'nPlusOne'
  | 'missedDeadlines'
  | 'requireRequests'
  | 'inputErrors';

export interface PolicyResult {
  rule: PolicyRule;
  passed: boolean;
  message: string;
}

export interface PolicyReport {
  passed: boolean;
  results: PolicyResult[];
}

/** The parts of a plan the rules read (kept narrow so rules are easy to test). */
export interface PolicyInput {
  placements: { namespace: string; pod: string; status: string; reason: string | null; victims?: string[] }[];
  /** Priority of every running pod the change would evict, by `namespace/name`. */
  victimPriorities: Record<string, number>;
  nodes: {
    name: string;
    allocatable: Record<string, number>;
    requested: { after: Record<string, number> };
  }[];
  advice?: Pick<PlanAdvice, 'nPlusOne'>;
  missedDeadlines?: { namespace: string; name: string }[];
  inputErrors: number;
  /** `namespace/Kind/name` of each added or changed workload whose pods request no CPU or memory. */
  noRequests?: string[];
}

export function evaluatePolicy(input: PolicyInput, policy: PolicyConfig): PolicyReport {
  const results: PolicyResult[] = [];
  const list = (items: string[], max = 5) =>
    items.length <= max
      ? items.join(', ')
      : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

  results.push(
    input.inputErrors > 0
      ? {
          rule: 'inputErrors',
          passed: false,
          message: `${plural(input.inputErrors, 'input error')}: fix the config, manifests or cluster file`,
        }
      : { rule: 'inputErrors', passed: true, message: 'all input read without errors' },
  );

  if (policy.unschedulable) {
    const bad = input.placements.filter((p) => p.status === 'unschedulable');
    results.push(
      bad.length > 0
        ? {
            rule: 'unschedulable',
            passed: false,
            message: `${plural(bad.length, 'pod')} cannot be scheduled: ${list(bad.map((p) => `${p.namespace}/${p.pod}`))}`,
          }
        : { rule: 'unschedulable', passed: true, message: 'every pod can be scheduled' },
    );
  }
  if (policy.quotaExceeded) {
    const bad = input.placements.filter((p) => p.status === 'rejected');
    results.push(
      bad.length > 0
        ? {
            rule: 'quotaExceeded',
            passed: false,
            message: `${plural(bad.length, 'pod')} rejected by admission: ${list(bad.map((p) => `${p.namespace}/${p.pod}`))}; first: ${bad[0]!.reason}`,
          }
        : { rule: 'quotaExceeded', passed: true, message: 'no pod exceeds a ResourceQuota or LimitRange' },
    );
  }
  if (policy.preemptionAtOrAbovePriority !== undefined) {
    const threshold = policy.preemptionAtOrAbovePriority;
    const victims = input.placements
      .flatMap((p) => p.victims ?? [])
      .filter((v) => (input.victimPriorities[v] ?? 0) >= threshold);
    results.push(
      victims.length > 0
        ? {
            rule: 'preemption',
            passed: false,
            message: `the change preempts ${plural(victims.length, 'running pod')} at priority ${threshold} or above: ${list(victims)}`,
          }
        : {
            rule: 'preemption',
            passed: true,
            message: `no running pod at priority ${threshold} or above is preempted`,
          },
    );
  }
  if (policy.utilizationPercent && Object.keys(policy.utilizationPercent).length > 0) {
    const over: string[] = [];
    for (const node of input.nodes) {
      for (const [resource, limit] of Object.entries(policy.utilizationPercent)) {
        const alloc = node.allocatable[resource] ?? 0;
        const req = node.requested.after[resource] ?? 0;
        if (alloc > 0 && (req / alloc) * 100 > limit) {
          over.push(
            `${node.name} ${resource} ${Math.round((req / alloc) * 100)}% > ${limit}% (${fmt(resource, req)} of ${fmt(resource, alloc)})`,
          );
        }
      }
    }
    results.push(
      over.length > 0
        ? { rule: 'utilization', passed: false, message: `node utilisation over the limit: ${list(over)}` }
        : { rule: 'utilization', passed: true, message: 'every node stays under the utilisation limits' },
    );
  }
  if (policy.nPlusOne) {
    const n1 = input.advice?.nPlusOne;
    if (!n1 || n1.worstNode === null) {
      results.push({
        rule: 'nPlusOne',
        passed: true,
        message: 'no node carries pods that would need a new home',
      });
    } else {
      results.push(
        n1.unplaced > 0
          ? {
              rule: 'nPlusOne',
              passed: false,
              message: `if ${n1.worstNode} fails, ${n1.unplaced} of its ${n1.pods} pods cannot be placed elsewhere`,
            }
          : { rule: 'nPlusOne', passed: true, message: `any single node can fail: its pods fit elsewhere` },
      );
    }
  }
  if (policy.missedDeadlines) {
    const missed = input.missedDeadlines ?? [];
    results.push(
      missed.length > 0
        ? {
            rule: 'missedDeadlines',
            passed: false,
            message: `${plural(missed.length, 'job run')} ${missed.length === 1 ? 'misses its' : 'miss their'} deadline: ${list(missed.map((m) => `${m.namespace}/${m.name}`))}`,
          }
        : { rule: 'missedDeadlines', passed: true, message: 'every batch job meets its deadline' },
    );
  }
  if (policy.requireRequests) {
    const bad = input.noRequests ?? [];
    results.push(
      bad.length > 0
        ? {
            rule: 'requireRequests',
            passed: false,
            message: `${plural(bad.length, 'workload')} ${bad.length === 1 ? 'requests' : 'request'} no CPU or memory: ${list(bad)}`,
          }
        : { rule: 'requireRequests', passed: true, message: 'every workload requests CPU or memory' },
    );
  }
  return { passed: results.every((r) => r.passed), results };
}
