/**
 * Timeline benchmark: 2,000 Jobs with dependencies on 500 nodes, busy enough that jobs
 * wait for capacity, planned under all three policies. Prints the figures; the target
 * is under 2 s for the whole plan.
 *
 *   node bench/timeline.ts            (or import { runTimelineBench } from bench/run.ts)
 */

import type { FieldPath, ManifestObject, Node, Pod, ResourceList } from '../src/model/types.ts';
import { simulateTimeline } from '../src/timeline/event-simulation.ts';
import { bareCluster, schedulerFitter } from '../src/timeline/filter-fitter.ts';
import { readTimelineJobs } from '../src/timeline/jobs.ts';
import { planTimeline } from '../src/timeline/plan.ts';
import { buildProblem } from '../src/timeline/problem.ts';
import type { TimelineInput, TimelineWorkload } from '../src/timeline/types.ts';

/** Deterministic so two runs measure the same instance. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GI = 2 ** 30;

export function generateTimelineInstance(jobCount = 2000, nodeCount = 500, seed = 42): TimelineInput {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const nodes: Node[] = [];
  const used: Record<string, ResourceList> = {};
  for (let i = 0; i < nodeCount; i++) {
    const gpu = i % 10 === 0;
    const name = `node-${String(i).padStart(4, '0')}`;
    nodes.push({
      name,
      labels: { pool: gpu ? 'gpu' : 'general' },
      taints: gpu ? [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] : [],
      allocatable: { cpu: 8000, memory: 32 * GI, pods: 110, ...(gpu ? { 'nvidia.com/gpu': 4 } : {}) },
      unschedulable: false,
    });
    used[name] = { cpu: Math.floor(random() * 5) * 500, memory: Math.floor(random() * 8) * GI, pods: 5 };
  }
  const objects: ManifestObject[] = [];
  const workloads: TimelineWorkload[] = [];
  for (let i = 0; i < jobCount; i++) {
    const name = `job-${String(i).padStart(4, '0')}`;
    const gpu = random() < 0.05;
    const annotations: Record<string, string> = {
      'berth.dev/expected-duration': pick(['5m', '15m', '30m', '45m', '1h', '1h30m', '2h']),
    };
    if (random() < 0.3) annotations['berth.dev/deadline'] = pick(['2h', '4h', '6h', '8h', '12h']);
    // Eight stages, as in a nightly pipeline: a job waits for up to three jobs of earlier stages.
    const stageSize = Math.ceil(jobCount / 8);
    const stageStart = Math.floor(i / stageSize) * stageSize;
    const depCount = stageStart === 0 ? 0 : Math.floor(random() * 4);
    const deps = new Set<string>();
    for (let d = 0; d < depCount; d++) {
      const j = Math.floor(random() * stageStart);
      deps.add(`job-${String(j).padStart(4, '0')}`);
    }
    if (deps.size > 0) annotations['berth.dev/after'] = [...deps].join(',');
    const parallelism = pick([1, 1, 1, 2, 4, 8, 16]);
    const spec = {
      containers: [{ name: 'main', image: 'batch:1' }],
      ...(gpu
        ? {
            nodeSelector: { pool: 'gpu' },
            tolerations: [
              { key: 'dedicated', operator: 'Equal' as const, value: 'gpu', effect: 'NoSchedule' as const },
            ],
          }
        : {}),
    };
    const raw = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: 'batch', annotations },
      spec: { parallelism, template: { spec } },
    };
    const line = i * 20 + 1;
    objects.push({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: raw.metadata,
      raw,
      source: { file: 'bench.yaml', line, column: 1, document: i },
      locate: (_path: FieldPath) => ({ file: 'bench.yaml', line, column: 1 }),
    });
    const requests: ResourceList = {
      cpu: pick([250, 500, 1000, 2000, 4000]),
      memory: pick([1, 2, 4, 8]) * GI,
      ...(gpu ? { 'nvidia.com/gpu': pick([1, 2]) } : {}),
    };
    const pod: Pod = {
      namespace: 'batch',
      name: `${name}-1`,
      key: `batch/${name}-1`,
      labels: {},
      annotations: {},
      workload: { kind: 'Job', name },
      spec,
      requests,
      limits: {},
      priority: 0,
    };
    workloads.push({ kind: 'Job', namespace: 'batch', name, pods: [pod] });
  }
  return { objects, workloads, capacity: { nodes, used } };
}

export interface TimelineBenchFigures {
  jobs: number;
  nodes: number;
  /** Reading annotations and building the instance. */
  prepareMs: number;
  /** One simulation per policy. */
  simulateMs: Record<string, number>;
  /** planTimeline end to end (all three policies), wall clock. */
  planMs: number;
  /** The same in CPU time of this process, which other load on the machine does not inflate. */
  planCpuMs: number;
  makespanHours: number;
  lowerBoundHours: number;
  missed: Record<string, number>;
}

export function runTimelineBench(jobCount = 2000, nodeCount = 500): TimelineBenchFigures {
  const instance = generateTimelineInstance(jobCount, nodeCount);
  const start = new Date('2025-06-02T00:00:00Z');

  const t0 = performance.now();
  const read = readTimelineJobs(instance.objects, instance.workloads);
  const capacity = instance.capacity as { nodes: Node[]; used: Record<string, ResourceList> };
  const { problem } = buildProblem(read.jobs, capacity.nodes, capacity.used, {
    startMs: start.getTime(),
    horizonMs: 24 * 3_600_000,
    fitter: schedulerFitter(bareCluster(capacity.nodes)),
  });
  const prepareMs = performance.now() - t0;
  const simulateMs: Record<string, number> = {};
  for (const policy of ['fifo', 'edf', 'critical-path'] as const) {
    const t = performance.now();
    simulateTimeline(problem, policy);
    simulateMs[policy] = performance.now() - t;
  }

  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const { timeline } = planTimeline(instance, { start });
  const cpu = process.cpuUsage(cpu1);
  const planMs = performance.now() - t1;
  const planCpuMs = (cpu.user + cpu.system) / 1000;
  return {
    jobs: jobCount,
    nodes: nodeCount,
    prepareMs,
    simulateMs,
    planMs,
    planCpuMs,
    makespanHours: timeline.makespan / 3600,
    lowerBoundHours: timeline.lowerBound / 3600,
    missed: Object.fromEntries(Object.entries(timeline.compare).map(([p, c]) => [p, c.missed])),
  };
}

export function printTimelineBench(f: TimelineBenchFigures): void {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`timeline: ${f.jobs} jobs with dependencies on ${f.nodes} nodes`);
  console.log(`  prepare (annotations, instance):  ${ms(f.prepareMs)}`);
  for (const [policy, value] of Object.entries(f.simulateMs))
    console.log(`  simulate ${policy.padEnd(14)}         ${ms(value)}`);
  console.log(
    `  planTimeline, all three policies: ${ms(f.planMs)} wall, ${ms(f.planCpuMs)} CPU (target < 2000 ms)`,
  );
  console.log(
    `  makespan ${f.makespanHours.toFixed(2)} h, lower bound ${f.lowerBoundHours.toFixed(2)} h, missed deadlines ${Object.entries(
      f.missed,
    )
      .map(([p, m]) => `${p} ${m}`)
      .join(', ')}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printTimelineBench(runTimelineBench());
}
