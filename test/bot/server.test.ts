import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvError, readEnv } from '../../bot/env.ts';
import { type BotServer, createBotServer } from '../../bot/server.ts';
import { webhookExample } from '../action/run-action.ts';
import {
  appPrivateKey,
  botEnv,
  deliver,
  mergedPullRequest,
  pullRequestComment,
  SECRET,
  webhookSchemaErrors,
} from './deliveries.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const NODE = join(ROOT, 'node_modules/.bin/node');
const REPO = { owner: 'Codertocat', repo: 'Hello-World' };

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(NODE, [join(ROOT, 'bot/main.ts')], {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

describe('starting the App', () => {
  it('refuses to start without an App ID, a private key and a webhook secret, in one line', async () => {
    const none = await runMain({});
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toEqual([
      'berth bot: missing APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET; see docs/bot.md#running-it',
    ]);
    const noSecret = await runMain({ APP_ID: '1', PRIVATE_KEY: appPrivateKey() });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr.trim()).toBe('berth bot: missing WEBHOOK_SECRET; see docs/bot.md#running-it');
  });

  it('reads the key from PRIVATE_KEY_PATH and never echoes a secret in its refusals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-bot-'));
    const path = join(dir, 'key.pem');
    writeFileSync(path, appPrivateKey());
    const env = readEnv({ APP_ID: '7', PRIVATE_KEY_PATH: path, WEBHOOK_SECRET: SECRET, PORT: '8080' });
    expect(env).toMatchObject({ appId: '7', port: 8080, privateKey: appPrivateKey().trim() });
    const bad = () => readEnv({ APP_ID: '7', PRIVATE_KEY: 'hunter2-not-a-key', WEBHOOK_SECRET: SECRET });
    expect(bad).toThrow(EnvError);
    expect(bad).toThrow(/not a PEM private key/);
    expect(() => bad()).not.toThrow(/hunter2/);
    expect(() => readEnv({ APP_ID: '7', PRIVATE_KEY: appPrivateKey(), WEBHOOK_SECRET: 'short' })).toThrow(
      /at least 16 characters/,
    );
  });
});

describe('the App server over HTTP', () => {
  let bot: BotServer;

  beforeAll(async () => {
    bot = await createBotServer({
      env: botEnv({ credentials: ['no-such-context'], kubeconfig: join(tmpdir(), 'berth-no-kubeconfig') }),
      recover: false,
    });
  });
  afterAll(async () => {
    await bot.close();
  });

  const merge = () =>
    mergedPullRequest(REPO, {
      number: 7,
      mergeSha: 'c'.repeat(40),
      base: 'main',
      baseSha: 'b'.repeat(40),
      headSha: 'a'.repeat(40),
    });

  it('builds its deliveries from real payloads that pass the webhook schemas', () => {
    expect(webhookSchemaErrors('pull_request', 'closed', merge())).toEqual([]);
    expect(
      webhookSchemaErrors('issue_comment', 'created', pullRequestComment(REPO, 7, '/berth help', 'octocat')),
    ).toEqual([]);
  });

  it('answers 400 to a missing, malformed, SHA-1-only or wrong signature, before doing anything', async () => {
    const payload = merge();
    const body = JSON.stringify(payload);
    const before = bot.runtime.background.size;
    const cases: Record<string, string | null>[] = [
      { 'x-hub-signature-256': null },
      { 'x-hub-signature-256': 'sha256=xyz' },
      { 'x-hub-signature-256': null, 'x-hub-signature': 'sha1=0123456789abcdef0123456789abcdef01234567' },
      { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    ];
    for (const headers of cases) {
      const answer = await deliver(bot.url, SECRET, { event: 'pull_request', payload, headers });
      expect(answer.status).toBe(400);
    }
    // Signed with another secret.
    const other = await deliver(bot.url, 'another-secret-entirely', { event: 'pull_request', payload });
    expect(other.status).toBe(400);
    // A body that is not even JSON is still refused for its signature, not parsed.
    const garbage = await deliver(bot.url, SECRET, {
      event: 'pull_request',
      payload: null,
      rawBody: '{not json',
      headers: { 'x-hub-signature-256': `sha256=${'1'.repeat(64)}` },
    });
    expect(garbage.status).toBe(400);
    expect(body.length).toBeGreaterThan(0);
    expect(bot.runtime.background.size).toBe(before);
    expect(bot.runtime.metrics.deliveriesOf('pull_request', 'bad_signature')).toBe(6);
  });

  it('answers 415 to a delivery that is not JSON', async () => {
    const answer = await deliver(bot.url, SECRET, {
      event: 'pull_request',
      payload: merge(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
  });

  it('ignores events and actions it does not act on, with a 2xx', async () => {
    const ping = await deliver(bot.url, SECRET, { event: 'ping', payload: webhookExample('ping') });
    expect(ping.status).toBe(200);
    const opened = webhookExample('pull_request', 'opened');
    const answer = await deliver(bot.url, SECRET, { event: 'pull_request', payload: opened });
    expect(answer.status).toBe(200);
    const closedUnmerged = webhookExample('pull_request', 'closed');
    expect((closedUnmerged.pull_request as { merged: boolean }).merged).toBe(false);
    expect((await deliver(bot.url, SECRET, { event: 'pull_request', payload: closedUnmerged })).status).toBe(
      200,
    );
    const stars = await deliver(bot.url, SECRET, {
      event: 'star',
      payload: { action: 'created', starred_at: null, repository: opened.repository, sender: opened.sender },
    });
    expect(stars.status).toBe(200);
    // A comment that is not a command starts nothing.
    const chat = await deliver(bot.url, SECRET, {
      event: 'issue_comment',
      payload: pullRequestComment(REPO, 7, 'looks good to me', 'octocat'),
    });
    expect(chat.status).toBe(200);
    expect(bot.runtime.background.size).toBe(0);
    // opened is ignored; closed is taken, and found to be no merge.
    expect(bot.runtime.metrics.deliveriesOf('pull_request', 'ignored')).toBe(1);
    expect(bot.runtime.metrics.deliveriesOf('ping', 'ignored')).toBe(1);
    expect(bot.runtime.metrics.deliveriesOf('other', 'ignored')).toBe(1);
  });

  it('serves /healthz, and /readyz says which of GitHub and the clusters cannot be reached', async () => {
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(503);
    const text = await ready.text();
    expect(text).toMatch(/GitHub: GET \/app failed/);
    expect(text).toMatch(/cluster no-such-context: /);
    expect(text).not.toMatch(/PRIVATE KEY/);
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const res = await fetch(`${bot.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE berth_webhook_deliveries_total counter$/m);
    expect(text).toMatch(
      /^berth_webhook_deliveries_total\{event="pull_request",result="bad_signature"\} 6$/m,
    );
    expect(text).toMatch(
      /^berth_webhook_deliveries_total\{event="pull_request",result="unsupported_media"\} 1$/m,
    );
    expect(text).toMatch(/^# TYPE berth_apply_duration_seconds histogram$/m);
    expect(text).toMatch(/^berth_lock_wait_seconds_bucket\{le="\+Inf"\} 0$/m);
    // Every sample line is `name{labels} value` or `name value`.
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+]+$/);
  });
});
