/**
 * Webhook deliveries as GitHub sends them to the App: payloads from
 * @octokit/webhooks-examples (adjusted where the examples lack a merged pull request
 * or a comment on a pull request), each validated against the webhook schema of
 * GitHub's OpenAPI description (@octokit/openapi, `x-webhooks`), signed with the
 * webhook secret and POSTed over HTTP.
 */

import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { BotEnv } from '../../bot/env.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;

let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction>();

/** Validates a payload against `x-webhooks[<event>-<action>]`; returns the errors, empty when valid. */
export function webhookSchemaErrors(event: string, action: string, payload: unknown): string[] {
  if (!ajv) {
    const spec = JSON.parse(
      readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8'),
    ) as Json;
    ajv = new Ajv({ strict: false, validateSchema: false, logger: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(spec, 'gh');
  }
  const key = `${event.replaceAll('_', '-')}-${action.replaceAll('_', '-')}`;
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile({
      $ref: `gh#/x-webhooks/${key}/post/requestBody/content/application~1json/schema`,
    });
    validators.set(key, v);
  }
  return v(payload) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export interface RepoRef {
  owner: string;
  repo: string;
  defaultBranch?: string;
}

interface WebhookExamples {
  name: string;
  examples: Json[];
}

/**
 * The first example of `name.action` that GitHub's current webhook schema accepts (the
 * oldest examples predate fields the schema now requires), deep-copied.
 */
export function validExample(name: string, action: string): Json {
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as WebhookExamples[];
  const found = all
    .find((e) => e.name === name)
    ?.examples.find((e) => e.action === action && webhookSchemaErrors(name, action, e).length === 0);
  if (!found) throw new Error(`no ${name}.${action} example passes the webhook schema`);
  return structuredClone(found);
}

function withRepo(payload: Json, ref: RepoRef, installationId: number): Json {
  const repository = payload.repository as Json;
  repository.name = ref.repo;
  repository.full_name = `${ref.owner}/${ref.repo}`;
  (repository.owner as Json).login = ref.owner;
  repository.default_branch = ref.defaultBranch ?? 'main';
  payload.installation = { id: installationId, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return payload;
}

/** `pull_request.closed` with the pull request merged into `base` as `mergeSha`. */
export function mergedPullRequest(
  ref: RepoRef,
  pr: { number: number; mergeSha: string; base: string; baseSha: string; headSha: string },
  installationId = 1,
): Json {
  const payload = withRepo(validExample('pull_request', 'closed'), ref, installationId);
  const pull = payload.pull_request as Json;
  payload.number = pr.number;
  pull.number = pr.number;
  pull.state = 'closed';
  pull.merged = true;
  pull.merged_at = '2026-12-06T22:00:00Z';
  pull.closed_at = '2026-12-06T22:00:00Z';
  pull.merge_commit_sha = pr.mergeSha;
  pull.merged_by = structuredClone(pull.user);
  (pull.base as Json).ref = pr.base;
  (pull.base as Json).sha = pr.baseSha;
  (pull.head as Json).sha = pr.headSha;
  return payload;
}

/** `issue_comment.created` on pull request `number` by `login` (a User). */
export function pullRequestComment(
  ref: RepoRef,
  number: number,
  body: string,
  login: string,
  commentId = 9000 + Math.floor(Math.random() * 100_000),
  installationId = 1,
): Json {
  const payload = withRepo(validExample('issue_comment', 'created'), ref, installationId);
  const issue = payload.issue as Json;
  issue.number = number;
  issue.pull_request = {
    url: `https://api.github.com/repos/${ref.owner}/${ref.repo}/pulls/${number}`,
    html_url: `https://github.com/${ref.owner}/${ref.repo}/pull/${number}`,
    diff_url: `https://github.com/${ref.owner}/${ref.repo}/pull/${number}.diff`,
    patch_url: `https://github.com/${ref.owner}/${ref.repo}/pull/${number}.patch`,
    merged_at: null,
  };
  const comment = payload.comment as Json;
  comment.id = commentId;
  comment.body = body;
  comment.user = { ...(comment.user as Json), login, type: 'User' };
  // The comment's author association says nothing about rights: berth must not read it.
  comment.author_association = 'OWNER';
  return payload;
}

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface Delivery {
  event: string;
  payload: unknown;
  id?: string;
  /** Overrides: a wrong signature, a SHA-1 header, a content type. */
  headers?: Record<string, string | null>;
  rawBody?: string;
}

export async function deliver(
  url: string,
  secret: string,
  d: Delivery,
): Promise<{ status: number; body: string; id: string }> {
  const body = d.rawBody ?? JSON.stringify(d.payload);
  const id = d.id ?? randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': d.event,
    'x-github-delivery': id,
    'x-github-hook-id': '1',
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-hub-signature-256': sign(secret, body),
  };
  for (const [k, v] of Object.entries(d.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  const res = await fetch(`${url}/api/github/webhooks`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), id };
}

let key: string | null = null;

/** A fresh RSA key for the App, made here: no key is kept in the repository. */
export function appPrivateKey(): string {
  key ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs1',
    format: 'pem',
  }) as string;
  return key;
}

export const SECRET = 'a-webhook-secret-for-tests-only';

export function botEnv(overrides: Partial<BotEnv> = {}): BotEnv {
  return {
    appId: '12345',
    privateKey: appPrivateKey(),
    webhookSecret: SECRET,
    port: 0,
    host: '127.0.0.1',
    baseUrl: 'http://127.0.0.1:9',
    login: 'berth[bot]',
    credentials: [],
    logLevel: 'fatal',
    ...overrides,
  };
}
