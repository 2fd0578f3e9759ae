/**
 * Helpers for tests against the real control plane: API clients from the
 * harness kubeconfig, kwok fake nodes with the capacity, labels and taints a test
 * asks for, namespaces that admit pods, and waiting for the scheduler.
 */

import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PolicyV1Api,
  SchedulingV1Api,
  type V1Node,
  type V1Pod,
  type V1Taint,
} from '@kubernetes/client-node';

export interface Clients {
  /** The kubeconfig file the clients were made from. */
  kubeconfig: string;
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  scheduling: SchedulingV1Api;
  policy: PolicyV1Api;
}

export function clients(kubeconfig: string): Clients {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  return {
    kubeconfig,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    scheduling: kc.makeApiClient(SchedulingV1Api),
    policy: kc.makeApiClient(PolicyV1Api),
  };
}

export interface FakeNode {
  name: string;
  /** Quantities as Kubernetes writes them; defaults: 4 CPUs, 16Gi, 110 pods. */
  cpu?: string;
  memory?: string;
  pods?: string;
  /** Extended resources, e.g. `{ 'nvidia.com/gpu': '2' }`. */
  extended?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: V1Taint[];
  unschedulable?: boolean;
}

/** Marks the nodes kwok manages (see the harness's `--manage-nodes-with-annotation-selector`). */
export const KWOK_ANNOTATION = 'kwok.x-k8s.io/node';

export function fakeNodeObject(spec: FakeNode): V1Node {
  const resources = {
    cpu: spec.cpu ?? '4',
    memory: spec.memory ?? '16Gi',
    pods: spec.pods ?? '110',
    'ephemeral-storage': '100Gi',
    ...spec.extended,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      annotations: { [KWOK_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
        ...spec.labels,
      },
    },
    spec: {
      ...(spec.taints ? { taints: spec.taints } : {}),
      ...(spec.unschedulable ? { unschedulable: true } : {}),
    },
    status: { allocatable: resources, capacity: resources },
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Creates kwok nodes and waits until each is Ready and the node lifecycle
 * controller has lifted the `not-ready` taint every new node starts with, so the
 * scheduler sees exactly the taints the test asked for.
 */
export async function createFakeNodes(c: Clients, specs: FakeNode[]): Promise<void> {
  await Promise.all(specs.map((spec) => c.core.createNode({ body: fakeNodeObject(spec) })));
  const names = new Set(specs.map((s) => s.name));
  await until(`nodes ${[...names].join(', ')} to be Ready`, async () => {
    const { items } = await c.core.listNode({ labelSelector: 'type=kwok' });
    const ready = items.filter(
      (node) =>
        names.has(node.metadata?.name ?? '') &&
        node.status?.conditions?.some((cond) => cond.type === 'Ready' && cond.status === 'True') &&
        // A cordoned node keeps the taint that mirrors spec.unschedulable.
        !node.spec?.taints?.some(
          (taint) =>
            taint.key.startsWith('node.kubernetes.io/') && taint.key !== 'node.kubernetes.io/unschedulable',
        ),
    );
    return ready.length === names.size ? true : undefined;
  });
}

export async function deleteFakeNodes(c: Clients): Promise<void> {
  await c.core.deleteCollectionNode({ labelSelector: 'type=kwok', gracePeriodSeconds: 0 });
  await until('fake nodes to be deleted', async () => {
    const { items } = await c.core.listNode({ labelSelector: 'type=kwok' });
    return items.length === 0 ? true : undefined;
  });
}

/** Creates a namespace and waits for its `default` service account, without which pods are refused. */
export async function createNamespace(
  c: Clients,
  name: string,
  labels: Record<string, string> = {},
): Promise<void> {
  await c.core.createNamespace({ body: { metadata: { name, labels } } });
  await until(`the default service account in ${name}`, async () => {
    const { items } = await c.core.listNamespacedServiceAccount({ namespace: name });
    return items.some((sa) => sa.metadata?.name === 'default') ? true : undefined;
  });
}

/**
 * Deletes a namespace and force-deletes its pods, so the next scenario starts
 * from an empty cluster without waiting for graceful termination.
 */
export async function deleteNamespace(c: Clients, name: string): Promise<void> {
  await c.core.deleteNamespace({ name }).catch(() => undefined);
  await c.core
    .deleteCollectionNamespacedPod({ namespace: name, gracePeriodSeconds: 0 })
    .catch(() => undefined);
  await until(`pods in ${name} to be gone`, async () => {
    const { items } = await c.core.listNamespacedPod({ namespace: name });
    if (items.length === 0) return true;
    await c.core
      .deleteCollectionNamespacedPod({ namespace: name, gracePeriodSeconds: 0 })
      .catch(() => undefined);
    return undefined;
  });
}

/** A pod the scheduler has decided about: bound, or marked unschedulable. */
export function isSettled(pod: V1Pod): boolean {
  if (pod.spec?.nodeName) return true;
  return (
    pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable') ?? false
  );
}

/** Waits until `count` pods of the namespace exist and the scheduler has decided about each. */
export async function waitForScheduling(
  c: Clients,
  namespace: string,
  count: number,
  timeoutMs = 60_000,
): Promise<V1Pod[]> {
  return until(
    `${count} pods in ${namespace} to be scheduled or found unschedulable`,
    async () => {
      const { items } = await c.core.listNamespacedPod({ namespace });
      return items.length >= count && items.every(isSettled) ? items : undefined;
    },
    timeoutMs,
  );
}

/** Waits until at least `bound` pods of the namespace have a node and every one with a node is Running, as kwok reports them. */
export async function waitForRunning(
  c: Clients,
  namespace: string,
  timeoutMs = 60_000,
  bound = 1,
): Promise<V1Pod[]> {
  return until(
    `${bound} bound pod(s) in ${namespace} to be Running`,
    async () => {
      const { items } = await c.core.listNamespacedPod({ namespace });
      const onNodes = items.filter((p) => p.spec?.nodeName);
      // Before kube-scheduler binds a pod there is nothing to wait on: that is not "running".
      if (onNodes.length < bound) return undefined;
      return onNodes.every((p) => p.status?.phase === 'Running') ? items : undefined;
    },
    timeoutMs,
  );
}

export { until };
