/**
 * `berth apply` against a live cluster: validate, list the ApplySet, dry-run
 * every object, then server-side apply stage by stage, wait for health, prune,
 * and write the inventory, reporting what happened to each object.
 *
 * The order is what keeps a failure safe. Nothing is written until every object
 * the server can check has passed a server-side dry-run (objects whose type or
 * namespace the set itself creates are checked right before their stage, once
 * the definitions exist). The inventory parent is written before any member,
 * naming the union of old and new group-kinds and namespaces, so an object
 * applied by a run that then fails is still found by the next run; it shrinks
 * only after pruning, to what is left (the bug Flux fixed in
 * kustomize-controller#1664 was the reverse). A stage that fails stops the
 * run: later stages are not attempted and are reported so.
 *
 * Over ~400 lines because `run` keeps the whole order described above (dry-run,
 * inventory, stages, prune) in one function read top to bottom, since that order is what
 * makes a failure safe.
 */

import {
  applySetId,
  LABEL_PART_OF,
  parentAnnotations,
  parentBody,
  readFingerprints,
  readParent,
  tooling,
  toolingConflict,
} from '../apply/applyset.ts';
import {
  hidesValues,
  maskValues,
  matchesManifest,
  ownershipDigest,
  parseConflicts,
  summarizeChange,
} from '../apply/changes.ts';
import { healthOf, isWaitedFor } from '../apply/health.ts';
import { type LiveMember, type PrunePlan, planPrune } from '../apply/prune.ts';
import { planStages, STAGE_NAMES } from '../apply/stages.ts';
import {
  APPLY_SCHEMA_VERSION,
  type ApplyPhase,
  type ApplyResult,
  type ApplyTarget,
  FIELD_MANAGER,
  type GroupKind,
  type Health,
  type ObjectOutcome,
  type ObjectResult,
} from '../apply/types.ts';
import { validateForApply } from '../apply/validate.ts';
import { BerthError, type Diagnostic } from '../model/diagnostics.ts';
import type { ManifestObject } from '../model/types.ts';
import {
  type ApiAnswer,
  type ApiFailure,
  type ApiResource,
  type Discovery,
  KubeWriter,
  type WriterOptions,
} from './writer.ts';

export interface ApplyOptions {
  objects: readonly ManifestObject[];
  writer?: KubeWriter;
  cluster?: WriterOptions;
  /** Name of the ApplySet parent Secret (default `berth`). */
  applySet?: string;
  /** Namespace of the parent Secret (default `berth-system`). */
  inventoryNamespace?: string;
  /** For namespaced objects that name none (default `default`). */
  namespace?: string;
  allowKinds?: readonly string[];
  /** Protected kinds (Namespace, PersistentVolumeClaim, CustomResourceDefinition) that may be pruned. */
  pruneKinds?: readonly string[];
  maxPrune?: number;
  dryRun?: boolean;
  prune?: boolean;
  pruneConfirm?: boolean;
  forceConflicts?: boolean;
  /** How long to wait for health in ms; 0 does not wait. */
  waitMs?: number;
  /** Seconds between health polls (default 1). */
  pollMs?: number;
  /** berth's version, for the tooling annotation. */
  version: string;
  progress?: (event: ApplyProgress) => void;
}

export interface ApplyProgress {
  phase: ApplyPhase;
  stage?: string;
  done: number;
  total: number;
  /** What is being waited on, e.g. `Deployment shop/web: Ready: 1/3`. */
  waitingOn?: string;
}

export interface ApplyRun {
  /** Undefined when validation refused the set: then `diagnostics` say why and nothing was sent. */
  result?: ApplyResult;
  diagnostics: Diagnostic[];
  /** Refused before anything was written (validation, a foreign parent, a prune guard). */
  refused?: string;
}

interface Planned {
  target: ApplyTarget;
  resource?: ApiResource;
  live?: Record<string, unknown>;
  /** Checked by the server only once its namespace or type exists (created earlier in this set). */
  deferred: boolean;
  result: ObjectResult;
  /** The dry-run said nothing changes: no write needed. */
  skipWrite: boolean;
  /** Known unchanged without a dry-run (see the fingerprints in the parent). */
  confirmed?: boolean;
  applied?: Record<string, unknown>;
}

function gkKey(gk: GroupKind): string {
  return `${gk.group}/${gk.kind}`;
}

function memberKey(o: { group: string; kind: string; namespace: string; name: string }): string {
  return `${o.group}/${o.kind}/${o.namespace}/${o.name}`;
}

function metaOf(obj: Record<string, unknown>): { name: string; namespace?: string; uid?: string } {
  return (obj.metadata ?? {}) as { name: string; namespace?: string; uid?: string };
}

function emptySummary(): ApplyResult['summary'] {
  return {
    created: 0,
    configured: 0,
    unchanged: 0,
    pruned: 0,
    failed: 0,
    skipped: 0,
    unhealthy: 0,
    notAttempted: 0,
  };
}

export async function runApply(options: ApplyOptions): Promise<ApplyRun> {
  const started = Date.now();
  const writer = options.writer ?? new KubeWriter(options.cluster);
  try {
    return await run(writer, options, started);
  } finally {
    if (!options.writer) writer.close();
  }
}

async function run(writer: KubeWriter, options: ApplyOptions, started: number): Promise<ApplyRun> {
  const parent = {
    name: options.applySet ?? 'berth',
    namespace: options.inventoryNamespace ?? 'berth-system',
  };
  const id = applySetId(parent);
  const tool = tooling(options.version);
  const progress = options.progress ?? (() => {});
  const secretType: ApiResource = {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
  };
  const namespaceType: ApiResource = {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
  };

  progress({ phase: 'validation', done: 0, total: options.objects.length });
  const discovery = await writer.discover();
  const validated = validateForApply(options.objects, {
    ...(options.namespace ? { namespace: options.namespace } : {}),
    allowKinds: options.allowKinds ?? [],
    applySetId: id,
    scopeOf: (group, version, kind) => {
      const r = discovery.lookup(group, version, kind);
      return r ? (r.namespaced ? 'Namespaced' : 'Cluster') : undefined;
    },
  });
  if (validated.diagnostics.some((d) => d.severity === 'error')) {
    return {
      diagnostics: validated.diagnostics,
      refused: 'the manifests are not valid; nothing was applied',
    };
  }
  if (validated.targets.length === 0 && options.prune) {
    return {
      diagnostics: validated.diagnostics,
      refused: 'no objects to apply: an empty set never prunes (check the --head paths); nothing was applied',
    };
  }

  const result: ApplyResult = {
    version: APPLY_SCHEMA_VERSION,
    cluster: { host: writer.host, context: writer.context },
    applySet: { id, parent: parent.name, namespace: parent.namespace, tooling: tool },
    dryRun: options.dryRun === true,
    forceConflicts: options.forceConflicts === true,
    success: false,
    stoppedAt: 'dry-run',
    summary: emptySummary(),
    stages: [],
    objects: [],
    prune: { enabled: options.prune === true, candidates: 0 },
    messages: [],
    durationMs: 0,
  };
  const finish = (stoppedAt: ApplyPhase): ApplyRun => {
    result.stoppedAt = stoppedAt;
    result.summary = emptySummary();
    for (const o of result.objects) {
      result.summary[o.outcome]++;
      if (o.outcome === 'skipped' && o.message?.startsWith('not attempted')) result.summary.notAttempted++;
      if (o.health && o.health.status !== 'Current') result.summary.unhealthy++;
    }
    result.success =
      stoppedAt === 'done' &&
      result.summary.failed === 0 &&
      result.summary.unhealthy === 0 &&
      !result.prune.refused;
    result.durationMs = Date.now() - started;
    return { result, diagnostics: validated.diagnostics };
  };

  // The parent, and what it says the set held before this run.
  const parentLive = await writer.get(secretType, parent.namespace, parent.name);
  const before = readParent(parentLive, parent);
  const foreign = toolingConflict(before);
  if (foreign) return { diagnostics: validated.diagnostics, refused: foreign };

  const planned: Planned[] = validated.targets.map((target) => ({
    target,
    deferred: false,
    skipWrite: false,
    result: {
      kind: target.kind,
      group: target.group,
      namespace: target.namespace,
      name: target.name,
      outcome: 'skipped',
      source: target.source,
      stage: STAGE_NAMES[target.stage],
    },
  }));
  for (const p of planned) {
    const r = discovery.lookup(p.target.group, p.target.version, p.target.kind);
    if (r) p.resource = r;
  }

  // Current members: listed by label, per group-kind and namespace the set spans.
  const kinds = new Map<string, GroupKind>();
  for (const gk of before.groupKinds) kinds.set(gkKey(gk), gk);
  for (const t of validated.targets) kinds.set(gkKey(t), { group: t.group, kind: t.kind });
  const namespaces = [
    ...new Set([...before.namespaces, ...validated.targets.map((t) => t.namespace).filter(Boolean)]),
  ];
  const lists: { resource: ApiResource; namespace: string }[] = [];
  for (const gk of kinds.values()) {
    const resource = discovery.forGroupKind(gk.group, gk.kind);
    if (!resource) continue;
    if (resource.namespaced) for (const ns of namespaces) lists.push({ resource, namespace: ns });
    else lists.push({ resource, namespace: '' });
  }
  progress({ phase: 'dry-run', done: 0, total: planned.length });
  const listed = await writer.pool(lists, ({ resource, namespace }) =>
    writer.list(resource, namespace, `${LABEL_PART_OF}=${id}`),
  );
  const members = new Map<string, LiveMember>();
  lists.forEach(({ resource }, i) => {
    for (const object of listed[i] ?? []) {
      const meta = metaOf(object);
      const ref = {
        group: resource.group,
        kind: resource.kind,
        namespace: meta.namespace ?? '',
        name: meta.name,
      };
      members.set(memberKey(ref), { ...ref, object });
    }
  });

  // Live state of the objects that are not members yet, and which namespaces exist.
  const targetNamespaces = [...new Set(validated.targets.map((t) => t.namespace).filter(Boolean))];
  const existing = await writer.pool(targetNamespaces, (ns) => writer.get(namespaceType, '', ns));
  const missingNamespaces = new Set(targetNamespaces.filter((_, i) => !existing[i]));
  await writer.pool(planned, async (p) => {
    const member = members.get(p.target.key);
    if (member) p.live = member.object;
    else if (p.resource && !missingNamespaces.has(p.target.namespace)) {
      p.live = await writer.get(p.resource, p.target.namespace, p.target.name);
    }
    p.deferred = !p.resource || missingNamespaces.has(p.target.namespace);
  });

  // The prune plan is settled before anything is written, so a guard refuses it up front.
  let prunePlan: PrunePlan | undefined;
  if (options.prune) {
    prunePlan = planPrune([...members.values()], validated.targets, {
      maxPrune: options.maxPrune ?? 10,
      confirmed: options.pruneConfirm === true,
      allowKinds: options.pruneKinds ?? [],
    });
    result.prune.candidates = prunePlan.delete.length;
    if (prunePlan.refused) {
      result.prune.refused = prunePlan.refused;
      return { diagnostics: validated.diagnostics, refused: prunePlan.refused };
    }
  }

  const failureMessage = (p: Planned, failure: ApiFailure): string => {
    const text = hidesValues(p.target.kind, p.target.group)
      ? maskValues(failure.message, p.target.body)
      : failure.message;
    return writer.safe(text);
  };
  const dryRunOne = async (p: Planned): Promise<boolean> => {
    const answer = await sendApply(
      writer,
      p,
      options,
      true,
      (failure) => `dry-run: ${failureMessage(p, failure)}`,
    );
    if (!answer) return false;
    delete p.result.message;
    let change = summarizeChange(p.live, answer.object, p.target.kind, p.target.group, FIELD_MANAGER);
    // The live copy was read before the dry-run: a controller may have written since (a
    // Deployment's revision annotation). Compare with the object as it is now before calling it a change.
    const version = (o: Record<string, unknown> | undefined) =>
      (o?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
    if (change.outcome === 'configured' && p.resource && version(answer.object) !== version(p.live)) {
      const now = await writer.get(p.resource, p.target.namespace, p.target.name).catch(() => undefined);
      if (now) {
        p.live = now;
        change = summarizeChange(now, answer.object, p.target.kind, p.target.group, FIELD_MANAGER);
      }
    }
    p.result.outcome = change.outcome;
    if (change.outcome === 'configured')
      p.result.fields = hidesValues(p.target.kind, p.target.group)
        ? change.fields.map(keyOnly)
        : change.fields;
    if (change.keys) p.result.keys = change.keys;
    p.skipWrite = change.outcome === 'unchanged';
    return true;
  };

  // A member whose live values are the manifest's, with berth's managed fields as berth last
  // confirmed them (recorded in the parent), is unchanged: applying it again would write
  // nothing, so it needs neither a write nor a dry-run. Any doubt goes to the dry-run.
  const recorded = readFingerprints(parentLive);
  for (const p of planned) {
    const digest = recorded[p.target.key];
    if (p.deferred || !p.live || !members.has(p.target.key) || !digest) continue;
    if (digest === ownershipDigest(p.live, FIELD_MANAGER) && matchesManifest(p.live, p.target.body)) {
      p.result.outcome = 'unchanged';
      p.skipWrite = true;
      p.confirmed = true;
    }
  }

  // Dry-run everything the server can check now; one failure and nothing is written.
  let done = 0;
  const checks = await writer.pool(
    planned.filter((p) => !p.deferred && !p.confirmed),
    async (p) => {
      const ok = await dryRunOne(p);
      progress({ phase: 'dry-run', done: ++done, total: planned.length });
      return ok;
    },
  );
  result.objects = planned.map((p) => p.result);
  const stages = planStages(planned.map((p) => ({ ...p.target, planned: p })));
  if (checks.some((ok) => !ok)) {
    for (const p of planned) {
      if (p.result.outcome !== 'failed') {
        p.result.outcome = 'skipped';
        p.result.message = 'not applied: the dry-run of another object failed, so nothing was applied';
        delete p.result.fields;
        delete p.result.keys;
      }
    }
    result.stages = stages.map((s) => ({
      name: s.name,
      objects: s.objects.length,
      outcome: 'not attempted',
    }));
    return finish('dry-run');
  }
  for (const p of planned) {
    if (p.deferred) {
      p.result.outcome = 'created';
      p.result.message = options.dryRun
        ? `not checked by the server: its ${p.resource ? 'namespace' : 'type'} does not exist yet (this set creates it)`
        : `checked by the server once its ${p.resource ? 'namespace' : 'type'} exists (created earlier in this set)`;
    }
  }

  if (options.dryRun) {
    result.stages = stages.map((s) => ({ name: s.name, objects: s.objects.length, outcome: 'dry-run' }));
    for (const c of prunePlan?.delete ?? []) {
      result.objects.push({ ...c, outcome: 'pruned', message: 'would be pruned (dry run)' });
    }
    for (const k of prunePlan?.kept ?? []) {
      result.objects.push({
        kind: k.kind,
        group: k.group,
        namespace: k.namespace,
        name: k.name,
        outcome: 'skipped',
        message: `not pruned: ${k.reason}`,
      });
    }
    return finish('done');
  }

  // The inventory first: the union of what was and what will be, so nothing applied is ever unlisted.
  const inventory = new Map<string, GroupKind & { namespace: string }>();
  for (const gk of before.groupKinds)
    for (const ns of before.namespaces) inventory.set(`${gkKey(gk)}/${ns}`, { ...gk, namespace: ns });
  for (const t of validated.targets)
    inventory.set(`${gkKey(t)}/${t.namespace}`, { group: t.group, kind: t.kind, namespace: t.namespace });
  /** What berth now knows each member to hold, for the next run's shortcut; only after a run that got through. */
  const fingerprints = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const p of planned) {
      if (
        p.result.outcome !== 'created' &&
        p.result.outcome !== 'configured' &&
        p.result.outcome !== 'unchanged'
      )
        continue;
      const digest = ownershipDigest(p.skipWrite ? p.live : p.applied, FIELD_MANAGER);
      if (digest) out[p.target.key] = digest;
    }
    return out;
  };
  const writeParent = async (
    entries: Iterable<GroupKind & { namespace: string }>,
    confirmed: Record<string, string> = {},
  ) => {
    const body = parentBody(parent, id, parentAnnotations([...entries], parent, tool), confirmed);
    const answer = await writer.apply(secretType, body, {
      dryRun: false,
      force: true,
      fieldManager: FIELD_MANAGER,
    });
    if (!answer.ok)
      throw new BerthError(
        'io',
        writer.safe(`cannot write the ApplySet parent ${parent.namespace}/${parent.name}: ${answer.message}`),
      );
  };
  if (!(await writer.get(namespaceType, '', parent.namespace))) {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: parent.namespace } };
    const answer = await writer.apply(namespaceType, ns, {
      dryRun: false,
      force: false,
      fieldManager: FIELD_MANAGER,
    });
    if (!answer.ok)
      throw new BerthError(
        'io',
        writer.safe(`cannot create namespace ${parent.namespace} for the ApplySet parent: ${answer.message}`),
      );
  }
  await writeParent(inventory.values());

  // Stage by stage.
  result.stoppedAt = 'apply';
  let failedStage: string | undefined;
  done = 0;
  for (const stage of stages) {
    if (failedStage) {
      for (const o of stage.objects) {
        o.planned.result.outcome = 'skipped';
        o.planned.result.message = `not attempted: stage ${failedStage} failed`;
        delete o.planned.result.fields;
      }
      result.stages.push({ name: stage.name, objects: stage.objects.length, outcome: 'not attempted' });
      continue;
    }
    const items = stage.objects.map((o) => o.planned);
    // Objects whose namespace or type earlier stages created: their dry-run, now that it can run.
    const late = items.filter((p) => p.deferred);
    for (const p of late) {
      p.resource ??= discovery.lookup(p.target.group, p.target.version, p.target.kind);
      p.live = undefined;
    }
    const lateOk = await writer.pool(late, dryRunOne);
    if (lateOk.some((ok) => !ok)) {
      for (const p of items) {
        if (p.result.outcome === 'failed') continue;
        p.result.outcome = 'skipped';
        p.result.message = `not attempted: the dry-run of another object of stage ${stage.name} failed`;
        delete p.result.fields;
      }
      failedStage = stage.name;
      result.stages.push({ name: stage.name, objects: items.length, outcome: 'failed' });
      continue;
    }
    const oks = await writer.pool(items, async (p) => {
      progress({ phase: 'apply', stage: stage.name, done, total: planned.length });
      const ok = await applyOne(writer, p, options, failureMessage);
      progress({ phase: 'apply', stage: stage.name, done: ++done, total: planned.length });
      return ok;
    });
    if (oks.some((ok) => !ok)) {
      failedStage = stage.name;
      result.stages.push({ name: stage.name, objects: items.length, outcome: 'failed' });
      continue;
    }
    result.stages.push({ name: stage.name, objects: items.length, outcome: 'applied' });
    // Definitions must be served before the next stage uses them.
    const defs = items.filter(
      (p) =>
        (p.target.kind === 'CustomResourceDefinition' && p.target.group === 'apiextensions.k8s.io') ||
        (p.target.kind === 'Namespace' && p.target.group === ''),
    );
    if (defs.length > 0) {
      const waited = await waitHealthy(
        writer,
        defs,
        Math.max(options.waitMs ?? 0, 60_000),
        options.pollMs ?? 500,
        progress,
        'apply',
      );
      for (const p of defs) {
        if (p.target.kind === 'CustomResourceDefinition' && p.applied) discovery.addCrd(p.applied);
      }
      if (!waited) {
        failedStage = stage.name;
        result.stages[result.stages.length - 1]!.outcome = 'failed';
        for (const p of defs) if (p.result.health?.status !== 'Current') p.result.outcome = 'failed';
      }
      for (const p of defs) delete p.result.health;
    }
  }
  if (failedStage) {
    await writeParent(inventory.values()).catch((e: unknown) => result.messages.push((e as Error).message));
    return finish('apply');
  }

  // Health.
  if ((options.waitMs ?? 0) > 0) {
    const watched = planned.filter((p) => isWaitedFor(p.target.kind, p.target.group));
    await waitHealthy(writer, watched, options.waitMs ?? 0, options.pollMs ?? 1000, progress, 'wait');
    for (const p of watched) {
      if (p.result.health?.status === 'Current') continue;
      const why = await schedulingReason(writer, discovery, p).catch(() => undefined);
      if (why && p.result.health) p.result.health.message = `${p.result.health.message}; ${why}`;
    }
  }

  // Prune, then shrink the inventory to what is left.
  if (prunePlan) {
    progress({ phase: 'prune', done: 0, total: prunePlan.delete.length });
    const remaining = new Map(inventory);
    const outcomes = await writer.pool(prunePlan.delete, async (c) => {
      const resource = discovery.forGroupKind(c.group, c.kind);
      const live = members.get(memberKey(c));
      const r: ObjectResult = {
        kind: c.kind,
        group: c.group,
        namespace: c.namespace,
        name: c.name,
        outcome: 'pruned',
      };
      if (!resource) {
        r.outcome = 'failed';
        r.message = `cannot prune: the API server no longer serves ${c.kind}`;
        return r;
      }
      const answer = await writer
        .delete(resource, c.namespace, c.name, live ? metaOf(live.object).uid : undefined)
        .catch(unreachable);
      if (!answer.ok && answer.status !== 404) {
        r.outcome = 'failed';
        r.message = `prune: ${writer.safe(answer.message)}; it stays in the ApplySet`;
      }
      return r;
    });
    result.objects.push(...outcomes);
    for (const k of prunePlan.kept) {
      result.objects.push({
        kind: k.kind,
        group: k.group,
        namespace: k.namespace,
        name: k.name,
        outcome: 'skipped',
        message: `not pruned: ${k.reason}`,
      });
    }
    // What stays: the manifests, members that were kept, and members whose deletion failed.
    remaining.clear();
    const stay = [...validated.targets, ...prunePlan.kept, ...outcomes.filter((o) => o.outcome === 'failed')];
    for (const s of stay)
      remaining.set(`${gkKey(s)}/${s.namespace}`, { group: s.group, kind: s.kind, namespace: s.namespace });
    await writeParent(remaining.values(), fingerprints());
  } else {
    // Without pruning, old members stay members: the inventory keeps naming them.
    await writeParent(inventory.values(), fingerprints());
  }
  return finish('done');
}

/** A request that could not be made at all, as an answer (the message is the writer's, secret-free). */
function unreachable(error: unknown): ApiAnswer {
  return {
    ok: false,
    status: 0,
    reason: 'Unreachable',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** `data.password` -> `data.password` (a key name), anything deeper is cut at the key. */
function keyOnly(path: string): string {
  const m = /^(data|stringData|binaryData)\.([^.[]+)/.exec(path);
  return m ? `${m[1]}.${m[2]}` : path;
}

async function applyOne(
  writer: KubeWriter,
  p: Planned,
  options: ApplyOptions,
  failureMessage: (p: Planned, failure: ApiFailure) => string,
): Promise<boolean> {
  if (p.skipWrite) return true;
  const answer = await sendApply(writer, p, options, false, (failure) => failureMessage(p, failure));
  if (!answer) {
    delete p.result.fields;
    delete p.result.keys;
    return false;
  }
  p.applied = answer.object;
  return true;
}

/**
 * One server-side apply (or its dry run) of a planned object. A refusal is recorded on
 * the object's result, conflicts named with the field and its manager, and gives undefined.
 */
async function sendApply(
  writer: KubeWriter,
  p: Planned,
  options: ApplyOptions,
  dryRun: boolean,
  describe: (failure: ApiFailure) => string,
): Promise<{ object: Record<string, unknown> } | undefined> {
  if (!p.resource) {
    p.result.outcome = 'failed';
    p.result.message = `the API server does not serve ${p.target.kind} in ${p.target.apiVersion}`;
    return undefined;
  }
  const answer = await writer
    .apply(p.resource, p.target.body, {
      dryRun,
      force: options.forceConflicts === true,
      fieldManager: FIELD_MANAGER,
    })
    .catch(unreachable);
  for (const text of answer.warnings ?? []) {
    // A warning may quote what was sent: a Secret's values are masked as in its failures.
    const shown = writer.safe(
      hidesValues(p.target.kind, p.target.group) ? maskValues(text, p.target.body) : text,
    );
    p.result.warnings ??= [];
    if (!p.result.warnings.includes(shown)) p.result.warnings.push(shown);
  }
  if (answer.ok) return answer;
  p.result.outcome = 'failed';
  const conflicts = answer.status === 409 ? parseConflicts(answer.body) : [];
  if (conflicts.length > 0) {
    p.result.conflicts = conflicts;
    p.result.message = `conflict: ${conflicts.map((c) => `${c.field} is owned by ${c.manager}`).join('; ')}`;
  } else {
    p.result.message = describe(answer);
  }
  return undefined;
}

/** Polls until every object is Current or Failed, or the time is up; records health on each. */
async function waitHealthy(
  writer: KubeWriter,
  items: Planned[],
  waitMs: number,
  pollMs: number,
  progress: (event: ApplyProgress) => void,
  phase: ApplyPhase,
): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  let pending = items.filter((p) => p.resource && p.result.outcome !== 'failed');
  // A PVC of a WaitForFirstConsumer class binds only when a pod uses it.
  const modes = new Map<string, string | undefined>();
  const storageClass: ApiResource = {
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    namespaced: false,
  };
  for (const p of pending) {
    const name = (p.target.body.spec as { storageClassName?: unknown } | undefined)?.storageClassName;
    if (p.target.kind !== 'PersistentVolumeClaim' || typeof name !== 'string' || modes.has(name)) continue;
    const sc = await writer.get(storageClass, '', name).catch(() => undefined);
    modes.set(name, (sc as { volumeBindingMode?: string } | undefined)?.volumeBindingMode);
  }
  for (;;) {
    const states = await writer.pool(pending, async (p) => {
      const live = await writer.get(p.resource!, p.target.namespace, p.target.name).catch(() => undefined);
      const health: Health = healthOf(live, { bindingModeOf: (name) => modes.get(name) });
      p.result.health = health;
      if (live) p.applied = live;
      return health;
    });
    pending = pending.filter((_, i) => states[i]!.status !== 'Current' && states[i]!.status !== 'Failed');
    if (pending.length === 0) break;
    const first = pending[0]!;
    progress({
      phase,
      done: items.length - pending.length,
      total: items.length,
      waitingOn: `${first.target.kind} ${first.target.namespace ? `${first.target.namespace}/` : ''}${first.target.name}: ${first.result.health?.message ?? ''}`,
    });
    if (Date.now() + pollMs > deadline) {
      for (const p of pending) {
        if (p.result.health)
          p.result.health.message = `timed out after ${Math.round(waitMs / 1000)}s: ${p.result.health.message}`;
      }
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return items.every((p) => p.result.health?.status === 'Current');
}

/** For a workload that did not become ready: the scheduler's word on one of its pending pods. */
async function schedulingReason(
  writer: KubeWriter,
  discovery: Discovery,
  p: Planned,
): Promise<string | undefined> {
  const selector = (p.applied?.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)
    ?.selector?.matchLabels;
  if (!selector || !p.target.namespace) return undefined;
  const pods = discovery.lookup('', 'v1', 'Pod');
  const events = discovery.lookup('', 'v1', 'Event');
  if (!pods) return undefined;
  const labelSelector = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = await writer.list(pods, p.target.namespace, labelSelector);
  for (const pod of list) {
    const conditions =
      (pod.status as { conditions?: { type: string; status: string; message?: string }[] } | undefined)
        ?.conditions ?? [];
    const unscheduled = conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (!unscheduled) continue;
    const name = metaOf(pod).name;
    let message = unscheduled.message;
    if (events) {
      const answer = await writer.call({
        path: writer.path(events, p.target.namespace),
        query: {
          fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name},reason=FailedScheduling`,
        },
      });
      const items =
        answer.ok && Array.isArray(answer.object.items)
          ? (answer.object.items as { message?: string }[])
          : [];
      const last = items.at(-1)?.message;
      if (last) message = last;
    }
    if (message) return `pod ${name}: ${writer.safe(message)}`;
  }
  return undefined;
}

export type { ObjectOutcome };
