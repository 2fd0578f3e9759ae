import { describe, expect, it } from 'vitest';
import { type Scope, validateForApply } from '../../src/apply/validate.ts';
import { parseManifests } from '../../src/manifests/parse.ts';

const SERVED: Record<string, Scope> = {
  '/v1/ConfigMap': 'Namespaced',
  '/v1/Namespace': 'Cluster',
  'apps/v1/Deployment': 'Namespaced',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'Cluster',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': 'Cluster',
  'apiextensions.k8s.io/v1/CustomResourceDefinition': 'Cluster',
};

function validate(text: string, extra: { allowKinds?: string[]; namespace?: string } = {}) {
  const loaded = parseManifests(text, 'deploy/app.yaml');
  const result = validateForApply(loaded.objects, {
    applySetId: 'applyset-x-v1',
    scopeOf: (group, version, kind) => SERVED[`${group}/${version}/${kind}`],
    ...extra,
  });
  // The loader's errors stop `berth apply` as validation's do.
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  return {
    targets: errors.length > 0 ? [] : result.targets,
    diagnostics: [...errors, ...result.diagnostics],
  };
}

describe('validation before apply', () => {
  it('gives namespaced objects the default namespace, labels every member, and leaves the manifest alone', () => {
    const { targets, diagnostics } = validate(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cfg }\ndata: { a: "1" }\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      { namespace: 'shop' },
    );
    expect(diagnostics).toEqual([]);
    expect(targets.map((t) => [t.kind, t.namespace, t.key])).toEqual([
      ['ConfigMap', 'shop', '/ConfigMap/shop/cfg'],
      ['Namespace', '', '/Namespace//shop'],
    ]);
    expect(targets[0]?.body.metadata).toEqual({
      name: 'cfg',
      namespace: 'shop',
      labels: { 'applyset.kubernetes.io/part-of': 'applyset-x-v1' },
    });
    expect(targets[0]?.source).toEqual({ file: 'deploy/app.yaml', line: 1 });
  });

  it.each([
    [
      'a missing name',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: x- }\n',
      /metadata.name is required/,
    ],
    [
      'an invalid name',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ../etc }\n',
      /lowercase RFC 1123 subdomain/,
    ],
    [
      'a kind the server does not serve',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n',
      /does not serve Widget in example.com\/v1, and no CustomResourceDefinition/,
    ],
    [
      'a ClusterRoleBinding to cluster-admin',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: all }\nroleRef: { kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io }\n',
      /cluster-admin is refused/,
    ],
    [
      'a webhook configuration',
      'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: { name: hook }\n',
      /ValidatingWebhookConfiguration is refused/,
    ],
    [
      'a namespace on a cluster-scoped object',
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, namespace: default }\n',
      /cluster-scoped: remove metadata.namespace/,
    ],
  ])('refuses %s with its file and line, and nothing is applied', (_name, text, message) => {
    const ok = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine }\n---\n';
    const { targets, diagnostics } = validate(ok + text);
    expect(targets).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'deploy/app.yaml', severity: 'error' });
    expect(diagnostics[0]?.line).toBeGreaterThanOrEqual(5);
    expect(diagnostics[0]?.message).toMatch(message);
  });

  it('applies a guarded kind the config allows', () => {
    const { targets } = validate(
      'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: { name: hook }\n',
      { allowKinds: ['ValidatingWebhookConfiguration'] },
    );
    expect(targets.map((t) => t.stage)).toEqual([3]);
  });

  it('accepts a custom resource whose CRD is in the same set, at the CRD scope', () => {
    const { targets, diagnostics } = validate(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions: [{ name: v1, served: true, storage: true }]
---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w }
`);
    expect(diagnostics).toEqual([]);
    expect(targets.map((t) => [t.kind, t.namespace, t.stage])).toEqual([
      ['CustomResourceDefinition', '', 0],
      ['Widget', 'default', 2],
    ]);
  });

  it('refuses the same object twice, naming where it was first', () => {
    const { diagnostics } = validate(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: default }\n',
    );
    expect(diagnostics[0]?.message).toMatch(/is also defined at deploy\/app.yaml:1/);
  });
});
