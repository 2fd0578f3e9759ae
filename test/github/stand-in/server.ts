/**
 * A local stand-in for api.github.com. Every request is checked against GitHub's
 * own OpenAPI description (@octokit/openapi): the operation must exist, path and
 * query parameters must match their schemas, and the JSON body must validate.
 * Every answer is built from the description's examples and validated against the
 * response schema too, so berth is tested against bodies GitHub could send.
 * Problems are collected in `violations`; a test asserts there are none.
 *
 * It keeps state as GitHub does (see state.ts): comments and reactions, pull requests
 * and reviews, a git model of commits, trees and branches, deployments and their
 * statuses, and a GitHub App whose JWTs it checks and whose installation tokens it
 * issues and then accepts. Routes live by area in issues.ts, pulls.ts, git.ts,
 * deployments.ts and app.ts; an operation the description has but no route answers
 * is a violation too (berth was not expected to call it).
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appRoutes, jwtProblem } from './app.ts';
import { type Caller, NOT_FOUND, type Route, type RouteContext } from './context.ts';
import { deploymentRoutes } from './deployments.ts';
import { gitRoutes } from './git.ts';
import { graphql } from './graphql.ts';
import { issueRoutes } from './issues.ts';
import {
  deref,
  hasResponseSchema,
  type Json,
  openapi,
  pointer,
  responseSchemaRef,
  validator,
} from './openapi.ts';
import { pullRoutes } from './pulls.ts';
import { type FakeGitHubState, initialState, type RecordedRequest } from './state.ts';

export { example } from './openapi.ts';
export * from './state.ts';

export interface FakeGitHub {
  url: string;
  state: FakeGitHubState;
  requests: RecordedRequest[];
  violations: string[];
  close(): Promise<void>;
}

const ROUTES: Record<string, Route> = {
  ...issueRoutes,
  ...pullRoutes,
  ...gitRoutes,
  ...deploymentRoutes,
  ...appRoutes,
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function coerce(value: string, schema: Json): unknown {
  if (schema.type === 'integer' || schema.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** Who is calling, from the `authorization` header; undefined when GitHub would answer 401. */
function callerOf(state: FakeGitHubState, header: string): Caller | { refused: string } {
  const credential = header.replace(/^(token|bearer)\s+/i, '');
  if (credential === state.token) return { kind: 'token', login: 'github-actions[bot]' };
  if (state.readOnlyTokens.has(credential)) return { kind: 'read-only', login: 'github-actions[bot]' };
  const installation = state.installationTokens.get(credential);
  if (installation) {
    if (Date.parse(installation.expiresAt) <= Date.now()) return { refused: 'Bad credentials' };
    return {
      kind: 'installation',
      login: `${state.app?.slug ?? 'app'}[bot]`,
      installationId: installation.installationId,
    };
  }
  if (/^bearer\s/i.test(header) && credential.split('.').length === 3) {
    const problem = jwtProblem(state, credential);
    return problem
      ? { refused: `A JSON web token could not be decoded (${problem})` }
      : { kind: 'jwt', login: state.app!.slug };
  }
  return { refused: 'Bad credentials' };
}

export async function startFakeGitHub(state: FakeGitHubState = initialState()): Promise<FakeGitHub> {
  const { operations } = openapi();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  let origin = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toLowerCase();
    const raw = await readBody(req);
    const query = Object.fromEntries(url.searchParams);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      violations.push(`${method.toUpperCase()} ${url.pathname}: body is not JSON`);
    }
    const header = req.headers.authorization ?? '';
    const caller = callerOf(state, header);
    const record: RecordedRequest = {
      method: method.toUpperCase(),
      path: url.pathname,
      query,
      body,
      operation: null,
      status: 0,
      auth: 'refused' in caller ? 'refused' : caller.kind === 'jwt' ? 'jwt' : caller.kind,
    };
    requests.push(record);
    let template = '';
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (template && status >= 200 && status < 300 && hasResponseSchema(method, template, status)) {
        const v = validator(responseSchemaRef(method, template, status));
        if (!v(payload)) {
          violations.push(
            `response to ${record.method} ${url.pathname} breaks the schema: ${JSON.stringify(v.errors).slice(0, 500)}`,
          );
        }
      }
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json; charset=utf-8',
        ...headers,
      });
      res.end(text);
    };

    await state.gate?.(record);

    if ('refused' in caller) {
      send(401, { message: caller.refused, documentation_url: 'https://docs.github.com/rest' });
      return;
    }

    if (method === 'post' && url.pathname === '/graphql') {
      record.operation = 'graphql';
      send(200, graphql(state, body, raw, caller.kind === 'read-only', violations));
      return;
    }

    const op = operations.find((o) => o.method === method && o.regex.test(url.pathname));
    if (!op) {
      violations.push(`${method.toUpperCase()} ${url.pathname} is not an operation of the GitHub REST API`);
      send(404, NOT_FOUND);
      return;
    }
    record.operation = op.template;
    const match = op.regex.exec(url.pathname)!;
    const params: Record<string, string> = {};
    op.paramNames.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1]!);
    });

    // Parameters: every query key must be declared; every value must match its schema.
    const declared = ((op.spec.parameters ?? []) as unknown[]).map(deref);
    const declaredQuery = new Set(declared.filter((p) => p.in === 'query').map((p) => p.name as string));
    for (const key of Object.keys(query)) {
      if (!declaredQuery.has(key))
        violations.push(`${op.method.toUpperCase()} ${op.template}: undeclared query parameter "${key}"`);
    }
    for (const p of declared) {
      const value =
        p.in === 'path' ? params[p.name as string] : p.in === 'query' ? query[p.name as string] : undefined;
      if (value === undefined) {
        if (p.required && p.in !== 'header')
          violations.push(`${op.template}: missing ${p.in} parameter "${p.name}"`);
        continue;
      }
      const schema = p.schema as Json;
      const v = openapi().ajv.compile(schema);
      if (!v(coerce(value, schema))) {
        violations.push(
          `${op.template}: ${p.in} parameter "${p.name}"="${value}" breaks its schema: ${JSON.stringify(v.errors)}`,
        );
      }
    }

    // Body: validated against the operation's JSON request schema.
    const requestBody = op.spec.requestBody ? deref(op.spec.requestBody) : null;
    if (requestBody) {
      if (body === undefined && requestBody.required) violations.push(`${op.template}: body required`);
      else if (body !== undefined) {
        const v = validator(
          pointer(['paths', op.template, op.method, 'requestBody', 'content', 'application/json', 'schema']),
        );
        if (!v(body))
          violations.push(
            `${op.method.toUpperCase()} ${op.template}: body breaks the schema: ${JSON.stringify(v.errors)}`,
          );
      }
    } else if (body !== undefined) {
      violations.push(`${op.method.toUpperCase()} ${op.template} takes no body`);
    }

    // A JWT is only for the App's own endpoints; a token only for the rest.
    const appOnly = /^\/app(\/|$)|\/installation$/.test(op.template);
    if (appOnly !== (caller.kind === 'jwt')) {
      send(401, {
        message: appOnly
          ? 'A JSON web token could not be decoded'
          : 'Bad credentials: a GitHub App JWT cannot call this endpoint',
        documentation_url: 'https://docs.github.com/rest',
      });
      return;
    }
    if ('owner' in params && (params.owner !== state.owner || params.repo !== state.repo)) {
      send(404, NOT_FOUND);
      return;
    }

    const failure = state.failures.find(
      (f) =>
        f.times > 0 &&
        f.method === record.method &&
        (typeof f.path === 'string' ? url.pathname.includes(f.path) : f.path.test(url.pathname)),
    );
    if (failure) {
      failure.times--;
      send(
        failure.status,
        { message: failure.message, documentation_url: 'https://docs.github.com/rest' },
        failure.headers ?? {},
      );
      return;
    }

    const route = ROUTES[`${op.method} ${op.template}`];
    if (!route) {
      violations.push(
        `${op.method.toUpperCase()} ${op.template} is valid but berth was not expected to call it`,
      );
      send(404, NOT_FOUND);
      return;
    }
    template = op.template;
    const ctx: RouteContext = {
      state,
      record,
      method,
      template: op.template,
      params,
      query,
      body: (body ?? {}) as Json,
      caller,
      origin,
      send,
      notFound: () => send(404, NOT_FOUND),
      forbidden: () =>
        send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
          status: '403',
        }),
      invalid: (message, errors = []) =>
        send(422, { message, errors, documentation_url: 'https://docs.github.com/rest' }),
      pageLinks: (page, perPage, total) => {
        const last = Math.max(1, Math.ceil(total / perPage));
        if (page >= last) return {} as Record<string, string>;
        const at = (n: number) => {
          const u = new URL(url.pathname + url.search, `http://${req.headers.host}`);
          u.searchParams.set('page', String(n));
          return u.toString();
        };
        return { link: `<${at(page + 1)}>; rel="next", <${at(last)}>; rel="last"` };
      },
      page: (items) => {
        const perPage = Number(query.per_page ?? 30);
        const page = Number(query.page ?? 1);
        return {
          slice: items.slice((page - 1) * perPage, page * perPage),
          headers: ctx.pageLinks(page, perPage, items.length),
        };
      },
      refuseReadOnly: () => {
        if (caller.kind !== 'read-only') return false;
        ctx.forbidden();
        return true;
      },
    };
    await route(ctx);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`server error: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    state,
    requests,
    violations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
