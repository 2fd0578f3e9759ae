import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/manifests/parse.ts';
import { diffObjects } from '../../src/plan/diff.ts';

const objects = (text: string, file = 'm.yaml') => {
  const result = parseManifests(text, file);
  expect(result.diagnostics).toEqual([]);
  return result.objects;
};

const deployment = (
  opts: { replicas?: number; image?: string; cpu?: string; nodeSelector?: string } = {},
) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: ${opts.replicas ?? 2}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      ${opts.nodeSelector ? `nodeSelector: { pool: ${opts.nodeSelector} }` : ''}
      containers:
        - name: server
          image: ${opts.image ?? 'web:1'}
          resources: { requests: { cpu: ${opts.cpu ?? '100m'} } }
`;

describe('diffObjects', () => {
  it('an unchanged object does not appear, even with keys in another order', () => {
    const a = objects(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: x }\ndata: { a: "1", b: "2" }\n',
    );
    const b = objects(
      'kind: ConfigMap\napiVersion: v1\nmetadata: { namespace: x, name: c }\ndata: { b: "2", a: "1" }\n',
    );
    expect(diffObjects(a, b)).toEqual([]);
  });

  it('names added, removed and changed objects by kind, namespace and name', () => {
    const base = objects(
      `${deployment()}---\napiVersion: v1\nkind: Service\nmetadata: { name: old, namespace: shop }\n`,
    );
    const head = objects(
      `${deployment({ replicas: 3 })}---\napiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n`,
    );
    const diff = diffObjects(base, head);
    expect(diff.map((d) => [d.change, d.kind, d.namespace, d.name])).toEqual([
      ['changed', 'Deployment', 'shop', 'web'],
      ['added', 'Namespace', '', 'shop'],
      ['removed', 'Service', 'shop', 'old'],
    ]);
  });

  it('says what changed in a workload: replicas, images, requests and scheduling', () => {
    const diff = diffObjects(
      objects(deployment()),
      objects(deployment({ replicas: 5, image: 'web:2', cpu: '1', nodeSelector: 'fast' })),
    );
    expect(diff[0]!.workload).toEqual({
      replicas: { before: 2, after: 5 },
      images: [{ container: 'server', before: 'web:1', after: 'web:2' }],
      resources: true,
      scheduling: ['nodeSelector'],
    });
    expect(diff[0]!.fields).toContain('spec.template.spec.containers[server].image');
  });

  it('a changed Secret shows key names and sizes, never values', () => {
    const secret = (data: string, stringData = '') =>
      `apiVersion: v1\nkind: Secret\nmetadata: { name: creds, namespace: shop }\ndata: { ${data} }\n${stringData}`;
    const base = objects(secret('password: aHVudGVyMg==, token: c2VjcmV0'));
    const head = objects(
      secret('password: Y29ycmVjdGhvcnNl, apikey: QUJDREVGRw==', 'stringData: { note: plain-secret-text }\n'),
    );
    const diff = diffObjects(base, head);
    expect(diff).toHaveLength(1);
    expect(diff[0]!.secret).toEqual([
      { key: 'apikey', change: 'added', sizeAfter: 7 },
      { key: 'note', change: 'added', sizeAfter: 17 },
      { key: 'password', change: 'changed', sizeBefore: 7, sizeAfter: 12 },
      { key: 'token', change: 'removed', sizeBefore: 6 },
    ]);
    const text = JSON.stringify(diff);
    for (const value of [
      'aHVudGVyMg',
      'hunter2',
      'Y29ycmVjdGhvcnNl',
      'correcthorse',
      'plain-secret-text',
      'c2VjcmV0',
    ]) {
      expect(text).not.toContain(value);
    }
  });

  it('a changed last-applied annotation is named without its content', () => {
    const cm = (v: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"k":"${v}"}}'\n`;
    const diff = diffObjects(objects(cm('b2xk')), objects(cm('bmV3')));
    expect(diff[0]!.fields).toEqual(['metadata.annotations[last-applied-configuration]']);
    expect(JSON.stringify(diff)).not.toContain('bmV3');
  });
});
