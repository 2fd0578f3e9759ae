import { describe, expect, it } from 'vitest';
import { loadClusterText } from '../../src/cluster/load.ts';
import { lineOf } from './lines.ts';

const Gi = 1024 ** 3;

const example = `apiVersion: berth.dev/v1alpha1
kind: Fleet
region: eu-west-1
pools:
  - name: general
    count: 4
    allocatable: { cpu: "4", memory: 16Gi }
    labels: { node.kubernetes.io/instance-type: m6i.xlarge }
    zones: [eu-west-1a, eu-west-1b, eu-west-1c]
  - name: gpu
    count: 1
    allocatable: { cpu: "8", memory: 64Gi, pods: 58, nvidia.com/gpu: 1 }
    taints: [{ key: dedicated, value: gpu, effect: NoSchedule }]
    region: us-east-1
priorityClasses:
  - metadata: { name: batch }
    value: 100
resourceQuotas:
  - metadata: { name: team-a, namespace: team-a }
    spec: { hard: { requests.cpu: "2" } }
pods:
  - metadata: { name: cache-0, namespace: team-a }
    spec:
      nodeName: general-2
      priorityClassName: batch
      containers: [{ name: redis, resources: { requests: { cpu: 500m, memory: 1Gi } } }]
`;

describe('a fleet file', () => {
  const { cluster, diagnostics } = loadClusterText(example, 'fleet.yaml');
  const node = (name: string) => cluster.nodes.find((n) => n.name === name);

  it('has no diagnostics', () => {
    expect(diagnostics).toEqual([]);
  });

  it('names nodes <pool>-<n> from 1', () => {
    expect(cluster.nodes.map((n) => n.name)).toEqual([
      'general-1',
      'general-2',
      'general-3',
      'general-4',
      'gpu-1',
    ]);
  });

  it('spreads a pool over its zones round-robin', () => {
    expect(cluster.nodes.map((n) => n.labels['topology.kubernetes.io/zone'])).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
      'eu-west-1a',
      undefined,
    ]);
  });

  it('labels every node with hostname, os, pool and region, keeping the pool labels', () => {
    expect(node('general-1')?.labels).toEqual({
      'kubernetes.io/hostname': 'general-1',
      'kubernetes.io/os': 'linux',
      'berth.dev/pool': 'general',
      'node.kubernetes.io/instance-type': 'm6i.xlarge',
      'topology.kubernetes.io/zone': 'eu-west-1a',
      'topology.kubernetes.io/region': 'eu-west-1',
    });
    expect(node('gpu-1')?.labels['topology.kubernetes.io/region']).toBe('us-east-1');
  });

  it('gives each node the pool allocatable, 110 pods unless said otherwise', () => {
    expect(node('general-3')?.allocatable).toEqual({ cpu: 4000, memory: 16 * Gi, pods: 110 });
    expect(node('gpu-1')?.allocatable).toEqual({ cpu: 8000, memory: 64 * Gi, pods: 58, 'nvidia.com/gpu': 1 });
  });

  it('puts the pool taints and name on its nodes', () => {
    expect(node('gpu-1')).toMatchObject({
      pool: 'gpu',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      unschedulable: false,
    });
  });

  it('reads existing pods, quotas and priority classes written without kind', () => {
    expect(cluster.pods).toHaveLength(1);
    expect(cluster.pods[0]).toMatchObject({ key: 'team-a/cache-0', nodeName: 'general-2', priority: 100 });
    expect(cluster.pods[0]?.requests).toMatchObject({ cpu: 500, memory: Gi });
    expect(cluster.quotas[0]).toMatchObject({
      namespace: 'team-a',
      name: 'team-a',
      hard: { 'requests.cpu': 2000 },
    });
  });
});

const fleet = (pools: string, extra = '') => `apiVersion: berth.dev/v1alpha1
kind: Fleet
pools:
${pools}${extra}`;

describe('fleet validation points at the line at fault', () => {
  it.each([
    {
      name: 'an unknown top-level key is a warning',
      text: fleet('  - { name: a, count: 1, allocatable: { cpu: "1" } }\n', 'pool: oops\n'),
      needle: 'pool: oops',
      severity: 'warning',
      message: 'unknown key "pool" in the fleet is ignored',
    },
    {
      name: 'an unknown pool key is a warning',
      text: fleet('  - name: a\n    count: 1\n    allocatable: { cpu: "1" }\n    zone: [x]\n'),
      needle: 'zone: [x]',
      severity: 'warning',
      message: 'unknown key "zone" in a pool is ignored',
    },
    {
      name: 'a count of zero',
      text: fleet('  - name: a\n    count: 0\n    allocatable: { cpu: "1" }\n'),
      needle: 'count: 0',
      severity: 'error',
      message: 'pool a: count must be a positive integer, found 0',
    },
    {
      name: 'a fractional count',
      text: fleet('  - name: a\n    count: 2.5\n    allocatable: { cpu: "1" }\n'),
      needle: 'count: 2.5',
      severity: 'error',
      message: 'pool a: count must be a positive integer, found 2.5',
    },
    {
      name: 'a count written as text',
      text: fleet('  - name: a\n    count: "3"\n    allocatable: { cpu: "1" }\n'),
      needle: 'count: "3"',
      severity: 'error',
      message: 'pool a: count must be a positive integer, found "3"',
    },
    {
      name: 'a bad quantity',
      text: fleet('  - name: a\n    count: 1\n    allocatable:\n      cpu: "1"\n      memory: 16GB\n'),
      needle: 'memory: 16GB',
      severity: 'error',
      message: 'pool a: invalid quantity for memory',
    },
    {
      name: 'a bad taint effect',
      text: fleet(
        '  - name: a\n    count: 1\n    allocatable: { cpu: "1" }\n    taints:\n      - key: k\n        effect: NoExecuteNow\n',
      ),
      needle: 'effect: NoExecuteNow',
      severity: 'error',
      message:
        'pool a: taint k has effect "NoExecuteNow"; it must be one of NoSchedule, PreferNoSchedule, NoExecute',
    },
    {
      name: 'a duplicate pool name',
      text: fleet(
        '  - name: a\n    count: 1\n    allocatable: { cpu: "1" }\n  - name: a\n    count: 2\n    allocatable: { cpu: "1" }\n',
      ),
      needle: 'name: a',
      nth: 2,
      severity: 'error',
      message: 'pool name a is used twice (first at pools[0]); pool names must be unique',
    },
    {
      name: 'a pool without allocatable',
      text: fleet('  - name: a\n    count: 1\n'),
      needle: 'name: a',
      severity: 'error',
      message: 'pool a: allocatable is required',
    },
    {
      name: 'a pool name that cannot make node names',
      text: fleet('  - name: General_Pool\n    count: 1\n    allocatable: { cpu: "1" }\n'),
      needle: 'General_Pool',
      severity: 'error',
      message: 'pool name "General_Pool" must be lower case letters',
    },
    {
      name: 'more than 10,000 nodes in all',
      text: fleet(
        '  - name: a\n    count: 6000\n    allocatable: { cpu: "1" }\n  - name: b\n    count: 5000\n    allocatable: { cpu: "1" }\n',
      ),
      needle: 'count: 5000',
      severity: 'error',
      message: 'fleet has 11,000 nodes up to pool b, over the limit of 10,000',
    },
    {
      name: 'no pools',
      text: 'apiVersion: berth.dev/v1alpha1\nkind: Fleet\npools: []\n',
      needle: 'pools: []',
      severity: 'error',
      message: 'a fleet needs pools',
    },
    {
      name: 'a label value that is not a string',
      text: fleet('  - name: a\n    count: 1\n    allocatable: { cpu: "1" }\n    labels:\n      tier: 1\n'),
      needle: 'tier: 1',
      severity: 'error',
      message: 'pool a: label tier must be a string; quote it: "1"',
    },
  ])('$name', ({ text, needle, nth, severity, message }) => {
    const { diagnostics } = loadClusterText(text, 'fleet.yaml');
    const found = diagnostics.find((d) => d.message.startsWith(message));
    expect(found, JSON.stringify(diagnostics)).toBeDefined();
    expect(found).toMatchObject({ file: 'fleet.yaml', line: lineOf(text, needle, nth), severity });
  });

  it('keeps the pools before the node limit and leaves out the ones after it', () => {
    const text = fleet(
      '  - name: a\n    count: 6000\n    allocatable: { cpu: "1" }\n  - name: b\n    count: 5000\n    allocatable: { cpu: "1" }\n',
    );
    const { cluster } = loadClusterText(text, 'fleet.yaml');
    expect(cluster.nodes).toHaveLength(6000);
    expect(cluster.nodes.every((n) => n.pool === 'a')).toBe(true);
  });

  it('still builds the valid pools when one pool is invalid', () => {
    const text = fleet(
      '  - name: a\n    count: 0\n    allocatable: { cpu: "1" }\n  - name: b\n    count: 2\n    allocatable: { cpu: "1" }\n',
    );
    expect(loadClusterText(text, 'fleet.yaml').cluster.nodes.map((n) => n.name)).toEqual(['b-1', 'b-2']);
  });
});

describe('resource names in a pool, as Kubernetes accepts them', () => {
  const fleet = (allocatable: string) =>
    `apiVersion: berth.dev/v1alpha1\nkind: Fleet\npools:\n  - name: small\n    count: 1\n    allocatable: { cpu: "1", memory: 1Gi }\n  - name: general\n    count: 2\n    allocatable:\n${allocatable}`;

  it('a misspelt memory is an error at its line, naming what was meant, and the pool makes no nodes', () => {
    const text = fleet('      cpu: "4"\n      memroy: 14966Mi\n');
    const { cluster, diagnostics } = loadClusterText(text, 'fleet.yaml');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: lineOf(text, 'memroy'),
        severity: 'error',
        message:
          'pool general: allocatable "memroy" is not a resource a node offers or a pod can request: Kubernetes takes cpu, memory, ephemeral-storage, pods, hugepages-<size> and domain-qualified extended resources (example.com/gpu); did you mean "memory"?',
      }),
    ]);
    expect(cluster.nodes.map((n) => n.name)).toEqual(['small-1']);
  });

  it.each([
    'cpu',
    'memory',
    'ephemeral-storage',
    'pods',
    'hugepages-2Mi',
    'nvidia.com/gpu',
    'example.com/fpga',
  ])('%s is accepted', (name) => {
    const { diagnostics } = loadClusterText(fleet(`      ${name}: "2"\n`), 'fleet.yaml');
    expect(diagnostics).toEqual([]);
  });

  it.each([
    ['a name without a domain', 'gpu'],
    ['a quota name', 'requests.cpu'],
    ['a name that is not a qualified name', 'example.com/-gpu-'],
  ])('%s is an error', (_, name) => {
    const { diagnostics } = loadClusterText(fleet(`      ${name}: "2"\n`), 'fleet.yaml');
    expect(diagnostics.map((d) => d.severity)).toEqual(['error']);
  });
});
