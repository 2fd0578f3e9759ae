import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadClusterText } from '../../src/cluster/load.ts';
import { POOL_LABELS } from '../../src/cluster/snapshot.ts';
import { lineOf } from './lines.ts';

const CORPUS = new URL('../fixtures/corpus/', import.meta.url);
const corpus = (path: string) => readFileSync(new URL(path, CORPUS), 'utf8');
const PERF = 'kubernetes__kubernetes/test/integration/scheduler_perf/';
const Gi = 1024 ** 3;

/** Joins documents the way a multi-document snapshot file holds them. */
const docs = (...texts: string[]) => texts.join('\n---\n');

describe('a snapshot made of the upstream node fixtures', () => {
  const text = docs(
    corpus(`${PERF}templates/node-default.yaml`),
    corpus(`${PERF}templates/node-with-taint.yaml`),
    corpus(`${PERF}config/templates/node-with-name.yaml`),
    corpus('kubernetes-sigs__kwok/test/kwok/fake-node.yaml'),
  );
  const { cluster, diagnostics } = loadClusterText(text, 'nodes.yaml');
  const byName = new Map(cluster.nodes.map((n) => [n.name, n]));

  it('reads every node, naming generateName-only nodes after their prefix', () => {
    expect(cluster.nodes.map((n) => n.name)).toEqual([
      'scheduler-perf-',
      'taint-node-',
      'scheduler-perf-node',
      'fake-node',
    ]);
  });

  it('takes capacity as allocatable when the node states no allocatable', () => {
    expect(byName.get('scheduler-perf-')?.allocatable).toEqual({ cpu: 4000, memory: 32 * Gi, pods: 110 });
    expect(byName.get('scheduler-perf-node')?.allocatable.pods).toBe(90000);
  });

  it('keeps the taint written without a value', () => {
    expect(byName.get('taint-node-')?.taints).toEqual([{ key: 'foo', effect: 'NoSchedule' }]);
  });

  it('warns at its line that a node without status has no allocatable resources, and assumes 110 pods', () => {
    const fake = byName.get('fake-node');
    expect(fake?.allocatable).toEqual({ pods: 110 });
    expect(fake?.labels['kubernetes.io/hostname']).toBe('fake-node');
    expect(fake?.taints).toEqual([{ key: 'kwok-controller/provider', value: 'fake', effect: 'NoSchedule' }]);
    const warning = diagnostics.find((d) => d.message.includes('no allocatable resources'));
    // The kwok node has no status, so the warning points at the node itself.
    expect(warning).toMatchObject({
      severity: 'warning',
      line: lineOf(text, 'apiVersion: v1', 4),
      file: 'nodes.yaml',
    });
  });

  it('has no errors', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

const node = (name: string, extra = '') => `apiVersion: v1
kind: Node
metadata:
  name: ${name}
${extra}`;

describe('node allocatable', () => {
  it.each([
    {
      name: 'allocatable wins over capacity',
      status:
        'status:\n  capacity: { cpu: "8", memory: 32Gi, pods: "110" }\n  allocatable: { cpu: 7500m, memory: 30Gi, pods: "58" }',
      want: { cpu: 7500, memory: 30 * Gi, pods: 58 },
    },
    {
      name: 'allocatable without pods takes the capacity pod count',
      status: 'status:\n  capacity: { cpu: "8", pods: "29" }\n  allocatable: { cpu: "7" }',
      want: { cpu: 7000, pods: 29 },
    },
    {
      name: 'neither saying pods means 110',
      status: 'status:\n  allocatable: { cpu: "2", nvidia.com/gpu: "1" }',
      want: { cpu: 2000, 'nvidia.com/gpu': 1, pods: 110 },
    },
  ])('$name', ({ status, want }) => {
    const { cluster } = loadClusterText(node('n1', status), 'n.yaml');
    expect(cluster.nodes[0]?.allocatable).toEqual(want);
  });

  it('reads spec.unschedulable', () => {
    const { cluster } = loadClusterText(node('n1', 'spec:\n  unschedulable: true'), 'n.yaml');
    expect(cluster.nodes[0]?.unschedulable).toBe(true);
  });
});

describe('node pool', () => {
  it.each(POOL_LABELS.map((label) => ({ label })))('is read from the $label label', ({ label }) => {
    const { cluster } = loadClusterText(
      node('n1', `  labels:\n    ${label}: pool-a`).replace(
        'metadata:\n  name: n1\n',
        'metadata:\n  name: n1\n',
      ),
      'n.yaml',
    );
    expect(cluster.nodes[0]?.pool).toBe('pool-a');
  });

  it('prefers the node group label over the instance type', () => {
    const text = `apiVersion: v1
kind: Node
metadata:
  name: n1
  labels:
    node.kubernetes.io/instance-type: m6i.xlarge
    eks.amazonaws.com/nodegroup: general
`;
    expect(loadClusterText(text, 'n.yaml').cluster.nodes[0]?.pool).toBe('general');
  });

  it('is absent when no pool label is set', () => {
    expect(loadClusterText(node('n1'), 'n.yaml').cluster.nodes[0]?.pool).toBeUndefined();
  });
});

const kubectlList = `apiVersion: v1
kind: List
items:
- apiVersion: scheduling.k8s.io/v1
  kind: PriorityClass
  metadata: { name: high }
  value: 1000
- apiVersion: scheduling.k8s.io/v1
  kind: PriorityClass
  metadata: { name: everyday }
  value: 10
  globalDefault: true
- apiVersion: v1
  kind: Node
  metadata: { name: node-a, labels: { kubernetes.io/hostname: node-a } }
  status: { allocatable: { cpu: "4", memory: 16Gi, pods: "110" } }
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-5d4f8c7b9-abcde
    namespace: shop
    labels: { app: web, pod-template-hash: 5d4f8c7b9 }
    ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d4f8c7b9, controller: true }]
    creationTimestamp: "2024-05-01T10:00:00Z"
  spec:
    nodeName: node-a
    priorityClassName: high
    containers:
    - name: app
      resources: { requests: { cpu: 250m, memory: 256Mi }, limits: { memory: 512Mi } }
  status: { phase: Running }
- apiVersion: v1
  kind: Pod
  metadata: { name: waiting, namespace: shop }
  spec:
    containers: [{ name: app, resources: { limits: { cpu: "1" } } }]
  status: { phase: Pending }
- apiVersion: v1
  kind: Pod
  metadata: { name: done, namespace: shop }
  spec: { nodeName: node-a, containers: [{ name: app }] }
  status: { phase: Succeeded }
- apiVersion: v1
  kind: Pod
  metadata: { name: lost, namespace: ops }
  spec: { nodeName: node-gone, priority: 5, containers: [{ name: app }] }
  status: { phase: Running }
- apiVersion: v1
  kind: Namespace
  metadata: { name: shop, labels: { team: checkout } }
- apiVersion: v1
  kind: ConfigMap
  metadata: { name: settings, namespace: shop }
`;

describe('a kubectl get -o yaml List', () => {
  const { cluster, diagnostics } = loadClusterText(kubectlList, 'cluster.yaml');
  const pod = (name: string) => [...cluster.pods, ...cluster.pendingPods].find((p) => p.name === name);

  it('puts bound pods in pods, unbound ones in pendingPods, and leaves finished ones out', () => {
    expect(cluster.pods.map((p) => p.key)).toEqual(['shop/web-5d4f8c7b9-abcde', 'ops/lost']);
    expect(cluster.pendingPods.map((p) => p.key)).toEqual(['shop/waiting']);
  });

  it('computes requests from the containers, a limit without a request counting as the request', () => {
    expect(pod('web-5d4f8c7b9-abcde')?.requests).toMatchObject({ cpu: 250, memory: 256 * 1024 ** 2 });
    expect(pod('waiting')?.requests).toMatchObject({ cpu: 1000 });
  });

  it('resolves priority from the class, spec.priority, or the global default', () => {
    expect(pod('web-5d4f8c7b9-abcde')?.priority).toBe(1000);
    expect(pod('lost')?.priority).toBe(5);
    expect(pod('waiting')?.priority).toBe(10);
  });

  it('knows the Deployment behind a ReplicaSet-owned pod and when it was created', () => {
    const web = pod('web-5d4f8c7b9-abcde');
    expect(web?.workload).toEqual({ kind: 'Deployment', name: 'web' });
    expect(web?.createdAt).toBe(Date.parse('2024-05-01T10:00:00Z'));
    expect(web?.nodeName).toBe('node-a');
  });

  it.each([
    {
      name: 'a started pod is ordered by status.startTime, as preemption orders victims',
      metadata: 'creationTimestamp: "2024-05-01T10:00:00Z"',
      status: 'status: { phase: Running, startTime: "2024-05-01T10:03:00Z" }',
      expected: Date.parse('2024-05-01T10:03:00Z'),
    },
    {
      name: 'a pod without a start time falls back to its creation time',
      metadata: 'creationTimestamp: "2024-05-01T10:00:00Z"',
      status: 'status: { phase: Running }',
      expected: Date.parse('2024-05-01T10:00:00Z'),
    },
  ])('$name', ({ metadata, status, expected }) => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Node',
      '  metadata: { name: node-a }',
      '  status: { allocatable: { cpu: "4", memory: 16Gi } }',
      '- apiVersion: v1',
      '  kind: Pod',
      `  metadata: { name: p, namespace: default, ${metadata} }`,
      '  spec: { nodeName: node-a, containers: [{ name: app }] }',
      `  ${status}`,
      '',
    ].join('\n');
    const loaded = loadClusterText(text, 'cluster.yaml');
    expect(loaded.cluster.pods[0]?.createdAt).toBe(expected);
  });

  it('warns at the nodeName line about a pod bound to a node the snapshot does not have', () => {
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        line: lineOf(kubectlList, 'nodeName: node-gone'),
        message: 'Pod ops/lost: pod is bound to node node-gone, which is not in the cluster',
      }),
    );
  });

  it('warns, at the item, that a kind a snapshot does not hold is ignored', () => {
    // The item starts on its apiVersion line, the one before its kind.
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'unsupported-kind',
        line: lineOf(kubectlList, 'kind: ConfigMap') - 1,
      }),
    );
  });

  it('keeps namespace labels, with the name label every namespace carries', () => {
    expect(cluster.namespaces.shop).toEqual({ team: 'checkout', 'kubernetes.io/metadata.name': 'shop' });
    expect(cluster.namespaces.ops).toEqual({ 'kubernetes.io/metadata.name': 'ops' });
  });
});

describe('quotas and limit ranges from the corpus', () => {
  const text = docs(
    node('n1', 'status: { allocatable: { cpu: "1" } }'),
    corpus('kubernetes__website/content/en/examples/admin/resource/quota-mem-cpu.yaml'),
    corpus('kubernetes__website/content/en/examples/policy/priority-class-resourcequota.yaml'),
    corpus('kubernetes__website/content/en/examples/admin/resource/limit-mem-cpu-container.yaml'),
  );
  const { cluster, diagnostics } = loadClusterText(text, 'q.yaml');

  it('parses spec.hard per key: cpu in millicores, memory in bytes', () => {
    expect(cluster.quotas[0]).toMatchObject({
      namespace: 'default',
      name: 'mem-cpu-demo',
      hard: { 'requests.cpu': 1000, 'requests.memory': Gi, 'limits.cpu': 2000, 'limits.memory': 2 * Gi },
      hardText: { 'requests.memory': '1Gi' },
    });
  });

  it('reads a PriorityClass scope selector', () => {
    expect(cluster.quotas[1]).toMatchObject({
      name: 'pods-cluster-services',
      hard: {},
      scopeSelector: [{ scopeName: 'PriorityClass', operator: 'In', values: ['cluster-services'] }],
    });
  });

  it('reads a LimitRange with its Container min, max and defaults', () => {
    expect(cluster.limitRanges[0]?.limits[0]).toMatchObject({
      type: 'Container',
      min: { cpu: 100, memory: 99 * 1024 ** 2 },
      max: { cpu: 800, memory: Gi },
      default: { cpu: 700, memory: 900 * 1024 ** 2 },
      defaultRequest: { cpu: 110, memory: 111 * 1024 ** 2 },
    });
  });

  it('has no errors', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('bad snapshot input is reported at its line', () => {
  it.each([
    {
      name: 'a taint with an unknown effect',
      text: node('n1', 'spec:\n  taints:\n  - key: dedicated\n    effect: NoScheduleX'),
      needle: 'effect: NoScheduleX',
      message:
        'Node n1: taint dedicated has effect "NoScheduleX"; it must be one of NoSchedule, PreferNoSchedule, NoExecute',
    },
    {
      name: 'an allocatable quantity that does not parse',
      text: node('n1', 'status:\n  allocatable:\n    cpu: four'),
      needle: 'cpu: four',
      message: 'Node n1: invalid quantity for cpu',
    },
    {
      name: 'an unknown quota scope',
      text: docs(
        node('n1'),
        'apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: q }\nspec:\n  hard: { pods: "1" }\n  scopes: [Terminating, Sometimes]',
      ),
      needle: 'Sometimes',
      message: 'ResourceQuota q: unknown quota scope "Sometimes"',
    },
    {
      name: 'a priority class without a value',
      text: docs(node('n1'), 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: p\n'),
      needle: 'apiVersion: scheduling.k8s.io/v1',
      message: 'PriorityClass p: priority class needs an integer value',
    },
  ])('$name', ({ text, needle, message }) => {
    const line = lineOf(text, needle);
    const { diagnostics } = loadClusterText(text, 'bad.yaml');
    const found = diagnostics.find((d) => d.severity === 'error' && d.message.startsWith(message));
    expect(found, JSON.stringify(diagnostics)).toBeDefined();
    expect(found?.line).toBe(line);
    expect(found?.file).toBe('bad.yaml');
  });
});
