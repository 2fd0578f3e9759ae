import { describe, expect, it } from 'vitest';
import { describeHolder, leaseName, microTime } from '../../src/cluster/lease.ts';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

describe('the cluster lock names and times', () => {
  it('names the Lease berth-<cluster>, folding a cluster name that is not a valid object name', () => {
    expect(leaseName('prod')).toBe('berth-prod');
    expect(leaseName('eu-west-1')).toBe('berth-eu-west-1');
    const folded = ['Prod', 'prod_eu', 'a/b', '../../etc', 'x'.repeat(300), '☃', ''].map(leaseName);
    for (const name of folded) expect(name).toMatch(DNS_SUBDOMAIN);
    // Folding never makes two clusters share a lock.
    expect(new Set([...folded, leaseName('prod')]).size).toBe(folded.length + 1);
    expect(leaseName('Prod')).toMatch(/^berth-prod-[0-9a-f]{10}$/);
  });

  it('writes metav1.MicroTime with six fraction digits', () => {
    expect(microTime(Date.UTC(2026, 11, 6, 22, 0, 1, 234))).toBe('2026-12-06T22:00:01.234000Z');
  });

  it('describes a holder with its pull request and job, control characters shown inert', () => {
    expect(
      describeHolder({
        identity: 'app-1',
        pr: 12,
        repository: 'acme/web',
        job: 'apply\n::error::x',
        since: new Date(Date.UTC(2026, 11, 6, 22, 0, 0)),
        leaseDurationSeconds: 15,
        transitions: 0,
      }),
    ).toBe('held by app-1 for acme/web PR #12 (apply\\n::error::x) since 2026-12-06T22:00:00Z');
  });
});
