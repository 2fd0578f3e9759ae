/**
 * Custom-resource workloads through the whole plan, as issue reports put them: a Rollout
 * that cannot fit fails, a kind berth cannot read is named in every format, and pods
 * that request nothing are called out.
 */

import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderText } from '../../src/report/text.ts';
import { deployment, fleet, manifests, planOf } from '../fixtures/plans/build.ts';

/** One node of 3 CPU. */
const small = fleet({ pools: [{ name: 'general', count: 1, cpu: '3', memory: '16Gi' }] });

const rollout = (replicas: number, cpu: string) =>
  manifests({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu } } }] },
      },
      strategy: { canary: { steps: [{ setWeight: 20 }] } },
    },
  });

describe('custom-resource workloads in the plan', () => {
  it('an Argo Rollout of 5 × 2 CPU on a 3-CPU cluster fails: 1 pod fits, 4 do not', () => {
    const plan = planOf({ cluster: small, head: rollout(5, '2'), skipAdvice: true });
    expect(plan.passed).toBe(false);
    expect(plan.summary).toMatchObject({ pods: 5, scheduled: 1, unschedulable: 4 });
    expect(plan.workloads).toEqual([
      expect.objectContaining({
        kind: 'Rollout.argoproj.io',
        name: 'web',
        replicas: { before: 0, after: 5 },
      }),
    ]);
    expect(plan.placements[1]?.reason).toMatch(/Insufficient cpu/);
  });

  it('a Volcano Job is planned as Volcano runs it, not refused as a batch/v1 Job without spec.template', () => {
    const head = manifests({
      apiVersion: 'batch.volcano.sh/v1alpha1',
      kind: 'Job',
      metadata: { name: 'train', namespace: 'ml' },
      spec: {
        minAvailable: 2,
        tasks: [
          {
            name: 'worker',
            replicas: 2,
            template: {
              spec: { containers: [{ name: 'w', image: 'w:1', resources: { requests: { cpu: '1' } } }] },
            },
          },
        ],
      },
    });
    const plan = planOf({ cluster: small, head, skipAdvice: true });
    expect(plan.diagnostics).toEqual([]);
    expect(plan.placements.map((p) => [p.pod, p.status])).toEqual([
      ['train-worker-0', 'scheduled'],
      ['train-worker-1', 'scheduled'],
    ]);
  });

  it('a Volcano Job with a bad field is an error at its line, and not also an "unknown kind"', () => {
    const head = manifests({
      apiVersion: 'batch.volcano.sh/v1alpha1',
      kind: 'Job',
      metadata: { name: 'train', namespace: 'ml' },
      spec: {
        tasks: [
          { name: 'w', replicas: 'two', template: { spec: { containers: [{ name: 'w', image: 'w' }] } } },
        ],
      },
    });
    const plan = planOf({ cluster: small, head, skipAdvice: true, allowDiagnostics: true });
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'spec.tasks[0].replicas must be an integer, not the string "two"',
      }),
    ]);
  });

  it('an unknown workload kind is named as not simulated in text, JSON and Markdown', () => {
    const head = manifests({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'spinner', namespace: 'shop' },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'w', image: 'w:1' }] } } },
    });
    const plan = planOf({ cluster: small, head, skipAdvice: true, allowDiagnostics: true });
    expect(plan.unsimulated).toEqual([
      expect.objectContaining({ kind: 'example.com/Widget', namespace: 'shop', name: 'spinner' }),
    ]);
    // One warning for it, not a second "unknown kind" one.
    expect(plan.diagnostics).toHaveLength(1);
    const phrase = 'not simulated: unknown workload kind example.com/Widget';
    expect(renderText(plan)).toContain(phrase);
    expect(renderText(plan)).toContain('1 object not simulated');
    expect(renderMarkdown(plan)).toContain(phrase);
    expect(renderMarkdown(plan)).toContain('⚠️ 1 object not simulated');
    expect(JSON.parse(renderJson(plan)).unsimulated[0].reason).toContain(
      'unknown workload kind example.com/Widget',
    );
  });
});

describe('pods that request nothing', () => {
  const bare = manifests(deployment({ name: 'idle', namespace: 'shop', replicas: 2 }));

  it('are a warning in every format, and the plan still passes by default', () => {
    const plan = planOf({ cluster: small, head: bare, skipAdvice: true, allowDiagnostics: true });
    expect(plan.passed).toBe(true);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'no-requests', line: 1 }),
    ]);
    const phrase = 'Deployment shop/idle: its containers request no CPU or memory';
    expect(renderText(plan)).toContain(phrase);
    expect(renderMarkdown(plan)).toContain(phrase);
    expect(renderJson(plan)).toContain(phrase);
  });

  it('fail the plan with policy.requireRequests', () => {
    const plan = planOf({
      cluster: small,
      head: bare,
      skipAdvice: true,
      allowDiagnostics: true,
      policy: { requireRequests: true },
    });
    expect(plan.passed).toBe(false);
    expect(plan.policy.results.find((r) => r.rule === 'requireRequests')).toEqual({
      rule: 'requireRequests',
      passed: false,
      message: '1 workload requests no CPU or memory: shop/Deployment/idle',
    });
  });

  it('a workload that requests memory only is not flagged', () => {
    const head = manifests(deployment({ name: 'cache', namespace: 'shop', memory: '1Gi' }));
    const plan = planOf({ cluster: small, head, skipAdvice: true, policy: { requireRequests: true } });
    expect(plan.passed).toBe(true);
  });
});
