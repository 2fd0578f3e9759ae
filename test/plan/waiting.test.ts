/**
 * Batch work that waits is not a failure: Job pods (and JobSets, training jobs, Kueue's
 * workloads) that do not fit now but fit the cluster when it is empty wait for capacity on
 * the timeline; only work that can never fit fails the plan.
 */

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

describe('batch work waiting for capacity', () => {
  it('a Job that fits the empty cluster but not the busy one waits on the timeline, for the default hour, and passes', () => {
    const plan = planOf({
      cluster: busy,
      head: manifests(job('load', '2', 2)),
      skipAdvice: true,
      allowDiagnostics: true,
    });
    expect(plan.passed).toBe(true);
    expect(plan.summary).toMatchObject({ pods: 2, scheduled: 0, unschedulable: 0, waiting: 2 });
    expect(plan.placements.map((p) => [p.pod, p.status])).toEqual([
      ['load-1', 'waiting'],
      ['load-2', 'waiting'],
    ]);
    expect(plan.placements[0]?.reason).toMatch(
      /^waiting for capacity: it does not fit now \(0\/1 nodes are available: 1 Insufficient cpu/,
    );
    expect(plan.workloads[0]).toMatchObject({ kind: 'Job', timeline: true });
    expect(plan.timeline?.jobs).toEqual([
      expect.objectContaining({
        namespace: 'etl',
        name: 'load',
        duration: 3600,
        durationAssumed: true,
        pods: 2,
      }),
    ]);
    // The assumption is said, at the Job's line, in every format.
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('the timeline assumes it runs for 1h (timeline.defaultDuration)'),
      }),
    ]);
    for (const out of [renderText(plan), renderMarkdown(plan), renderJson(plan)]) {
      expect(out).toContain('waiting for capacity');
      expect(out).toContain('timeline.defaultDuration');
    }
  });

  it('timeline.defaultDuration sets the duration it is given', () => {
    const defaults = defaultConfig();
    const plan = planOf({
      cluster: busy,
      head: manifests(job('load', '2', 1)),
      skipAdvice: true,
      allowDiagnostics: true,
      config: { timeline: { ...defaults.timeline, defaultDuration: '30m' } },
    });
    expect(plan.timeline?.jobs[0]).toMatchObject({ duration: 1800, durationAssumed: true });
  });

  it('a Job whose pod can never fit, even on the empty cluster, is unschedulable and fails', () => {
    const plan = planOf({ cluster: busy, head: manifests(job('huge', '4', 1)), skipAdvice: true });
    expect(plan.passed).toBe(false);
    expect(plan.summary).toMatchObject({ unschedulable: 1 });
    expect(plan.summary.waiting).toBeUndefined();
    expect(plan.timeline).toBeUndefined();
  });

  it('a Deployment that does not fit is unschedulable, not waiting: it never finishes to make room', () => {
    const head = manifests(deployment({ name: 'web', namespace: 'shop', replicas: 1, cpu: '2' }));
    const plan = planOf({ cluster: busy, head, skipAdvice: true });
    expect(plan.passed).toBe(false);
    expect(plan.placements.map((p) => p.status)).toEqual(['unschedulable']);
  });

  it('a Volcano gang that fits the empty cluster only in part can never run: unschedulable', () => {
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
    // A gang of one: each pod fits the empty node, so the Job waits for capacity.
    const one = planOf({ cluster: busy, head: gang(1), skipAdvice: true, allowDiagnostics: true });
    expect(one.passed).toBe(true);
    expect(one.placements.map((p) => p.status)).toEqual(['waiting', 'waiting']);
  });

  it('the waiting Job holds nothing in the static plan: a Deployment placed after it gets the room', () => {
    const head = manifests(
      job('load', '2', 2),
      deployment({ name: 'small', namespace: 'shop', replicas: 1, cpu: '1' }),
    );
    const plan = planOf({ cluster: busy, head, skipAdvice: true, allowDiagnostics: true });
    expect(plan.placements.map((p) => [p.pod, p.status])).toEqual([
      ['small-1', 'scheduled'],
      ['load-1', 'waiting'],
      ['load-2', 'waiting'],
    ]);
    expect(plan.passed).toBe(true);
  });

  it('Kueue’s sample Job, created suspended with a queue, waits for capacity instead of making no pods', () => {
    const head = manifests({
      ...job('sample', '2', 3, { labels: { 'kueue.x-k8s.io/queue-name': 'user-queue' } }),
      spec: { ...job('sample', '2', 3).spec, suspend: true },
    });
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
});
