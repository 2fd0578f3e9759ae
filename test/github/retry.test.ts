import { describe, expect, it } from 'vitest';
import { GitHubApiError, retryDelay, withRetry } from '../../src/github/retry.ts';

describe('retryDelay', () => {
  const policy = { baseDelayMs: 1_000, now: () => 1_700_000_000_000 };
  it.each([
    ['a 429 with retry-after waits as asked', 429, { 'retry-after': '7' }, 'GET', 0, 7_000],
    ['a 403 with retry-after is a secondary rate limit', 403, { 'retry-after': '2' }, 'POST', 0, 2_000],
    [
      'a spent primary limit waits until the reset, plus a second',
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000030' },
      'GET',
      0,
      31_000,
    ],
    ['a 403 that is no rate limit is final', 403, {}, 'POST', 0, null],
    ['a 502 on a read backs off exponentially', 502, {}, 'GET', 2, 4_000],
    ['a 502 on a POST is not retried: the comment may exist', 502, {}, 'POST', 0, null],
    ['a 404 is final', 404, {}, 'GET', 0, null],
  ])('%s', (_name, status, headers, method, attempt, expected) => {
    expect(retryDelay({ status, headers, message: 'x' }, method, attempt, policy)).toBe(expected);
  });

  it('gives up when GitHub asks for a longer wait than the bound, and says so', async () => {
    const failure = { status: 403, headers: { 'retry-after': '3600' }, message: 'API rate limit exceeded' };
    const sleeps: number[] = [];
    const call = withRetry(
      'GET files',
      'GET',
      () => Promise.reject(failure),
      (e) => e as typeof failure,
      {
        retries: 3,
        baseDelayMs: 10,
        maxWaitMs: 60_000,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        now: () => 0,
      },
    );
    await expect(call).rejects.toThrow(
      'GET files failed: 403 API rate limit exceeded (GitHub asks to wait 3600 s, longer than 60 s)',
    );
    expect(sleeps).toEqual([]);
  });

  it('stops after the last retry and counts the attempts', async () => {
    let calls = 0;
    const failure = { status: 503, headers: {}, message: 'Service Unavailable' };
    const call = withRetry(
      'GET pull',
      'GET',
      () => {
        calls++;
        return Promise.reject(failure);
      },
      (e) => e as typeof failure,
      { retries: 2, baseDelayMs: 1, maxWaitMs: 100, sleep: async () => {}, now: () => 0 },
    );
    await expect(call).rejects.toBeInstanceOf(GitHubApiError);
    await expect(call).rejects.toThrow('after 3 attempts');
    expect(calls).toBe(3);
  });
});
