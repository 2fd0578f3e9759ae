/**
 * The App's own HTTP routes, added through Probot's `addHandler` ahead of its webhook
 * middleware: the signature gate for deliveries, `/healthz` (the process answers),
 * `/readyz` (GitHub and every configured cluster answer) and `/metrics`.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { gate, refuse } from './gate.ts';
import { type DeliveryResult, deliveryEvent, type Metrics } from './metrics.ts';

/** Event and action pairs the App acts on; every other delivery is answered 2xx and ignored. */
export const HANDLED = new Set(['pull_request.closed', 'issue_comment.created']);

export interface Readiness {
  /** One line per check that failed; empty when ready. */
  check(): Promise<string[]>;
}

export interface HttpOptions {
  webhookPath: string;
  secret: string;
  metrics: Metrics;
  readiness: Readiness;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
  } catch {
    return '';
  }
}

function text(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): true {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
  return true;
}

/** What a delivery that passed the gate amounts to, for the metrics: handled or ignored. */
function deliveryKind(event: string | undefined, body: string): 'handled' | 'ignored' {
  try {
    const action = (JSON.parse(body) as { action?: unknown }).action;
    return HANDLED.has(`${event}.${typeof action === 'string' ? action : ''}`) ? 'handled' : 'ignored';
  } catch {
    return 'ignored';
  }
}

export function httpHandlers(options: HttpOptions): Handler[] {
  const { metrics, readiness } = options;
  const webhookPath = options.webhookPath.replace(/\/+$/, '');

  const deliveries: Handler = async (req, res) => {
    if (req.method !== 'POST' || pathOf(req) !== webhookPath) return false;
    const header = req.headers['x-github-event'];
    const event = deliveryEvent(typeof header === 'string' ? header : undefined);
    const passed = await gate(req, options.secret);
    if (!passed.ok) {
      const result: DeliveryResult =
        passed.status === 415 ? 'unsupported_media' : passed.status === 413 ? 'too_large' : 'bad_signature';
      metrics.delivery(event, result);
      refuse(res, passed.status, passed.reason);
      return true;
    }
    const kind = deliveryKind(typeof header === 'string' ? header : undefined, passed.body);
    res.on('finish', () => {
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      metrics.delivery(event, !ok ? 'failed' : kind === 'handled' ? 'accepted' : 'ignored');
    });
    // Probot's middleware takes a string body as the payload instead of reading the stream.
    (req as IncomingMessage & { body?: string }).body = passed.body;
    return false;
  };

  const health: Handler = async (req, res) => {
    if (req.method !== 'GET') return false;
    const path = pathOf(req);
    if (path === '/healthz') return text(res, 200, 'ok\n');
    if (path === '/metrics')
      return text(res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
    if (path === '/readyz') {
      const problems = await readiness.check();
      return problems.length === 0
        ? text(res, 200, 'ready\n')
        : text(res, 503, `not ready:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
    }
    return false;
  };

  return [deliveries, health];
}
