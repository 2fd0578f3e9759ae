/**
 * The live cluster source: reads nodes, pods, ResourceQuotas, LimitRanges,
 * PriorityClasses, RuntimeClasses, PodDisruptionBudgets and Namespaces from a Kubernetes API
 * server and hands them to the snapshot loader, so a live read and a snapshot
 * file become the same `ClusterState`.
 *
 * Read-only: only GET requests with `limit`/`continue` paging. Kubeconfig files are
 * found and merged as client-go's loading rules do (`loadKubeConfig`); each file, the
 * credentials (exec and OIDC included) and in-cluster service accounts are handled by
 * `@kubernetes/client-node`. The lists are fetched raw so fields newer than the
 * client's generated models survive intact into snapshots.
 *
 * The API server is not trusted: every answer is bounded (`LIVE_LIMITS`) and every
 * list item checked before it is used, so a server that pages for ever, answers
 * without end or sends objects no Kubernetes API holds stops the read with an error.
 *
 * Nothing secret leaves this module: errors name the server's host and the
 * context, never a token, password, certificate or key, and every message from
 * elsewhere (API server, credential plugins) is passed through `redact`.
 *
 * Over ~400 lines because kubeconfig loading, the bounded paging reader and the item
 * checks are one trust boundary with the API server, kept together so every path through
 * it passes the same limits and `redact`.
 */

import { existsSync, constants as fsConstants, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { dirname, isAbsolute, join } from 'node:path';
import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';
import { parse as parseYaml, stringify } from 'yaml';
import { BerthError, type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { ClusterLoadResult, ClusterState, ManifestObject } from '../model/types.ts';
import { clusterFromObjects } from './snapshot.ts';

export interface LiveClusterOptions {
  /** A kubeconfig file; default: `KUBECONFIG` (paths joined as kubectl does), then `~/.kube/config`, then in-cluster. */
  kubeconfig?: string;
  /** A context of the kubeconfig; default: its current context. */
  context?: string;
  /** Use the pod's service account (`/var/run/secrets/kubernetes.io/serviceaccount`) and ignore kubeconfigs. */
  inCluster?: boolean;
  /** Objects per page (default 500, as kubectl). */
  pageSize?: number;
  /** Per-request timeout in milliseconds (default 30 s): how long the server may stay silent. */
  timeoutMs?: number;
  /** How long one answer may take from request to last byte (default `LIVE_LIMITS.answerTimeoutMs`). */
  answerTimeoutMs?: number;
  /** Objects of all kinds together that a read may return (default `LIVE_LIMITS.maxObjects`). */
  maxObjects?: number;
  /** List requests a read may make, all kinds together (default `LIVE_LIMITS.maxPages`). */
  maxPages?: number;
  /** Bytes of one answer (default `LIVE_LIMITS.maxResponseBytes`). */
  maxResponseBytes?: number;
  /** Environment to resolve `KUBECONFIG` and in-cluster variables from (tests). */
  env?: NodeJS.ProcessEnv;
}

/** A Kubernetes object as the API server returned it, with `apiVersion` and `kind` filled in. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string } & Record<string, unknown>;
  [field: string]: unknown;
}

export interface LiveClusterResult {
  cluster: ClusterState;
  /** What was read, in a stable order (kind, namespace, name), ready for `writeSnapshot`. */
  objects: KubeObject[];
  /** Warnings about what could not be read (an optional kind not allowed or not served). */
  diagnostics: Diagnostic[];
  /** Where it was read from, safe to show: host of the server and the context name. */
  source: { host: string; context: string };
}

interface Resource {
  kind: string;
  apiVersion: string;
  path: string;
  /** Plural as RBAC and error messages name it. */
  plural: string;
  /** Without nodes and pods there is nothing to plan against; the rest only sharpen the plan. */
  required: boolean;
  query?: Record<string, string>;
  /**
   * A kind an add-on defines (Kueue's queues): a cluster that does not serve it (404) is read
   * without it and without a word; `older` are earlier API versions tried in turn.
   */
  addOn?: { older: { apiVersion: string; path: string }[] };
}

const RESOURCES: Resource[] = [
  { kind: 'Namespace', apiVersion: 'v1', path: '/api/v1/namespaces', plural: 'namespaces', required: false },
  { kind: 'Node', apiVersion: 'v1', path: '/api/v1/nodes', plural: 'nodes', required: true },
  {
    kind: 'Pod',
    apiVersion: 'v1',
    path: '/api/v1/pods',
    plural: 'pods',
    required: true,
    // Finished pods hold no resources; leaving them on the server keeps big clusters cheap to read.
    query: { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
  },
  {
    kind: 'ResourceQuota',
    apiVersion: 'v1',
    path: '/api/v1/resourcequotas',
    plural: 'resourcequotas',
    required: false,
  },
  {
    kind: 'LimitRange',
    apiVersion: 'v1',
    path: '/api/v1/limitranges',
    plural: 'limitranges',
    required: false,
  },
  {
    kind: 'PriorityClass',
    apiVersion: 'scheduling.k8s.io/v1',
    path: '/apis/scheduling.k8s.io/v1/priorityclasses',
    plural: 'priorityclasses',
    required: false,
  },
  {
    kind: 'RuntimeClass',
    apiVersion: 'node.k8s.io/v1',
    path: '/apis/node.k8s.io/v1/runtimeclasses',
    plural: 'runtimeclasses',
    required: false,
  },
  {
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    path: '/apis/policy/v1/poddisruptionbudgets',
    plural: 'poddisruptionbudgets',
    required: false,
  },
  // Kueue's quotas decide when the jobs it manages start on the timeline.
  {
    kind: 'ClusterQueue',
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    path: '/apis/kueue.x-k8s.io/v1beta2/clusterqueues',
    plural: 'clusterqueues',
    required: false,
    addOn: {
      older: [{ apiVersion: 'kueue.x-k8s.io/v1beta1', path: '/apis/kueue.x-k8s.io/v1beta1/clusterqueues' }],
    },
  },
  {
    kind: 'LocalQueue',
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    path: '/apis/kueue.x-k8s.io/v1beta2/localqueues',
    plural: 'localqueues',
    required: false,
    addOn: {
      older: [{ apiVersion: 'kueue.x-k8s.io/v1beta1', path: '/apis/kueue.x-k8s.io/v1beta1/localqueues' }],
    },
  },
];

/**
 * What a live read accepts from an API server before it stops: far above real clusters
 * (Kubernetes is tested up to 5,000 nodes and 150,000 pods), so only a server that
 * misbehaves reaches them.
 */
export const LIVE_LIMITS = {
  /** 500,000 objects of every kind together. */
  maxObjects: 500_000,
  /** 10,000 list requests: ten times what 500,000 objects need at kubectl's 500 per page. */
  maxPages: 10_000,
  /** 128 MiB in one answer: a page of 500 objects of 256 KiB each. */
  maxResponseBytes: 128 * 1024 * 1024,
  /** Nesting of one object: core kinds nest about 20 deep; 100 is what manifests may nest too. */
  maxDepth: 100,
  /** Two minutes for one answer, however slowly its bytes arrive. */
  answerTimeoutMs: 120_000,
  /** A continue token is an encoded key and resource version: a few hundred bytes. */
  maxContinueBytes: 64 * 1024,
} as const;

/** The kinds a live read covers, in the order a snapshot lists them. */
export const LIVE_KINDS = RESOURCES.map((r) => r.kind);

const SECRET_RUN = /[A-Za-z0-9+/_=-]{32,}/g;

/**
 * Removes what could be a credential from a message meant for a person: the
 * given secrets verbatim, bearer tokens, and any long base64-like run (tokens,
 * certificate and key data). Host names survive: dots break the runs.
 */
export function redact(message: string, secrets: readonly string[] = []): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/(bearer|basic)\s+\S+/gi, '$1 [redacted]')
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, '[redacted]')
    .replace(SECRET_RUN, '[redacted]');
}

function secretsOf(kc: KubeConfig): string[] {
  const user = kc.getCurrentUser();
  const cluster = kc.getCurrentCluster();
  const values = [user?.token, user?.password, user?.keyData, user?.certData, cluster?.caData];
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function kubeconfigError(path: string, error: unknown): BerthError {
  const code = errorCode(error);
  const other = (error as { path?: unknown } | null)?.path;
  if (typeof other === 'string' && other !== path && code) {
    // A file the kubeconfig names (token-file) cannot be read: name it, it is a path, not a secret.
    return new BerthError('io', `kubeconfig ${path} names ${other}, which cannot be read (${code})`);
  }
  if (code === 'ENOENT') return new BerthError('io', `kubeconfig ${path} does not exist`);
  if (code === 'EACCES' || code === 'EISDIR')
    return new BerthError('io', `kubeconfig ${path} cannot be read (${code})`);
  const mark = (error as { mark?: { line?: number; column?: number } } | null)?.mark;
  if (mark && typeof mark.line === 'number') {
    // js-yaml's message quotes the offending lines, which may hold a token: give the position only.
    return new BerthError(
      'io',
      `kubeconfig ${path} is not valid YAML (line ${mark.line + 1}, column ${(mark.column ?? 0) + 1})`,
    );
  }
  const message = error instanceof Error ? error.message : '';
  // client-node's own validation messages are fixed strings naming a field, e.g. `clusters[0].cluster.server is missing`.
  if (/^[\w[\].]+ is missing$/.test(message))
    return new BerthError('io', `kubeconfig ${path} is invalid: ${message}`);
  return new BerthError('io', `kubeconfig ${path} is not a valid kubeconfig`);
}

interface LoadedConfig {
  kc: KubeConfig;
  /** How the configuration was found, for messages: a path, `KUBECONFIG=...` or `in-cluster`. */
  origin: string;
  /** Files of `KUBECONFIG` that do not exist and were skipped, as kubectl skips them. */
  skipped: string[];
}

interface KubeconfigFile {
  file: string;
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string;
}

/**
 * A relative `token-file` is relative to the kubeconfig that names it, as client-go
 * reads it (`ResolvePaths`); client-node reads it while parsing, relative to the working
 * directory, before makePathsAbsolute can fix it. Such paths are made absolute first.
 * Text that does not parse, or names no relative token file, is returned as it is.
 */
function withTokenFilesFrom(text: string, dir: string): string {
  if (!text.includes('token-file')) return text;
  let doc: unknown;
  try {
    doc = parseYaml(text, { merge: true });
  } catch {
    return text;
  }
  const users = (doc as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return text;
  let changed = false;
  for (const entry of users) {
    const user = (entry as { user?: Record<string, unknown> } | null)?.user;
    const path = user?.['token-file'];
    if (typeof path !== 'string' || path === '' || isAbsolute(path)) continue;
    user!['token-file'] = join(dir, path);
    changed = true;
  }
  // JSON is YAML: client-node parses it as it parses the file.
  return changed ? JSON.stringify(doc) : text;
}

/** One kubeconfig file, read as client-go reads it: an empty file is an empty config, names are unique. */
function readKubeconfigFile(file: string): KubeconfigFile {
  const kc = new KubeConfig();
  try {
    const text = readFileSync(file, 'utf8');
    if (text.trim() !== '') {
      kc.loadFromString(withTokenFilesFrom(text, dirname(file)));
      kc.makePathsAbsolute(dirname(file));
    }
  } catch (error) {
    throw kubeconfigError(file, error);
  }
  const lists = { clusters: kc.clusters ?? [], users: kc.users ?? [], contexts: kc.contexts ?? [] };
  for (const [list, entries] of Object.entries(lists)) {
    const seen = new Set<string>();
    for (const entry of entries) {
      // client-go refuses a file that names two entries of a list alike (its message quotes the list: not here).
      if (seen.has(entry.name))
        throw new BerthError('io', `kubeconfig ${file} is invalid: two ${list} are named ${entry.name}`);
      seen.add(entry.name);
    }
  }
  return { file, ...lists, currentContext: kc.currentContext ?? '' };
}

/**
 * Merges kubeconfig files as client-go's loading rules do: for clusters, users and
 * contexts the first file to define a name wins and its entry is taken whole (later
 * files' entries of that name are dropped, even their other fields); the current
 * context is the first one a file sets.
 */
function mergeKubeconfigs(files: readonly KubeconfigFile[]): KubeConfig {
  const pick = <T extends { name: string }>(lists: readonly (readonly T[])[]): T[] => {
    const byName = new Map<string, T>();
    for (const list of lists)
      for (const entry of list) if (!byName.has(entry.name)) byName.set(entry.name, entry);
    return [...byName.values()];
  };
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: pick(files.map((f) => f.clusters)),
    users: pick(files.map((f) => f.users)),
    contexts: pick(files.map((f) => f.contexts)),
    currentContext: files.find((f) => f.currentContext !== '')?.currentContext ?? '',
  });
  return kc;
}

function inClusterPossible(env: NodeJS.ProcessEnv): boolean {
  return (
    Boolean(env.KUBERNETES_SERVICE_HOST) && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')
  );
}

/**
 * Resolves the kubeconfig as kubectl does; throws a `BerthError` with no secret in it.
 *
 * - `kubeconfig` (the `--kubeconfig` flag): that file alone, which must exist;
 * - else `KUBECONFIG`: its files, merged (`mergeKubeconfigs`); files that do not exist
 *   are skipped, as kubectl skips them; duplicates are read once;
 * - else `~/.kube/config`; else the pod's service account.
 */
export function loadKubeConfig(options: LiveClusterOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  let kc = new KubeConfig();
  let origin: string;
  const skipped: string[] = [];
  if (options.inCluster) {
    if (!inClusterPossible(env)) {
      throw new BerthError(
        'io',
        'not running in a Kubernetes pod: no service account token or KUBERNETES_SERVICE_HOST',
      );
    }
    kc.loadFromCluster();
    origin = 'in-cluster';
  } else {
    let files: string[];
    if (options.kubeconfig) {
      files = [options.kubeconfig];
      origin = options.kubeconfig;
    } else {
      const listed = [
        ...new Set((env.KUBECONFIG ?? '').split(process.platform === 'win32' ? ';' : ':').filter(Boolean)),
      ];
      files = listed.filter((file) => {
        if (existsSync(file)) return true;
        skipped.push(file);
        return false;
      });
      origin = `KUBECONFIG (${listed.join(', ')})`;
      const home = env.HOME ?? env.USERPROFILE;
      if (listed.length === 0) {
        if (home && existsSync(`${home}/.kube/config`)) {
          files.push(`${home}/.kube/config`);
          origin = `${home}/.kube/config`;
        }
      } else if (files.length === 0 && !inClusterPossible(env)) {
        throw new BerthError('io', `none of the kubeconfig files in KUBECONFIG exists: ${listed.join(', ')}`);
      }
    }
    if (files.length === 0) {
      if (!inClusterPossible(env)) {
        throw new BerthError(
          'io',
          'no kubeconfig found: set KUBECONFIG, pass a kubeconfig file, or run inside a cluster',
        );
      }
      kc.loadFromCluster();
      origin = 'in-cluster';
    } else {
      kc = mergeKubeconfigs(files.map(readKubeconfigFile));
    }
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new BerthError(
        'io',
        `context ${options.context} is not in ${origin}${known.length > 0 ? ` (contexts: ${known.join(', ')})` : ''}`,
      );
    }
    kc.setCurrentContext(options.context);
  } else if (origin !== 'in-cluster' && !kc.getContextObject(kc.getCurrentContext())) {
    const known = kc.getContexts().map((c) => c.name);
    throw new BerthError(
      'io',
      `${origin} has no current context${known.length > 0 ? `; choose one with --cluster context:<name> (contexts: ${known.join(', ')})` : ''}`,
    );
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server)
    throw new BerthError('io', `${origin}: context ${kc.getCurrentContext()} names no cluster with a server`);
  return { kc, origin, skipped };
}

/** `host:port` of a server URL, without any user info or path. */
export function serverHost(server: string): string {
  try {
    return new URL(server).host || 'the API server';
  } catch {
    return 'an invalid server URL';
  }
}

interface ListPage {
  items: unknown[];
  continueToken?: string;
}

export class HttpStatusError extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

export interface KubeRequest {
  method?: 'GET' | 'PATCH' | 'DELETE' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string>;
  body?: string;
  contentType?: string;
  accept?: string;
}

export interface KubeResponse {
  status: number;
  body: string;
  /** The `Retry-After` header of a 429 or 503, as sent. */
  retryAfter?: string;
  /** The texts of the answer's `Warning` headers (deprecated APIs, unknown fields), at most `MAX_WARNINGS`. */
  warnings?: string[];
}

/** Warnings kept from one answer, and the characters kept of each: a server may send any number. */
const MAX_WARNINGS = 10;
const MAX_WARNING_CHARS = 500;

/**
 * The texts of `Warning` headers, which the API server sends as `299 - "text"` (RFC 7234),
 * one header each; several in one header, comma-separated, are read too.
 */
export function warningTexts(values: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const value of values ?? []) {
    for (const m of value.matchAll(/\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g)) {
      const text = (m[1] ?? '').replace(/\\(.)/g, '$1').slice(0, MAX_WARNING_CHARS);
      if (text && !out.includes(text)) out.push(text);
      if (out.length >= MAX_WARNINGS) return out;
    }
  }
  return out;
}

interface FixedCredentials {
  headers: Record<string, string>;
  auth?: string;
}

/**
 * The request headers a user's credentials add, when they are the same for every
 * request of a run: a token or a client certificate written in the kubeconfig.
 * Credentials that may change (an exec plugin, an auth provider, a token file read
 * by one) are asked for each request. Re-reading the kubeconfig's files and making
 * a new agent on each of thousands of requests cost more than the request itself.
 */
export function fixedCredentials(kc: KubeConfig, applied: RequestOptions): FixedCredentials | undefined {
  const user = kc.getCurrentUser();
  if (!user || user.exec || user.authProvider) return undefined;
  const headers: Record<string, string> = {};
  const sent = (applied.headers ?? {}) as Record<string, unknown>;
  for (const name of ['Authorization', 'Impersonate-User']) {
    if (typeof sent[name] === 'string') headers[name] = sent[name];
  }
  return { headers, ...(typeof applied.auth === 'string' ? { auth: applied.auth } : {}) };
}

/**
 * The connection to one API server: the kubeconfig's credentials, TLS and
 * proxy, errors without secrets. The live reader lists through it; the writer
 * (writer.ts) sends its patches through it.
 */
export class Reader {
  readonly kc: KubeConfig;
  readonly server: URL;
  readonly host: string;
  readonly context: string;
  readonly pageSize: number;
  readonly timeoutMs: number;
  readonly answerTimeoutMs: number;
  readonly secrets: string[];
  readonly maxObjects: number;
  readonly maxPages: number;
  readonly maxResponseBytes: number;
  /** Objects and requests so far, all kinds together (the lists run at once). */
  objects = 0;
  pages = 0;
  /** Keep-alive connections at most (0: a connection per request, as client-node does). */
  readonly keepAlive: number;
  private agent: HttpsAgent | undefined;
  /** Headers of credentials that cannot change during a run, once read (see fixedCredentials). */
  private fixed: FixedCredentials | undefined;

  constructor(kc: KubeConfig, options: LiveClusterOptions & { keepAlive?: number }) {
    this.kc = kc;
    const server = kc.getCurrentCluster()?.server ?? '';
    this.host = serverHost(server);
    try {
      this.server = new URL(server);
    } catch {
      throw new BerthError(
        'io',
        `the cluster of context ${kc.getCurrentContext()} has an invalid server URL`,
      );
    }
    this.context = kc.getCurrentContext();
    this.pageSize = options.pageSize ?? 500;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.answerTimeoutMs = options.answerTimeoutMs ?? LIVE_LIMITS.answerTimeoutMs;
    this.secrets = secretsOf(kc);
    this.maxObjects = options.maxObjects ?? LIVE_LIMITS.maxObjects;
    this.maxPages = options.maxPages ?? LIVE_LIMITS.maxPages;
    this.maxResponseBytes = options.maxResponseBytes ?? LIVE_LIMITS.maxResponseBytes;
    this.keepAlive = options.keepAlive ?? 0;
  }

  /** Closes kept-alive connections, so the process can exit. */
  close(): void {
    this.agent?.destroy();
  }

  /** An answer Kubernetes would never give: the read stops, saying what was wrong and where. */
  malformed(resource: Resource, page: number, problem: string): BerthError {
    return this.fail(
      `the API server at ${this.host} (context ${this.context}) answered list ${resource.plural} (page ${page}) with ${problem}`,
    );
  }

  fail(message: string): BerthError {
    return new BerthError('io', redact(message, this.secrets));
  }

  /** Turns a transport failure into a message a person can act on, with nothing secret in it. */
  transportError(error: unknown): BerthError {
    const code = errorCode(error);
    const where = `the Kubernetes API server at ${this.host} (context ${this.context})`;
    if (code && NETWORK_CODES[code]) return this.fail(`cannot reach ${where}: ${NETWORK_CODES[code]}`);
    if (code === 'ETIMEOUT')
      return this.fail(`cannot reach ${where}: no answer within ${this.timeoutMs / 1000}s`);
    if (code?.startsWith('ERR_OSSL')) {
      // OpenSSL could not parse what the kubeconfig gave it (client certificate, key or CA data).
      return this.fail(
        `the certificates or key of context ${this.context} cannot be used (${code}): check the kubeconfig`,
      );
    }
    if (code && /CERT|SSL|TLS|SELF_SIGNED|VERIFY/.test(code)) {
      return this.fail(
        `cannot verify the TLS certificate of ${where} (${code}): check the cluster's certificate authority`,
      );
    }
    if (code === 'ERR_INVALID_PROTOCOL' || code === 'ERR_INVALID_URL') {
      return this.fail(`the server URL of context ${this.context} is not an http(s) URL`);
    }
    const message = error instanceof Error ? error.message : String(error);
    return this.fail(`cannot read from ${where}: ${message}`);
  }

  /**
   * One request with the kubeconfig's credentials, answered as text. Throws the
   * transport's own error (with its `code`) when the server cannot be reached,
   * so a caller may retry; `transportError` turns it into a message.
   */
  async send(request: KubeRequest): Promise<KubeResponse> {
    const url = new URL(this.server.href);
    url.pathname = `${url.pathname.replace(/\/$/, '')}${request.path}`;
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
    if (request.body !== undefined) {
      headers['content-type'] = request.contentType ?? 'application/json';
      // A chunked body on a kept-alive connection makes the API server refuse the next request there.
      headers['content-length'] = String(Buffer.byteLength(request.body));
    }
    const options: RequestOptions = { method: request.method ?? 'GET', headers, timeout: this.timeoutMs };
    if (this.agent && this.fixed) {
      // A kept-alive connection holds the TLS material; fixed credentials only add their headers.
      Object.assign(headers, this.fixed.headers);
      if (this.fixed.auth !== undefined) options.auth = this.fixed.auth;
    } else {
      try {
        await this.kc.applyToHTTPSOptions(options);
      } catch (error) {
        // Credential plugins (exec, OIDC) fail here; their output may echo a secret.
        const message = error instanceof Error ? error.message : String(error);
        throw this.fail(`cannot get credentials for context ${this.context}: ${message}`);
      }
      this.fixed ??= fixedCredentials(this.kc, options);
    }
    const plain = url.protocol === 'http:';
    if (plain) delete options.agent;
    else if (this.keepAlive && !this.kc.getCurrentCluster()?.proxyUrl) {
      // client-node's agent opens a TLS connection per request; a writer sending
      // thousands of requests keeps a few connections open instead.
      this.agent ??= new HttpsAgent({
        keepAlive: true,
        maxSockets: this.keepAlive,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        ...(options.rejectUnauthorized === undefined
          ? {}
          : { rejectUnauthorized: options.rejectUnauthorized }),
        ...(options.servername ? { servername: options.servername } : {}),
      });
      options.agent = this.agent;
    }
    return new Promise<KubeResponse>((resolve, reject) => {
      let deadline: NodeJS.Timeout | undefined;
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          clearTimeout(deadline);
          done(value);
        };
      const ok = settle(resolve);
      const fail = settle(reject);
      const req = (plain ? httpRequest : httpsRequest)(url, options, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) {
            fail(Object.assign(new Error('too large'), { code: 'ETOOLARGE' }));
            res.destroy();
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          const warnings = warningTexts(res.headersDistinct.warning);
          ok({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
            ...(warnings.length > 0 ? { warnings } : {}),
          });
        });
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })));
      // A server that sends a byte now and then never trips the idle timeout: the whole answer has a deadline.
      deadline = setTimeout(() => {
        fail(Object.assign(new Error('too slow'), { code: 'ETOOSLOW' }));
        req.destroy();
      }, this.answerTimeoutMs);
      req.on('error', fail);
      req.end(request.body);
    });
  }

  async get(path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
    const response = await this.send({ path, query }).catch((error: unknown) => {
      if (errorCode(error) === 'ETOOSLOW') {
        throw this.fail(
          `the API server at ${this.host} (context ${this.context}) did not finish answering ${path} within ${this.answerTimeoutMs / 1000}s: stopped reading`,
        );
      }
      if (errorCode(error) === 'ETOOLARGE') {
        throw this.fail(
          `the API server at ${this.host} (context ${this.context}) answered ${path} with more than ${bytesText(this.maxResponseBytes)}: stopped reading`,
        );
      }
      throw this.transportError(error);
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      parsed = undefined;
    }
    if (response.status !== 200) {
      const status = parsed as { reason?: string; message?: string } | undefined;
      const detail = typeof status?.message === 'string' ? status.message.slice(0, 300) : '';
      throw new HttpStatusError(response.status, status?.reason ?? '', redact(detail, this.secrets));
    }
    if (!parsed || typeof parsed !== 'object') {
      throw this.fail(`the API server at ${this.host} answered ${path} with something that is not JSON`);
    }
    return parsed as Record<string, unknown>;
  }

  async page(resource: Resource, continueToken: string | undefined, number: number): Promise<ListPage> {
    this.pages++;
    if (this.pages > this.maxPages) {
      throw this.fail(
        `the API server at ${this.host} (context ${this.context}) needed more than ${this.maxPages} list requests; stopped at list ${resource.plural} (page ${number})`,
      );
    }
    const query: Record<string, string> = { limit: String(this.pageSize), ...resource.query };
    if (continueToken) query.continue = continueToken;
    const body = await this.get(resource.path, query);
    if (Array.isArray(body)) throw this.malformed(resource, number, 'a JSON list instead of a list object');
    const items = body.items;
    // Go writes an empty list as null.
    if (items !== null && !Array.isArray(items))
      throw this.malformed(resource, number, `items that are ${describeValue(items)}, not a list`);
    const meta = body.metadata;
    if (meta !== undefined && meta !== null && !isPlain(meta))
      throw this.malformed(resource, number, `metadata that is ${describeValue(meta)}`);
    const next = isPlain(meta) ? meta.continue : undefined;
    if (next !== undefined && next !== null && typeof next !== 'string')
      throw this.malformed(resource, number, `a continue token that is ${describeValue(next)}`);
    if (typeof next === 'string' && next.length > LIVE_LIMITS.maxContinueBytes)
      throw this.malformed(
        resource,
        number,
        `a continue token longer than ${LIVE_LIMITS.maxContinueBytes / 1024} KiB`,
      );
    return { items: items ?? [], ...(next ? { continueToken: next } : {}) };
  }

  /**
   * Every object of a kind, page by page; an expired continue token (410) restarts the
   * list, as client-go does. A continue token given twice would page forever: it stops
   * the read, as do more objects or requests than the limits allow.
   */
  async list(resource: Resource): Promise<KubeObject[]> {
    for (let attempt = 0; ; attempt++) {
      const out: KubeObject[] = [];
      const tokens = new Set<string>();
      const names = new Set<string>();
      let token: string | undefined;
      let number = 0;
      try {
        do {
          number++;
          const page = await this.page(resource, token, number);
          // A repeated token is what makes a list endless: it is checked before anything else on the page.
          token = page.continueToken;
          if (token !== undefined) {
            if (tokens.has(token))
              throw this.malformed(
                resource,
                number,
                'a continue token it gave before: paging would never end',
              );
            tokens.add(token);
          }
          this.objects += page.items.length;
          if (this.objects > this.maxObjects) {
            throw this.fail(
              `the API server at ${this.host} (context ${this.context}) returned more than ${this.maxObjects.toLocaleString('en-US')} objects; stopped at list ${resource.plural} (page ${number})`,
            );
          }
          page.items.forEach((item, i) => {
            const object = checkItem(resource, item);
            if (typeof object === 'string') throw this.malformed(resource, number, `item ${i} ${object}`);
            const id = `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
            if (names.has(id))
              throw this.malformed(resource, number, `item ${i} (${id.replace(/^\//, '')}) listed twice`);
            names.add(id);
            out.push(object);
          });
        } while (token);
        return out;
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 410 && attempt < 2) {
          this.objects -= out.length;
          continue;
        }
        throw error;
      }
    }
  }
}

function bytesText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, for a message, without quoting it (it came from the server). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Whether a parsed JSON value nests deeper than `limit` (walked without recursion: the value may be hostile). */
function depthOver(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** RFC 1123 subdomain: what every kind berth reads requires of a name. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** RFC 1123 label: what a namespace name must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const NAMESPACED = new Set(['Pod', 'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'LocalQueue']);

/**
 * One list item as the API server must send it: an object of the listed kind, with
 * metadata naming it as Kubernetes validates names, a namespace exactly when the kind
 * is namespaced. Returns the object, or what is wrong with it.
 */
function checkItem(resource: Resource, item: unknown): KubeObject | string {
  if (!isPlain(item)) return `is ${describeValue(item)}, not an object`;
  if (depthOver(item, LIVE_LIMITS.maxDepth))
    return `is nested deeper than ${LIVE_LIMITS.maxDepth} levels, as no Kubernetes object is`;
  for (const [field, expected] of [
    ['kind', resource.kind],
    ['apiVersion', resource.apiVersion],
  ] as const) {
    const value = item[field];
    if (value !== undefined && value !== expected)
      return typeof value === 'string' && DNS_SUBDOMAIN.test(value.toLowerCase().replace(/\//g, '.'))
        ? `has ${field} ${value}, not ${expected}`
        : `has a ${field} that is not ${expected}`;
  }
  const metadata = item.metadata;
  if (!isPlain(metadata))
    return metadata === undefined ? 'has no metadata' : `has metadata that is ${describeValue(metadata)}`;
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') return 'has no metadata.name';
  if (!DNS_SUBDOMAIN.test(name)) return 'has a metadata.name that is not a valid Kubernetes name';
  const namespace = metadata.namespace;
  if (NAMESPACED.has(resource.kind)) {
    if (typeof namespace !== 'string' || namespace === '') return `(${name}) has no metadata.namespace`;
    if (!DNS_LABEL.test(namespace))
      return `(${name}) has a metadata.namespace that is not a valid namespace name`;
  } else if (namespace !== undefined && namespace !== '') {
    return `(${name}) has a metadata.namespace, but ${resource.plural} are not namespaced`;
  }
  return asObject(resource, item);
}

function asObject(resource: Resource, item: Record<string, unknown>): KubeObject {
  const metadata = { ...(item.metadata as KubeObject['metadata']) };
  // Field ownership is bulky and says nothing about placement.
  delete metadata.managedFields;
  return { ...item, apiVersion: resource.apiVersion, kind: resource.kind, metadata };
}

function httpProblem(reader: Reader, resource: Resource, error: HttpStatusError): string {
  const verb = `list ${resource.plural}`;
  switch (error.status) {
    case 401:
      return `the API server at ${reader.host} rejected the credentials of context ${reader.context} (401 Unauthorized)`;
    case 403:
      return `context ${reader.context} may not ${verb} at cluster scope (403 Forbidden)${error.message ? `: ${error.message}` : ''}`;
    case 404:
      return `the API server at ${reader.host} does not serve ${resource.apiVersion} ${resource.plural} (404 Not Found)`;
    default:
      return `cannot ${verb} from the API server at ${reader.host}: HTTP ${error.status}${error.message ? ` ${error.message}` : ''}`;
  }
}

const KIND_ORDER = new Map(LIVE_KINDS.map((kind, i) => [kind, i]));

function compareObjects(a: KubeObject, b: KubeObject): number {
  return (
    (KIND_ORDER.get(a.kind) ?? 99) - (KIND_ORDER.get(b.kind) ?? 99) ||
    (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}

export interface LiveObjects {
  objects: KubeObject[];
  diagnostics: Diagnostic[];
  source: LiveClusterResult['source'];
}

/**
 * Lists every kind berth plans with, from the cluster the kubeconfig (or the
 * pod's service account) points at. Throws a `BerthError` (code `io`) when the
 * cluster cannot be read at all: broken kubeconfig, unreachable server, rejected
 * credentials, nodes or pods not listable. Kinds that only refine the plan
 * (quotas, limit ranges, priority and runtime classes, PDBs, namespaces) become warnings
 * when they cannot be read.
 */
export async function readLiveObjects(options: LiveClusterOptions = {}): Promise<LiveObjects> {
  const { kc, skipped } = loadKubeConfig(options);
  const reader = new Reader(kc, options);
  const at = liveSource(reader.host);
  const diagnostics: Diagnostic[] = skipped.map((file) =>
    diagnostic(
      at,
      'warning',
      'invalid-cluster',
      `KUBECONFIG lists ${file}, which does not exist; skipped, as kubectl skips it`,
    ),
  );
  const served = servedNames(reader);
  const lists = await Promise.all(
    RESOURCES.map(async (resource) => {
      try {
        return await listServed(reader, resource, served);
      } catch (error) {
        if (!(error instanceof HttpStatusError)) throw error;
        const problem = httpProblem(reader, resource, error);
        if (resource.required || error.status === 401) throw reader.fail(problem);
        diagnostics.push(
          diagnostic(at, 'warning', 'invalid-cluster', `${problem}; planning without ${resource.plural}`),
        );
        return [];
      }
    }),
  );
  return {
    objects: lists.flat().sort(compareObjects),
    diagnostics,
    source: { host: reader.host, context: reader.context },
  };
}

/**
 * Lists a kind. An add-on kind is listed in the first of its API versions the server's
 * discovery names it in (discovery is open to every authenticated user, so a service
 * account without rights to the kind still learns whether it exists); one served nowhere
 * is an empty list, without a word.
 */
async function listServed(reader: Reader, resource: Resource, served: ServedNames): Promise<KubeObject[]> {
  if (!resource.addOn) return reader.list(resource);
  for (const version of [resource, ...resource.addOn.older]) {
    if ((await served(version.apiVersion)).includes(resource.plural))
      return reader.list({ ...resource, ...version });
  }
  return [];
}

/** The resources an API version serves, by its discovery document; none when it is not served. */
type ServedNames = (apiVersion: string) => Promise<string[]>;

/** Discovery asked once per API version in one read, however many kinds share the version. */
function servedNames(reader: Reader): ServedNames {
  const asked = new Map<string, Promise<string[]>>();
  return (apiVersion) => {
    let names = asked.get(apiVersion);
    if (!names) {
      names = reader.get(`/apis/${apiVersion}`, {}).then(
        (doc) =>
          Array.isArray(doc.resources)
            ? (doc.resources as { name?: unknown }[]).flatMap((r) =>
                typeof r.name === 'string' ? [r.name] : [],
              )
            : [],
        (error: unknown) => {
          if (error instanceof HttpStatusError && (error.status === 404 || error.status === 403)) return [];
          throw error;
        },
      );
      asked.set(apiVersion, names);
    }
    return names;
  };
}

const DEFINITIONS: Resource = {
  kind: 'CustomResourceDefinition',
  apiVersion: 'apiextensions.k8s.io/v1',
  path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  plural: 'customresourcedefinitions',
  required: false,
};

/**
 * The cluster's CustomResourceDefinitions, to check custom resources in the manifests
 * against their schemas. Read only when the manifests hold kinds that are neither built
 * in nor defined among them (definitions can be large). Any problem reading them is a
 * warning: the plan does not need them.
 */
export async function readLiveDefinitions(
  options: LiveClusterOptions = {},
): Promise<{ definitions: KubeObject[]; diagnostics: Diagnostic[] }> {
  const { kc } = loadKubeConfig(options);
  const reader = new Reader(kc, options);
  try {
    return { definitions: await reader.list(DEFINITIONS), diagnostics: [] };
  } catch (error) {
    const problem =
      error instanceof HttpStatusError
        ? httpProblem(reader, DEFINITIONS, error)
        : error instanceof BerthError
          ? error.message
          : undefined;
    if (problem === undefined) throw error;
    return {
      definitions: [],
      diagnostics: [
        diagnostic(
          liveSource(reader.host),
          'warning',
          'invalid-cluster',
          `${problem}; custom resources are not checked against the cluster's definitions`,
        ),
      ],
    };
  }
}

/** Diagnostics about a live read point at the server, as a file would. */
function liveSource(host: string) {
  return { file: `cluster ${host}`, line: 1, column: 1 };
}

/**
 * Reads a live cluster into berth's model: `readLiveObjects`, then the snapshot
 * loader, so a live read plans exactly as a snapshot of it would.
 */
export async function readLiveCluster(options: LiveClusterOptions = {}): Promise<LiveClusterResult> {
  const read = await readLiveObjects(options);
  const loaded = toClusterState(read.objects, liveSource(read.source.host).file);
  return { ...read, cluster: loaded.cluster, diagnostics: [...read.diagnostics, ...loaded.diagnostics] };
}

/**
 * The snapshot loader's reading of what was listed: one model for files and live
 * clusters. Live objects have no lines to point at; diagnostics point at the
 * server, numbered by the object's position in the read.
 */
function toClusterState(objects: readonly KubeObject[], file: string): ClusterLoadResult {
  const manifests = objects.map((object, document): ManifestObject => {
    const source = { file, line: 1, column: 1, document };
    return {
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: object.metadata as ManifestObject['metadata'],
      raw: object,
      source,
      locate: () => source,
    };
  });
  return clusterFromObjects(manifests);
}

/**
 * The snapshot file text for objects read live: one `v1` `List`, as
 * `kubectl get nodes,pods,... -A -o yaml` prints it, so the snapshot loader
 * reads it back unchanged.
 */
export function snapshotYaml(objects: readonly KubeObject[]): string {
  return stringify(
    { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objects },
    { lineWidth: 0 },
  );
}

/**
 * Writes what `readLiveCluster` returned as a snapshot file (mode 0600: pod specs can be
 * sensitive). A symbolic link in the file's place is refused, not written through: run in a
 * checkout, a link a pull request added would otherwise point the write anywhere.
 */
export async function writeSnapshot(file: string, objects: readonly KubeObject[]): Promise<void> {
  const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW;
  const handle = await open(file, flags, 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP')
      throw new BerthError('io', `${file} is a symbolic link: the snapshot was not written`);
    throw new BerthError('io', `cannot write ${file}: ${error.code ?? error.message}`);
  });
  try {
    await handle.writeFile(snapshotYaml(objects));
  } finally {
    await handle.close();
  }
}
