/** Arithmetic on ResourceLists (absent means zero). */

import type { ResourceList } from './types.ts';

export function addInto(target: ResourceList, add: ResourceList, times = 1): ResourceList {
  for (const [name, value] of Object.entries(add)) {
    target[name] = (target[name] ?? 0) + value * times;
  }
  return target;
}

export function sumResources(lists: Iterable<ResourceList>): ResourceList {
  const total: ResourceList = {};
  for (const list of lists) addInto(total, list);
  return total;
}

/** Drop zero entries so reports and JSON stay small and comparable. */
export function compact(list: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const name of Object.keys(list).sort()) {
    const value = list[name];
    if (value) out[name] = value;
  }
  return out;
}
