/**
 * How a pod's fate in the real cluster is compared with berth's plan for it.
 *
 * Per pod: scheduled or not; for an unschedulable pod, the node count and the
 * per-reason counts of the scheduler's message (`0/3 nodes are available: 1
 * Insufficient cpu, 2 node(s) had untolerated taint(s).`), whose
 * order does not matter; for a pod the API server refused, its message. On
 * scenarios without scoring ties, also the node. Pods of one controller have
 * unpredictable names, so they are compared as a multiset of outcomes.
 */

export type Status = 'scheduled' | 'unschedulable' | 'gated' | 'rejected' | 'kept' | 'evicted';

export interface Outcome {
  /** Pod name for bare pods, the owning workload's name for controller pods. */
  group: string;
  pod: string;
  status: Status;
  node?: string;
  /** The scheduler's or API server's message. */
  message?: string;
}

export interface ReasonCounts {
  nodes: number;
  reasons: Record<string, number>;
}

/**
 * Reads `0/N nodes are available: <count> <reason>, ...` (the part before any
 * `preemption:` sentence, which berth and upstream word differently).
 */
export function parseReasons(message: string): ReasonCounts | undefined {
  const match = /(\d+)\/(\d+) nodes are available:?\s*(.*)$/s.exec(message);
  if (!match) return undefined;
  const nodes = Number(match[2]);
  const body = (match[3] ?? '').split(/\.\s*preemption:/)[0]?.replace(/\.\s*$/, '') ?? '';
  const reasons: Record<string, number> = {};
  for (const part of body.split(/,\s+(?=\d+ )/)) {
    const item = /^(\d+)\s+(.+)$/.exec(part.trim());
    if (item?.[1] && item[2]) reasons[item[2]] = (reasons[item[2]] ?? 0) + Number(item[1]);
  }
  return { nodes, reasons };
}

function canonicalReasons(message: string | undefined): string {
  if (!message) return '';
  const parsed = parseReasons(message);
  if (!parsed) return message;
  const reasons = Object.entries(parsed.reasons)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, count]) => `${count} ${reason}`);
  return `0/${parsed.nodes}: ${reasons.join(', ')}`;
}

/** What must be equal for two outcomes of the same group to agree. */
export function outcomeKey(outcome: Outcome, compareNodes: boolean): string {
  switch (outcome.status) {
    case 'scheduled':
      return compareNodes ? `scheduled on ${outcome.node}` : 'scheduled';
    case 'unschedulable':
      return `unschedulable: ${canonicalReasons(outcome.message)}`;
    case 'rejected':
      return `rejected: ${outcome.message ?? ''}`;
    case 'gated':
      return `gated: ${outcome.message ?? ''}`;
    default:
      return outcome.status;
  }
}

export interface Disagreement {
  group: string;
  real: string[];
  berth: string[];
}

export interface Comparison {
  compared: number;
  agreeing: number;
  disagreements: Disagreement[];
}

function countKeys(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/**
 * Pods agreeing / pods compared, group by group: within a group the outcomes are
 * matched as multisets; a pod one side has and the other lacks counts as compared
 * and disagreeing.
 */
export function compareOutcomes(real: Outcome[], berth: Outcome[], compareNodes: boolean): Comparison {
  const groups = [...new Set([...real, ...berth].map((o) => o.group))].sort();
  let compared = 0;
  let agreeing = 0;
  const disagreements: Disagreement[] = [];
  for (const group of groups) {
    const realKeys = real.filter((o) => o.group === group).map((o) => outcomeKey(o, compareNodes));
    const berthKeys = berth.filter((o) => o.group === group).map((o) => outcomeKey(o, compareNodes));
    const berthCounts = countKeys(berthKeys);
    let matched = 0;
    for (const [key, count] of countKeys(realKeys)) matched += Math.min(count, berthCounts.get(key) ?? 0);
    const size = Math.max(realKeys.length, berthKeys.length);
    compared += size;
    agreeing += matched;
    if (matched < size) disagreements.push({ group, real: realKeys.sort(), berth: berthKeys.sort() });
  }
  return { compared, agreeing, disagreements };
}
