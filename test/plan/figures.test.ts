/**
 * Every figure of a plan is defined once (src/plan/types.ts, src/plan/resources.ts) and
 * every format shows that figure: the workload rows, with the pods preemption evicts,
 * add up to the cluster's change of requests in the JSON, the text, the Markdown comment,
 * the job summary and the Action's outputs alike.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resourceDeltas } from '../../action/run.ts';
import type { ResourceList } from '../../src/model/types.ts';
import type { Plan } from '../../src/plan/types.ts';
import { renderJson } from '../../src/report/json.ts';
import { renderJobSummary, renderMarkdown } from '../../src/report/markdown.ts';
import { renderText } from '../../src/report/text.ts';
import {
  daemonSet,
  deployment,
  fleet,
  manifests,
  planOf,
  priorityClass,
  runningPod,
} from '../fixtures/plans/build.ts';

type Obj = Record<string, unknown>;
const RESOURCES = ['cpu', 'memory'] as const;

function sum(lists: ResourceList[]): Record<string, number> {
  const out: Record<string, number> = { cpu: 0, memory: 0 };
  for (const list of lists) for (const r of RESOURCES) out[r] = (out[r] ?? 0) + (list[r] ?? 0);
  return out;
}

const minus = (a: ResourceList, b: ResourceList) =>
  Object.fromEntries(RESOURCES.map((r) => [r, (a[r] ?? 0) - (b[r] ?? 0)]));

/** The cluster's change of requests, and the same change summed over the rows. */
function jsonFigures(plan: Plan) {
  const cluster = plan.resources.cluster;
  const rows = minus(
    sum(plan.workloads.map((w) => w.requests.after)),
    sum([...plan.workloads.map((w) => w.requests.before), cluster.preempted.requests]),
  );
  return { total: minus(cluster.requests.after, cluster.requests.before), rows };
}

/** A figure as `fmt` prints it (`450m`, `1.5`, `512Mi`, `+2Gi`), back in millicores or bytes. */
function amount(resource: string, text: string): number {
  const m = /^([+-]?)([0-9.]+)(m|Ki|Mi|Gi|Ti)?$/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${JSON.stringify(text)}`);
  const sign = m[1] === '-' ? -1 : 1;
  const value = Number(m[2]);
  const unit = m[3] ?? '';
  if (resource === 'cpu') return sign * Math.round(unit === 'm' ? value : value * 1000);
  const scale = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[unit] ?? 1;
  return sign * Math.round(value * scale);
}

/** The change a cell shows: `0 → 1 (+1)` is +1; a cell without a change is 0. */
function cellChange(resource: string, cell: string): number {
  const m = /\(([+-][^)]+)\)/.exec(cell);
  return m ? amount(resource, m[1]!) : 0;
}

function textFigures(text: string) {
  const lines = text.split('\n');
  const top = lines.find((l) => l.startsWith('Cluster requests: '))!;
  const total = Object.fromEntries(
    RESOURCES.map((r) => {
      const m = new RegExp(`\\b${r} [^,(]+?(?: \\(([+-][^)]+)\\))?(?:,|;|$)`).exec(top);
      return [r, m?.[1] ? amount(r, m[1]) : 0];
    }),
  );
  const rows = { cpu: 0, memory: 0 } as Record<string, number>;
  const at = lines.indexOf('Workloads');
  if (at !== -1) {
    const header = lines[at + 1]!.split(/\s{2,}/);
    const columns = header.filter((h) => h.endsWith(' REQUESTS')).map((h) => h.split(' ')[0]!.toLowerCase());
    for (let i = at + 2; i < lines.length && lines[i] !== ''; i++) {
      const cells = lines[i]!.trim()
        .split(/\s{2,}/)
        .slice(-columns.length);
      columns.forEach((r, c) => {
        if (r in rows) rows[r] = (rows[r] ?? 0) + cellChange(r, cells[c]!);
      });
    }
  }
  return { total, rows };
}

function markdownFigures(markdown: string) {
  const top = markdown.split('\n').find((l) => l.startsWith('**Cluster requests**'))!;
  const total = {
    cpu: cellChange('cpu', /CPU [^·]*/.exec(top)![0]),
    memory: cellChange('memory', /memory [^·]*/.exec(top)![0]),
  } as Record<string, number>;
  const rows = { cpu: 0, memory: 0 } as Record<string, number>;
  const lines = markdown.split('\n');
  const at = lines.findIndex((l) => l.startsWith('|  | Workload | Pods |'));
  if (at !== -1) {
    const header = lines[at]!.split(' | ');
    const columns = header.map((h) => h.replace(/ requests( \|)?$/, '').trim());
    for (let i = at + 2; lines[i]?.startsWith('|'); i++) {
      const cells = lines[i]!.split(' | ');
      columns.forEach((r, c) => {
        if (r in rows) rows[r] = (rows[r] ?? 0) + cellChange(r, cells[c]!.replace(/ \|$/, ''));
      });
    }
  }
  return { total, rows };
}

/** Every format and the Action's outputs show the same change, and their rows add up to it. */
function expectFiguresAddUp(plan: Plan): void {
  const json = JSON.parse(renderJson(plan)) as Plan;
  const figures = jsonFigures(json);
  expect(figures.rows).toEqual(figures.total);
  expect(resourceDeltas(plan)).toEqual(figures.total);
  for (const resource of RESOURCES) {
    const nodes = json.nodes.reduce((n, e) => n + (e.requested.after[resource] ?? 0), 0);
    const pools = json.resources.pools.reduce((n, p) => n + (p.requests.after[resource] ?? 0), 0);
    expect(nodes).toBe(json.resources.cluster.requests.after[resource] ?? 0);
    expect(pools).toBe(json.resources.cluster.requests.after[resource] ?? 0);
    const namespaces = json.resources.namespaces.reduce(
      (n, e) => n + (e.requests.after[resource] ?? 0) - (e.requests.before[resource] ?? 0),
      0,
    );
    expect(namespaces).toBe(figures.total[resource]);
  }
  expect(textFigures(renderText(plan))).toEqual(figures);
  expect(markdownFigures(renderMarkdown(plan))).toEqual(figures);
  expect(markdownFigures(renderJobSummary(plan))).toEqual(figures);
}

const cluster = (pods: Obj[] = [], count = 2) =>
  fleet({
    pools: [{ name: 'general', count, cpu: '2', memory: '8Gi' }],
    pods,
    priorityClasses: [priorityClass('high', 1000)],
  });

describe('the figures of a plan', () => {
  it('with a base the cluster does not run, the rows add up to the cluster change the headline shows', () => {
    const plan = planOf({
      cluster: cluster(),
      base: manifests(deployment({ name: 'web', replicas: 3, cpu: '500m' })),
      head: manifests(deployment({ name: 'web', replicas: 6, cpu: '500m' })),
    });
    expect(plan.resources.cluster.requests).toEqual({ before: {}, after: { cpu: 3000 } });
    expect(plan.workloads).toEqual([
      expect.objectContaining({
        name: 'web',
        replicas: { before: 3, after: 6 },
        pods: { before: 0, after: 6 },
        requests: { before: {}, after: { cpu: 3000 } },
      }),
    ]);
    expect(resourceDeltas(plan).cpu).toBe(3000);
    expectFiguresAddUp(plan);
  });

  it('without a base, a DaemonSet that replaces its own running pods changes nothing', () => {
    const running = ['general-1', 'general-2'].map((node) =>
      runningPod({ name: `agent-${node}`, labels: { app: 'agent' }, node, cpu: '448m' }),
    );
    const plan = planOf({
      cluster: cluster(running),
      head: manifests(daemonSet({ name: 'agent', cpu: '448m' })),
    });
    expect(plan.workloads[0]).toMatchObject({
      pods: { before: 2, after: 2 },
      requests: { before: { cpu: 896 }, after: { cpu: 896 } },
    });
    expect(resourceDeltas(plan).cpu).toBe(0);
    expect(renderMarkdown(plan)).toContain('| 🆕 added | default/DaemonSet/agent | 2 | 896m |');
    expectFiguresAddUp(plan);
  });

  it('a CronJob on the batch timeline takes no node in the plan, in its row as in the total', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', annotations: { 'berth.dev/expected-duration': '10m' } },
      spec: {
        schedule: '0 * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'a', image: 'a:1', resources: { requests: { cpu: '3' } } }],
              },
            },
          },
        },
      },
    };
    const plan = planOf({ cluster: cluster([], 3), head: manifests(cron) });
    expect(plan.workloads[0]).toMatchObject({
      timeline: true,
      replicas: { before: 0, after: 1 },
      pods: { before: 0, after: 0 },
      requests: { before: {}, after: {} },
    });
    expect(renderText(plan)).toMatch(/CronJob\/report\s+0 \(1 on the batch timeline\)/);
    expectFiguresAddUp(plan);
  });

  it('pods bound to a node the cluster does not have hold none of its capacity', () => {
    const plan = planOf({
      cluster: cluster([
        runningPod({ name: 'ghost', node: 'gone-1', cpu: '1900m' }),
        runningPod({ name: 'here', node: 'general-1', cpu: '100m' }),
      ]),
      head: manifests(deployment({ name: 'web', cpu: '500m' })),
      allowDiagnostics: true,
    });
    expect(plan.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('bound to node gone-1, which is not in the cluster'),
    ]);
    expect(plan.resources.cluster.requests).toEqual({ before: { cpu: 100 }, after: { cpu: 600 } });
    expect(renderText(plan)).toContain('Cluster requests: cpu 100m -> 600m (+500m)');
    expectFiguresAddUp(plan);
  });

  it('running pods that preemption evicts are a row of their own, so the rows still add up', () => {
    const plan = planOf({
      cluster: cluster([
        runningPod({ name: 'batch-1', node: 'general-1', cpu: '1500m' }),
        runningPod({ name: 'batch-2', node: 'general-2', cpu: '1500m' }),
      ]),
      head: manifests(deployment({ name: 'api', replicas: 2, cpu: '1', priorityClassName: 'high' })),
    });
    // Both api pods go to general-1 once batch-1 is evicted from it.
    expect(plan.resources.cluster.preempted).toEqual({ pods: 1, requests: { cpu: 1500 }, limits: {} });
    expect(plan.resources.cluster.requests).toEqual({ before: { cpu: 3000 }, after: { cpu: 3500 } });
    expect(renderMarkdown(plan)).toContain('| ⚠️ preempted | running pods evicted | 1 → 0 | 1.5 → 0 (-1.5) |');
    expectFiguresAddUp(plan);
  });

  // Random clusters and changes: running pods of the workloads (some on nodes that do not
  // exist), other running pods that high-priority pods may evict, base and head versions,
  // timeline CronJobs. Amounts are multiples that every format prints exactly.
  const workloadArb = fc.record({
    kind: fc.constantFrom('Deployment', 'DaemonSet', 'CronJob'),
    namespace: fc.constantFrom('a', 'b'),
    base: fc.option(
      fc.record({ replicas: fc.integer({ min: 0, max: 4 }), cpu: fc.integer({ min: 1, max: 20 }) }),
      {
        nil: undefined,
      },
    ),
    head: fc.option(
      fc.record({
        replicas: fc.integer({ min: 0, max: 4 }),
        cpu: fc.integer({ min: 1, max: 20 }),
        memory: fc.integer({ min: 1, max: 4 }),
        high: fc.boolean(),
      }),
      { nil: undefined },
    ),
    running: fc.array(
      fc.record({ node: fc.integer({ min: 0, max: 4 }), cpu: fc.integer({ min: 1, max: 20 }) }),
      {
        maxLength: 3,
      },
    ),
  });
  const instanceArb = fc.record({
    nodes: fc.integer({ min: 1, max: 4 }),
    cpuPerNode: fc.integer({ min: 2, max: 8 }),
    withBase: fc.boolean(),
    workloads: fc.array(workloadArb, { minLength: 1, maxLength: 5 }),
    others: fc.array(
      fc.record({
        node: fc.integer({ min: 0, max: 4 }),
        cpu: fc.integer({ min: 1, max: 30 }),
        memory: fc.integer({ min: 0, max: 4 }),
      }),
      { maxLength: 5 },
    ),
  });

  function workloadObject(
    kind: string,
    name: string,
    namespace: string,
    v: { replicas: number; cpu: number; memory?: number; high?: boolean },
  ): Obj {
    const spec = {
      name,
      namespace,
      cpu: `${v.cpu * 50}m`,
      memory: `${(v.memory ?? 1) * 512}Mi`,
      ...(v.high ? { priorityClassName: 'high' } : {}),
    };
    if (kind === 'DaemonSet') return daemonSet(spec);
    if (kind === 'Deployment') return deployment({ ...spec, replicas: v.replicas });
    return {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace, annotations: { 'berth.dev/expected-duration': '10m' } },
      spec: {
        schedule: '0 */6 * * *',
        jobTemplate: {
          spec: {
            parallelism: Math.max(1, v.replicas),
            template: {
              metadata: { labels: { app: name } },
              spec: {
                restartPolicy: 'Never',
                containers: [
                  {
                    name: 'a',
                    image: 'a:1',
                    resources: { requests: { cpu: spec.cpu, memory: spec.memory } },
                  },
                ],
              },
            },
          },
        },
      },
    };
  }

  it('add up in every format and the Action outputs, for random clusters and changes', () => {
    fc.assert(
      fc.property(instanceArb, (instance) => {
        const nodeName = (i: number) => (i < instance.nodes ? `general-${i + 1}` : `gone-${i}`);
        const running: Obj[] = [];
        const base: Obj[] = [];
        const head: Obj[] = [];
        instance.workloads.forEach((w, i) => {
          const name = `w${i}`;
          w.running.forEach((r, j) => {
            running.push(
              runningPod({
                name: `${name}-run-${j}`,
                namespace: w.namespace,
                labels: { app: name },
                node: nodeName(r.node),
                cpu: `${r.cpu * 50}m`,
                memory: '512Mi',
              }),
            );
          });
          if (w.base) base.push(workloadObject(w.kind, name, w.namespace, w.base));
          if (w.head) head.push(workloadObject(w.kind, name, w.namespace, w.head));
        });
        instance.others.forEach((o, j) => {
          running.push(
            runningPod({
              name: `other-${j}`,
              namespace: 'c',
              node: nodeName(o.node),
              cpu: `${o.cpu * 50}m`,
              memory: `${o.memory * 512}Mi`,
            }),
          );
        });
        const plan = planOf({
          cluster: fleet({
            pools: [
              { name: 'general', count: instance.nodes, cpu: String(instance.cpuPerNode), memory: '16Gi' },
            ],
            pods: running,
            priorityClasses: [priorityClass('high', 1000)],
          }),
          head: manifests(...head),
          ...(instance.withBase ? { base: manifests(...base) } : {}),
          allowDiagnostics: true,
          skipAdvice: true,
        });
        expectFiguresAddUp(plan);
      }),
      { numRuns: 150 },
    );
  });
});
