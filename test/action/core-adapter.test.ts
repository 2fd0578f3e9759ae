import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../action/core-adapter.ts';
import { JOB_SUMMARY_LIMIT_BYTES, renderJobSummary } from '../../src/report/markdown.ts';

const WORKSPACE = resolve(import.meta.dirname, '../fixtures/github/workspace');
const core = createCore({ workspace: WORKSPACE });
const cluster = { kind: 'file', path: resolve(WORKSPACE, 'cluster/snapshot.yaml') } as const;

function deployment(name: string, cpu: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: default
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: main
          image: registry.example.com/${name}:1
          resources: { requests: { cpu: "${cpu}", memory: 64Mi } }
`;
}

const request = (head: Map<string, string>, base: Map<string, string> | null = null) => ({
  cluster,
  kubeconfig: null,
  config: null,
  diagnostics: [],
  head: { kind: 'texts' as const, files: head },
  base: base && { kind: 'texts' as const, files: base },
});

describe('the core seen through the Action', () => {
  it('plans texts fetched through the API under their repository paths, errors at their lines', async () => {
    const plan = await core.plan(
      request(
        new Map([
          ['k8s/web.yaml', deployment('web', '100m')],
          ['k8s/broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: [ }\n'],
        ]),
        new Map([['k8s/web.yaml', deployment('web', '50m')]]),
      ),
    );
    expect(plan.workloads).toEqual([
      expect.objectContaining({ name: 'web', change: 'changed', source: { file: 'k8s/web.yaml', line: 1 } }),
    ]);
    expect(plan.placements.map((p) => p.source)).toEqual([{ file: 'k8s/web.yaml', line: 1 }]);
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((d) => `${d.file}:${d.line}`)).toEqual(errors.map(() => 'k8s/broken.yaml:3'));
  });

  it('keeps a fetched text to the size limit and names it', async () => {
    const big = `${deployment('web', '100m')}# ${'x'.repeat(9_000_000)}\n`;
    const plan = await core.plan(request(new Map([['k8s/big.yaml', big]])));
    expect(plan.diagnostics).toContainEqual(
      expect.objectContaining({ file: 'k8s/big.yaml', line: 1, code: 'file-too-large' }),
    );
  });

  it("writes the job summary to the core's budget, in full when it is over a quarter of it", async () => {
    const many = Array.from({ length: 1500 }, (_, i) => deployment(`a-rather-long-service-name-${i}`, '64'));
    const plan = await core.plan(request(new Map([['k8s/many.yaml', many.join('---\n')]])));
    const summary = core.jobSummary(plan, { title: 'prod' });
    expect(summary).toBe(renderJobSummary(plan, { title: 'prod' }));
    const full = renderJobSummary(plan, { title: 'prod', limit: Number.POSITIVE_INFINITY });
    expect(Buffer.byteLength(full)).toBeGreaterThan(250_000);
    expect(Buffer.byteLength(full)).toBeLessThanOrEqual(JOB_SUMMARY_LIMIT_BYTES);
    expect(summary).toBe(full);
  });
});
