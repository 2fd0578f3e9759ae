/**
 * The door in front of Probot's webhook middleware. A delivery is read whole (bounded),
 * and its `X-Hub-Signature-256` checked against the webhook secret in constant time
 * before a byte of it is parsed or any API call is made: a missing, malformed, SHA-1-only
 * (`X-Hub-Signature`) or wrong signature is 400. A body that is not JSON by its content
 * type is 415, as GitHub sends JSON only when the App is set up as app.yml says. What
 * passes is handed on as the raw text (Probot's middleware reads `request.body` when it
 * is a string), so it is verified once more by Probot itself.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_DELIVERY_BYTES = 25 * 1024 * 1024;

const JSON_TYPE = /^\s*application\/json\s*(;|$)/i;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

export type GateResult = { ok: true; body: string } | { ok: false; status: 400 | 413 | 415; reason: string };

export function sign(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether `header` is `sha256=<hex>` of `body` under `secret`, compared in constant time. */
export function verifySignature(secret: string, body: Buffer, header: string | undefined): boolean {
  const m = header === undefined ? null : SIGNATURE.exec(header);
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex'));
}

function readBounded(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function gate(req: IncomingMessage, secret: string): Promise<GateResult> {
  const type = req.headers['content-type'];
  if (typeof type !== 'string' || !JSON_TYPE.test(type)) {
    req.resume();
    return { ok: false, status: 415, reason: 'content type must be application/json' };
  }
  const body = await readBounded(req, MAX_DELIVERY_BYTES);
  if (body === null) return { ok: false, status: 413, reason: 'payload too large' };
  const header = req.headers['x-hub-signature-256'];
  if (header === undefined)
    return {
      ok: false,
      status: 400,
      reason: 'X-Hub-Signature-256 is missing (SHA-1 signatures are not accepted)',
    };
  if (typeof header !== 'string' || !SIGNATURE.test(header))
    return { ok: false, status: 400, reason: 'X-Hub-Signature-256 is malformed' };
  if (!verifySignature(secret, body, header))
    return { ok: false, status: 400, reason: 'X-Hub-Signature-256 does not match the payload' };
  return { ok: true, body: body.toString('utf8') };
}

export function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: reason }));
}
