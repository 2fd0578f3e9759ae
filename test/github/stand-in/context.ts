/** What a route of the stand-in is given: the parsed request, the state, and ways to answer. */

import type { Json } from './openapi.ts';
import type { FakeGitHubState, RecordedRequest } from './state.ts';

export interface Caller {
  /** `token` (the workflow token), `read-only`, `installation` or `jwt`. */
  kind: 'token' | 'read-only' | 'installation' | 'jwt';
  /** The login comments and reactions are made as. */
  login: string;
  installationId?: number;
}

export interface RouteContext {
  state: FakeGitHubState;
  record: RecordedRequest;
  method: string;
  template: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json;
  caller: Caller;
  /** `http://127.0.0.1:<port>` of the stand-in. */
  origin: string;
  /** Answers; a 2xx is validated against the operation's response schema. */
  send(status: number, payload: unknown, headers?: Record<string, string>): void;
  notFound(): void;
  forbidden(): void;
  /** GitHub's 422 `Validation Failed`. */
  invalid(message: string, errors?: Json[]): void;
  /** `link` headers for page `page` of `total` items. */
  pageLinks(page: number, perPage: number, total: number): Record<string, string>;
  /** A page of `items` as `per_page` and `page` ask, with its `link` header. */
  page<T>(items: readonly T[]): { slice: T[]; headers: Record<string, string> };
  /** Refuses a write from a read-only caller; true when refused. */
  refuseReadOnly(): boolean;
}

export type Route = (ctx: RouteContext) => void | Promise<void>;

export const NOT_FOUND = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' };

let ids = 5_000;
/** Ids unique across the stand-in's objects, increasing in creation order as GitHub's are. */
export function nextId(): number {
  return ++ids;
}

export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
