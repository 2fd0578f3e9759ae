/**
 * Retrying GitHub API calls. GitHub asks clients to wait on a rate limit (403 or 429
 * with `retry-after`, or `x-ratelimit-remaining: 0` with `x-ratelimit-reset`) and
 * 5xx answers are usually transient. Waits are bounded so a job never hangs for an
 * hour on a primary rate limit: past `maxWaitMs` the call fails and says why.
 */

export interface HttpFailure {
  status: number;
  headers: Record<string, string | undefined>;
  message: string;
}

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** First backoff for 5xx; doubled each time. */
  baseDelayMs: number;
  /** Longest single wait, whatever the server asks for. */
  maxWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 1_000,
  maxWaitMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

export function isRateLimited(failure: HttpFailure): boolean {
  if (failure.status === 429) return true;
  if (failure.status !== 403) return false;
  return (
    failure.headers['retry-after'] !== undefined ||
    failure.headers['x-ratelimit-remaining'] === '0' ||
    /rate limit/i.test(failure.message)
  );
}

/**
 * How long to wait before the next attempt, or null when the call must not be retried.
 * POSTs are retried only on a rate limit, where GitHub has not acted on the request:
 * retrying one after a 5xx could post the same comment twice.
 */
export function retryDelay(
  failure: HttpFailure,
  method: string,
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'now'>,
): number | null {
  const backoff = policy.baseDelayMs * 2 ** attempt;
  if (isRateLimited(failure)) {
    const retryAfter = Number(failure.headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1_000;
    const reset = Number(failure.headers['x-ratelimit-reset']);
    if (failure.headers['x-ratelimit-remaining'] === '0' && Number.isFinite(reset)) {
      return Math.max(0, reset * 1_000 - policy.now()) + 1_000;
    }
    // Secondary limit without a hint: GitHub's guidance is to wait at least a minute.
    return Math.max(backoff, 60_000);
  }
  if (failure.status >= 500 && method.toUpperCase() !== 'POST') return backoff;
  return null;
}

export class GitHubApiError extends Error {
  readonly status: number;
  readonly attempts: number;
  constructor(what: string, failure: HttpFailure, attempts: number, gaveUpBecause?: string) {
    const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
    super(
      `${what} failed${tries}: ${failure.status} ${failure.message}${gaveUpBecause ? ` (${gaveUpBecause})` : ''}`,
    );
    this.name = 'GitHubApiError';
    this.status = failure.status;
    this.attempts = attempts;
  }
}

/**
 * Runs `call`, retrying per `retryDelay`. `toFailure` turns a thrown error into an
 * HTTP failure, or null for errors that are not HTTP answers (these are rethrown).
 */
export async function withRetry<T>(
  what: string,
  method: string,
  call: () => Promise<T>,
  toFailure: (error: unknown) => HttpFailure | null,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = toFailure(error);
      if (!failure) throw error;
      const delay = retryDelay(failure, method, attempt, policy);
      if (delay === null) throw new GitHubApiError(what, failure, attempt + 1);
      if (attempt >= policy.retries) throw new GitHubApiError(what, failure, attempt + 1, 'giving up');
      if (delay > policy.maxWaitMs) {
        throw new GitHubApiError(
          what,
          failure,
          attempt + 1,
          `GitHub asks to wait ${Math.ceil(delay / 1_000)} s, longer than ${policy.maxWaitMs / 1_000} s`,
        );
      }
      await policy.sleep(delay);
    }
  }
}
