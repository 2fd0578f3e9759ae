/**
 * Kueue's quotas decide when the jobs it manages start on the timeline: Kueue's own
 * single-ClusterQueue example (9 CPU, 36Gi nominal; test/fixtures/workload-kinds) and
 * cohorts that lend unused quota.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fleet, manifests, planOf } from '../fixtures/plans/build.ts';

const setup = readFileSync(
  path.resolve(
    import.meta.dirname,
    '../fixtures/workload-kinds/kubernetes-sigs__kueue/site/static/examples/admin/single-clusterqueue-setup.yaml',
  ),
  'utf8',
);

/** Plenty of nodes: only the quota can hold a job back. */
const roomy = fleet({ pools: [{ name: 'general', count: 4, cpu: '16', memory: '64Gi' }] });

const job = (name: string, pods: number, cpu: string, queue = 'user-queue', namespace = 'default') => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name,
    namespace,
    labels: { 'kueue.x-k8s.io/queue-name': queue },
    annotations: { 'berth.dev/expected-duration': '1h' },
  },
  spec: {
    parallelism: pods,
    suspend: true,
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'main', image: 'x:1', resources: { requests: { cpu, memory: '1Gi' } } }],
      },
    },
  },
});

const starts = (plan: ReturnType<typeof planOf>) =>
  Object.fromEntries((plan.timeline?.jobs ?? []).map((j) => [j.name, j.start]));

describe('Kueue quotas on the timeline', () => {
  it('a job that would take the ClusterQueue past its 9 CPU waits until the first finishes', () => {
    const head = `${setup}---\n${manifests(job('a', 3, '2'), job('b', 2, '2'))}`;
    const plan = planOf({ cluster: roomy, head, skipAdvice: true, allowDiagnostics: true });
    // a takes 6 of the 9 CPU; b needs 4 more: it starts when a finishes, after an hour.
    expect(starts(plan)).toEqual({ a: 0, b: 3600 });
  });

  it('without the ClusterQueue among the manifests, no quota holds it back, and a warning says so', () => {
    const head = manifests(job('a', 3, '2'), job('b', 2, '2'));
    const plan = planOf({ cluster: roomy, head, skipAdvice: true, allowDiagnostics: true });
    expect(starts(plan)).toEqual({ a: 0, b: 0 });
    expect(plan.diagnostics.map((d) => d.message)).toContainEqual(
      expect.stringContaining(
        'LocalQueue default/user-queue is neither among the manifests nor in the cluster snapshot',
      ),
    );
  });

  it('a job larger than the whole quota is never admitted, and the timeline says why', () => {
    const head = `${setup}---\n${manifests(job('big', 5, '2'))}`;
    const plan = planOf({ cluster: roomy, head, skipAdvice: true, allowDiagnostics: true });
    expect(plan.timeline?.jobs[0]).toMatchObject({
      name: 'big',
      start: null,
      status: 'not-started',
      reason: 'Kueue never admits it: ClusterQueue cluster-queue has too little cpu quota left',
    });
  });

  it('a ClusterQueue borrows what its cohort leaves unused, up to its borrowingLimit', () => {
    const queues = (borrowingLimit?: number) =>
      manifests(
        ...['a', 'b'].flatMap((team) => [
          {
            apiVersion: 'kueue.x-k8s.io/v1beta1',
            kind: 'ClusterQueue',
            metadata: { name: `cq-${team}` },
            spec: {
              cohort: 'research',
              resourceGroups: [
                {
                  coveredResources: ['cpu', 'memory'],
                  flavors: [
                    {
                      name: 'default-flavor',
                      resources: [
                        {
                          name: 'cpu',
                          nominalQuota: 4,
                          ...(borrowingLimit === undefined ? {} : { borrowingLimit }),
                        },
                        { name: 'memory', nominalQuota: '64Gi' },
                      ],
                    },
                  ],
                },
              ],
            },
          },
          {
            apiVersion: 'kueue.x-k8s.io/v1beta1',
            kind: 'LocalQueue',
            metadata: { name: `lq-${team}`, namespace: 'default' },
            spec: { clusterQueue: `cq-${team}` },
          },
        ]),
      );
    const borrow = planOf({
      cluster: roomy,
      head: `${queues()}---\n${manifests(job('wide', 3, '2', 'lq-a'))}`,
      skipAdvice: true,
      allowDiagnostics: true,
    });
    // 6 CPU on a ClusterQueue of 4: it borrows 2 of cq-b's unused 4.
    expect(starts(borrow)).toEqual({ wide: 0 });
    const capped = planOf({
      cluster: roomy,
      head: `${queues(1)}---\n${manifests(job('wide', 3, '2', 'lq-a'))}`,
      skipAdvice: true,
      allowDiagnostics: true,
    });
    expect(starts(capped)).toEqual({ wide: null });
  });

  it('reads the ClusterQueue and LocalQueue from the cluster snapshot when the manifests have none', () => {
    const node = (name: string) =>
      manifests({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name },
        status: { allocatable: { cpu: '16', memory: '64Gi', pods: '110' } },
      });
    const cluster = [node('n1'), node('n2'), setup].join('---\n');
    const plan = planOf({
      cluster,
      head: manifests(job('a', 3, '2'), job('b', 2, '2')),
      skipAdvice: true,
      allowDiagnostics: true,
    });
    expect(starts(plan)).toEqual({ a: 0, b: 3600 });
  });
});
