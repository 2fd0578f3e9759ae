/**
 * The live cluster source: reads nodes, pods, ResourceQuotas, LimitRanges,
 * PriorityClasses, PodDisruptionBudgets and Namespaces from a Kubernetes API
 * server and hands them to the snapshot loader, so a live read and a snapshot
 * file become the same `ClusterState`.
 *
 * Read-only: only GET requests with `limit`/`continue` paging. The kubeconfig,
 * `KUBECONFIG` and in-cluster service accounts are handled by
 * `@kubernetes/client-node` (including exec and OIDC credentials); the lists are
 * fetched raw so fields newer than the client's generated models survive intact
 * into snapshots.
 *
 * Nothing secret leaves this module: errors name the server's host and the
 * context, never a token, password, certificate or key, and every message from
 * elsewhere (API server, credential plugins) is passed through `redact`.
 */

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
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
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
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
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    path: '/apis/policy/v1/poddisruptionbudgets',
    plural: 'poddisruptionbudgets',
    required: false,
  },
];

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
}

/** Resolves the kubeconfig as kubectl does; throws a `BerthError` with no secret in it. */
export function loadKubeConfig(options: LiveClusterOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  let origin: string;
  if (options.inCluster) {
    const host = env.KUBERNETES_SERVICE_HOST;
    if (!host || !existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
      throw new BerthError(
        'io',
        'not running in a Kubernetes pod: no service account token or KUBERNETES_SERVICE_HOST',
      );
    }
    kc.loadFromCluster();
    origin = 'in-cluster';
  } else {
    const files = options.kubeconfig
      ? [options.kubeconfig]
      : (env.KUBECONFIG ?? '').split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
    const home = env.HOME ?? env.USERPROFILE;
    if (files.length === 0 && home && existsSync(`${home}/.kube/config`)) files.push(`${home}/.kube/config`);
    if (files.length === 0) {
      if (env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
        kc.loadFromCluster();
        origin = 'in-cluster';
      } else {
        throw new BerthError(
          'io',
          'no kubeconfig found: set KUBECONFIG, pass a kubeconfig file, or run inside a cluster',
        );
      }
    } else {
      const [first, ...rest] = files as [string, ...string[]];
      for (const file of [first, ...rest]) {
        const next = file === first ? kc : new KubeConfig();
        try {
          next.loadFromFile(file);
        } catch (error) {
          throw kubeconfigError(file, error);
        }
        // Later files add what earlier ones lack; the first file's current context wins, as in kubectl.
        if (next !== kc) kc.mergeConfig(next, true);
      }
      origin = options.kubeconfig ? options.kubeconfig : `KUBECONFIG (${files.join(', ')})`;
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
  return { kc, origin };
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
  items: Record<string, unknown>[];
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
  readonly secrets: string[];
  /** Keep-alive connections at most (0: a connection per request, as client-node does). */
  readonly keepAlive: number;
  private agent: HttpsAgent | undefined;

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
    this.secrets = secretsOf(kc);
    this.keepAlive = options.keepAlive ?? 0;
  }

  /** Closes kept-alive connections, so the process can exit. */
  close(): void {
    this.agent?.destroy();
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
    try {
      await this.kc.applyToHTTPSOptions(options);
    } catch (error) {
      // Credential plugins (exec, OIDC) fail here; their output may echo a secret.
      const message = error instanceof Error ? error.message : String(error);
      throw this.fail(`cannot get credentials for context ${this.context}: ${message}`);
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
      const req = (plain ? httpRequest : httpsRequest)(url, options, (res: IncomingMessage) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            body,
            ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
          });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })));
      req.on('error', reject);
      req.end(request.body);
    });
  }

  async get(path: string, query: Record<string, string>): Promise<Record<string, unknown>> {
    const response = await this.send({ path, query }).catch((error: unknown) => {
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

  async page(resource: Resource, continueToken: string | undefined): Promise<ListPage> {
    const query: Record<string, string> = { limit: String(this.pageSize), ...resource.query };
    if (continueToken) query.continue = continueToken;
    const body = await this.get(resource.path, query);
    const items = Array.isArray(body.items) ? (body.items as Record<string, unknown>[]) : [];
    const meta = body.metadata as { continue?: unknown } | undefined;
    return {
      items,
      ...(typeof meta?.continue === 'string' && meta.continue ? { continueToken: meta.continue } : {}),
    };
  }

  /** Every object of a kind, page by page; an expired continue token (410) restarts the list, as client-go does. */
  async list(resource: Resource): Promise<KubeObject[]> {
    for (let attempt = 0; ; attempt++) {
      const out: KubeObject[] = [];
      let token: string | undefined;
      try {
        do {
          const page = await this.page(resource, token);
          for (const item of page.items) out.push(asObject(resource, item));
          token = page.continueToken;
        } while (token);
        return out;
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 410 && attempt < 2) continue;
        throw error;
      }
    }
  }
}

function asObject(resource: Resource, item: Record<string, unknown>): KubeObject {
  const metadata = { ...(item.metadata as KubeObject['metadata']) };
  // Field ownership is bulky and says nothing about placement.
  delete metadata.managedFields;
  return { apiVersion: resource.apiVersion, kind: resource.kind, ...item, metadata };
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
 * (quotas, limit ranges, priority classes, PDBs, namespaces) become warnings
 * when they cannot be read.
 */
export async function readLiveObjects(options: LiveClusterOptions = {}): Promise<LiveObjects> {
  const { kc } = loadKubeConfig(options);
  const reader = new Reader(kc, options);
  const at = liveSource(reader.host);
  const diagnostics: Diagnostic[] = [];
  const lists = await Promise.all(
    RESOURCES.map(async (resource) => {
      try {
        return await reader.list(resource);
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

/** Writes what `readLiveCluster` returned as a snapshot file (mode 0600: pod specs can be sensitive). */
export async function writeSnapshot(file: string, objects: readonly KubeObject[]): Promise<void> {
  await writeFile(file, snapshotYaml(objects), { mode: 0o600 });
}
