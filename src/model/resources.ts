/** Arithmetic on ResourceLists (absent means zero). */

import type { Pod, ResourceList } from './types.ts';

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

export interface Usage {
  requests: ResourceList;
  limits: ResourceList;
  count: number;
}

/** Requests, limits and pod count of pods grouped by a key (node, namespace, pool); pods without a key are skipped. */
export function usageBy<K>(pods: Iterable<Pod>, key: (p: Pod) => K | undefined): Map<K, Usage> {
  const out = new Map<K, Usage>();
  for (const pod of pods) {
    const k = key(pod);
    if (k === undefined) continue;
    let entry = out.get(k);
    if (!entry) {
      entry = { requests: {}, limits: {}, count: 0 };
      out.set(k, entry);
    }
    addInto(entry.requests, pod.requests);
    addInto(entry.limits, pod.limits);
    entry.count++;
  }
  return out;
}
