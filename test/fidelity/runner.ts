/**
 * Runs one fidelity scenario twice: berth plans it from a live read of the
 * cluster, then the same objects are created in the real cluster and the real
 * kube-scheduler (and API server admission, and the controllers) decide.
 */

import { KubernetesObjectApi, type V1Pod } from '@kubernetes/client-node';
import { parseAllDocuments, stringify } from 'yaml';
import { admitAndRecord, createAdmissionState } from '../../src/admission/index.ts';
import { readLiveCluster } from '../../src/cluster/live.ts';
import { parseManifests } from '../../src/manifests/index.ts';
import type { Pod } from '../../src/model/types.ts';
import { simulate } from '../../src/scheduler/simulate.ts';
import { expandWorkloads } from '../../src/workloads/expand.ts';
import {
  type Clients,
  createFakeNodes,
  createNamespace,
  deleteFakeNodes,
  deleteNamespace,
  type FakeNode,
  until,
} from '../cluster/kube.ts';
import { type Comparison, compareOutcomes, type Outcome } from './compare.ts';

export interface Scenario {
  name: string;
  nodes: FakeNode[];
  /** Objects present before berth reads the cluster: priority and runtime classes, quotas, limit ranges, running pods. */
  existing?: string;
  /** What the change adds: berth plans these, then they are created in the cluster in this order. */
  incoming: string;
  /** Compare the node of each scheduled pod (only where scoring has no ties). */
  compareNodes?: boolean;
  /** Compare which existing pods survive (preemption scenarios). */
  compareExisting?: boolean;
}

export interface ScenarioResult extends Comparison {
  real: Outcome[];
  berth: Outcome[];
}

type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
} & Record<string, unknown>;

const CLUSTER_SCOPED = new Set(['PriorityClass', 'RuntimeClass', 'Namespace', 'Node']);

/** Parses YAML documents and puts namespaced objects into the scenario's namespace. */
function objectsOf(text: string | undefined, namespace: string): KubeObject[] {
  if (!text) return [];
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null)
    .map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace } }));
}

function errorMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return (body as { message?: string } | undefined)?.message ?? String(error);
}

/** The workload a cluster pod belongs to, as berth names it: Deployment pods by their Deployment. */
function groupOf(pod: V1Pod): string {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  if (!owner) return pod.metadata?.name ?? '';
  if (owner.kind === 'ReplicaSet') return owner.name.replace(/-[a-z0-9]+$/, '');
  return owner.name;
}

function unschedulableMessage(pod: V1Pod): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.message;
}

/** The API server's PodScheduled condition on a pod with scheduling gates, as `reason: message`. */
function gatedMessage(pod: V1Pod): string | undefined {
  const condition = pod.status?.conditions?.find(
    (c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated',
  );
  return condition ? `${condition.reason}: ${condition.message}` : undefined;
}

/** Bound, gated, or found unschedulable with no preemption under way for it. */
function decided(pod: V1Pod): boolean {
  if (pod.spec?.nodeName || gatedMessage(pod)) return true;
  const unschedulable = pod.status?.conditions?.some(
    (c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable',
  );
  return Boolean(unschedulable) && !pod.status?.nominatedNodeName;
}

function fingerprint(pods: V1Pod[]): string {
  return pods
    .map((p) => `${p.metadata?.name}:${p.spec?.nodeName ?? ''}:${unschedulableMessage(p) ?? ''}`)
    .sort()
    .join('|');
}

/**
 * Waits until the namespace holds `count` pods besides those in `before` (which
 * preemption may delete), each decided, and nothing changed for a second.
 */
async function settle(c: Clients, namespace: string, count: number, before: V1Pod[] = []): Promise<V1Pod[]> {
  const old = new Set(before.map((p) => p.metadata?.name));
  let last = '';
  return until(
    `${count} pods in ${namespace} to be decided`,
    async () => {
      const { items } = await c.core.listNamespacedPod({ namespace });
      const live = items.filter((p) => !p.metadata?.deletionTimestamp);
      const fresh = live.filter((p) => !old.has(p.metadata?.name));
      if (fresh.length < count || !live.every(decided)) return undefined;
      const now = fingerprint(live);
      const stable = now === last;
      last = now;
      if (!stable) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return undefined;
      }
      return live;
    },
    90_000,
  );
}

/** Pods the objects make, except DaemonSets', whose count their controller decides. */
function expectedPods(objects: KubeObject[]): number {
  let count = 0;
  for (const o of objects) {
    const spec = o.spec as { replicas?: number } | undefined;
    if (o.kind === 'Pod') count += 1;
    else if (o.kind === 'Deployment' || o.kind === 'ReplicaSet' || o.kind === 'StatefulSet')
      count += spec?.replicas ?? 1;
  }
  return count;
}

function berthOutcome(
  pod: Pod,
  status: Outcome['status'],
  node: string | null,
  message: string | null,
): Outcome {
  return {
    group: pod.workload?.name ?? pod.name,
    pod: pod.name,
    status,
    ...(node ? { node } : {}),
    ...(message ? { message } : {}),
  };
}

export async function runScenario(c: Clients, scenario: Scenario): Promise<ScenarioResult> {
  const namespace = `fid-${scenario.name}`;
  const generic = KubernetesObjectApi.makeApiClient(c.kc);
  const existing = objectsOf(scenario.existing, namespace);
  const incoming = objectsOf(scenario.incoming, namespace);
  const created: KubeObject[] = [];
  try {
    await createFakeNodes(c, scenario.nodes);
    await createNamespace(c, namespace);
    for (const object of existing) {
      await generic.create(object);
      created.push(object);
      // Victims are chosen by start time, which the API reports in whole seconds: keep pods a second apart.
      if (object.kind === 'Pod' && scenario.compareExisting)
        await new Promise((resolve) => setTimeout(resolve, 1100));
      // Quota admission refuses pods until the quota controller has written the quota's status.
      if (object.kind === 'ResourceQuota') {
        await until(`quota ${object.metadata.name} to be initialised`, async () => {
          const quota = await c.core.readNamespacedResourceQuota({ name: object.metadata.name, namespace });
          return quota.status?.hard ? true : undefined;
        });
      }
    }
    const existingPods = existing.filter((o) => o.kind === 'Pod').length;
    if (existingPods > 0) await settle(c, namespace, existingPods);
    const before = (await c.core.listNamespacedPod({ namespace })).items;

    // berth: the live read, then the same pipeline a plan runs.
    const live = await readLiveCluster({ kubeconfig: c.kubeconfig });
    const manifests = parseManifests(
      incoming.map((o) => `---\n${stringify(o)}`).join(''),
      `${scenario.name}.yaml`,
    );
    const expanded = expandWorkloads(manifests.objects, {
      nodes: live.cluster.nodes,
      limitRanges: live.cluster.limitRanges,
      priorityClasses: live.cluster.priorityClasses,
      runtimeClasses: live.cluster.runtimeClasses ?? [],
    });
    const admission = createAdmissionState(live.cluster);
    const plan = simulate(live.cluster, expanded.pods, { admit: (pod) => admitAndRecord(pod, admission) });
    const berth: Outcome[] = plan.placements.map((p) =>
      // berth names the gates after the API server's words: compare those words.
      berthOutcome(
        p.pod,
        p.status,
        p.node,
        p.status === 'gated' ? (p.reason?.replace(/ \([^)]*\)$/, '') ?? null) : p.reason,
      ),
    );

    // The real cluster: create in order; the API server may refuse some pods.
    const real: Outcome[] = [];
    for (const object of incoming) {
      try {
        await generic.create(object);
        created.push(object);
      } catch (error) {
        const message = errorMessage(error).replace(/^.*? is forbidden: /, '');
        real.push({ group: object.metadata.name, pod: object.metadata.name, status: 'rejected', message });
      }
    }
    const daemonSets = incoming.filter((o) => o.kind === 'DaemonSet');
    let want = expectedPods(incoming) - real.length;
    if (daemonSets.length > 0) {
      // The DaemonSet controller decides how many pods it makes; wait for it to report them.
      const scheduled = await until('DaemonSets to create their pods', async () => {
        let total = 0;
        for (const ds of daemonSets) {
          const { status } = await c.apps.readNamespacedDaemonSet({ name: ds.metadata.name, namespace });
          if (status?.desiredNumberScheduled === undefined || status.observedGeneration === undefined)
            return undefined;
          total += status.desiredNumberScheduled;
        }
        return total;
      });
      want += scheduled;
    }
    const after = await settle(c, namespace, want, before);
    const beforeNames = new Set(before.map((p) => p.metadata?.name));
    for (const pod of after.filter((p) => !beforeNames.has(p.metadata?.name))) {
      const who = { group: groupOf(pod), pod: pod.metadata?.name ?? '' };
      const gated = gatedMessage(pod);
      if (pod.spec?.nodeName) real.push({ ...who, status: 'scheduled', node: pod.spec.nodeName });
      else if (gated) real.push({ ...who, status: 'gated', message: gated });
      else real.push({ ...who, status: 'unschedulable', message: unschedulableMessage(pod) ?? '' });
    }
    if (scenario.compareExisting) {
      const survivors = new Set(after.map((p) => p.metadata?.name));
      const victims = new Set(plan.placements.flatMap((p) => p.victims ?? []));
      for (const pod of before) {
        const name = pod.metadata?.name ?? '';
        real.push({ group: `existing ${name}`, pod: name, status: survivors.has(name) ? 'kept' : 'evicted' });
        berth.push({
          group: `existing ${name}`,
          pod: name,
          status: victims.has(`${namespace}/${name}`) ? 'evicted' : 'kept',
        });
      }
    }
    return { ...compareOutcomes(real, berth, scenario.compareNodes ?? false), real, berth };
  } finally {
    await deleteNamespace(c, namespace);
    for (const object of created.filter((o) => o.kind === 'PriorityClass')) {
      await c.scheduling.deletePriorityClass({ name: object.metadata.name }).catch(() => undefined);
    }
    for (const object of created.filter((o) => o.kind === 'RuntimeClass')) {
      await generic.delete(object).catch(() => undefined);
    }
    await deleteFakeNodes(c);
  }
}
