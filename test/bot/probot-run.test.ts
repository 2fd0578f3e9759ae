/**
 * bot/index.ts's default export loaded the ways Probot 14 loads an app: by its runner
 * (`run`, what `probot run bot/index.ts` does, on its own HTTP server) and by
 * `createProbot` with `createNodeMiddleware` (how a serverless host or an existing
 * server mounts it). A signed `/berth help` comment must come back answered (👀, the
 * help reply, 🚀) and the App's own routes (`/healthz`, `/metrics`) must answer: the
 * handlers are registered, not just the module loaded.
 *
 * Probot reaches GitHub Enterprise Server at `<GHE_HOST>/api/v3`; the stand-in serves
 * the API at its root, so a loopback forwarder strips that prefix. Probot's own
 * throttling and retrying stay on here, as in production.
 */

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot, run } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import berth from '../../bot/index.ts';
import { appPrivateKey, deliver, pullRequestComment, SECRET } from './deliveries.ts';
import { APP_ID, type Harness, INSTALLATION, REPO, seedMain, startHarness } from './harness.ts';

const CONFIG = `clusters:
  - name: prod
    live: live
    branch: main
    credentials: prod
    manifests: ["deploy/**/*.yaml"]
`;

let h: Harness;
let forwarder: Server;
let gheHost: string;
const saved = { ...process.env };

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  h = await startHarness((state) => {
    seedMain(state, { '.github/berth.yml': CONFIG });
    state.permissions.set('writer', 'write');
  });
  const upstream = new URL(h.github.url);
  forwarder = createServer((req, res) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: (req.url ?? '/').replace(/^\/api\/v3/, ''),
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  gheHost = `127.0.0.1:${await listen(forwarder)}`;
  // bot/index.ts reads berth's own settings from the environment, as `probot run` leaves it.
  Object.assign(process.env, {
    APP_ID: String(APP_ID),
    PRIVATE_KEY: appPrivateKey(),
    WEBHOOK_SECRET: SECRET,
    GITHUB_API_URL: h.github.url,
    LOG_LEVEL: 'fatal',
  });
});

afterAll(async () => {
  process.env = saved;
  forwarder?.closeAllConnections();
  await new Promise<void>((resolve) => (forwarder ? forwarder.close(() => resolve()) : resolve()));
  await h?.close();
});

async function until(what: string, check: () => boolean): Promise<void> {
  const end = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sends `/berth help` to the App at `url` and checks the answer. */
async function helpAnswered(url: string, commentId: number, gateFirst: boolean): Promise<void> {
  h.state.comments.push({
    id: commentId,
    nodeId: `IC_${commentId}`,
    body: '/berth help',
    userType: 'User',
    login: 'writer',
    authorAssociation: 'MEMBER',
    minimized: false,
    issueNumber: 12,
  });
  const payload = pullRequestComment(REPO, 12, '/berth help', 'writer', commentId, INSTALLATION);
  const answer = await deliver(url, SECRET, { event: 'issue_comment', payload });
  expect(answer.status).toBe(200);
  const reactions = () => h.state.reactions.filter((r) => r.commentId === commentId).map((r) => r.content);
  await until('the rocket', () => reactions().includes('rocket'));
  expect(reactions()).toEqual(['eyes', 'rocket']);
  const reply = h.state.comments.filter((c) => c.issueNumber === 12 && c.body.includes('/berth apply'));
  expect(reply.length).toBeGreaterThan(0);
  const metrics = await fetch(`${url}/metrics`);
  expect(metrics.status).toBe(200);
  const text = await metrics.text();
  expect(text).toMatch(/^# TYPE berth_webhook_deliveries_total counter$/m);
  // Probot's Server puts its own webhook middleware before the handlers an app adds, so
  // under `run` berth's delivery gate (and its count) never sees a delivery; Probot's
  // middleware checks the signature instead. With createNodeMiddleware the gate comes first.
  if (gateFirst)
    expect(text).toMatch(/^berth_webhook_deliveries_total\{event="issue_comment",result="accepted"\} 1$/m);
  else expect(text).not.toMatch(/^berth_webhook_deliveries_total\{/m);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  expect(h.github.violations).toEqual([]);
}

describe("bot/index.ts loaded by Probot's own runner", () => {
  it('run(app): the handlers answer a signed command, and /healthz and /metrics answer', async () => {
    // Probot's runner reads PORT as "a number or 3000": take a free port first.
    const probe = createServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const server = await run(berth, {
      env: {
        APP_ID: String(APP_ID),
        PRIVATE_KEY: appPrivateKey(),
        WEBHOOK_SECRET: SECRET,
        GHE_HOST: gheHost,
        GHE_PROTOCOL: 'http',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'fatal',
      },
    });
    try {
      await helpAnswered(`http://127.0.0.1:${port}`, 61_001, false);
      // A delivery with a wrong signature is still refused there, by Probot's middleware.
      const forged = pullRequestComment(REPO, 12, '/berth help', 'writer', 61_003, INSTALLATION);
      const refused = await deliver(`http://127.0.0.1:${port}`, 'not-the-secret', {
        event: 'issue_comment',
        payload: forged,
      });
      expect(refused.status).toBeGreaterThanOrEqual(400);
    } finally {
      await server.stop();
    }
  });

  it('createProbot + createNodeMiddleware(app): the same', async () => {
    const probot = createProbot({
      env: {
        APP_ID: String(APP_ID),
        PRIVATE_KEY: appPrivateKey(),
        WEBHOOK_SECRET: SECRET,
        GHE_HOST: gheHost,
        GHE_PROTOCOL: 'http',
        LOG_LEVEL: 'fatal',
      },
    });
    const middleware = await createNodeMiddleware(berth, { probot });
    const server = createServer((req, res) => {
      void middleware(req, res, () => {
        res.writeHead(404).end();
      });
    });
    const port = await listen(server);
    try {
      await helpAnswered(`http://127.0.0.1:${port}`, 61_002, true);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
