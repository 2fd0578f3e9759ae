/**
 * Kueue's admission on the timeline: a job labelled `kueue.x-k8s.io/queue-name` starts
 * only when its LocalQueue's ClusterQueue has quota left for all its pods, as Kueue admits
 * a workload whole. Quota is `nominalQuota` per resource, summed over the ClusterQueue's
 * flavors (berth does not assign flavors to nodes); a ClusterQueue in a cohort may borrow
 * what the others of the cohort leave unused, up to its `borrowingLimit`. A job that asks
 * for a resource its ClusterQueue does not cover is never admitted, as Kueue refuses it.
 *
 * The ClusterQueues and LocalQueues are read from the manifests and the cluster snapshot
 * (the manifests' win by name); a job whose LocalQueue is in neither is planned without a
 * quota, and a warning says so.
 */

import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { ManifestObject, ResourceList } from '../model/types.ts';
import { parseResourceAmount } from '../quantity/quantity.ts';
import { apiGroup, kueueQueue } from '../workloads/kinds.ts';
import type { TimelineJob } from './jobs.ts';

export interface ClusterQueueQuota {
  name: string;
  cohort: string | null;
  /** Resource -> nominal quota over every flavor. */
  nominal: ResourceList;
  /** Resource -> how much more than nominal it may borrow (absent: no limit). */
  borrowingLimit: ResourceList;
}

export interface KueueAdmission {
  clusterQueues: ClusterQueueQuota[];
  /** Per timeline job: the index of its ClusterQueue, or -1 when no quota applies. */
  queueOf: number[];
  /** Per timeline job: what all its pods request together. */
  need: ResourceList[];
}

function isKueue(object: ManifestObject, kind: string): boolean {
  return object.kind === kind && apiGroup(object.apiVersion) === 'kueue.x-k8s.io';
}

const get = (value: unknown, ...path: string[]): unknown => {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
};

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A ClusterQueue's quotas, each bad quantity reported at its line. */
function readClusterQueue(object: ManifestObject, diagnostics: Diagnostic[]): ClusterQueueQuota {
  const spec = object.raw.spec;
  // v1beta1 names the cohort `cohort`, v1beta2 `cohortName`.
  const cohort = get(spec, 'cohortName') ?? get(spec, 'cohort');
  const quota: ClusterQueueQuota = {
    name: object.metadata.name,
    cohort: typeof cohort === 'string' && cohort !== '' ? cohort : null,
    nominal: {},
    borrowingLimit: {},
  };
  list(get(spec, 'resourceGroups')).forEach((group, g) => {
    list(get(group, 'flavors')).forEach((flavor, f) => {
      list(get(flavor, 'resources')).forEach((resource, r) => {
        const name = get(resource, 'name');
        if (typeof name !== 'string') return;
        for (const field of ['nominalQuota', 'borrowingLimit'] as const) {
          const raw = get(resource, field);
          if (raw === undefined) continue;
          const parsed = parseResourceAmount(name, raw);
          const path = ['spec', 'resourceGroups', g, 'flavors', f, 'resources', r, field];
          if (!parsed.ok) {
            diagnostics.push(
              diagnostic(
                object.locate(path),
                'error',
                'invalid-quantity',
                `ClusterQueue ${quota.name}: ${field} ${parsed.error}`,
              ),
            );
            continue;
          }
          const into = field === 'nominalQuota' ? quota.nominal : quota.borrowingLimit;
          into[name] = (into[name] ?? 0) + parsed.value;
        }
      });
    });
  });
  return quota;
}

/** The Kueue quotas that apply to the timeline's jobs; undefined when none does. */
export function readKueueAdmission(
  objects: readonly ManifestObject[],
  jobs: readonly TimelineJob[],
  diagnostics: Diagnostic[],
): KueueAdmission | undefined {
  const managed = jobs.filter((j) => kueueQueue(j.object) !== undefined);
  if (managed.length === 0) return undefined;
  const clusterQueues: ClusterQueueQuota[] = [];
  const byName = new Map<string, number>();
  const localQueues = new Map<string, string>();
  for (const object of objects) {
    if (isKueue(object, 'ClusterQueue') && !byName.has(object.metadata.name)) {
      byName.set(object.metadata.name, clusterQueues.length);
      clusterQueues.push(readClusterQueue(object, diagnostics));
    } else if (isKueue(object, 'LocalQueue')) {
      const target = get(object.raw.spec, 'clusterQueue');
      const key = `${object.metadata.namespace || 'default'}/${object.metadata.name}`;
      // The first wins: the manifests' over the cluster's.
      if (typeof target === 'string' && !localQueues.has(key)) localQueues.set(key, target);
    }
  }
  const queueOf = jobs.map((job) => {
    const queue = kueueQueue(job.object);
    if (queue === undefined) return -1;
    const cq = localQueues.get(`${job.namespace}/${queue}`);
    const index = cq === undefined ? undefined : byName.get(cq);
    if (index === undefined) {
      diagnostics.push(
        diagnostic(
          job.object.locate(['metadata', 'labels', 'kueue.x-k8s.io/queue-name']),
          'warning',
          'timeline',
          `${job.kind} ${job.namespace}/${job.name}: ${cq === undefined ? `LocalQueue ${job.namespace}/${queue}` : `ClusterQueue ${cq}`} is neither among the manifests nor in the cluster snapshot, so its Kueue quota is not modelled on the timeline`,
        ),
      );
      return -1;
    }
    return index;
  });
  if (queueOf.every((q) => q === -1)) return undefined;
  const need = jobs.map((job) => {
    const total: ResourceList = {};
    for (const [r, v] of Object.entries(job.pod.requests)) total[r] = v * job.pods;
    return total;
  });
  return { clusterQueues, queueOf, need };
}

/** Quota in use per ClusterQueue as jobs start and finish, and whether a job may be admitted now. */
export class QuotaLedger {
  private readonly model: KueueAdmission;
  private readonly used: ResourceList[];

  constructor(model: KueueAdmission) {
    this.model = model;
    this.used = model.clusterQueues.map(() => ({}));
  }

  /** Why the job is not admitted now (its ClusterQueue's quota), or null when it is or no quota applies. */
  refuses(job: number): string | null {
    const q = this.model.queueOf[job] ?? -1;
    if (q === -1) return null;
    const cq = this.model.clusterQueues[q] as ClusterQueueQuota;
    const need = this.model.need[job] ?? {};
    const cohort = cq.cohort === null ? [q] : this.cohortOf(cq.cohort);
    for (const [resource, amount] of Object.entries(need)) {
      if (amount <= 0) continue;
      const nominal = cq.nominal[resource];
      if (nominal === undefined) return `its ClusterQueue ${cq.name} has no quota for ${resource}`;
      const used = this.used[q]?.[resource] ?? 0;
      const limit = cq.cohort === null ? 0 : (cq.borrowingLimit[resource] ?? Number.POSITIVE_INFINITY);
      if (used + amount > nominal + limit)
        return `ClusterQueue ${cq.name} has too little ${resource} quota left`;
      if (cq.cohort !== null) {
        let cohortNominal = 0;
        let cohortUsed = 0;
        for (const i of cohort) {
          cohortNominal += this.model.clusterQueues[i]?.nominal[resource] ?? 0;
          cohortUsed += this.used[i]?.[resource] ?? 0;
        }
        if (cohortUsed + amount > cohortNominal)
          return `cohort ${cq.cohort} has too little ${resource} quota left to lend to ClusterQueue ${cq.name}`;
      }
    }
    return null;
  }

  /** Whether the job could be admitted with nothing else running. */
  neverAdmits(job: number): string | null {
    const saved = this.used.map((u) => ({ ...u }));
    for (const u of this.used) for (const k of Object.keys(u)) u[k] = 0;
    const why = this.refuses(job);
    saved.forEach((u, i) => {
      this.used[i] = u;
    });
    return why;
  }

  charge(job: number, sign: 1 | -1): void {
    const q = this.model.queueOf[job] ?? -1;
    if (q === -1) return;
    const used = this.used[q] as ResourceList;
    for (const [resource, amount] of Object.entries(this.model.need[job] ?? {}))
      used[resource] = (used[resource] ?? 0) + sign * amount;
  }

  private cohortOf(cohort: string): number[] {
    const out: number[] = [];
    this.model.clusterQueues.forEach((c, i) => {
      if (c.cohort === cohort) out.push(i);
    });
    return out;
  }
}
