/**
 * Batch work that waits is not a failure: Job pods (and JobSets, training jobs, Kueue's
 * workloads) that do not fit now but fit the cluster when it is empty wait for capacity on
 * the timeline; only work that can never fit fails the plan.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/config.ts';
import { renderJson } from '../../src/report/json.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderText } from '../../src/report/text.ts';
import { deployment, fleet, manifests, planOf, runningPod } from '../fixtures/plans/build.ts';

/** One node of 3 CPU, 2 of them held by a running service. */
const busy = fleet({
  pools: [{ name: 'general', count: 1, cpu: '3', memory: '16Gi' }],
  pods: [runningPod({ name: 'api', namespace: 'shop', node: 'general-1', cpu: '2', memory: '1Gi' })],
});

const job = (name: string, cpu: string, parallelism: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'etl', ...extra },
  spec: {
    parallelism,
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'main', image: 'etl:1', resources: { requests: { cpu, memory: '1Gi' } } }],
      },
    },
  },
});

/** One node of 4 CPU, nothing running. */
const idle = fleet({ pools: [{ name: 'general', count: 1, cpu: '4', memory: '16Gi' }] });

describe('batch work waiting for capacity', () => {
  it('a Job that does not fit beside another waits for it on the timeline, each for the default hour, and passes', () => {
    // first takes 3 of the 4 CPU; second needs 2: it fits the empty node, not the busy one.
    const plan = planOf({
      cluster: idle,
      head: manifests(job('first', '3', 1), job('second', '2', 1)),
      skipAdvice: true,
      allowDiagnostics: true,
    });
    expect(plan.passed).toBe(true);
    expect(plan.summary).toMatchObject({ pods: 1, scheduled: 0, unschedulable: 0, waiting: 1 });
    expect(plan.placements.map((p) => [p.pod, p.status])).toEqual([['second-1', 'waiting']]);
    expect(plan.placements[0]?.reason).toMatch(
      /^waiting for capacity: it does not fit now \(0\/1 nodes are available: 1 Insufficient cpu/,
    );
    expect(plan.workloads.map((w) => [w.name, w.timeline])).toEqual([
      ['first', true],
      ['second', true],
    ]);
    // On the timeline, second starts when first finishes.
    expect(plan.timeline?.jobs.map((j) => [j.name, j.start, j.duration, j.durationAssumed])).toEqual([
      ['first', 0, 3600, true],
      ['second', 3600, 3600, true],
    ]);
    // The assumption is said, at each Job's line, in every format.
    expect(plan.diagnostics.map((d) => [d.severity, d.line])).toEqual([
      ['warning', 3],
      ['warning', 21],
    ]);
    for (const out of [renderText(plan), renderMarkdown(plan), renderJson(plan)]) {
      expect(out).toContain('waiting for capacity');
      expect(out).toContain('the timeline assumes it runs for 1h (timeline.defaultDuration)');
    }
  });

  it('timeline.defaultDuration sets the duration it is given', () => {
    const defaults = defaultConfig();
    const plan = planOf({
      cluster: idle,
      head: manifests(job('first', '3', 1), job('second', '2', 1)),
      skipAdvice: true,
      allowDiagnostics: true,
      config: { timeline: { ...defaults.timeline, defaultDuration: '30m' } },
    });
    expect(plan.timeline?.jobs.map((j) => [j.name, j.start, j.duration])).toEqual([
      ['first', 0, 1800],
      ['second', 1800, 1800],
    ]);
  });

  it('a Job whose pods can never run together, even on the empty cluster, is unschedulable and fails', () => {
    const plan = planOf({ cluster: busy, head: manifests(job('wide', '2', 2)), skipAdvice: true });
    expect(plan.passed).toBe(false);
    expect(plan.summary).toMatchObject({ unschedulable: 2 });
    expect(plan.summary.waiting).toBeUndefined();
    expect(plan.timeline).toBeUndefined();
  });

  it('a Deployment that does not fit is unschedulable, not waiting: it never finishes to make room', () => {
    const head = manifests(deployment({ name: 'web', namespace: 'shop', replicas: 1, cpu: '2' }));
    const plan = planOf({ cluster: busy, head, skipAdvice: true });
    expect(plan.passed).toBe(false);
    expect(plan.placements.map((p) => p.status)).toEqual(['unschedulable']);
  });

  it('a Volcano gang that can never fit together holds no node and fails; a gang of one waits', () => {
    const gang = (minAvailable: number) =>
      manifests({
        apiVersion: 'batch.volcano.sh/v1alpha1',
        kind: 'Job',
        metadata: { name: 'train', namespace: 'ml' },
        spec: {
          minAvailable,
          tasks: [
            {
              name: 'worker',
              replicas: 2,
              template: {
                spec: { containers: [{ name: 'w', image: 'w:1', resources: { requests: { cpu: '2' } } }] },
              },
            },
          ],
        },
      });
    // 2 × 2 CPU together on a 3-CPU node: never. None of its pods may hold a node.
    const never = planOf({ cluster: busy, head: gang(2), skipAdvice: true });
    expect(never.passed).toBe(false);
    expect(never.placements.map((p) => [p.pod, p.status])).toEqual([
      ['train-worker-0', 'unschedulable'],
      ['train-worker-1', 'unschedulable'],
    ]);
    expect(never.placements[0]?.reason).toMatch(/^its gang of 2 pods \(minAvailable\) never fits together/);
  });

  it('waiting batch work holds nothing in the static plan: a Deployment gets the room', () => {
    const head = manifests(
      job('first', '3', 1),
      job('second', '2', 1),
      deployment({ name: 'small', namespace: 'shop', replicas: 1, cpu: '1' }),
    );
    const plan = planOf({ cluster: idle, head, skipAdvice: true, allowDiagnostics: true });
    expect(plan.placements.map((p) => [p.pod, p.status])).toEqual([
      ['small-1', 'scheduled'],
      ['second-1', 'waiting'],
    ]);
    expect(plan.passed).toBe(true);
  });

  it('Kueue’s sample Job, created suspended with a queue, waits for capacity instead of making no pods', () => {
    const queued = job('sample', '1', 3, { labels: { 'kueue.x-k8s.io/queue-name': 'user-queue' } });
    const head = manifests({ ...queued, spec: { ...queued.spec, suspend: true } });
    const plan = planOf({ cluster: busy, head, skipAdvice: true, allowDiagnostics: true });
    expect(plan.summary).toMatchObject({ pods: 3, waiting: 3 });
    expect(plan.passed).toBe(true);
  });

  it('a PyTorchJob on the timeline counts its workers’ GPUs, not only its master’s requests', () => {
    const container = (requests: Record<string, string | number>) => ({
      containers: [{ name: 'pytorch', image: 'torch:1', resources: { requests, limits: requests } }],
    });
    const head = manifests({
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: { name: 'train', namespace: 'ml', annotations: { 'berth.dev/expected-duration': '2h' } },
      spec: {
        pytorchReplicaSpecs: {
          Master: { replicas: 1, template: { spec: container({ cpu: '1', memory: '1Gi' }) } },
          Worker: {
            replicas: 1,
            template: { spec: container({ cpu: '1', memory: '1Gi', 'nvidia.com/gpu': 1 }) },
          },
        },
      },
    });
    const roomy = fleet({ pools: [{ name: 'cpu', count: 2, cpu: '8', memory: '32Gi' }] });
    const plan = planOf({ cluster: roomy, head, skipAdvice: true, allowDiagnostics: true });
    // No node has a GPU: the job can never start, though two of its master would fit.
    expect(plan.timeline?.jobs[0]).toMatchObject({
      name: 'train',
      kind: 'PyTorchJob.kubeflow.org',
      start: null,
      pods: 2,
    });
  });

  it('Volcano’s example Job (6 × 1 CPU, minAvailable 3) on 3 CPU waits, and starts on the timeline with its gang of 3', () => {
    const head = readFileSync(
      path.resolve(import.meta.dirname, '../fixtures/workload-kinds/volcano-sh__volcano/example/job.yaml'),
      'utf8',
    );
    const three = fleet({ pools: [{ name: 'general', count: 1, cpu: '3', memory: '16Gi' }] });
    const plan = planOf({ cluster: three, head, skipAdvice: true, allowDiagnostics: true });
    expect(plan.passed).toBe(true);
    expect(plan.summary).toMatchObject({ pods: 6, waiting: 6 });
    expect(plan.timeline?.jobs).toEqual([
      expect.objectContaining({
        name: 'test-job',
        kind: 'Job.batch.volcano.sh',
        pods: 3,
        start: 0,
        duration: 3600,
      }),
    ]);
  });
});
