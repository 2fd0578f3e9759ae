/**
 * Scheduler benchmarks (figures, not tests): `npm run bench` runs them all, each in
 * its own process so peak memory is its own; `npm run bench -- basic` runs one.
 * `npm run bench -- timeline` runs the batch timeline's, `-- command` the whole `berth plan`
 * command with its steps, `-- advice` the advice step at the large benchmark's size (see
 * bench/command.ts), and `npm run bench -- vs-kube` schedules the same pods with the real
 * kube-scheduler (it starts a control plane); `npm run bench -- apply` times berth apply
 * beside `kubectl apply --server-side` (it starts a control plane and builds kubectl when
 * not cached); `npm run bench -- bot` sends the GitHub App 200 deliveries (see bench/bot.ts).
 *
 *   basic        5,000 nodes, 10,000 pods with requests only; target >= 20,000 pods/s,
 *                and the placements must equal a deliberately naive scheduler's.
 *   constraints  5,000 nodes in 3 zones, 10,000 pods mixing topology spread, required
 *                anti-affinity, node affinity and taints; target >= 2,000 pods/s.
 *   large        100,000 pods (50,000 already bound) on 5,000 nodes; target < 10 s
 *                and < 1.5 GiB peak memory.
 *
 * constraints and large also schedule a smaller cluster of the same mix twice, fast
 * path and every node evaluated, and fail if one placement or reason differs.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Node, Pod } from '../src/model/types.ts';
import { simulate } from '../src/scheduler/simulate.ts';
import { formatApplyBench, runApplyBench } from './apply-vs-kubectl.ts';
import { runBotBench } from './bot.ts';
import {
  COMMAND_CASES,
  printCommandFigures,
  printLargeAdvice,
  runCommandCase,
  runLargeAdvice,
} from './command.ts';
import { basicPods, boundPods, cluster, constraintPods, makeNodes } from './generators.ts';
import { formatSchedulerVsKube, runSchedulerVsKube } from './scheduler-vs-kube.ts';
import { printTimelineBench, runTimelineBench } from './timeline.ts';

const GIB = 1024 ** 3;

interface Figures {
  name: string;
  pods: number;
  seconds: number;
  /** User plus system CPU time over the same span as `seconds`. */
  cpuSeconds: number;
  scheduled: number;
  peakBytes: number;
  checks: { label: string; pass: boolean; detail: string }[];
}

function peakRss(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}

/** CPU seconds (user + system) used since `since`; on a shared machine wall time alone misleads. */
function cpuSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function timeSimulate(nodes: Node[], bound: Pod[], pods: Pod[]) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = simulate(cluster(nodes, bound), pods);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuSince(cpuStart);
  const scheduled = result.placements.filter((p) => p.status === 'scheduled').length;
  return { result, seconds, cpuSeconds, scheduled };
}

/**
 * The default profile reduced by hand to what matters for requests-only pods on
 * untainted nodes: NodeResourcesFit (filter, LeastAllocated on non-zero requests) and
 * NodeResourcesBalancedAllocation, written as one plain loop with upstream's formulas.
 * The other default plugins give every node the same score for such pods.
 */
function naiveSchedule(nodes: Node[], pods: Pod[]): (string | null)[] {
  const used = nodes.map(() => ({ cpu: 0, memory: 0, nzCpu: 0, nzMemory: 0, pods: 0 }));
  const out: (string | null)[] = [];
  for (const pod of pods) {
    const cpu = pod.requests.cpu ?? 0;
    const memory = pod.requests.memory ?? 0;
    const nzCpu = cpu > 0 ? cpu : 100;
    const nzMemory = memory > 0 ? memory : 200 * 1024 * 1024;
    let best = -1;
    let bestScore = -1;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      const u = used[i] as (typeof used)[number];
      const allocCpu = node.allocatable.cpu ?? 0;
      const allocMemory = node.allocatable.memory ?? 0;
      if (u.pods + 1 > (node.allocatable.pods ?? 110)) continue;
      if (cpu > 0 && cpu > allocCpu - u.cpu) continue;
      if (memory > 0 && memory > allocMemory - u.memory) continue;
      const least = (req: number, cap: number) =>
        cap === 0 || req > cap ? 0 : Math.trunc(((cap - req) * 100) / cap);
      const leastScore = Math.trunc(
        (least(u.nzCpu + nzCpu, allocCpu) + least(u.nzMemory + nzMemory, allocMemory)) / 2,
      );
      const fCpu = Math.min((u.cpu + cpu) / allocCpu, 1);
      const fMemory = Math.min((u.memory + memory) / allocMemory, 1);
      const balanced = Math.trunc((1 - Math.abs((fCpu - fMemory) / 2)) * 100);
      const score = leastScore + balanced;
      if (score > bestScore || (score === bestScore && node.name < (nodes[best] as Node).name)) {
        best = i;
        bestScore = score;
      }
    }
    if (best < 0) {
      out.push(null);
      continue;
    }
    const u = used[best] as (typeof used)[number];
    u.cpu += cpu;
    u.memory += memory;
    u.nzCpu += nzCpu;
    u.nzMemory += nzMemory;
    u.pods++;
    out.push((nodes[best] as Node).name);
  }
  return out;
}

function basic(): Figures {
  const nodes = makeNodes({ count: 5000 });
  const pods = basicPods(10_000);
  const { seconds, cpuSeconds, scheduled } = timeSimulate(nodes, [], pods);

  // Same result as the naive loop, on a subset small enough for the loop and crowded
  // enough (2,000 pods on 100 nodes) that nodes fill up and placements get interesting.
  const subsetNodes = makeNodes({ count: 100, cpu: 8000, memory: 16 * GIB });
  const subsetPods = basicPods(2000, 7);
  const got = simulate(cluster(subsetNodes), subsetPods).placements.map((p) => p.node);
  const want = naiveSchedule(subsetNodes, subsetPods);
  const mismatches = want.filter((n, i) => got[i] !== n).length;
  const podsPerSecond = pods.length / seconds;
  return {
    name: 'basic',
    pods: pods.length,
    seconds,
    cpuSeconds,
    scheduled,
    peakBytes: peakRss(),
    checks: [
      {
        label: 'throughput >= 20,000 pods/s',
        pass: podsPerSecond >= 20_000,
        detail: `${podsPerSecond.toFixed(0)} pods/s`,
      },
      {
        label: 'same placements as the naive scheduler (100 nodes, 2,000 pods)',
        pass: mismatches === 0,
        detail: `${mismatches} of ${want.length} differ, ${want.filter((n) => n === null).length} unplaced`,
      },
    ],
  };
}

/**
 * Placements (node and reason of every pod) that differ between berth's fast path and
 * its every-node evaluation, which runs each plugin on each node for each pod.
 */
function differencesFromEveryNode(nodes: Node[], bound: Pod[], pods: Pod[]) {
  const fast = simulate(cluster(nodes, bound), pods).placements;
  const every = simulate(cluster(nodes, bound), pods, {}, { equivalenceCache: false }).placements;
  const differ = fast.filter((p, i) => p.node !== every[i]?.node || p.reason !== every[i]?.reason).length;
  return { differ, total: fast.length, unplaced: fast.filter((p) => p.node === null).length };
}

function constraints(): Figures {
  const nodes = makeNodes({ count: 5000, zones: 3, taintEvery: 10 });
  const pods = constraintPods(10_000);
  const { seconds, cpuSeconds, scheduled } = timeSimulate(nodes, [], pods);
  const podsPerSecond = pods.length / seconds;
  // The same workload mix, on a cluster small enough for the every-node evaluation and
  // crowded enough that nodes fill and some pods find no node.
  const check = differencesFromEveryNode(
    makeNodes({ count: 300, zones: 3, taintEvery: 10, cpu: 4000, memory: 16 * GIB }),
    [],
    constraintPods(2000, 40, 5),
  );
  return {
    name: 'constraints',
    pods: pods.length,
    seconds,
    cpuSeconds,
    scheduled,
    peakBytes: peakRss(),
    checks: [
      {
        label: 'throughput >= 2,000 pods/s',
        pass: podsPerSecond >= 2000,
        detail: `${podsPerSecond.toFixed(0)} pods/s`,
      },
      {
        label: 'same placements and reasons as every node evaluated (300 nodes, 2,000 pods)',
        pass: check.differ === 0,
        detail: `${check.differ} of ${check.total} differ, ${check.unplaced} unplaced`,
      },
    ],
  };
}

function large(): Figures {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const nodes = makeNodes({ count: 5000 });
  const bound = boundPods(50_000, nodes);
  const pods = [...basicPods(25_000, 11), ...constraintPods(25_000, 100, 12)];
  const { scheduled } = timeSimulate(nodes, bound, pods);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = cpuSince(cpuStart);
  const peakBytes = peakRss();
  const checkNodes = makeNodes({ count: 300, cpu: 8000, memory: 32 * GIB });
  const check = differencesFromEveryNode(checkNodes, boundPods(3000, checkNodes), [
    ...basicPods(750, 13),
    ...constraintPods(750, 50, 14),
  ]);
  return {
    name: 'large',
    pods: pods.length,
    seconds,
    cpuSeconds,
    scheduled,
    peakBytes,
    checks: [
      { label: 'total plan time < 10 s', pass: seconds < 10, detail: `${seconds.toFixed(2)} s` },
      {
        label: 'peak memory < 1.5 GiB',
        pass: peakBytes < 1.5 * GIB,
        detail: `${(peakBytes / GIB).toFixed(2)} GiB`,
      },
      {
        label: 'same placements and reasons as every node evaluated (300 nodes, 3,000 bound, 1,500 pods)',
        pass: check.differ === 0,
        detail: `${check.differ} of ${check.total} differ, ${check.unplaced} unplaced`,
      },
    ],
  };
}

const BENCHMARKS: Record<string, () => Figures> = { basic, constraints, large };

function print(f: Figures): boolean {
  console.log(`\n${f.name}`);
  console.log(`  pods scheduled   ${f.scheduled} of ${f.pods}`);
  console.log(`  total time       ${f.seconds.toFixed(2)} s`);
  console.log(`  cpu time         ${f.cpuSeconds.toFixed(2)} s (user + system)`);
  console.log(`  throughput       ${(f.pods / f.seconds).toFixed(0)} pods/s`);
  console.log(`  cpu throughput   ${(f.pods / f.cpuSeconds).toFixed(0)} pods per cpu-second`);
  console.log(`  peak memory      ${(f.peakBytes / 1024 ** 2).toFixed(0)} MiB (max RSS)`);
  for (const c of f.checks) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.label}: ${c.detail}`);
  return f.checks.every((c) => c.pass);
}

/** Benchmarks with their own figures and printers: the batch timeline, and berth beside the real kube-scheduler. */
const OTHERS: Record<string, () => Promise<boolean>> = {
  timeline: async () => {
    const f = runTimelineBench();
    printTimelineBench(f);
    return f.planMs < 2000;
  },
  command: async () => {
    let pass = true;
    for (const c of COMMAND_CASES) pass = printCommandFigures(await runCommandCase(c)) && pass;
    return pass;
  },
  advice: async () => printLargeAdvice(runLargeAdvice()),
  'vs-kube': async () => {
    // The small size, where berth's fixed costs dominate, and one large enough for the
    // algorithms to show; each on a control plane of its own, so nothing of one run
    // (pods still terminating) weighs on the other.
    for (const [pods, nodes] of [
      [500, 50],
      [5000, 1000],
    ] as const) {
      console.log(formatSchedulerVsKube(await runSchedulerVsKube({ pods, nodes })));
    }
    return true;
  },
  apply: async () => {
    const { text, pass } = formatApplyBench(await runApplyBench());
    console.log(text);
    return pass;
  },
  bot: async () => {
    const { text, pass } = await runBotBench();
    console.log(text);
    return pass;
  },
};

const names = process.argv.slice(2);
const only = names.length === 1 ? names[0] : undefined;
if (only !== undefined && BENCHMARKS[only]) {
  process.exitCode = print((BENCHMARKS[only] as () => Figures)()) ? 0 : 1;
} else if (only !== undefined && OTHERS[only]) {
  process.exitCode = (await (OTHERS[only] as () => Promise<boolean>)()) ? 0 : 1;
} else if (names.length === 0) {
  // One process per benchmark, so max RSS is that benchmark's own. The side-by-side
  // run with kube-scheduler starts a control plane: run it on its own (`-- vs-kube`).
  const self = fileURLToPath(import.meta.url);
  let failed = 0;
  for (const name of [...Object.keys(BENCHMARKS), 'timeline', 'command', 'advice']) {
    const child = spawnSync(process.execPath, [self, name], { stdio: 'inherit' });
    if (child.status !== 0) failed++;
  }
  process.exitCode = failed > 0 ? 1 : 0;
} else {
  const all = [...Object.keys(BENCHMARKS), ...Object.keys(OTHERS)];
  console.error(`unknown benchmark: ${names.join(' ')} (choose from ${all.join(', ')})`);
  process.exitCode = 2;
}
