import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { type ExpandContext, expandWorkloads } from '../../src/workloads/expand.ts';
import { fleet, planOf } from '../fixtures/plans/build.ts';
import { node, objects } from './builders.ts';

/**
 * One field of a pull request must not make berth allocate without bound: a workload
 * past the pod limits is an error at the field that asks for the pods, and takes no
 * part in the plan.
 */

const empty: ExpandContext = { nodes: [], limitRanges: [], priorityClasses: [] };

const TEMPLATE = [
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: main',
  '        image: registry.example/main:1',
];

function deployment(name: string, replicas: number): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  selector: {}',
    `  replicas: ${replicas}`,
    ...TEMPLATE,
  ].join('\n');
}

describe('pod limits', () => {
  it.each([
    [1_000_000, 'a million replicas (once a RangeError from spreading them into push)'],
    [1_000_000_000, 'a billion replicas (once gigabytes of pod plans)'],
  ])('%i replicas: %s is an error at the replicas line, with no pods', (replicas) => {
    const result = expandWorkloads(
      objects(`${deployment('web', 2)}\n---\n${deployment('huge', replicas)}`),
      empty,
    );
    expect(result.pods.map((p) => p.name)).toEqual(['web-1', 'web-2']);
    expect(result.workloads.map((w) => w.name)).toEqual(['web']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        file: 'manifests.yaml',
        line: 20,
        severity: 'error',
        code: 'too-many-pods',
        message: `spec.replicas: ${replicas} pods is more than berth plans for one workload (limits.maxPodsPerWorkload: 100000); the workload is left out of the plan`,
      }),
    ]);
  });

  it('counts the whole plan: the workload that would pass maxPods is refused at its line, the earlier ones stay', () => {
    const text = ['a', 'b', 'c'].map((n) => deployment(n, 40)).join('\n---\n');
    const result = expandWorkloads(objects(text), { ...empty, limits: { maxPods: 100 } });
    expect(result.workloads.map((w) => w.name)).toEqual(['a', 'b']);
    expect(result.pods).toHaveLength(80);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        line: 33,
        code: 'too-many-pods',
        message:
          'spec.replicas: 40 more pods would take the plan past limits.maxPods (100, 80 planned before this workload); the workload is left out of the plan',
      }),
    ]);
  });

  it.each([
    ['parallelism', 'parallelism: 500', 'completions: 900', 6],
    ['completions', 'parallelism: 900', 'completions: 500', 7],
  ])('a Job points at %s, the smaller of the two, which asks for the pods', (field, first, second, line) => {
    const job = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: batch',
      'spec:',
      `  ${first}`,
      `  ${second}`,
      ...TEMPLATE,
      '      restartPolicy: Never',
    ].join('\n');
    const result = expandWorkloads(objects(job), { ...empty, limits: { maxPodsPerWorkload: 100 } });
    expect(result.pods).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        line,
        code: 'too-many-pods',
        message: expect.stringMatching(`^spec.${field}: 500 pods`),
      }),
    ]);
  });

  it('a DaemonSet counts one pod per node it runs on', () => {
    const ds = [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata:',
      '  name: agent',
      'spec:',
      '  selector: {}',
      ...TEMPLATE,
    ].join('\n');
    const nodes = ['a', 'b', 'c'].map((n) => node(n).obj());
    const capped = expandWorkloads(objects(ds), { ...empty, nodes, limits: { maxPodsPerWorkload: 2 } });
    expect(capped.pods).toEqual([]);
    expect(capped.diagnostics).toEqual([expect.objectContaining({ line: 7, code: 'too-many-pods' })]);
    expect(expandWorkloads(objects(ds), { ...empty, nodes }).pods).toHaveLength(3);
  });

  it('a plan with a capped workload fails the input rule and names the file and line; the rest is planned', () => {
    const { config } = parseConfig('limits:\n  maxPodsPerWorkload: 10\n', '.github/berth.yml');
    const plan = planOf({
      cluster: fleet({ pools: [{ name: 'general', count: 2, cpu: '4', memory: '16Gi' }] }),
      head: `${deployment('web', 2)}\n---\n${deployment('huge', 11)}`,
      config,
      allowDiagnostics: true,
    });
    expect(plan.summary.pods).toBe(2);
    // Its template requests nothing, which is a warning of its own.
    expect(plan.diagnostics.filter((d) => d.code !== 'no-requests')).toEqual([
      expect.objectContaining({ file: 'head.yaml', line: 20, code: 'too-many-pods', severity: 'error' }),
    ]);
    expect(plan.passed).toBe(false);
    expect(plan.policy.results.find((r) => r.rule === 'inputErrors')?.passed).toBe(false);
  });

  it('with a base, a workload refused in the head is not planned and what runs stays unchanged, not removed', () => {
    const { config } = parseConfig('limits:\n  maxPodsPerWorkload: 10\n', '.github/berth.yml');
    const plan = planOf({
      cluster: fleet({ pools: [{ name: 'general', count: 2, cpu: '4', memory: '16Gi' }] }),
      base: deployment('huge', 3),
      head: deployment('huge', 11),
      config,
      allowDiagnostics: true,
    });
    expect(plan.workloads).toEqual([expect.objectContaining({ name: 'huge', change: 'unchanged' })]);
    expect(plan.summary.pods).toBe(0);
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({ file: 'head.yaml', line: 7, code: 'too-many-pods' }),
    ]);
  });
});
