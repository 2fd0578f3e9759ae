/**
 * A local stand-in for api.github.com. Every request is checked against GitHub's
 * own OpenAPI description (@octokit/openapi): the operation must exist, path and
 * query parameters must match their schemas, and the JSON body must validate.
 * Every answer is built from the description's examples and validated against the
 * response schema too, so the Action is tested against bodies GitHub could send.
 * Problems are collected in `violations`; a test asserts there are none.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export object; ESM sees it under `default`.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  paramNames: string[];
  spec: Json;
}

const require = createRequire(import.meta.url);
let loaded: { spec: Json; ajv: Ajv; operations: Operation[] } | null = null;

function openapi() {
  if (loaded) return loaded;
  const path = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(path, 'utf8')) as Json;
  const ajv = new Ajv({ strict: false, validateSchema: false, logger: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(spec, 'gh');
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
    const paramNames: string[] = [];
    const pattern = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      paramNames.push(name);
      // The contents API's {path} spans slashes.
      return name === 'path' ? '(.+)' : '([^/]+)';
    });
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      const op = item[method] as Json | undefined;
      if (op) operations.push({ method, template, regex: new RegExp(`^${pattern}$`), paramNames, spec: op });
    }
  }
  // Literal segments beat parameters when two templates match the same path.
  operations.sort((a, b) => a.paramNames.length - b.paramNames.length);
  loaded = { spec, ajv, operations };
  return loaded;
}

function pointer(segments: (string | number)[]): string {
  return `gh#${segments.map((s) => `/${encodeURIComponent(String(s).replaceAll('~', '~0').replaceAll('/', '~1'))}`).join('')}`;
}

const compiled = new Map<string, ValidateFunction>();
function validator(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = openapi().ajv.compile({ $ref: ref });
    compiled.set(ref, v);
  }
  return v;
}

function deref(value: unknown): Json {
  let v = value as Json;
  const { spec } = openapi();
  while (v && typeof v.$ref === 'string') {
    const parts = (v.$ref as string).replace(/^#\//, '').split('/');
    let cur: unknown = spec;
    for (const p of parts) cur = (cur as Json)[p.replaceAll('~1', '/').replaceAll('~0', '~')];
    v = cur as Json;
  }
  return v;
}

/** A deep copy of the description's first example for an operation's response. */
export function example(method: string, template: string, status: number): Json {
  const op = deref((openapi().spec.paths as Record<string, Json>)[template]?.[method]);
  const response = deref((op.responses as Json)[String(status)]);
  const examples = ((response.content as Json)['application/json'] as Json).examples as Json;
  const first = deref(Object.values(examples)[0]);
  return structuredClone(first.value) as Json;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  operation: string | null;
  status: number;
}

export interface StoredComment {
  id: number;
  nodeId: string;
  body: string;
  userType: 'Bot' | 'User';
  login: string;
  authorAssociation: string;
  minimized: boolean;
}

export interface InjectedFailure {
  method: string;
  /** Matches the request path (a RegExp or a substring). */
  path: RegExp | string;
  status: number;
  headers?: Record<string, string>;
  message: string;
  /** How many matching requests fail before the rest succeed. */
  times: number;
}

export interface FakeGitHubState {
  owner: string;
  repo: string;
  token: string;
  /** Tokens that read but cannot write (a fork PR's workflow token). */
  readOnlyTokens: Set<string>;
  pull: {
    number: number;
    headSha: string;
    baseSha: string;
    headRepo: string;
    headLabel?: string;
    state?: string;
  };
  pullFiles: { filename: string; status: string; previous_filename?: string }[];
  /** `${ref}:${path}` -> text. */
  contents: Map<string, string>;
  /** `${ref}:${path}` -> target: symbolic links, listed in the commit's tree with mode 120000. */
  symlinks?: Map<string, string>;
  comments: StoredComment[];
  permissions: Map<string, string>;
  reactions: { commentId: number; content: string }[];
  failures: InjectedFailure[];
}

export interface FakeGitHub {
  url: string;
  state: FakeGitHubState;
  requests: RecordedRequest[];
  violations: string[];
  close(): Promise<void>;
}

let nextCommentId = 1000;

function commentJson(state: FakeGitHubState, c: StoredComment): Json {
  const base = example('post', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 201);
  const user = base.user as Json;
  return {
    ...base,
    id: c.id,
    node_id: c.nodeId,
    body: c.body,
    url: `https://api.github.com/repos/${state.owner}/${state.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${state.owner}/${state.repo}/pull/${state.pull.number}#issuecomment-${c.id}`,
    issue_url: `https://api.github.com/repos/${state.owner}/${state.repo}/issues/${state.pull.number}`,
    user: { ...user, login: c.login, type: c.userType },
    author_association: c.authorAssociation,
    minimized: c.minimized ? { reason: 'outdated' } : null,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The object ID git gives a blob's text (or, for a stand-in folder, its path). */
function gitSha(type: 'blob' | 'tree', text: string): string {
  const bytes = Buffer.from(text);
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${bytes.length}\0`), bytes]))
    .digest('hex');
}

function coerce(value: string, schema: Json): unknown {
  if (schema.type === 'integer' || schema.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

export function initialState(overrides: Partial<FakeGitHubState> = {}): FakeGitHubState {
  return {
    owner: 'Codertocat',
    repo: 'Hello-World',
    token: 'test-token',
    readOnlyTokens: new Set(),
    pull: { number: 2, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), headRepo: 'Codertocat/Hello-World' },
    pullFiles: [],
    contents: new Map(),
    comments: [],
    permissions: new Map(),
    reactions: [],
    failures: [],
    ...overrides,
  };
}

export async function startFakeGitHub(state: FakeGitHubState = initialState()): Promise<FakeGitHub> {
  const { operations } = openapi();
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  /** Blobs the trees listed, by SHA. */
  const blobs = new Map<string, string>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toLowerCase();
    const raw = await readBody(req);
    const query = Object.fromEntries(url.searchParams);
    /** GitHub's `link` header for a list page: `next` and `last` while more pages follow. */
    const pageLinks = (page: number, perPage: number, total: number): Record<string, string> => {
      const last = Math.max(1, Math.ceil(total / perPage));
      if (page >= last) return {};
      const at = (n: number) => {
        const u = new URL(url.pathname + url.search, `http://${req.headers.host}`);
        u.searchParams.set('page', String(n));
        return u.toString();
      };
      return { link: `<${at(page + 1)}>; rel="next", <${at(last)}>; rel="last"` };
    };
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      violations.push(`${method.toUpperCase()} ${url.pathname}: body is not JSON`);
    }
    const record: RecordedRequest = {
      method: method.toUpperCase(),
      path: url.pathname,
      query,
      body,
      operation: null,
      status: 0,
    };
    requests.push(record);
    const send = (
      status: number,
      payload: unknown,
      headers: Record<string, string> = {},
      schemaRef?: string,
    ) => {
      record.status = status;
      if (schemaRef) {
        const v = validator(schemaRef);
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

    const auth = req.headers.authorization ?? '';
    const token = auth.replace(/^(token|bearer)\s+/i, '');
    if (token !== state.token && !state.readOnlyTokens.has(token)) {
      send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }

    if (method === 'post' && url.pathname === '/graphql') {
      record.operation = 'graphql';
      // GraphQL is not in the REST description; check the one mutation berth sends.
      const b = (body ?? {}) as Json;
      const vars = (b.variables ?? {}) as Json;
      if (
        typeof b.query !== 'string' ||
        !/minimizeComment\s*\(\s*input:\s*\{\s*subjectId:\s*\$id,\s*classifier:\s*OUTDATED\s*\}/.test(
          b.query,
        ) ||
        typeof vars.id !== 'string'
      ) {
        violations.push(`unexpected GraphQL request: ${raw.slice(0, 300)}`);
        send(200, { errors: [{ message: 'unexpected query' }] });
        return;
      }
      const target = state.comments.find((c) => c.nodeId === vars.id);
      if (!target) {
        send(200, {
          data: { minimizeComment: null },
          errors: [
            { type: 'NOT_FOUND', message: `Could not resolve to a node with the global id of '${vars.id}'` },
          ],
        });
        return;
      }
      if (state.readOnlyTokens.has(token)) {
        send(200, {
          data: { minimizeComment: null },
          errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }],
        });
        return;
      }
      target.minimized = true;
      send(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
      return;
    }

    const op = operations.find((o) => o.method === method && o.regex.test(url.pathname));
    if (!op) {
      violations.push(`${method.toUpperCase()} ${url.pathname} is not an operation of the GitHub REST API`);
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    record.operation = op.template;
    const match = op.regex.exec(url.pathname)!;
    const pathParams: Record<string, string> = {};
    op.paramNames.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(match[i + 1]!);
    });

    // Parameters: every query key must be declared; every value must match its schema.
    const params = ((op.spec.parameters ?? []) as unknown[]).map(deref);
    const declaredQuery = new Set(params.filter((p) => p.in === 'query').map((p) => p.name as string));
    for (const key of Object.keys(query)) {
      if (!declaredQuery.has(key))
        violations.push(`${op.method.toUpperCase()} ${op.template}: undeclared query parameter "${key}"`);
    }
    for (const p of params) {
      const value =
        p.in === 'path'
          ? pathParams[p.name as string]
          : p.in === 'query'
            ? query[p.name as string]
            : undefined;
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

    if (pathParams.owner !== state.owner || pathParams.repo !== state.repo) {
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
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

    const responseSchema = (status: number) =>
      pointer([
        'paths',
        op.template,
        op.method,
        'responses',
        String(status),
        'content',
        'application/json',
        'schema',
      ]);
    const forbidden = () =>
      send(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      });
    const readOnly = state.readOnlyTokens.has(token);
    // GitHub refuses comment bodies over 65,536 characters.
    const tooLong = () => {
      const text = (body as Json | undefined)?.body;
      if (typeof text !== 'string' || text.length <= 65_536) return false;
      send(422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
        documentation_url: 'https://docs.github.com/rest/issues/comments',
      });
      return true;
    };
    const pullJson = (pr: Json): Json => {
      const head = pr.head as Json;
      const baseRef = pr.base as Json;
      return {
        ...pr,
        number: state.pull.number,
        state: state.pull.state ?? 'open',
        requested_teams: [],
        head: {
          ...head,
          sha: state.pull.headSha,
          label: state.pull.headLabel ?? `${state.owner}:changes`,
          repo: { ...(head.repo as Json), full_name: state.pull.headRepo },
        },
        base: { ...baseRef, sha: state.pull.baseSha },
      };
    };

    switch (`${op.method} ${op.template}`) {
      case 'get /repos/{owner}/{repo}/pulls/{pull_number}/files': {
        const perPage = Number(query.per_page ?? 30);
        const page = Number(query.page ?? 1);
        const slice = state.pullFiles.slice((page - 1) * perPage, page * perPage);
        const links = pageLinks(page, perPage, state.pullFiles.length);
        const template = (example('get', op.template, 200) as unknown as Json[])[0]!;
        send(
          200,
          slice.map((f, i) => ({
            ...template,
            sha: `${i}`.padStart(40, 'c'),
            filename: f.filename,
            status: f.status,
            ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
          })),
          links,
          responseSchema(200),
        );
        return;
      }
      case 'get /repos/{owner}/{repo}/pulls/{pull_number}': {
        if (Number(pathParams.pull_number) !== state.pull.number) {
          send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
          return;
        }
        send(200, pullJson(example('get', op.template, 200)), {}, responseSchema(200));
        return;
      }
      case 'get /repos/{owner}/{repo}/pulls': {
        const label = state.pull.headLabel ?? `${state.owner}:changes`;
        const open = (state.pull.state ?? 'open') === 'open';
        const wanted = (query.state ?? 'open') === 'open' ? open : true;
        const matches = wanted && (query.head === undefined || query.head === label);
        const item = (example('get', op.template, 200) as unknown as Json[])[0]!;
        send(200, matches ? [pullJson(item)] : [], {}, responseSchema(200));
        return;
      }
      case 'get /repos/{owner}/{repo}/contents/{path}': {
        const text = state.contents.get(`${query.ref ?? ''}:${pathParams.path}`);
        if (text === undefined) {
          send(404, {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com/rest/repos/contents',
          });
          return;
        }
        const file = example('get', op.template, 200);
        const name = pathParams.path!.split('/').at(-1)!;
        send(
          200,
          {
            ...file,
            name,
            path: pathParams.path,
            size: Buffer.byteLength(text),
            content: Buffer.from(text).toString('base64'),
            encoding: 'base64',
          },
          {},
          responseSchema(200),
        );
        return;
      }
      case 'get /repos/{owner}/{repo}/git/trees/{tree_sha}': {
        // The commit's tree as git lists it: every file of `contents` (and link) at that ref, and its folders.
        const ref = pathParams.tree_sha!;
        const files = new Map<string, { mode: string; text: string }>();
        for (const [key, text] of state.contents) {
          if (key.startsWith(`${ref}:`)) files.set(key.slice(ref.length + 1), { mode: '100644', text });
        }
        for (const [key, text] of state.symlinks ?? []) {
          if (key.startsWith(`${ref}:`)) files.set(key.slice(ref.length + 1), { mode: '120000', text });
        }
        const folders = new Set<string>();
        for (const path of files.keys()) {
          const parts = path.split('/');
          for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
        }
        const base = example('get', op.template, 200);
        const url = (kind: string, sha: string) =>
          `https://api.github.com/repos/${state.owner}/${state.repo}/git/${kind}/${sha}`;
        const tree = [
          ...[...folders].map((path) => {
            const sha = gitSha('tree', path);
            return { path, mode: '040000', type: 'tree', sha, url: url('trees', sha) };
          }),
          ...[...files].map(([path, file]) => {
            const sha = gitSha('blob', file.text);
            blobs.set(sha, file.text);
            return {
              path,
              mode: file.mode,
              type: 'blob',
              sha,
              size: Buffer.byteLength(file.text),
              url: url('blobs', sha),
            };
          }),
        ].sort((a, b) => (a.path < b.path ? -1 : 1));
        send(
          200,
          { ...base, sha: ref, url: url('trees', ref), tree, truncated: false },
          {},
          responseSchema(200),
        );
        return;
      }
      case 'get /repos/{owner}/{repo}/git/blobs/{file_sha}': {
        const text = blobs.get(pathParams.file_sha!);
        if (text === undefined) {
          send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/git/blobs' });
          return;
        }
        const base = example('get', op.template, 200);
        send(
          200,
          {
            ...base,
            sha: pathParams.file_sha,
            size: Buffer.byteLength(text),
            url: `https://api.github.com/repos/${state.owner}/${state.repo}/git/blobs/${pathParams.file_sha}`,
            content: Buffer.from(text).toString('base64'),
            encoding: 'base64',
          },
          {},
          responseSchema(200),
        );
        return;
      }
      case 'get /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const perPage = Number(query.per_page ?? 30);
        const page = Number(query.page ?? 1);
        const slice = state.comments.slice((page - 1) * perPage, page * perPage);
        send(
          200,
          slice.map((c) => commentJson(state, c)),
          pageLinks(page, perPage, state.comments.length),
          responseSchema(200),
        );
        return;
      }
      case 'post /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        if (readOnly) return forbidden();
        if (tooLong()) return;
        const id = nextCommentId++;
        const c: StoredComment = {
          id,
          nodeId: `IC_kwDO${id}`,
          body: String((body as Json).body),
          userType: 'Bot',
          login: 'github-actions[bot]',
          authorAssociation: 'NONE',
          minimized: false,
        };
        state.comments.push(c);
        send(201, commentJson(state, c), {}, responseSchema(201));
        return;
      }
      case 'patch /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        if (readOnly) return forbidden();
        if (tooLong()) return;
        const c = state.comments.find((x) => x.id === Number(pathParams.comment_id));
        if (!c) {
          send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
          return;
        }
        c.body = String((body as Json).body);
        send(200, commentJson(state, c), {}, responseSchema(200));
        return;
      }
      case 'get /repos/{owner}/{repo}/collaborators/{username}/permission': {
        const role = state.permissions.get(pathParams.username!) ?? 'read';
        const answer = example('get', op.template, 200);
        const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
        send(
          200,
          {
            ...answer,
            permission,
            role_name: role,
            user: { ...(answer.user as Json), login: pathParams.username, role_name: role },
          },
          {},
          responseSchema(200),
        );
        return;
      }
      case 'post /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': {
        if (readOnly) return forbidden();
        state.reactions.push({
          commentId: Number(pathParams.comment_id),
          content: String((body as Json).content),
        });
        send(
          201,
          { ...example('post', op.template, 201), content: (body as Json).content },
          {},
          responseSchema(201),
        );
        return;
      }
      default:
        violations.push(
          `${op.method.toUpperCase()} ${op.template} is valid but berth was not expected to call it`,
        );
        send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`server error: ${String(error)}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    violations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
