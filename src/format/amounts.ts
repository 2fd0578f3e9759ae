/**
 * Amounts and counts for people: `450m`, `42.1Gi`, `+1.5`, `38%`, `3 pods`. A leaf: it
 * reads only the model and quantities, so the plan, the report, the CLI and the timeline
 * may all use it without importing one another.
 */

import type { ResourceList } from '../model/types.ts';
import { resourceUnit } from '../quantity/quantity.ts';

const BINARY = [
  ['Ti', 1024 ** 4],
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
] as const;

function trim(n: number, digits: number): string {
  const text = n.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * For people, not for the API: `450m`, `1.8` cores, `42.1Gi`, `454Mi`. Rounded to
 * three significant figures at most, so columns stay readable; exact values are
 * in the JSON report.
 */
export function fmt(resource: string, amount: number | undefined): string {
  const n = amount ?? 0;
  if (n === 0) return '0';
  const unit = resourceUnit(resource);
  if (unit === 'millicores') {
    if (Math.abs(n) < 1000) return `${n}m`;
    return trim(n / 1000, Math.abs(n) >= 100_000 ? 0 : 2);
  }
  if (unit === 'bytes') {
    for (const [suffix, size] of BINARY) {
      if (Math.abs(n) >= size) {
        const v = n / size;
        return `${trim(v, Math.abs(v) >= 100 ? 0 : 1)}${suffix}`;
      }
    }
    return String(n);
  }
  return String(n);
}

/**
 * Exact, in the units people write in a manifest: `1450m`, `2`, `1499Mi`, `3Gi`.
 * For advice a reader copies into a manifest, where rounding up would not fit.
 */
export function exact(resource: string, amount: number | undefined): string {
  const n = amount ?? 0;
  const unit = resourceUnit(resource);
  if (unit === 'millicores') return n % 1000 === 0 ? String(n / 1000) : `${n}m`;
  if (unit === 'bytes' && n !== 0) {
    for (const [suffix, size] of BINARY) if (n % size === 0) return `${n / size}${suffix}`;
  }
  return String(n);
}

/** `1.5/4 (38%)`: requested over allocatable with the share, for one resource. */
export function usage(resource: string, requested: ResourceList, allocatable: ResourceList): string {
  const req = requested[resource] ?? 0;
  const alloc = allocatable[resource] ?? 0;
  if (req === 0 && alloc === 0) return '-';
  return `${fmt(resource, req)}/${fmt(resource, alloc)} (${percent(req, alloc)})`;
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return part > 0 ? 'over' : '0%';
  return `${Math.round((part / whole) * 100)}%`;
}

/** Signed change, e.g. `+1.5`, `-512Mi`, `0`. */
export function delta(resource: string, before: number | undefined, after: number | undefined): string {
  const d = (after ?? 0) - (before ?? 0);
  if (d === 0) return '0';
  return d > 0 ? `+${fmt(resource, d)}` : `-${fmt(resource, -d)}`;
}

/** Resources worth a column: cpu and memory always, extended ones when anything requests them. */
export function resourceColumns(lists: ResourceList[]): string[] {
  const extra = new Set<string>();
  for (const list of lists) {
    for (const [name, value] of Object.entries(list)) {
      if (value && name !== 'cpu' && name !== 'memory' && name !== 'pods' && name !== 'ephemeral-storage') {
        extra.add(name);
      }
    }
  }
  return ['cpu', 'memory', ...[...extra].sort()];
}

/** `1 pod`, `3 pods`; `plural(2, 'more node')` is `2 more nodes`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
