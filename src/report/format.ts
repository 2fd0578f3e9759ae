/** Human formatting of resource amounts shared by the renderers. */

import { formatQuantity } from '../quantity/quantity.ts';
import type { ResourceList } from '../model/types.ts';

export function fmt(resource: string, amount: number | undefined): string {
  return formatQuantity(resource, amount ?? 0);
}

/** `1.5/4 (38%)`: requested over allocatable with the share, for one resource. */
export function usage(resource: string, requested: ResourceList, allocatable: ResourceList): string {
  const req = requested[resource] ?? 0;
  const alloc = allocatable[resource] ?? 0;
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
