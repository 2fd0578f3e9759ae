/**
 * The plan pipeline: load the cluster and the manifests, work out which workloads
 * the change adds, changes or removes, admit and schedule their pods onto the
 * cluster with the pods they replace taken away, and collect it all (object diff,
 * resource diff, capacity advice, policy verdict) into a Plan.
 *
 * Over ~400 lines: the pipeline's steps stay in one function (planFromLoaded), in the
 * order a plan is built (read, validate, expand, admit, schedule, wait, timeline, diff,
 * advice, policy), so that order reads top to bottom.
 */

import { admitAndRecord, createAdmissionState } from '../admission/index.ts';
import { podsOwnedBy } from '../cluster/ownership.ts';
import type { ClusterRef } from '../cluster/ref.ts';
import { loadCluster } from '../cluster/source.ts';
import { type BerthConfig, defaultConfig } from '../config/config.ts';
import type { ReadScope } from '../files/contained.ts';
import { objectKey } from '../manifests/duplicates.ts';
import { unknownKindWarnings } from '../manifests/kinds.ts';
import { loadManifests, STDIN_NAME } from '../manifests/load.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { compact, sumResources, usageBy } from '../model/resources.ts';
import type { SimulationOptions } from '../model/simulation.ts';
import type { ClusterState, LoadResult, Pod } from '../model/types.ts';
import type { RenderOptions } from '../render/render.ts';
import { simulate } from '../scheduler/simulate.ts';
import { checkSchemas, definitionsIn, needsDefinitions } from '../schema/check.ts';
import { nanosToMillis, parseGoDuration } from '../timeline/duration.ts';
import { schedulerFitter } from '../timeline/filter-fitter.ts';
import { isTimelineJob } from '../timeline/jobs.ts';
import { planTimeline } from '../timeline/plan.ts';
import { expandWorkloads, type Workload } from '../workloads/expand.ts';
import { matchWorkloadKind } from '../workloads/kinds.ts';
import { adviseCapacity, type ChangedWorkload } from './advice.ts';
import { diffObjects } from './diff.ts';
import { applyNamespace } from './namespace.ts';
import { findNoRequests } from './no-requests.ts';
import { evaluatePolicy } from './policy.ts';
import { applyReservations } from './reservations.ts';
import { onNodes, podsOnNodes, resourceReport } from './resources.ts';
import type { ChangeKind, NodeEntry, PlacementEntry, Plan, WorkloadChange } from './types.ts';
import { PLAN_SCHEMA_VERSION } from './types.ts';
import { waitingForCapacity } from './waiting.ts';

export interface PlanInput {
  /** Snapshot or fleet file, or a live cluster. */
  cluster: ClusterRef;
  /** Kubeconfig for a live cluster. */
  kubeconfig?: string;
  /** Manifests after the change: files, directories, globs, `-` for stdin. */
  head: string[];
  /** Manifests before the change; without it every head workload counts as added. */
  base?: string[];
  /** Already loaded manifests (the Action fetches base files through the API). */
  headObjects?: LoadResult;
  baseObjects?: LoadResult;
  stdin?: AsyncIterable<Buffer | string>;
  config?: BerthConfig;
  /** How charts and kustomizations are rendered, from the command line (the config's `render:` is added). */
  render?: RenderOptions;
  /**
   * Problems found before planning, such as the config's: their errors fail the
   * input rule like any other, so a broken config never yields a passing plan.
   */
  diagnostics?: Diagnostic[];
  /** Skip capacity advice (it re-runs the scheduler several times). */
  skipAdvice?: boolean;
  /** `-n/--namespace`: the namespace of namespaced objects that name none (else `default`). */
  namespace?: string;
  /** The batch timeline's time zero (default: now). */
  start?: Date;
  /** Where manifest and cluster files may be (default: inside the working directory). */
  scope?: ReadScope;
  /** Filled with the text of every file read, by the name diagnostics give it (for code frames). */
  sources?: Map<string, string>;
  /** Told as each step of the pipeline ends (for progress and the benchmarks). */
  onPhase?: PhaseListener;
}

/** Steps of the pipeline, in order: `plan` is the rest (timeline, diffs, resources, policy). */
export type PlanPhase = 'read' | 'expand' | 'schedule' | 'advice' | 'plan';
export type PhaseListener = (phase: PlanPhase) => void;

export async function runPlan(input: PlanInput): Promise<Plan> {
  const files = {
    ...(input.scope ? { scope: input.scope } : {}),
    ...(input.sources ? { sources: input.sources } : {}),
  };
  const { cluster, diagnostics, label } = await loadCluster(input.cluster, {
    ...(input.kubeconfig ? { kubeconfig: input.kubeconfig } : {}),
    ...files,
  });
  const limits = input.config?.limits ?? {};
  // Base and head are rendered the same way.
  const render: RenderOptions = { ...input.render, folders: input.config?.render ?? {} };
  const head =
    input.headObjects ??
    (await loadManifests(input.head, {
      limits,
      render,
      ...files,
      ...(input.stdin ? { stdin: input.stdin } : {}),
    }));
  const base =
    input.baseObjects ??
    (input.base ? await loadManifests(input.base, { limits, render, ...files }) : undefined);
  // Custom resources whose definition is in neither the manifests nor a snapshot: a live
  // cluster's definitions are read (only then: they can be large).
  if (input.cluster.kind === 'live' && needsDefinitions([...head.objects, ...(base?.objects ?? [])])) {
    const { readLiveDefinitions } = await import('../cluster/live.ts');
    const read = await readLiveDefinitions({
      ...(input.cluster.context !== undefined ? { context: input.cluster.context } : {}),
      ...(input.kubeconfig ? { kubeconfig: input.kubeconfig } : {}),
    });
    cluster.customResourceDefinitions = [...(cluster.customResourceDefinitions ?? []), ...read.definitions];
    diagnostics.push(...read.diagnostics);
  }
  if (input.namespace !== undefined) {
    const definitions = [
      ...definitionsIn(head.objects),
      ...definitionsIn(base?.objects ?? []),
      ...(cluster.customResourceDefinitions ?? []),
    ];
    diagnostics.push(...applyNamespace(head.objects, input.namespace, definitions));
    // The base is read the same way, so an unchanged object keeps its identity; its mismatches are the head's to report.
    if (base) applyNamespace(base.objects, input.namespace, definitions);
  }
  const nothing = nothingToPlan(input.head, head, base);
  if (nothing) diagnostics.push(nothing);
  input.onPhase?.('read');
  return planFromLoaded({
    clusterSource: label,
    cluster,
    head,
    base,
    diagnostics: [...(input.diagnostics ?? []), ...diagnostics],
    config: input.config ?? defaultConfig(),
    ...(input.skipAdvice ? { skipAdvice: true } : {}),
    ...(input.start ? { start: input.start } : {}),
    ...(input.onPhase ? { onPhase: input.onPhase } : {}),
  });
}

/**
 * No object on either side and no error that would explain it (an empty file, a folder
 * of other files, a wrong path given to a glob): a plan of nothing must not pass as if
 * the change had been checked. A change that removes every object still has its base.
 */
function nothingToPlan(inputs: string[], head: LoadResult, base: LoadResult | undefined): Diagnostic | null {
  if (head.objects.length > 0 || (base?.objects.length ?? 0) > 0) return null;
  const loaded = [...head.diagnostics, ...(base?.diagnostics ?? [])];
  if (loaded.some((d) => d.severity === 'error')) return null;
  const first = inputs[0] === '-' ? STDIN_NAME : (inputs[0] ?? '.');
  return diagnostic(
    { file: first, line: 1, column: 1 },
    'error',
    'no-objects',
    'no Kubernetes objects in the manifests given: there is nothing to plan (empty files or comments only?)',
  );
}

export interface LoadedPlanInput {
  clusterSource: string;
  cluster: ClusterState;
  head: LoadResult;
  base: LoadResult | undefined;
  diagnostics?: Diagnostic[];
  config?: BerthConfig;
  skipAdvice?: boolean;
  start?: Date;
  onPhase?: PhaseListener;
}

/** Stable text of an object for change detection: key order and status do not count. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => k !== 'status')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function templateOf(w: Workload): string {
  return canonical(w.template ?? w.object.raw);
}

function bound(pod: Pod, node: string): Pod {
  return { ...pod, nodeName: node };
}

export function planFromLoaded(input: LoadedPlanInput): Plan {
  const config = input.config ?? defaultConfig();
  const diagnostics: Diagnostic[] = [...(input.diagnostics ?? []), ...input.head.diagnostics];
  if (input.base) diagnostics.push(...input.base.diagnostics);

  const reserved = applyReservations(input.cluster, config.reservations);
  diagnostics.push(...reserved.diagnostics);
  const cluster = reserved.cluster;

  const ctx = {
    nodes: cluster.nodes,
    limitRanges: cluster.limitRanges,
    priorityClasses: cluster.priorityClasses,
    runtimeClasses: cluster.runtimeClasses ?? [],
    limits: { maxPods: config.limits.maxPods, maxPodsPerWorkload: config.limits.maxPodsPerWorkload },
    declaredKinds: config.workloads,
  };
  // Strict field validation first: an object the API server refuses for a value of the
  // wrong type is not expanded into pods.
  const schemas = checkSchemas(input.head.objects, [
    ...definitionsIn(input.head.objects),
    ...definitionsIn(input.base?.objects ?? []),
    ...(cluster.customResourceDefinitions ?? []),
  ]);
  diagnostics.push(...schemas.diagnostics);
  const headExpanded = expandWorkloads(
    input.head.objects.filter((o) => !schemas.refused.has(o)),
    ctx,
  );
  diagnostics.push(...headExpanded.diagnostics);
  diagnostics.push(
    ...unknownKindWarnings(
      input.head.objects,
      [...input.head.objects, ...(input.base?.objects ?? [])],
      // Kinds berth reads pods of are known to it (a refused one has its own error); those it
      // cannot read are reported as not simulated.
      new Set(input.head.objects.filter((o) => matchWorkloadKind(o, config.workloads) !== undefined)),
      cluster.customResourceDefinitions,
    ),
  );
  // Base diagnostics would repeat the head's for unchanged files; the head's are what the PR must fix.
  const baseExpanded = input.base ? expandWorkloads(input.base.objects, ctx) : undefined;
  input.onPhase?.('expand');

  // An object the API server would refuse takes no part in the plan: whatever the
  // cluster runs for it (its base version) stays as it is.
  const refused = new Set([...headExpanded.rejected, ...schemas.refused]);
  const refusedKeys = new Set([...refused].map(objectKey));
  const headObjects = [
    ...input.head.objects.filter((o) => !refused.has(o)),
    ...(input.base?.objects ?? []).filter((o) => refusedKeys.has(objectKey(o))),
  ];

  const baseByKey = new Map((baseExpanded?.workloads ?? []).map((w) => [w.key, w]));
  const headKeys = new Set(headExpanded.workloads.map((w) => w.key));
  const changes: { change: ChangeKind; before?: Workload; after?: Workload }[] = [];
  for (const w of headExpanded.workloads) {
    const before = baseByKey.get(w.key);
    if (!input.base || !before) changes.push({ change: 'added', after: w });
    else if (canonical(before.object.raw) !== canonical(w.object.raw))
      changes.push({ change: 'changed', before, after: w });
    else changes.push({ change: 'unchanged', before, after: w });
  }
  const noRequests = findNoRequests(
    changes.filter((c) => c.change === 'added' || c.change === 'changed').map((c) => c.after!),
  );
  diagnostics.push(...noRequests.diagnostics);
  for (const w of baseExpanded?.workloads ?? []) {
    if (headKeys.has(w.key)) continue;
    if (refusedKeys.has(objectKey(w.object))) changes.push({ change: 'unchanged', before: w, after: w });
    else changes.push({ change: 'removed', before: w });
  }

  // Pods in the cluster that belong to a workload this change adds, changes or
  // removes go away: the workload's new pods replace them (or nothing does).
  // Each replaced pod is charged to the first workload that claims it, so no pod counts twice.
  const replaced = new Set<string>();
  const replacedBy: Pod[][] = changes.map(() => []);
  changes.forEach((c, i) => {
    if (c.change === 'unchanged') return;
    const w = (c.after ?? c.before)!;
    for (const pod of podsOwnedBy(cluster, {
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      ...(w.selector ? { selector: w.selector } : {}),
    })) {
      if (replaced.has(pod.key)) continue;
      replaced.add(pod.key);
      replacedBy[i]!.push(pod);
    }
  });
  const remaining: ClusterState = { ...cluster, pods: cluster.pods.filter((p) => !replaced.has(p.key)) };

  // Jobs with an expected duration run on the batch timeline, not in the static
  // plan: they come and go, so they are never reported unschedulable here.
  const batchObjects = new Set(headExpanded.workloads.filter((w) => w.batch).map((w) => w.object));
  const timelineKeys = new Set(
    headExpanded.workloads.filter((w) => isTimelineJob(w.object, batchObjects)).map((w) => w.key),
  );
  const incomingOf = new Map<Pod, number>();
  const incomingPods = (skip: ReadonlySet<string>): Pod[] => {
    const pods: Pod[] = [];
    changes.forEach((c, i) => {
      if ((c.change === 'added' || c.change === 'changed') && c.after && !skip.has(c.after.key)) {
        for (const pod of c.after.pods) {
          pods.push(pod);
          incomingOf.set(pod, i);
        }
      }
    });
    return pods;
  };

  const options: SimulationOptions = {
    scoringStrategy: config.scheduler.scoringStrategy,
    pluginWeights: config.scheduler.pluginWeights,
    disabledPlugins: config.scheduler.disabledPlugins,
  };
  const schedule = (pods: Pod[]) => {
    const admission = createAdmissionState(remaining);
    const guarantee = reserved.namespaceGuard(remaining);
    return simulate(remaining, pods, {
      ...options,
      admit: (pod) => {
        const decision = admitAndRecord(pod, admission);
        if (!decision.allowed) return decision;
        return guarantee(pod);
      },
    });
  };
  let incoming = incomingPods(timelineKeys);
  let result = schedule(incoming);

  // Batch pods (Jobs, JobSets, training jobs, Kueue's workloads) that do not fit now but
  // fit the cluster when it is empty wait for capacity: they go on the timeline, and the
  // static plan is made again without them so they hold nothing in it.
  const waiting = waitingForCapacity(
    result.placements,
    (pod) => changes[incomingOf.get(pod) ?? -1]?.after,
    remaining,
    options,
  );
  // The batch work of the change goes on the timeline with them, so each waiting workload
  // starts there when the work before it finishes (without a duration, the default one).
  const assumedDuration = new Set<string>();
  if (waiting.workloads.size > 0) {
    for (const c of changes) {
      if ((c.change !== 'added' && c.change !== 'changed') || !c.after?.batch) continue;
      if (waiting.neverStart.has(c.after.key) || timelineKeys.has(c.after.key)) continue;
      timelineKeys.add(c.after.key);
      assumedDuration.add(c.after.key);
    }
  }
  if (waiting.workloads.size > 0 || waiting.neverStart.size > 0) {
    incoming = incomingPods(new Set([...timelineKeys, ...waiting.neverStart.keys()]));
    result = schedule(incoming);
  }

  input.onPhase?.('schedule');

  // The cluster after the change: what remains, minus evicted pods, plus the placed pods.
  const evicted = new Set(result.placements.flatMap((p) => p.victims ?? []));
  const after: ClusterState = {
    ...remaining,
    pods: [
      ...remaining.pods.filter((p) => !evicted.has(p.key)),
      ...result.placements.filter((p) => p.node !== null).map((p) => bound(p.pod, p.node!)),
    ],
  };

  const placements: PlacementEntry[] = result.placements.map((p) => {
    const entry: PlacementEntry = {
      namespace: p.pod.namespace,
      workload: p.pod.workload ? `${p.pod.workload.kind}/${p.pod.workload.name}` : `Pod/${p.pod.name}`,
      pod: p.pod.name,
      node: p.node,
      reason: p.reason,
      status: p.status,
      requests: compact(p.pod.requests),
    };
    if (p.victims && p.victims.length > 0) entry.victims = p.victims;
    if (p.nodeReasons && p.status !== 'scheduled') entry.nodeReasons = p.nodeReasons;
    if (p.pod.source) entry.source = { file: p.pod.source.file, line: p.pod.source.line };
    return entry;
  });

  const held: [string, PlacementEntry['status'], string | undefined][] = [
    ...[...waiting.workloads].map((w): [string, PlacementEntry['status'], string | undefined] => [
      w,
      'waiting',
      waiting.reasons.get(w),
    ]),
    ...[...waiting.neverStart].map(([w, why]): [string, PlacementEntry['status'], string | undefined] => [
      w,
      'unschedulable',
      why,
    ]),
  ];
  for (const [w, status, reason] of held) {
    const workload = changes.find((c) => c.after?.key === w)?.after;
    for (const pod of workload?.pods ?? []) {
      const entry: PlacementEntry = {
        namespace: pod.namespace,
        workload: pod.workload ? `${pod.workload.kind}/${pod.workload.name}` : `Pod/${pod.name}`,
        pod: pod.name,
        node: null,
        reason: reason ?? null,
        status,
        requests: compact(pod.requests),
      };
      if (pod.source) entry.source = { file: pod.source.file, line: pod.source.line };
      placements.push(entry);
    }
  }

  const usageOf = (state: ClusterState) => usageBy(podsOnNodes(state), (p) => p.nodeName);
  const before = usageOf(cluster);
  const afterUsage = usageOf(after);
  const nodes: NodeEntry[] = cluster.nodes.map((node) => {
    const b = before.get(node.name);
    const a = afterUsage.get(node.name);
    return {
      name: node.name,
      pool: node.pool ?? null,
      allocatable: compact(node.allocatable),
      requested: { before: compact(b?.requests ?? {}), after: compact(a?.requests ?? {}) },
      limits: { before: compact(b?.limits ?? {}), after: compact(a?.limits ?? {}) },
      pods: { before: b?.count ?? 0, after: a?.count ?? 0 },
    };
  });

  // Each workload's share of the cluster's figures (see WorkloadChange): the pods on
  // the cluster's nodes it takes away and the pods it places.
  const onNode = onNodes(cluster.nodes);
  const placedBy: Pod[][] = changes.map(() => []);
  for (const p of result.placements) {
    const i = p.node !== null ? incomingOf.get(p.pod) : undefined;
    if (i !== undefined) placedBy[i]!.push(p.pod);
  }
  const workloads: WorkloadChange[] = changes.map((c, i) => {
    const w = (c.after ?? c.before)!;
    const gone = replacedBy[i]!.filter(onNode);
    const placed = placedBy[i]!;
    const entry: WorkloadChange = {
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      change: c.change,
      replicas: { before: c.before?.pods.length ?? 0, after: c.after?.pods.length ?? 0 },
      pods: { before: gone.length, after: placed.length },
      requests: {
        before: compact(sumResources(gone.map((p) => p.requests))),
        after: compact(sumResources(placed.map((p) => p.requests))),
      },
      limits: {
        before: compact(sumResources(gone.map((p) => p.limits))),
        after: compact(sumResources(placed.map((p) => p.limits))),
      },
      source: { file: w.object.source.file, line: w.object.source.line },
    };
    if (c.after && timelineKeys.has(c.after.key)) entry.timeline = true;
    return entry;
  });
  const evictedPods = remaining.pods.filter((p) => evicted.has(p.key) && onNode(p));
  const preempted = {
    pods: evictedPods.length,
    requests: sumResources(evictedPods.map((p) => p.requests)),
    limits: sumResources(evictedPods.map((p) => p.limits)),
  };

  const changedForAdvice: ChangedWorkload[] = changes
    .filter((c) => (c.change === 'added' || c.change === 'changed') && c.after)
    .map((c) => ({
      kind: c.after!.kind,
      namespace: c.after!.namespace,
      name: c.after!.name,
      pods: c.after!.pods,
      raw: c.after!.object.raw,
      templateChanged: c.change === 'added' ? false : templateOf(c.before!) !== templateOf(c.after!),
    }));
  const unplacedPods = result.placements.filter((p) => p.status === 'unschedulable').map((p) => p.pod);
  const advice = input.skipAdvice
    ? undefined
    : adviseCapacity({ after, unplaced: unplacedPods, changed: changedForAdvice, simulate, options });
  input.onPhase?.('advice');

  let timeline: Plan['timeline'];
  if (timelineKeys.size > 0) {
    const horizon = parseGoDuration(config.timeline.horizon);
    const defaultDuration = parseGoDuration(config.timeline.defaultDuration);
    const planned = planTimeline(
      {
        objects: headObjects,
        workloads: headExpanded.workloads,
        capacity: { cluster: after },
        waiting: assumedDuration,
        ...(cluster.kueueQueues ? { kueueQueues: cluster.kueueQueues } : {}),
        ...(defaultDuration.ok ? { defaultDurationMs: nanosToMillis(defaultDuration.nanoseconds) } : {}),
      },
      {
        policy: config.timeline.policy,
        // The scheduler's filters, configured as for the plan, over what the plan leaves.
        fitter: schedulerFitter(after, options),
        start: input.start ?? new Date(),
        ...(horizon.ok ? { horizonMs: nanosToMillis(horizon.nanoseconds) } : {}),
      },
    );
    timeline = planned.timeline;
    diagnostics.push(...planned.diagnostics);
  }

  const victimPriorities: Record<string, number> = {};
  for (const pod of remaining.pods) if (evicted.has(pod.key)) victimPriorities[pod.key] = pod.priority;

  const count = (status: PlacementEntry['status']) => placements.filter((p) => p.status === status).length;
  const summary = {
    pods: placements.length,
    scheduled: count('scheduled'),
    unschedulable: count('unschedulable'),
    gated: count('gated'),
    rejected: count('rejected'),
    preempted: evicted.size,
    ...(count('waiting') > 0 ? { waiting: count('waiting') } : {}),
  };
  const policy = evaluatePolicy(
    {
      placements,
      victimPriorities,
      nodes,
      ...(advice ? { advice } : {}),
      ...(timeline
        ? {
            missedDeadlines: timeline.jobs
              .filter((j) => j.missed)
              .map((j) => ({ namespace: j.namespace, name: j.run === null ? j.name : `${j.name}#${j.run}` })),
          }
        : {}),
      inputErrors: diagnostics.filter((d) => d.severity === 'error').length,
      noRequests: noRequests.workloads,
    },
    config.policy,
  );
  const plan: Plan = {
    version: PLAN_SCHEMA_VERSION,
    cluster: { source: input.clusterSource, nodes: cluster.nodes.length, pods: cluster.pods.length },
    summary,
    passed: policy.passed,
    workloads,
    placements,
    nodes,
    diff: diffObjects(input.base?.objects ?? [], headObjects),
    resources: resourceReport(cluster, after, preempted, config.cost),
    policy,
    diagnostics,
  };
  if (advice) plan.advice = advice;
  if (timeline) plan.timeline = timeline;
  if (headExpanded.unsimulated.length > 0) {
    plan.unsimulated = headExpanded.unsimulated.map((u) => ({
      kind: u.groupKind,
      namespace: u.object.metadata.namespace || 'default',
      name: u.object.metadata.name,
      reason: u.reason,
      source: { file: u.object.source.file, line: u.object.source.line },
    }));
  }
  input.onPhase?.('plan');
  return plan;
}
