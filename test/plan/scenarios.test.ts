import { describe, expect, it } from 'vitest';
import { deployment, fleet, manifests, planOf, priorityClass, runningPod } from '../fixtures/plans/build.ts';

const GiB = 1024 ** 3;

/** Two web pods already running (matched to the Deployment by its selector) and one unrelated pod. */
const cluster = fleet({
  pools: [{ name: 'general', count: 2, cpu: '4', memory: '8Gi' }],
  pods: [
    runningPod({
      name: 'web-a',
      namespace: 'shop',
      node: 'general-1',
      cpu: '1',
      memory: '1Gi',
      labels: { app: 'web' },
    }),
    runningPod({
      name: 'web-b',
      namespace: 'shop',
      node: 'general-2',
      cpu: '1',
      memory: '1Gi',
      labels: { app: 'web' },
    }),
    runningPod({ name: 'db', namespace: 'shop', node: 'general-1', cpu: '2', memory: '4Gi' }),
  ],
});
const web = (replicas: number, cpu = '1', image = 'web:1') =>
  deployment({ name: 'web', namespace: 'shop', replicas, cpu, memory: '1Gi', image });

describe('the plan pipeline, end to end', () => {
  it('a changed Deployment replaces its running pods instead of adding to them', () => {
    const plan = planOf({ cluster, base: manifests(web(2)), head: manifests(web(3)) });
    expect(plan.summary).toMatchObject({ pods: 3, scheduled: 3, unschedulable: 0 });
    // Before: web-a, web-b and db = 4 cpu. After: db and three new web pods = 5 cpu, not 7.
    expect(plan.resources.cluster.requests.before.cpu).toBe(4000);
    expect(plan.resources.cluster.requests.after.cpu).toBe(5000);
    expect(plan.nodes.reduce((n, node) => n + node.pods.after, 0)).toBe(4);
  });

  it('an unchanged Deployment schedules nothing and changes nothing', () => {
    const plan = planOf({ cluster, base: manifests(web(2)), head: manifests(web(2)) });
    expect(plan.summary.pods).toBe(0);
    expect(plan.workloads.map((w) => w.change)).toEqual(['unchanged']);
    expect(plan.diff).toEqual([]);
    expect(plan.resources.cluster.requests.before).toEqual(plan.resources.cluster.requests.after);
    expect(plan.passed).toBe(true);
  });

  it('a removed Deployment frees what its pods requested', () => {
    const plan = planOf({ cluster, base: manifests(web(2)), head: '' });
    expect(plan.workloads).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'web',
        change: 'removed',
        replicas: { before: 2, after: 0 },
      }),
    ]);
    expect(plan.resources.cluster.requests.after).toEqual({ cpu: 2000, memory: 4 * GiB });
    expect(plan.diff.map((d) => [d.change, d.kind, d.name])).toEqual([['removed', 'Deployment', 'web']]);
  });

  it('without a base every workload counts as added', () => {
    const plan = planOf({ cluster, head: manifests(web(1)) });
    expect(plan.workloads.map((w) => w.change)).toEqual(['added']);
    // The running web pods still belong to it and are replaced: 2 (db) + 1 (web) cpu.
    expect(plan.resources.cluster.requests.after.cpu).toBe(3000);
  });

  it('a request grown past the nodes leaves the extra replicas unplaced, each with the upstream reason', () => {
    // Node 1 holds db (2 cpu): 2 cpu free. Node 2 is empty after the web pods go: 4 cpu. 3-cpu pods: one fits.
    const plan = planOf({ cluster, base: manifests(web(2)), head: manifests(web(2, '3')) });
    expect(plan.summary).toMatchObject({ scheduled: 1, unschedulable: 1 });
    const unplaced = plan.placements.find((p) => p.status === 'unschedulable')!;
    expect(unplaced.reason).toMatch(/^0\/2 nodes are available: 2 Insufficient cpu\./);
    expect(unplaced.source).toEqual({ file: 'head.yaml', line: 1 });
    expect(plan.passed).toBe(false);
  });

  it('a preempting pod names its victims, and the node after the change no longer counts them', () => {
    const plan = planOf({
      cluster: fleet({
        pools: [{ name: 'general', count: 1, cpu: '4', memory: '8Gi' }],
        priorityClasses: [priorityClass('low', 10), priorityClass('high', 1000)],
        pods: [
          runningPod({
            name: 'batch',
            namespace: 'jobs',
            node: 'general-1',
            cpu: '3',
            priorityClassName: 'low',
          }),
        ],
      }),
      head: manifests(deployment({ name: 'api', namespace: 'shop', cpu: '2', priorityClassName: 'high' })),
    });
    expect(plan.summary.preempted).toBe(1);
    expect(plan.placements[0]).toMatchObject({ node: 'general-1', victims: ['jobs/batch'] });
    expect(plan.nodes[0]!.requested).toEqual({ before: { cpu: 3000 }, after: { cpu: 2000 } });
  });
});
