/**
 * The writer: the live reader's connection (kubeconfig, TLS, credentials,
 * secret-free errors) used to change a cluster. Objects are sent as written,
 * as JSON, never through client-node's typed models (which drop fields they do
 * not know). Server-side apply is idempotent, so every request here may be
 * retried: 429 and 5xx answers and broken connections are retried with
 * exponential backoff and full jitter, within a bounded number of attempts and
 * a bounded time, and then reported.
 */

import { DEFAULT_APPLY_PARALLELISM } from '../apply/types.ts';
import { BerthError } from '../model/diagnostics.ts';
import {
  errorCode,
  type KubeRequest,
  type LiveClusterOptions,
  loadKubeConfig,
  Reader,
  redact,
} from './live.ts';

export interface RetryPolicy {
  /** Tries in all, the first included (default 6). */
  attempts: number;
  /** First backoff in ms (default 250); doubles each time. */
  baseMs: number;
  /** Longest single backoff (default 5 s). */
  maxMs: number;
  /** Longest time one request may take with its retries (default 60 s). */
  budgetMs: number;
}

export interface WriterOptions extends LiveClusterOptions {
  /** Requests in flight at most (default DEFAULT_APPLY_PARALLELISM). */
  parallelism?: number;
  retry?: Partial<RetryPolicy>;
  /** Keep connections open between requests (default true). */
  keepAlive?: boolean;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** One type as the API server serves it. */
export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** An API server answer that is not a success, with its `Status` object when it sent one. */
export interface ApiFailure {
  status: number;
  reason: string;
  message: string;
  /** The parsed `Status` (details.causes name conflicting fields and managers). */
  body?: Record<string, unknown>;
}

export type ApiAnswer = ({ ok: true; object: Record<string, unknown> } | ({ ok: false } & ApiFailure)) & {
  /** What the API server warned about in its `Warning` headers, as sent (not yet made safe to show). */
  warnings?: string[];
};

const RETRIED_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ETIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

function retriedStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  if (code && RETRIED_CODES.has(code)) return true;
  return error instanceof Error && /socket hang up/.test(error.message);
}

export class KubeWriter {
  readonly reader: Reader;
  readonly host: string;
  readonly context: string;
  readonly parallelism: number;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  /** Requests sent, retries included (for the report and the benchmark). */
  requests = 0;
  retries = 0;

  constructor(options: WriterOptions = {}) {
    const { kc } = loadKubeConfig(options);
    this.parallelism = Math.max(1, options.parallelism ?? DEFAULT_APPLY_PARALLELISM);
    this.reader = new Reader(kc, {
      ...options,
      keepAlive: options.keepAlive === false ? 0 : this.parallelism,
    });
    this.host = this.reader.host;
    this.context = this.reader.context;
    this.retry = { attempts: 6, baseMs: 250, maxMs: 5000, budgetMs: 60_000, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  close(): void {
    this.reader.close();
  }

  /** A message safe to show: credentials and long secret-like runs removed. */
  safe(message: string): string {
    return redact(message, this.reader.secrets);
  }

  /**
   * Sends a request, retrying what may be retried. Resolves with any answer the
   * server gave (4xx included); rejects with a `BerthError` when the server
   * stayed unreachable or overloaded past the retry policy.
   */
  async send(request: KubeRequest): Promise<{ status: number; json: unknown; warnings?: string[] }> {
    const started = this.now();
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      let retryAfterMs = 0;
      try {
        this.requests++;
        const response = await this.reader.send(request);
        let json: unknown;
        try {
          json = response.body ? JSON.parse(response.body) : undefined;
        } catch {
          json = undefined;
        }
        if (json === undefined && response.status >= 400) json = { message: response.body.slice(0, 300) };
        const warnings = response.warnings ? { warnings: response.warnings } : {};
        if (!retriedStatus(response.status)) return { status: response.status, json, ...warnings };
        failure = `HTTP ${response.status}`;
        const seconds = Number(response.retryAfter);
        if (Number.isFinite(seconds) && seconds > 0) retryAfterMs = seconds * 1000;
        if (attempt >= this.retry.attempts) return { status: response.status, json };
      } catch (error) {
        if (error instanceof BerthError) throw error;
        if (!isTransient(error) || attempt >= this.retry.attempts) throw this.reader.transportError(error);
        failure = errorCode(error) ?? 'connection failed';
      }
      const backoff = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
      const wait = Math.max(retryAfterMs, Math.floor(this.random() * backoff));
      if (this.now() + wait - started > this.retry.budgetMs) {
        throw new BerthError(
          'io',
          `the Kubernetes API server at ${this.host} kept failing (${failure}) for ${Math.round((this.now() - started) / 1000)}s; gave up after ${attempt} attempts`,
        );
      }
      this.retries++;
      await this.sleep(wait);
    }
  }

  /** GET, LIST, PATCH or DELETE as an answer: the object, or what went wrong. */
  async call(request: KubeRequest): Promise<ApiAnswer> {
    const { status, json, warnings } = await this.send(request);
    const warned = warnings ? { warnings } : {};
    const body = json && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
    if (status >= 200 && status < 300 && body) return { ok: true, object: body, ...warned };
    const reason = typeof body?.reason === 'string' ? body.reason : `HTTP ${status}`;
    const message = typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
    return { ok: false, status, reason, message, ...(body ? { body } : {}), ...warned };
  }

  path(resource: ApiResource, namespace: string, name?: string): string {
    const base =
      resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
    const ns = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${base}${ns}/${resource.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  async get(
    resource: ApiResource,
    namespace: string,
    name: string,
  ): Promise<Record<string, unknown> | undefined> {
    const answer = await this.call({ path: this.path(resource, namespace, name) });
    if (answer.ok) return answer.object;
    if (answer.status === 404) return undefined;
    throw new BerthError('io', this.safe(`cannot read ${resource.kind} ${name}: ${answer.message}`));
  }

  /** Every object of a type in a namespace (all namespaces with `''`) matching a label selector, page by page. */
  async list(
    resource: ApiResource,
    namespace: string,
    labelSelector?: string,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { limit: '500' };
      if (labelSelector) query.labelSelector = labelSelector;
      if (token) query.continue = token;
      const answer = await this.call({ path: this.path(resource, namespace), query });
      if (!answer.ok) {
        throw new BerthError(
          'io',
          this.safe(
            `cannot list ${resource.plural}${namespace ? ` in ${namespace}` : ''}: ${answer.message}`,
          ),
        );
      }
      const items = Array.isArray(answer.object.items)
        ? (answer.object.items as Record<string, unknown>[])
        : [];
      const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
      for (const item of items) out.push({ apiVersion, kind: resource.kind, ...item });
      const meta = answer.object.metadata as { continue?: unknown } | undefined;
      token = typeof meta?.continue === 'string' && meta.continue ? meta.continue : undefined;
    } while (token);
    return out;
  }

  /** Server-side apply of an object as written: `fieldManager=berth`, `force` only when asked. */
  apply(
    resource: ApiResource,
    body: Record<string, unknown>,
    options: { dryRun: boolean; force: boolean; fieldManager: string },
  ): Promise<ApiAnswer> {
    const metadata = body.metadata as { name: string; namespace?: string };
    const query: Record<string, string> = {
      fieldManager: options.fieldManager,
      force: String(options.force),
    };
    if (options.dryRun) query.dryRun = 'All';
    return this.call({
      method: 'PATCH',
      path: this.path(resource, metadata.namespace ?? '', metadata.name),
      query,
      // JSON is YAML: the object goes out byte for byte as parsed, every field kept.
      body: JSON.stringify(body),
      contentType: 'application/apply-patch+yaml',
    });
  }

  /** Deletes one object, only if it is still the one that was listed (uid precondition). */
  delete(resource: ApiResource, namespace: string, name: string, uid?: string): Promise<ApiAnswer> {
    return this.call({
      method: 'DELETE',
      path: this.path(resource, namespace, name),
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: 'Background',
        ...(uid ? { preconditions: { uid } } : {}),
      }),
    });
  }

  /** Runs `work` over `items` with at most `parallelism` in flight, keeping the order of results. */
  async pool<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallelism, items.length) }, worker));
    return results;
  }

  /** The types the server serves, from aggregated discovery (two requests), else the per-group documents. */
  async discover(): Promise<Discovery> {
    const resources: ApiResource[] = [];
    const aggregated =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    for (const root of ['/api', '/apis']) {
      const { status, json } = await this.send({ path: root, accept: aggregated });
      if (status !== 200 || !json || typeof json !== 'object') {
        throw new BerthError(
          'io',
          `cannot discover the API of ${this.host}: ${root} answered HTTP ${status}`,
        );
      }
      const doc = json as { kind?: string; items?: unknown[]; versions?: string[]; groups?: unknown[] };
      if (doc.kind === 'APIGroupDiscoveryList') {
        for (const group of (doc.items ?? []) as AggregatedGroup[]) {
          for (const version of group.versions ?? []) {
            for (const r of version.resources ?? []) {
              if (!r.responseKind?.kind || r.resource.includes('/')) continue;
              resources.push({
                group: group.metadata?.name ?? '',
                version: version.version,
                kind: r.responseKind.kind,
                plural: r.resource,
                namespaced: r.scope === 'Namespaced',
              });
            }
          }
        }
      } else {
        resources.push(...(await this.legacyDiscovery(root, doc)));
      }
    }
    return new Discovery(resources);
  }

  private async legacyDiscovery(
    root: string,
    doc: { versions?: string[]; groups?: unknown[] },
  ): Promise<ApiResource[]> {
    const groupVersions: { group: string; version: string; path: string }[] =
      root === '/api'
        ? (doc.versions ?? []).map((v) => ({ group: '', version: v, path: `/api/${v}` }))
        : ((doc.groups ?? []) as { name: string; versions: { version: string }[] }[]).flatMap((g) =>
            g.versions.map((v) => ({
              group: g.name,
              version: v.version,
              path: `/apis/${g.name}/${v.version}`,
            })),
          );
    const lists = await this.pool(groupVersions, async (gv) => {
      const { status, json } = await this.send({ path: gv.path });
      if (status !== 200) return [];
      const list =
        (json as { resources?: { name: string; kind: string; namespaced: boolean }[] }).resources ?? [];
      return list
        .filter((r) => !r.name.includes('/'))
        .map((r) => ({
          group: gv.group,
          version: gv.version,
          kind: r.kind,
          plural: r.name,
          namespaced: r.namespaced,
        }));
    });
    return lists.flat();
  }
}

interface AggregatedGroup {
  metadata?: { name?: string };
  versions?: {
    version: string;
    resources?: { resource: string; responseKind?: { kind?: string }; scope?: string }[];
  }[];
}

/** Group, version and kind to the served resource. */
export class Discovery {
  private readonly byType = new Map<string, ApiResource>();
  private readonly byGroupKind = new Map<string, ApiResource>();

  constructor(resources: readonly ApiResource[]) {
    for (const r of resources) this.add(r);
  }

  add(r: ApiResource): void {
    this.byType.set(`${r.group}/${r.version}/${r.kind}`, r);
    if (!this.byGroupKind.has(`${r.group}/${r.kind}`)) this.byGroupKind.set(`${r.group}/${r.kind}`, r);
  }

  lookup(group: string, version: string, kind: string): ApiResource | undefined {
    return this.byType.get(`${group}/${version}/${kind}`);
  }

  /** The preferred (first discovered) version of a group-kind, for listing set members. */
  forGroupKind(group: string, kind: string): ApiResource | undefined {
    return this.byGroupKind.get(`${group}/${kind}`);
  }

  /** Adds the types a CustomResourceDefinition serves, once it is established. */
  addCrd(crd: Record<string, unknown>): void {
    const spec = crd.spec as
      | {
          group?: string;
          names?: { kind?: string; plural?: string };
          scope?: string;
          versions?: { name: string; served?: boolean }[];
        }
      | undefined;
    if (!spec?.group || !spec.names?.kind || !spec.names.plural) return;
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      this.add({
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        plural: spec.names.plural,
        namespaced: spec.scope !== 'Cluster',
      });
    }
  }
}
