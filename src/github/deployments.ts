/**
 * GitHub Deployments as the durable record of what berth applied: one deployment per
 * (environment, commit SHA, task), its statuses following the apply (`queued`,
 * `in_progress`, then `success`, `failure` or `error`; `inactive` when superseded),
 * and the history read back for `/berth status`, for recovering applies a dead
 * process left `in_progress`, and for finding what `/berth rollback` returns to.
 *
 * Exactly once across App replicas. The key (environment, SHA, task) is looked up
 * before creating; two replicas may still both miss it and both create. So after
 * creating, each lists the key again: the deployment with the lowest id wins (ids grow
 * in creation order, so whoever lists after its own create sees every earlier one).
 * The loser marks its own deployment `inactive` ("duplicate of N") and reports
 * `duplicate`; only the winner is ever `queued`. Whoever lists first may see only its
 * own deployment and win; the later creator then sees both and loses. This relies on
 * GitHub answering a list with every deployment created before it; if it ever did
 * not, the cluster lock and server-side apply's idempotence keep a second apply of the
 * same commit harmless.
 *
 * The payload is built from typed, checked fields only (never a token, kubeconfig or
 * Secret value), and read back as untrusted: anyone with write access can create
 * deployments.
 */

import { BerthError } from '../model/diagnostics.ts';
import { printable } from '../model/printable.ts';
import type { Deployment, DeploymentState, DeploymentStatus } from './api-deployments.ts';
import type { GitHub } from './client.ts';

export type { Deployment, DeploymentState, DeploymentStatus } from './api-deployments.ts';

export const TASK_APPLY = 'berth:apply';
export const TASK_ROLLBACK = 'berth:rollback';
export type BerthTask = typeof TASK_APPLY | typeof TASK_ROLLBACK;
const TASKS: readonly string[] = [TASK_APPLY, TASK_ROLLBACK];

export const TRIGGERS = ['merge', 'command', 'rollback', 'recovery'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** What a deployment's payload records: enough to explain and undo the apply, nothing secret. */
export interface DeploymentPayload {
  /** The pull request whose merge (or command) it applies; null for none. */
  pr: number | null;
  /** berth's name for the cluster. */
  cluster: string;
  /** The commit the cluster was at before (the last successful deployment's), if known. */
  previousSha: string | null;
  /** `sha256:<hex>` of the plan and of the manifests applied. */
  planDigest: string | null;
  manifestDigest: string | null;
  /** The ApplySet id (`applyset-<hash>-v1`) of the inventory. */
  applySetId: string | null;
  trigger: Trigger;
  /** Who asked, for commands: a GitHub login. */
  requestedBy: string | null;
}

/** GitHub limits a status description to 140 characters. */
export const MAX_DESCRIPTION = 140;

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const APPLYSET_ID = /^applyset-[A-Za-z0-9_-]{1,100}-v1$/;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
/** What a credential looks like: GitHub tokens, JWTs, PEM blocks, kubeconfig data. */
const CREDENTIAL =
  /gh[pousr]_[A-Za-z0-9]{20,}|github_pat_|eyJ[A-Za-z0-9_-]{8,}\.|-----BEGIN|client-key-data|client-certificate-data|\btoken:/i;

function checkText(field: string, value: string, max: number): string {
  if (value.length === 0 || value.length > max) {
    throw new BerthError('usage', `deployment payload ${field} must be 1 to ${max} characters`);
  }
  if (printable(value) !== value) {
    throw new BerthError('usage', `deployment payload ${field} holds control characters`);
  }
  if (CREDENTIAL.test(value)) {
    throw new BerthError(
      'usage',
      `deployment payload ${field} looks like a credential; it is never recorded`,
    );
  }
  return value;
}

function checkPattern(field: string, value: string | null | undefined, pattern: RegExp): string | null {
  if (value === null || value === undefined) return null;
  if (!pattern.test(value)) throw new BerthError('usage', `deployment payload ${field} is not well formed`);
  return value;
}

/** The payload, checked field by field; throws a `usage` error naming the field that is wrong. */
export function deploymentPayload(input: {
  pr?: number | null;
  cluster: string;
  previousSha?: string | null;
  planDigest?: string | null;
  manifestDigest?: string | null;
  applySetId?: string | null;
  trigger: Trigger;
  requestedBy?: string | null;
}): DeploymentPayload {
  const pr = input.pr ?? null;
  if (pr !== null && (!Number.isSafeInteger(pr) || pr <= 0)) {
    throw new BerthError('usage', 'deployment payload pr must be a pull request number');
  }
  if (!TRIGGERS.includes(input.trigger)) {
    throw new BerthError('usage', `deployment payload trigger must be one of ${TRIGGERS.join(', ')}`);
  }
  return {
    pr,
    cluster: checkText('cluster', input.cluster, 100),
    previousSha: checkPattern('previousSha', input.previousSha, SHA),
    planDigest: checkPattern('planDigest', input.planDigest, DIGEST),
    manifestDigest: checkPattern('manifestDigest', input.manifestDigest, DIGEST),
    applySetId: checkPattern('applySetId', input.applySetId, APPLYSET_ID),
    trigger: input.trigger,
    requestedBy: checkPattern('requestedBy', input.requestedBy, LOGIN),
  };
}

/** A payload read back from GitHub: each field kept only when well formed, else null. */
export function readPayload(raw: unknown): DeploymentPayload | null {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const p = value as Record<string, unknown>;
  if (typeof p.cluster !== 'string' || p.cluster.length === 0 || p.cluster.length > 100) return null;
  const str = (v: unknown, pattern: RegExp) => (typeof v === 'string' && pattern.test(v) ? v : null);
  return {
    pr: typeof p.pr === 'number' && Number.isSafeInteger(p.pr) && p.pr > 0 ? p.pr : null,
    cluster: printable(p.cluster),
    previousSha: str(p.previousSha, SHA),
    planDigest: str(p.planDigest, DIGEST),
    manifestDigest: str(p.manifestDigest, DIGEST),
    applySetId: str(p.applySetId, APPLYSET_ID),
    trigger: TRIGGERS.find((t) => t === p.trigger) ?? 'merge',
    requestedBy: str(p.requestedBy, LOGIN),
  };
}

/** One line, inert, at most 140 characters (cut with an ellipsis), as GitHub requires. */
export function statusDescription(text: string): string {
  const line = printable(text.replace(/\s+/g, ' ').trim());
  return line.length <= MAX_DESCRIPTION ? line : `${line.slice(0, MAX_DESCRIPTION - 1)}…`;
}

function checkUrl(field: string, url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BerthError('usage', `deployment status ${field} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BerthError('usage', `deployment status ${field} must be an http(s) URL`);
  }
  return parsed.toString();
}

export interface DeploymentKey {
  environment: string;
  sha: string;
  task: BerthTask;
}

export type FindOrCreateResult =
  /** This caller created it and won: it is `queued`, and this caller applies. */
  | { outcome: 'created'; deployment: Deployment }
  /** It existed already (a redelivery, a retry): `latest` says how far it got. */
  | { outcome: 'existing'; deployment: Deployment; latest: DeploymentStatus | undefined }
  /** Another caller created it at the same moment and won; this caller's own is `inactive`. */
  | { outcome: 'duplicate'; deployment: Deployment; own: Deployment };

export interface StatusDetails {
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
}

/** Sets a status: the description made one line of at most 140 characters, the URLs checked. */
export async function setDeploymentStatus(
  github: GitHub,
  deploymentId: number,
  state: DeploymentState,
  details: StatusDetails = {},
  autoInactive?: boolean,
): Promise<DeploymentStatus> {
  const logUrl = checkUrl('log_url', details.logUrl);
  const environmentUrl = checkUrl('environment_url', details.environmentUrl);
  return github.createDeploymentStatus(deploymentId, {
    state,
    ...(details.description !== undefined ? { description: statusDescription(details.description) } : {}),
    ...(logUrl ? { logUrl } : {}),
    ...(environmentUrl ? { environmentUrl } : {}),
    ...(autoInactive !== undefined ? { autoInactive } : {}),
  });
}

function lowest(deployments: readonly Deployment[]): Deployment | undefined {
  return deployments.reduce<Deployment | undefined>((min, d) => (!min || d.id < min.id ? d : min), undefined);
}

/**
 * The deployment for `key`: found, or created in state `queued` (with `details`),
 * decided between concurrent creators by the lowest id (see the file's header).
 */
export async function findOrCreateDeployment(
  github: GitHub,
  key: DeploymentKey,
  payload: DeploymentPayload,
  details: StatusDetails & { deploymentDescription?: string } = {},
): Promise<FindOrCreateResult> {
  if (!SHA.test(key.sha)) throw new BerthError('usage', 'a deployment is keyed by a full commit SHA');
  if (!TASKS.includes(key.task)) throw new BerthError('usage', `unknown deployment task ${key.task}`);
  const filter = { environment: key.environment, sha: key.sha, task: key.task };
  const found = lowest((await github.listDeployments(filter)).filter((d) => d.sha === key.sha));
  if (found) {
    const [latest] = await github.listDeploymentStatuses(found.id, 1);
    return { outcome: 'existing', deployment: found, latest };
  }
  const own = await github.createDeployment({
    ref: key.sha,
    task: key.task,
    environment: key.environment,
    payload: { ...payload },
    ...(details.deploymentDescription
      ? { description: statusDescription(details.deploymentDescription) }
      : {}),
  });
  const after = (await github.listDeployments(filter)).filter((d) => d.sha === key.sha);
  const winner = lowest([...after, own])!;
  if (winner.id !== own.id) {
    await setDeploymentStatus(
      github,
      own.id,
      'inactive',
      { description: `duplicate of deployment ${winner.id}` },
      false,
    );
    return { outcome: 'duplicate', deployment: winner, own };
  }
  await setDeploymentStatus(github, own.id, 'queued', {
    description: details.description ?? 'queued',
    ...(details.logUrl ? { logUrl: details.logUrl } : {}),
    ...(details.environmentUrl ? { environmentUrl: details.environmentUrl } : {}),
  });
  return { outcome: 'created', deployment: own };
}

export interface DeploymentRecord {
  deployment: Deployment;
  payload: DeploymentPayload | null;
  /** The newest status, if any. */
  latest: DeploymentStatus | undefined;
  /** Whether any status was `success` (GitHub may have marked it `inactive` since). */
  succeeded: boolean;
}

/** Deployments looked at by the history readers, newest first. */
const HISTORY = 50;

/**
 * berth's deployments of an environment, newest first, each with its latest status and
 * whether it ever succeeded (at most `max`, default 50; two requests per deployment).
 */
export async function listEnvironment(
  github: GitHub,
  environment: string,
  options: { task?: BerthTask; max?: number } = {},
): Promise<DeploymentRecord[]> {
  const max = options.max ?? HISTORY;
  const deployments = (
    await github.listDeployments(
      { environment, ...(options.task ? { task: options.task } : {}) },
      options.task ? max : max * 2,
    )
  )
    .filter((d) => TASKS.includes(d.task))
    .slice(0, max);
  const out: DeploymentRecord[] = [];
  // A few at a time: enough to be quick, few enough to stay clear of secondary rate limits.
  for (let i = 0; i < deployments.length; i += 4) {
    const batch = deployments.slice(i, i + 4);
    const statuses = await Promise.all(batch.map((d) => github.listDeploymentStatuses(d.id, 100)));
    batch.forEach((deployment, j) => {
      const list = statuses[j]!;
      out.push({
        deployment,
        payload: readPayload(deployment.payload),
        latest: list[0],
        succeeded: list.some((s) => s.state === 'success'),
      });
    });
  }
  return out.sort((a, b) => b.deployment.id - a.deployment.id);
}

/**
 * Deployments whose latest status is one of `states` (default `in_progress`): left so
 * by a process that stopped. The caller checks the cluster lock before calling them
 * interrupted: a live holder may still be applying.
 */
export async function findUnfinished(
  github: GitHub,
  environment: string,
  states: readonly DeploymentState[] = ['in_progress'],
): Promise<DeploymentRecord[]> {
  const records = await listEnvironment(github, environment);
  return records.filter((r) => r.latest !== undefined && states.includes(r.latest.state));
}

/**
 * What `/berth rollback` returns to: the newest deployment of the environment older than
 * `before` (a deployment id; default: every deployment) that succeeded, at another commit
 * than `before`'s. Undefined when there is none in the last 50.
 */
export async function lastSuccessBefore(
  github: GitHub,
  environment: string,
  before?: number,
): Promise<DeploymentRecord | undefined> {
  const records = await listEnvironment(github, environment);
  const current = before === undefined ? undefined : records.find((r) => r.deployment.id === before);
  return records.find(
    (r) =>
      (before === undefined || r.deployment.id < before) &&
      r.succeeded &&
      (current === undefined || r.deployment.sha !== current.deployment.sha),
  );
}
