/**
 * A pod's effective requests and limits, computed as kube-scheduler computes them
 * (component-helpers resource.PodRequests / PodLimits, which NodeResourcesFit and the
 * scheduler cache call), after the API server's defaulting and LimitRange admission.
 *
 * Amounts are kept in thousandths of a unit (bigint) until the very end: the API server
 * rounds every quantity in a pod up to a milli (SetDefaults_ResourceList), sums them
 * exactly, and only the scheduler's final conversion rounds memory and counts up to
 * whole units. Rounding each container separately would over-count.
 *
 * Worked example (CPU only):
 *
 *   containers:      app        500m
 *                    metrics    250m
 *   initContainers:  setup      1      regular
 *                    proxy      100m   restartPolicy: Always (a sidecar)
 *                    migrate    2      regular, runs after the sidecar has started
 *   overhead:                   50m
 *
 *   Init containers run one at a time, in order, beside the sidecars started before them:
 *     setup    peak = 1000m + 0 (no sidecar yet)           = 1000m
 *     proxy    peak = 100m (itself, the sidecars so far)     =  100m
 *     migrate  peak = 2000m + 100m (proxy keeps running)     = 2100m
 *   Long-running sum = app + metrics + proxy = 500m + 250m + 100m = 850m
 *   Request = max(850m, 1000m, 100m, 2100m) + overhead 50m      = 2150m
 *
 * Pod-level `spec.resources` (PodLevelResources): for cpu, memory and hugepages-* the
 * pod-level value replaces the container aggregate; overhead is added on top.
 */

import type { Container, PodSpec, ResourceMap } from '../model/k8s.ts';
import type { ResourceList } from '../model/types.ts';
import { milliUnits, parseQuantity, parseResourceAmount, resourceUnit } from '../quantity/quantity.ts';

/** Resource name -> amount in thousandths of its unit (millicores for cpu, millibytes for memory). */
export type MilliList = Map<string, bigint>;

export interface ContainerResources {
  name: string;
  requests: MilliList;
  limits: MilliList;
  /** An init container with `restartPolicy: Always`: a sidecar that keeps running. */
  restartable: boolean;
}

export interface PodResources {
  containers: ContainerResources[];
  initContainers: ContainerResources[];
  overhead: MilliList;
  /** Pod-level `spec.resources`; undefined when the spec has none. */
  pod?: { requests: MilliList; limits: MilliList };
}

/** Requests and limits for LimitRange defaulting, as a LimitRange's Container item gives them. */
export interface ContainerDefaults {
  requests: MilliList;
  limits: MilliList;
  /**
   * The same defaults as the LimitRange writes them (`900Mi`), where it does: a
   * defaulted quantity keeps its text, and with it the form admission messages print.
   */
  text?: { requests: Map<string, string>; limits: Map<string, string> };
}

/** kube-scheduler's stand-ins for a container that requests nothing, used only for scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * Reads a resource map leniently: quantities that do not parse, or that API validation
 * would reject (negative, fractional extended resources, too large to count), are left out. Callers that
 * need the diagnostics run `parseResourceMap` on the same map.
 */
export function readMilliMap(map: ResourceMap | undefined | null): MilliList {
  const out: MilliList = new Map();
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return out;
  for (const [name, raw] of Object.entries(map)) {
    // Whatever API validation refuses, or no int64 count can hold, counts as nothing here.
    if (!parseResourceAmount(name, raw).ok) continue;
    const parsed = parseQuantity(raw);
    if (parsed.ok) out.set(name, milliUnits(parsed.q));
  }
  return out;
}

function readContainer(container: Container, restartable: boolean): ContainerResources {
  return {
    name: typeof container.name === 'string' ? container.name : '',
    requests: readMilliMap(container.resources?.requests),
    limits: readMilliMap(container.resources?.limits),
    restartable,
  };
}

function containerList(value: unknown): Container[] {
  if (!Array.isArray(value)) return [];
  return value.filter((c): c is Container => typeof c === 'object' && c !== null && !Array.isArray(c));
}

/** The resources a spec declares, as written (before any defaulting). */
export function readPodResources(spec: PodSpec): PodResources {
  const resources: PodResources = {
    containers: containerList(spec.containers).map((c) => readContainer(c, false)),
    initContainers: containerList(spec.initContainers).map((c) =>
      readContainer(c, c.restartPolicy === 'Always'),
    ),
    overhead: readMilliMap(spec.overhead),
  };
  if (spec.resources && typeof spec.resources === 'object') {
    resources.pod = {
      requests: readMilliMap(spec.resources.requests),
      limits: readMilliMap(spec.resources.limits),
    };
  }
  return resources;
}

function cloneContainer(c: ContainerResources): ContainerResources {
  return { ...c, requests: new Map(c.requests), limits: new Map(c.limits) };
}

function clonePod(res: PodResources): PodResources {
  const copy: PodResources = {
    containers: res.containers.map(cloneContainer),
    initContainers: res.initContainers.map(cloneContainer),
    overhead: new Map(res.overhead),
  };
  if (res.pod) copy.pod = { requests: new Map(res.pod.requests), limits: new Map(res.pod.limits) };
  return copy;
}

function addInto(target: MilliList, add: MilliList): void {
  for (const [name, amount] of add) target.set(name, (target.get(name) ?? 0n) + amount);
}

function maxInto(target: MilliList, other: MilliList): void {
  for (const [name, amount] of other) {
    const current = target.get(name);
    if (current === undefined || amount > current) target.set(name, amount);
  }
}

/** Resources the PodLevelResources feature manages at pod level. */
export function isPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

/** Hugepages cannot be overcommitted, so requests never default from anything but limits. */
function overcommitAllowed(name: string): boolean {
  return !name.startsWith('hugepages-');
}

function hasPodLevelResource(list: MilliList | undefined): boolean {
  if (!list) return false;
  for (const name of list.keys()) if (isPodLevelResource(name)) return true;
  return false;
}

/**
 * Sums containers as the sidecar KEP defines (see the worked example above):
 * app containers and sidecars add up; each regular init container is a peak of its own
 * plus the sidecars started before it; the result is the larger of the two.
 * `fill` stands in for amounts a container does not mention (scoring's non-zero defaults).
 */
function aggregate(res: PodResources, which: 'requests' | 'limits', fill?: MilliList): MilliList {
  const amounts = (c: ContainerResources): MilliList => {
    const own = c[which];
    if (!fill || fill.size === 0) return own;
    const filled = new Map(own);
    for (const [name, amount] of fill) if (!own.has(name)) filled.set(name, amount);
    return filled;
  };
  const result: MilliList = new Map();
  for (const c of res.containers) addInto(result, amounts(c));
  const sidecars: MilliList = new Map();
  const initPeak: MilliList = new Map();
  for (const c of res.initContainers) {
    const own = amounts(c);
    if (c.restartable) {
      addInto(result, own);
      addInto(sidecars, own);
      maxInto(initPeak, sidecars);
    } else {
      const running = new Map(own);
      addInto(running, sidecars);
      maxInto(initPeak, running);
    }
  }
  maxInto(result, initPeak);
  return result;
}

/**
 * What the API server's defaulting does to a new pod's resources (SetDefaults_Pod):
 * a container that sets a limit but no request for a resource requests its limit; then,
 * with pod-level resources, pod-level hugepage limits, requests and limits are filled in
 * from the containers or from each other.
 */
export function applyApiDefaults(input: PodResources): PodResources {
  const res = clonePod(input);
  for (const c of [...res.containers, ...res.initContainers]) {
    for (const [name, limit] of c.limits) if (!c.requests.has(name)) c.requests.set(name, limit);
  }
  const pod = res.pod;
  if (!pod) return res;

  // defaultHugePagePodLimits
  if (pod.limits.size > 0 || pod.requests.size > 0) {
    for (const [name, amount] of aggregate(res, 'limits')) {
      if (!name.startsWith('hugepages-') || pod.requests.has(name) || pod.limits.has(name)) continue;
      pod.limits.set(name, amount);
    }
  }
  // defaultPodRequests: only when pod-level limits are set.
  if (pod.limits.size > 0) {
    for (const [name, amount] of aggregate(res, 'requests')) {
      if (!pod.requests.has(name) && isPodLevelResource(name) && overcommitAllowed(name)) {
        pod.requests.set(name, amount);
      }
    }
    for (const [name, limit] of pod.limits) {
      if (!pod.requests.has(name) && isPodLevelResource(name)) pod.requests.set(name, limit);
    }
  }
  // defaultPodLimits: only when pod-level requests are set and no pod-level limit is.
  if (!hasPodLevelResource(pod.limits) && hasPodLevelResource(pod.requests)) {
    const everyContainer = [...res.containers, ...res.initContainers];
    for (const [name, amount] of aggregate(res, 'limits')) {
      if (pod.limits.has(name) || !isPodLevelResource(name) || !overcommitAllowed(name)) continue;
      if (!everyContainer.every((c) => c.limits.has(name))) continue;
      pod.limits.set(name, amount);
    }
  }
  return res;
}

/**
 * LimitRanger admission: every container and init container gets the namespace's
 * default limits and default requests for the resources it does not set.
 */
export function applyContainerDefaults(input: PodResources, defaults: ContainerDefaults): PodResources {
  const res = clonePod(input);
  for (const c of [...res.containers, ...res.initContainers]) {
    for (const [name, amount] of defaults.limits) if (!c.limits.has(name)) c.limits.set(name, amount);
    for (const [name, amount] of defaults.requests) if (!c.requests.has(name)) c.requests.set(name, amount);
  }
  return res;
}

/** PodRequests, in thousandths: containers, then pod-level requests, then overhead. */
export function podRequestsMilli(res: PodResources, fill?: MilliList): MilliList {
  const result = aggregate(res, 'requests', fill);
  if (res.pod && hasPodLevelResource(res.pod.requests)) {
    for (const [name, amount] of res.pod.requests) if (isPodLevelResource(name)) result.set(name, amount);
  }
  addInto(result, res.overhead);
  return result;
}

/** PodLimits, in thousandths: containers, then pod-level limits, then overhead on non-zero limits. */
export function podLimitsMilli(res: PodResources): MilliList {
  const result = aggregate(res, 'limits');
  if (res.pod && (hasPodLevelResource(res.pod.requests) || hasPodLevelResource(res.pod.limits))) {
    for (const [name, amount] of res.pod.limits) if (isPodLevelResource(name)) result.set(name, amount);
  }
  for (const [name, amount] of res.overhead) {
    const limit = result.get(name);
    if (limit !== undefined && limit !== 0n) result.set(name, limit + amount);
  }
  return result;
}

/** The scheduler's conversion: cpu stays in millicores, everything else rounds up to whole units. */
export function toResourceList(list: MilliList): ResourceList {
  const out: ResourceList = {};
  for (const name of [...list.keys()].sort()) {
    const milli = list.get(name) ?? 0n;
    const amount = resourceUnit(name) === 'millicores' ? milli : (milli + 999n) / 1000n;
    if (amount !== 0n) out[name] = Number(amount);
  }
  return out;
}

/** Effective requests the way NodeResourcesFit counts them. */
export function podRequests(res: PodResources): ResourceList {
  return toResourceList(podRequestsMilli(res));
}

/** Effective limits (for quotas and overcommit reports). */
export function podLimits(res: PodResources): ResourceList {
  return toResourceList(podLimitsMilli(res));
}

/**
 * The requests scoring uses (the scheduler's "non-zero" requests): a container that
 * requests no cpu counts as 100m and one that requests no memory as 200Mi, so empty pods
 * still spread. With pod-level requests, the stand-ins apply only to a resource the pod
 * requests nowhere. Never used for fitting.
 */
export function nonZeroRequests(res: PodResources): { cpu: number; memory: number } {
  const requests = podRequestsMilli(res);
  const fill: MilliList = new Map();
  const podLevel = res.pod !== undefined && hasPodLevelResource(res.pod.requests);
  if (!podLevel || !requests.has('cpu')) fill.set('cpu', BigInt(DEFAULT_MILLI_CPU_REQUEST));
  if (!podLevel || !requests.has('memory')) fill.set('memory', BigInt(DEFAULT_MEMORY_REQUEST) * 1000n);
  const filled = fill.size > 0 ? podRequestsMilli(res, fill) : requests;
  const list = toResourceList(filled);
  return { cpu: list.cpu ?? 0, memory: list.memory ?? 0 };
}

/** What nonZeroRequests adds to podRequests: the stand-ins' share, carried on the pod as `nonZeroDefaults`. */
export function nonZeroDefaults(res: PodResources): { cpu: number; memory: number } {
  const nonZero = nonZeroRequests(res);
  const requests = podRequests(res);
  return { cpu: nonZero.cpu - (requests.cpu ?? 0), memory: nonZero.memory - (requests.memory ?? 0) };
}

/**
 * The whole pipeline for a spec as written: API defaulting, then LimitRange defaults
 * (when given), then PodRequests / PodLimits.
 */
export function effectiveResources(
  spec: PodSpec,
  defaults?: ContainerDefaults,
): { requests: ResourceList; limits: ResourceList } {
  let res = applyApiDefaults(readPodResources(spec));
  if (defaults) res = applyContainerDefaults(res, defaults);
  return { requests: podRequests(res), limits: podLimits(res) };
}
