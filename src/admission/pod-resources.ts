/**
 * A pod's resources as the API server's admission plugins see them: per container,
 * after defaulting (a container with a limit but no request requests its limit) and
 * after LimitRanger has filled in its namespace's defaults. Quota and LimitRange
 * checks read these, not the scheduler's effective request, because upstream's
 * messages name containers and print quantities in the format they were written in.
 */

import type { Container, PodSpec, Quantity, ResourceMap } from '../model/k8s.ts';
import type { LimitRange, LimitRangeItem } from '../model/types.ts';
import { parseResourceAmount } from '../quantity/quantity.ts';
import { type Amount, addAmounts, formatOf, maxAmount } from './quantity-format.ts';

export type AmountList = Map<string, Amount>;

export interface AdmittedContainer {
  name: string;
  /** A restartable (sidecar) init container. */
  sidecar: boolean;
  init: boolean;
  requests: AmountList;
  limits: AmountList;
}

/** Whether amounts of this resource are kept in thousandths (CPU millicores). */
export function isMilliResource(name: string): boolean {
  const base = name.startsWith('requests.')
    ? name.slice(9)
    : name.startsWith('limits.')
      ? name.slice(7)
      : name;
  return base === 'cpu';
}

function amountsOf(map: ResourceMap | undefined): AmountList {
  const out: AmountList = new Map();
  if (!map) return out;
  for (const [name, raw] of Object.entries(map)) {
    const parsed = parseResourceAmount(name, raw);
    // Malformed quantities are reported by the manifest loader; here they do not count.
    if (parsed.ok) out.set(name, { value: parsed.value, format: formatOf(raw as Quantity) });
  }
  return out;
}

/**
 * A LimitRange default with the format it was written in. A default filled in from
 * `max` or `min` when the LimitRange was stored is written there, not under `default`.
 */
function limitRangeDefaults(item: LimitRangeItem, key: 'default' | 'defaultRequest'): AmountList {
  const out: AmountList = new Map();
  for (const [name, value] of Object.entries(item[key] ?? {})) {
    let text = item.text?.[key]?.[name];
    for (const source of ['default', 'max', 'min'] as const) {
      if (text !== undefined) break;
      if (item[source]?.[name] === value) text = item.text?.[source]?.[name];
    }
    out.set(name, { value, format: formatOf(text ?? String(value)) });
  }
  return out;
}

function admitContainer(c: Container, init: boolean, limitRanges: readonly LimitRange[]): AdmittedContainer {
  const requests = amountsOf(c.resources?.requests);
  const limits = amountsOf(c.resources?.limits);
  // API defaulting (SetDefaults_Pod): a limit without a request sets the request.
  for (const [name, amount] of limits) if (!requests.has(name)) requests.set(name, { ...amount });
  // LimitRanger's mutation: each LimitRange in turn fills what is still missing.
  for (const lr of limitRanges) {
    for (const item of lr.limits) {
      if (item.type !== 'Container') continue;
      for (const [name, amount] of limitRangeDefaults(item, 'default')) {
        if (!limits.has(name)) limits.set(name, amount);
      }
      for (const [name, amount] of limitRangeDefaults(item, 'defaultRequest')) {
        if (!requests.has(name)) requests.set(name, amount);
      }
    }
  }
  return { name: c.name ?? '', sidecar: init && c.restartPolicy === 'Always', init, requests, limits };
}

/**
 * The containers (app containers first, then init containers) after defaulting.
 * `limitRanges` are the LimitRanges of the pod's namespace; pass none for a pod that
 * already exists, whose spec was mutated when it was created.
 */
export function admittedContainers(spec: PodSpec, limitRanges: readonly LimitRange[]): AdmittedContainer[] {
  return [
    ...(spec.containers ?? []).map((c) => admitContainer(c, false, limitRanges)),
    ...(spec.initContainers ?? []).map((c) => admitContainer(c, true, limitRanges)),
  ];
}

function addInto(list: AmountList, add: AmountList): void {
  for (const [name, amount] of add) list.set(name, addAmounts(list.get(name), amount));
}

function maxInto(list: AmountList, other: AmountList): void {
  for (const [name, amount] of other) list.set(name, maxAmount(list.get(name), amount));
}

/**
 * The pod's total as upstream's PodRequests / PodLimits compute it: app containers
 * and sidecars summed; each regular init container runs alone next to the sidecars
 * started before it, and the pod needs the largest of those moments.
 *
 * Worked example: app 100m; init containers [sidecar 50m, migrate 300m]. Running
 * together: 100m + 50m = 150m. While `migrate` runs, the sidecar started before it
 * runs too: 300m + 50m = 350m. The pod requests max(150m, 350m) = 350m.
 */
export function podTotal(containers: readonly AdmittedContainer[], pick: 'requests' | 'limits'): AmountList {
  const total: AmountList = new Map();
  const sidecars: AmountList = new Map();
  const initPeak: AmountList = new Map();
  for (const c of containers) {
    if (!c.init) addInto(total, c[pick]);
  }
  for (const c of containers) {
    if (!c.init) continue;
    if (c.sidecar) {
      addInto(total, c[pick]);
      addInto(sidecars, c[pick]);
      maxInto(initPeak, sidecars);
    } else {
      const moment: AmountList = new Map();
      addInto(moment, c[pick]);
      addInto(moment, sidecars);
      maxInto(initPeak, moment);
    }
  }
  maxInto(total, initPeak);
  return total;
}

/** Pod overhead and pod-level resources, which upstream's PodRequests also applies. */
export function podUsageTotals(
  spec: PodSpec,
  containers: readonly AdmittedContainer[],
): { requests: AmountList; limits: AmountList } {
  const requests = podTotal(containers, 'requests');
  const limits = podTotal(containers, 'limits');
  // Pod-level resources (cpu and memory only) replace the containers' sum.
  const podLevelRequests = amountsOf(spec.resources?.requests);
  const podLevelLimits = amountsOf(spec.resources?.limits);
  for (const name of ['cpu', 'memory']) {
    const req = podLevelRequests.get(name) ?? podLevelLimits.get(name);
    if (req) requests.set(name, req);
    const lim = podLevelLimits.get(name);
    if (lim) limits.set(name, lim);
  }
  const overhead = amountsOf(spec.overhead);
  addInto(requests, overhead);
  // Overhead counts toward limits only for resources the pod already limits.
  for (const [name, amount] of overhead) {
    const current = limits.get(name);
    if (current) limits.set(name, addAmounts(current, amount));
  }
  return { requests, limits };
}
