/**
 * RuntimeClass admission (plugin/pkg/admission/runtimeclass) as berth applies it to
 * the pods of a change: the class's overhead counts in the pod's requests, its
 * scheduling nodeSelector and tolerations steer the pod, and the plugin's refusals are
 * the API server's words. The clusters are read as a snapshot, a Fleet and a change
 * would bring them.
 */

import { describe, expect, it } from 'vitest';
import { mergeTolerations } from '../../src/admission/runtime-class.ts';
import { loadClusterText } from '../../src/cluster/load.ts';
import type { Toleration } from '../../src/model/k8s.ts';
import type { Plan } from '../../src/plan/types.ts';
import { planOf } from '../fixtures/plans/build.ts';

/** Two nodes: `kata-1` (2 CPUs) only for pods of the kata runtime, `plain-1` (2 CPUs) for the rest. */
const NODES = `
apiVersion: v1
kind: Node
metadata: { name: kata-1, labels: { runtime: kata } }
spec:
  taints: [{ key: runtime, value: kata, effect: NoSchedule }]
status: { allocatable: { cpu: "2", memory: 8Gi, pods: "110" } }
---
apiVersion: v1
kind: Node
metadata: { name: plain-1 }
status: { allocatable: { cpu: "2", memory: 8Gi, pods: "110" } }
`;

const KATA = `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: kata }
handler: kata
overhead:
  podFixed: { cpu: 600m, memory: 128Mi }
scheduling:
  nodeSelector: { runtime: kata }
  tolerations: [{ key: runtime, operator: Equal, value: kata, effect: NoSchedule }]
`;

const GVISOR = `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: gvisor }
handler: runsc
overhead:
  podFixed: { cpu: 250m }
`;

const RUNC = `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: runc }
handler: runc
`;

const SNAPSHOT = [NODES, KATA, GVISOR, RUNC].join('---');

function pod(name: string, cpu: string, extra = ''): string {
  return `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: default }
spec:
${extra}  containers:
  - name: app
    image: app:1
    resources: { requests: { cpu: ${cpu} } }
`;
}

function deployment(name: string, replicas: number, cpu: string, runtimeClassName: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: default }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      runtimeClassName: ${runtimeClassName}
      containers:
      - name: app
        image: app:1
        resources: { requests: { cpu: ${cpu} } }
`;
}

function outcome(plan: Plan): Record<string, string> {
  return Object.fromEntries(
    plan.placements.map((p) => [p.pod, p.node ? `${p.status} on ${p.node}` : `${p.status}: ${p.reason}`]),
  );
}

function plan(cluster: string, head: string): Plan {
  return planOf({ cluster, head, skipAdvice: true, allowDiagnostics: true });
}

describe('a RuntimeClass overhead counts in the pod requests, as kube-scheduler counts it', () => {
  it('two kata pods of 700m that fit on 2 CPUs without the overhead: only one fits with it', () => {
    const result = plan(SNAPSHOT, deployment('sandboxed', 2, '700m', 'kata'));
    expect(outcome(result)).toEqual({
      'sandboxed-1': 'scheduled on kata-1',
      'sandboxed-2':
        "unschedulable: 0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    });
    const placed = result.placements.find((p) => p.pod === 'sandboxed-1');
    expect(placed?.requests).toMatchObject({ cpu: 1300, memory: 128 * 1024 * 1024 });
    expect(result.resources.cluster.requests.after.cpu).toBe(1300);
  });

  it('the class scheduling steers the pod: its nodeSelector and toleration put it on the tainted node only', () => {
    const result = plan(SNAPSHOT, pod('one', '100m', '  runtimeClassName: kata\n'));
    expect(outcome(result)).toEqual({ one: 'scheduled on kata-1' });
  });

  it('a class without scheduling adds its overhead and nothing else', () => {
    const result = plan(SNAPSHOT, pod('g', '1800m', '  runtimeClassName: gvisor\n'));
    expect(outcome(result).g).toMatch(
      /^unschedulable: 0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) had untolerated taint\(s\)\./,
    );
  });

  it('a class without overhead changes nothing in the requests', () => {
    const result = plan(SNAPSHOT, pod('r', '2', '  runtimeClassName: runc\n'));
    expect(outcome(result)).toEqual({ r: 'scheduled on plain-1' });
  });
});

describe("the plugin's refusals, in the API server's words", () => {
  const cases: { name: string; pod: string; reason: string }[] = [
    {
      name: 'a class that does not exist',
      pod: pod('missing', '100m', '  runtimeClassName: firecracker\n'),
      reason: 'pod rejected: RuntimeClass "firecracker" not found',
    },
    {
      name: 'a nodeSelector that contradicts the class',
      pod: pod('conflict', '100m', '  runtimeClassName: kata\n  nodeSelector: { runtime: gvisor }\n'),
      reason:
        'conflict: runtimeClass.scheduling.nodeSelector[runtime] = kata; pod.spec.nodeSelector[runtime] = gvisor',
    },
    {
      name: "an overhead that is not the class's",
      pod: pod('mismatch', '100m', '  runtimeClassName: gvisor\n  overhead: { cpu: 100m }\n'),
      reason: "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead",
    },
    {
      name: 'an overhead without a class',
      pod: pod('own', '100m', '  overhead: { cpu: 100m }\n'),
      reason: 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
    },
    {
      name: 'an overhead with a class that defines none',
      pod: pod('extra', '100m', '  runtimeClassName: runc\n  overhead: { cpu: 100m }\n'),
      reason: 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
    },
  ];
  for (const c of cases) {
    it(`${c.name} is rejected`, () => {
      const result = plan(SNAPSHOT, c.pod);
      expect(result.placements.map((p) => [p.status, p.reason])).toEqual([['rejected', c.reason]]);
    });
  }

  it('the class overhead written in the pod as the class writes it (in another unit) is admitted', () => {
    const result = plan(
      SNAPSHOT,
      pod('same', '100m', '  runtimeClassName: gvisor\n  overhead: { cpu: "0.25" }\n'),
    );
    expect(outcome(result)).toEqual({ same: 'scheduled on plain-1' });
  });

  it('a missing class is also a warning at the field, saying why the pod is rejected', () => {
    const result = plan(SNAPSHOT, pod('missing', '100m', '  runtimeClassName: firecracker\n'));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 6,
        message:
          'RuntimeClass firecracker is in neither the cluster nor the change: the API server rejects the pod',
      }),
    ]);
  });

  it('the Priority plugin runs first: a missing PriorityClass is the reason given', () => {
    const result = plan(
      SNAPSHOT,
      pod('both', '100m', '  runtimeClassName: firecracker\n  priorityClassName: nope\n'),
    );
    expect(result.placements[0]?.reason).toBe('no PriorityClass with name nope was found');
  });

  it('LimitRanger validates before the RuntimeClass validation: its refusal is the one given', () => {
    const limits = `
apiVersion: v1
kind: LimitRange
metadata: { name: max, namespace: default }
spec:
  limits: [{ type: Container, max: { cpu: 500m } }]
`;
    // A limit over the maximum (a request over a defaulted limit would fail validation first).
    const big = pod('big', '600m', '  overhead: { cpu: 100m }\n').replace(
      'requests: { cpu: 600m }',
      'requests: { cpu: 600m }, limits: { cpu: 600m }',
    );
    const result = plan(`${SNAPSHOT}---${limits}`, big);
    expect(result.placements[0]?.reason).toMatch(/^maximum cpu usage per Container is 500m, but /);
  });
});

describe('RuntimeClasses are read wherever the cluster comes from', () => {
  it('a RuntimeClass in the change is used by the workloads beside it', () => {
    const result = plan(NODES, `${KATA}---${pod('one', '1500m', '  runtimeClassName: kata\n')}`);
    expect(outcome(result).one).toMatch(/^unschedulable: 0\/2 nodes are available: 1 Insufficient cpu, /);
  });

  it('a Fleet file lists them under runtimeClasses (kind may be left out)', () => {
    const fleet = `
apiVersion: berth.dev/v1alpha1
kind: Fleet
pools:
- { name: general, count: 1, allocatable: { cpu: "2", memory: 8Gi } }
runtimeClasses:
- metadata: { name: gvisor }
  handler: runsc
  overhead: { podFixed: { cpu: 250m } }
`;
    const loaded = loadClusterText(fleet, 'fleet.yaml');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.cluster.runtimeClasses).toEqual([
      { name: 'gvisor', handler: 'runsc', overhead: { cpu: '250m' } },
    ]);
    const result = plan(fleet, pod('g', '1800m', '  runtimeClassName: gvisor\n'));
    expect(outcome(result).g).toMatch(/^unschedulable: 0\/1 nodes are available: 1 Insufficient cpu\./);
  });

  it('a snapshot reads overhead, nodeSelector and tolerations, and reports a broken class at its line', () => {
    const loaded = loadClusterText(
      `${SNAPSHOT}---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: broken }
handler: Not_A_Label
overhead: { podFixed: { cpu: lots } }
`,
      'cluster.yaml',
    );
    expect(loaded.cluster.runtimeClasses?.map((c) => c.name)).toEqual(['kata', 'gvisor', 'runc']);
    expect(loaded.cluster.runtimeClasses?.[0]).toEqual({
      name: 'kata',
      handler: 'kata',
      overhead: { cpu: '600m', memory: '128Mi' },
      scheduling: {
        nodeSelector: { runtime: 'kata' },
        tolerations: [{ key: 'runtime', operator: 'Equal', value: 'kata', effect: 'NoSchedule' }],
      },
    });
    expect(loaded.diagnostics.map((d) => [d.severity, d.line])).toEqual([
      ['error', 39],
      ['error', 40],
    ]);
  });

  it('pods read from a cluster keep the overhead they were admitted with and are not admitted again', () => {
    const running = `
apiVersion: v1
kind: Pod
metadata: { name: running, namespace: default }
spec:
  nodeName: plain-1
  runtimeClassName: gvisor
  overhead: { cpu: 250m }
  containers: [{ name: app, image: app:1, resources: { requests: { cpu: "1" } } }]
`;
    const loaded = loadClusterText(`${SNAPSHOT}---${running}`, 'cluster.yaml');
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.cluster.pods[0]?.requests.cpu).toBe(1250);
  });
});

describe('mergeTolerations, as pkg/util/tolerations merges them (its test cases)', () => {
  const t: Record<string, Toleration> = {
    all: { operator: 'Exists' },
    'foo-nosched': { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
    'foo-bar-nosched': { key: 'foo', operator: 'Equal', value: 'bar', effect: 'NoSchedule' },
    'foo-baz-nosched': { key: 'foo', operator: 'Equal', value: 'baz', effect: 'NoSchedule' },
    'faz-baz-nosched': { key: 'faz', operator: 'Equal', value: 'baz', effect: 'NoSchedule' },
    'foo-prefnosched': { key: 'foo', operator: 'Exists', effect: 'PreferNoSchedule' },
    'foo-noexec-10': { key: 'foo', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 },
  };
  const cases: { name: string; a: string[]; b: string[]; expected: string[] }[] = [
    {
      name: 'disjoint',
      a: ['foo-bar-nosched', 'faz-baz-nosched', 'foo-noexec-10'],
      b: ['foo-prefnosched', 'foo-baz-nosched'],
      expected: ['foo-bar-nosched', 'faz-baz-nosched', 'foo-noexec-10', 'foo-prefnosched', 'foo-baz-nosched'],
    },
    {
      name: 'duplicate',
      a: ['foo-bar-nosched', 'faz-baz-nosched', 'foo-noexec-10'],
      b: ['foo-bar-nosched', 'faz-baz-nosched', 'foo-noexec-10'],
      expected: ['foo-bar-nosched', 'faz-baz-nosched', 'foo-noexec-10'],
    },
    {
      name: 'merge redundant',
      a: ['foo-bar-nosched', 'foo-baz-nosched'],
      b: ['foo-nosched', 'faz-baz-nosched'],
      expected: ['foo-nosched', 'faz-baz-nosched'],
    },
    {
      name: 'merge all',
      a: ['foo-bar-nosched', 'foo-baz-nosched', 'foo-noexec-10'],
      b: ['all'],
      expected: ['all'],
    },
    {
      name: 'merge into all',
      a: ['all'],
      b: ['foo-bar-nosched', 'foo-baz-nosched', 'foo-noexec-10'],
      expected: ['all'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const of = (names: string[]) => names.map((n) => t[n]!);
      expect(mergeTolerations(of(c.a), of(c.b))).toEqual(of(c.expected));
    });
  }
});
