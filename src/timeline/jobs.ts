/**
 * Reads the timeline's jobs out of the manifests: which Jobs and CronJobs carry an
 * expected duration, their deadlines, dependencies, gang size and schedule. Every
 * problem becomes a diagnostic at the line of the annotation or field that caused it;
 * the other jobs are still planned.
 *
 * Just over ~400 lines: one reader per annotation or field of a timeline job, in the
 * order readTimelineJobs applies them, then the `after` links and the cycle check over
 * them.
 */

import { type Diagnostic, diagnostic, type Severity } from '../model/diagnostics.ts';
import type { PodSpec } from '../model/k8s.ts';
import type { FieldPath, ManifestObject, Pod } from '../model/types.ts';
import { builtinWorkloadKind, kueueQueue } from '../workloads/kinds.ts';
import { type CronSchedule, parseCron } from './cron.ts';
import { findCycles } from './cycles.ts';
import { formatDuration, nanosToMillis, parseGoDuration } from './duration.ts';
import {
  ANNOTATION_AFTER,
  ANNOTATION_DEADLINE,
  ANNOTATION_DURATION,
  type TimelineWorkload,
} from './types.ts';

export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

export type Deadline = { relativeMs: number } | { absoluteMs: number };

export interface TimelineJob {
  /** Position among the timeline's jobs, which is manifest order. */
  index: number;
  object: ManifestObject;
  /** `Job`, `CronJob`, or a batch custom resource (`JobSet.jobset.x-k8s.io`). */
  kind: string;
  namespace: string;
  name: string;
  durationMs: number;
  /** It has no `berth.dev/expected-duration`: it waits for capacity and takes the default duration. */
  durationAssumed?: true;
  deadline: Deadline | null;
  /** Indices of the jobs this one waits for. */
  after: number[];
  /** One pod of the job: requests and scheduling constraints. */
  pod: Pod;
  /** Pods that run together. */
  pods: number;
  cron?: { schedule: CronSchedule; concurrency: ConcurrencyPolicy; startingDeadlineMs: number | null };
  /** Set when the job can never run whatever the capacity (it is part of a dependency cycle). */
  blocked?: string;
}

export interface ReadJobsResult {
  jobs: TimelineJob[];
  diagnostics: Diagnostic[];
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 date-time to ms since the epoch; undefined when it is not one (or names a day that does not exist). */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  const fraction = m[7] ? Number(`0${m[7]}`) * 1000 : 0;
  let offset = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  // A leap second is read as the last second of the minute, as Go's time.Parse refuses it anyway.
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  return utc + Math.round(fraction) - offset;
}

function getPath(raw: unknown, path: FieldPath): unknown {
  let at: unknown = raw;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

const asNumber = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

function jobSpecPath(kind: string): FieldPath {
  return kind === 'Job' ? ['spec'] : ['spec', 'jobTemplate', 'spec'];
}

/** `Job` or `CronJob` when the object is a batch/v1 one (not Volcano's `batch.volcano.sh` Job). */
function batchKind(object: ManifestObject): 'Job' | 'CronJob' | undefined {
  const kind = builtinWorkloadKind(object);
  return kind === 'Job' || kind === 'CronJob' ? kind : undefined;
}

/**
 * Whether the object goes on the timeline rather than into the static plan: a Job or
 * CronJob, or a batch custom resource (`batch` among `workloads`), with an expected duration.
 */
export function isTimelineJob(object: ManifestObject, batch?: ReadonlySet<ManifestObject>): boolean {
  return (
    (batchKind(object) !== undefined || batch?.has(object) === true) &&
    typeof object.metadata.annotations?.[ANNOTATION_DURATION] === 'string'
  );
}

function namespaceOf(object: ManifestObject): string {
  return object.metadata.namespace || 'default';
}

export interface WaitingJobs {
  /** `Kind/namespace/name` of the batch workloads that wait for capacity. */
  waiting: ReadonlySet<string>;
  /** Their expected duration when they carry no annotation. */
  defaultDurationMs: number;
}

export function readTimelineJobs(
  objects: readonly ManifestObject[],
  workloads: readonly TimelineWorkload[] = [],
  waitingJobs?: WaitingJobs,
): ReadJobsResult {
  const diagnostics: Diagnostic[] = [];
  const podsByWorkload = new Map<string, Pod>();
  const customBatch = new Map<ManifestObject, TimelineWorkload>();
  for (const w of workloads) {
    const first = w.pods[0];
    const key = `${w.kind}/${w.namespace}/${w.name}`;
    if (first && !podsByWorkload.has(key)) podsByWorkload.set(key, first);
    if (w.batch && w.object && batchKind(w.object) === undefined) customBatch.set(w.object, w);
  }

  const jobs: TimelineJob[] = [];
  const afterNames: string[][] = [];
  // Every Job and CronJob by namespace/name, to tell an unknown dependency from one without a duration.
  const batchObjects = new Map<string, ManifestObject>();

  for (const object of objects) {
    const custom = customBatch.get(object);
    const kind = batchKind(object) ?? custom?.kind;
    if (kind === undefined) continue;
    const r = jobReader(object, kind, diagnostics);
    const key = `${r.namespace}/${r.name}`;
    if (!batchObjects.has(key)) batchObjects.set(key, object);
    const annotations = object.metadata.annotations ?? {};
    const durationText = annotations[ANNOTATION_DURATION];
    let durationMs: number | undefined;
    let durationAssumed = false;
    if (typeof durationText === 'string') durationMs = readDuration(r, durationText);
    else if (waitingJobs?.waiting.has(`${kind}/${key}`)) {
      durationMs = waitingJobs.defaultDurationMs;
      durationAssumed = true;
      r.report(
        ['metadata'],
        'warning',
        `${kind} ${key} is batch work on the timeline (some of the change's batch work waits for capacity) and has no ${ANNOTATION_DURATION}: the timeline assumes it runs for ${formatDuration(durationMs)} (timeline.defaultDuration); annotate it with its expected duration.`,
      );
    } else continue;
    if (durationMs === undefined) continue;
    const deadline = readDeadline(r, annotations[ANNOTATION_DEADLINE]);
    const extra = durationAssumed ? { durationAssumed: true as const } : {};
    if (custom) {
      // A batch custom resource: its pods run at once (a gang needs its minAvailable). Its
      // pods may differ (a PyTorchJob's master and workers): each is counted as asking for
      // the most any of them asks for, resource by resource, so the timeline never
      // starts it where it would not fit.
      const first = custom.pods[0];
      if (!first) continue;
      const requests: Record<string, number> = {};
      for (const p of custom.pods)
        for (const [r, v] of Object.entries(p.requests)) requests[r] = Math.max(requests[r] ?? 0, v);
      const pod: Pod = { ...first, requests };
      jobs.push({
        index: jobs.length,
        object,
        kind,
        namespace: r.namespace,
        name: r.name,
        durationMs,
        deadline,
        after: [],
        pod,
        // A gang starts with its minAvailable pods; other work with all of them.
        pods: custom.gang ?? custom.pods.length,
        ...extra,
      });
      afterNames.push(parseAfter(annotations[ANNOTATION_AFTER]));
      continue;
    }
    const specPath = jobSpecPath(r.kind);
    const jobSpec = getPath(object.raw, specPath);
    if (isSuspended(r, jobSpec, specPath)) continue;
    const pods = podCount(r, jobSpec, specPath);
    if (pods === 0) continue;
    checkActiveDeadline(r, jobSpec, specPath, durationMs);
    const cron = r.kind === 'CronJob' ? readCron(r) : undefined;
    if (cron === null) continue;
    const pod =
      podsByWorkload.get(`${r.kind}/${key}`) ?? templatePod(r, jobSpec, specPath, workloads.length > 0);
    jobs.push({
      index: jobs.length,
      object,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      durationMs,
      deadline,
      after: [],
      pod,
      pods,
      ...(cron ? { cron } : {}),
      ...extra,
    });
    afterNames.push(parseAfter(annotations[ANNOTATION_AFTER]));
  }

  linkAfter(jobs, afterNames, batchObjects, diagnostics);
  markCycles(jobs, diagnostics);
  return { jobs, diagnostics };
}

/** One Job or CronJob being read: what it is, and where its diagnostics go. */
interface JobReader {
  object: ManifestObject;
  kind: string;
  namespace: string;
  name: string;
  report(path: FieldPath, severity: Severity, message: string): void;
}

function jobReader(object: ManifestObject, kind: string, diagnostics: Diagnostic[]): JobReader {
  return {
    object,
    kind,
    namespace: namespaceOf(object),
    name: object.metadata.name,
    report(path, severity, message) {
      diagnostics.push(diagnostic(object.locate(path), severity, 'timeline', message));
    },
  };
}

const annotationPath = (name: string): FieldPath => ['metadata', 'annotations', name];

/** The duration annotation in milliseconds, or undefined (reported) when it is not a positive Go duration. */
function readDuration(r: JobReader, durationText: string): number | undefined {
  const parsed = parseGoDuration(durationText.trim());
  if (parsed.ok && parsed.nanoseconds > 0n) return nanosToMillis(parsed.nanoseconds);
  const why = parsed.ok ? 'it must be longer than zero' : parsed.error;
  r.report(
    annotationPath(ANNOTATION_DURATION),
    'error',
    `${r.kind} ${r.namespace}/${r.name}: ${ANNOTATION_DURATION} ${JSON.stringify(durationText)} is not a duration (${why}); write it as Go does, e.g. 45m, 1h30m or 1.5h. The job is left off the timeline.`,
  );
  return undefined;
}

/** The deadline annotation: a duration after release, an RFC 3339 time, or none (reported when unreadable). */
function readDeadline(r: JobReader, deadlineText: string | undefined): Deadline | null {
  if (typeof deadlineText !== 'string') return null;
  const relative = parseGoDuration(deadlineText.trim());
  const absolute = parseRfc3339(deadlineText);
  if (relative.ok && relative.nanoseconds >= 0n) return { relativeMs: nanosToMillis(relative.nanoseconds) };
  if (absolute !== undefined) return { absoluteMs: absolute };
  r.report(
    annotationPath(ANNOTATION_DEADLINE),
    'error',
    `${r.kind} ${r.namespace}/${r.name}: ${ANNOTATION_DEADLINE} ${JSON.stringify(deadlineText)} is neither a duration after the job's release (4h) nor an RFC 3339 time (2025-01-31T06:00:00Z); the job is planned without a deadline.`,
  );
  return null;
}

/** A suspended Job (or CronJob) creates no pods: reported, and left off the timeline. */
function isSuspended(r: JobReader, jobSpec: unknown, specPath: FieldPath): boolean {
  const cronSuspended = r.kind === 'CronJob' && getPath(r.object.raw, ['spec', 'suspend']) === true;
  // Kueue creates its Jobs suspended and lifts the suspension when it admits them.
  if (kueueQueue(r.object) !== undefined) return false;
  if (getPath(jobSpec, ['suspend']) !== true && !cronSuspended) return false;
  r.report(
    cronSuspended ? ['spec', 'suspend'] : [...specPath, 'suspend'],
    'warning',
    `${r.kind} ${r.namespace}/${r.name} is suspended: it creates no pods, so it is left off the timeline.`,
  );
  return true;
}

/** How many pods run at once: parallelism, never more than the completions left (0 is reported). */
function podCount(r: JobReader, jobSpec: unknown, specPath: FieldPath): number {
  const parallelism = asNumber(getPath(jobSpec, ['parallelism'])) ?? 1;
  const completions = asNumber(getPath(jobSpec, ['completions']));
  const pods = Math.max(
    0,
    Math.floor(completions === undefined ? parallelism : Math.min(parallelism, completions)),
  );
  if (pods === 0) {
    r.report(
      [...specPath, 'parallelism'],
      'warning',
      `${r.kind} ${r.namespace}/${r.name} runs no pods (parallelism or completions is 0), so it is left off the timeline.`,
    );
  }
  return pods;
}

/** Warns when activeDeadlineSeconds would kill the job before its expected duration. */
function checkActiveDeadline(r: JobReader, jobSpec: unknown, specPath: FieldPath, durationMs: number): void {
  const activeDeadline = asNumber(getPath(jobSpec, ['activeDeadlineSeconds']));
  if (activeDeadline === undefined || activeDeadline * 1000 >= durationMs) return;
  r.report(
    [...specPath, 'activeDeadlineSeconds'],
    'warning',
    `${r.kind} ${r.namespace}/${r.name}: activeDeadlineSeconds ${activeDeadline} (${formatDuration(activeDeadline * 1000)}) is shorter than its expected duration ${formatDuration(durationMs)}: Kubernetes would kill the job before it finishes.`,
  );
}

/** A CronJob's schedule, time zone, concurrencyPolicy and startingDeadlineSeconds; null (reported) when it has no usable schedule. */
function readCron(r: JobReader): TimelineJob['cron'] | null {
  const { namespace, name } = r;
  const raw = r.object.raw;
  const scheduleText = getPath(raw, ['spec', 'schedule']);
  const timeZone = getPath(raw, ['spec', 'timeZone']);
  if (typeof scheduleText !== 'string') {
    r.report(
      ['spec', 'schedule'],
      'error',
      `CronJob ${namespace}/${name} has no spec.schedule; it is left off the timeline.`,
    );
    return null;
  }
  const schedule = parseCron(scheduleText, typeof timeZone === 'string' ? timeZone : undefined);
  if (!schedule.ok) {
    const path: FieldPath =
      schedule.error.startsWith('unknown time zone') &&
      typeof timeZone === 'string' &&
      !/TZ=/.test(scheduleText)
        ? ['spec', 'timeZone']
        : ['spec', 'schedule'];
    r.report(
      path,
      'error',
      `CronJob ${namespace}/${name}: schedule ${JSON.stringify(scheduleText)}: ${schedule.error}; it is left off the timeline.`,
    );
    return null;
  }
  if (schedule.zoneFromSchedule) {
    r.report(
      ['spec', 'schedule'],
      typeof timeZone === 'string' ? 'error' : 'warning',
      typeof timeZone === 'string'
        ? `CronJob ${namespace}/${name}: cannot use both timeZone field and TZ or CRON_TZ in schedule; the schedule's zone is used here.`
        : `CronJob ${namespace}/${name}: TZ or CRON_TZ in the schedule is not officially supported (the API server refuses it on new CronJobs); use spec.timeZone instead.`,
    );
  }
  const policyText = getPath(raw, ['spec', 'concurrencyPolicy']);
  let concurrency: ConcurrencyPolicy = 'Allow';
  if (policyText === 'Forbid' || policyText === 'Replace' || policyText === 'Allow') concurrency = policyText;
  else if (policyText !== undefined) {
    r.report(
      ['spec', 'concurrencyPolicy'],
      'error',
      `CronJob ${namespace}/${name}: concurrencyPolicy must be Allow, Forbid or Replace; Allow is assumed.`,
    );
  }
  const sds = asNumber(getPath(raw, ['spec', 'startingDeadlineSeconds']));
  return {
    schedule: schedule.schedule,
    concurrency,
    startingDeadlineMs: sds === undefined ? null : sds * 1000,
  };
}

/** The job's pod from its template, requesting nothing, when no pods were expanded for it (reported when some were expected). */
function templatePod(r: JobReader, jobSpec: unknown, specPath: FieldPath, expanded: boolean): Pod {
  const { kind, namespace, name } = r;
  const template = getPath(jobSpec, ['template']) as
    | { metadata?: { labels?: Record<string, string> }; spec?: PodSpec }
    | undefined;
  if (expanded) {
    r.report(
      [...specPath, 'template'],
      'warning',
      `${kind} ${namespace}/${name}: no pods were expanded for it, so its pods count as requesting nothing.`,
    );
  }
  return {
    namespace,
    name: `${name}-pod`,
    key: `${namespace}/${name}-pod`,
    labels: template?.metadata?.labels ?? {},
    annotations: {},
    workload: { kind, name },
    spec: template?.spec ?? {},
    requests: {},
    limits: {},
    priority: 0,
  };
}

/** The names in the `after` annotation, comma separated. */
function parseAfter(afterText: string | undefined): string[] {
  if (typeof afterText !== 'string') return [];
  return afterText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Resolves each job's `after` names to jobs of its namespace; an unknown or unplanned one is reported and ignored. */
function linkAfter(
  jobs: readonly TimelineJob[],
  afterNames: readonly string[][],
  batchObjects: ReadonlyMap<string, ManifestObject>,
  diagnostics: Diagnostic[],
): void {
  const byName = new Map<string, number>();
  for (const job of jobs) {
    const key = `${job.namespace}/${job.name}`;
    if (!byName.has(key)) byName.set(key, job.index);
  }
  for (const job of jobs) {
    for (const dep of afterNames[job.index] ?? []) {
      const key = `${job.namespace}/${dep}`;
      const target = byName.get(key);
      if (target !== undefined) {
        if (!job.after.includes(target)) job.after.push(target);
        continue;
      }
      const known = batchObjects.get(key);
      diagnostics.push(
        diagnostic(
          job.object.locate(annotationPath(ANNOTATION_AFTER)),
          known ? 'warning' : 'error',
          'timeline',
          known
            ? `${job.kind} ${job.namespace}/${job.name}: ${known.kind} ${key} in ${ANNOTATION_AFTER} has no ${ANNOTATION_DURATION}, so it is not on the timeline; the dependency is ignored.`
            : `${job.kind} ${job.namespace}/${job.name}: unknown dependency ${JSON.stringify(dep)} in ${ANNOTATION_AFTER}: no Job or CronJob ${key} with ${ANNOTATION_DURATION} in the manifests; the dependency is ignored.`,
        ),
      );
    }
  }
}

/** Jobs on a dependency cycle can never start: each is blocked, and the cycle reported once. */
function markCycles(jobs: readonly TimelineJob[], diagnostics: Diagnostic[]): void {
  for (const cycle of findCycles(jobs)) {
    const names = cycle.map((i) => `${jobs[i]?.namespace}/${jobs[i]?.name}`);
    const text = [...names, names[0]].join(' -> ');
    for (const i of cycle) {
      const job = jobs[i];
      if (job) job.blocked = `dependency cycle ${text}`;
    }
    const first = jobs[cycle[0] ?? 0];
    if (first) {
      diagnostics.push(
        diagnostic(
          first.object.locate(annotationPath(ANNOTATION_AFTER)),
          'error',
          'timeline',
          `dependency cycle in ${ANNOTATION_AFTER}: ${text}; these jobs can never start.`,
        ),
      );
    }
  }
}
