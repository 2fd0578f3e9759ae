import { describe, expect, it } from 'vitest';
import { planStages, stageOf } from '../../src/apply/stages.ts';

const obj = (kind: string, group = '', name = 'x', namespace = '') => ({
  kind,
  group,
  name,
  namespace,
  stage: stageOf({ kind, group }),
});

describe('staging order', () => {
  it('applies definitions, then classes, then the rest in kind order, and admission configuration last', () => {
    const stages = planStages([
      obj('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io'),
      obj('Deployment', 'apps', 'web', 'shop'),
      obj('Widget', 'example.com', 'w', 'shop'),
      obj('ConfigMap', '', 'cfg', 'shop'),
      obj('PriorityClass', 'scheduling.k8s.io', 'high'),
      obj('Namespace', '', 'shop'),
      obj('CustomResourceDefinition', 'apiextensions.k8s.io', 'widgets.example.com'),
      obj('ServiceAccount', '', 'sa', 'shop'),
      obj('Secret', '', 's', 'shop'),
      obj('ClusterRole', 'rbac.authorization.k8s.io', 'reader'),
    ]);
    expect(stages.map((s) => [s.name, s.objects.map((o) => o.kind)])).toEqual([
      ['definitions', ['Namespace', 'CustomResourceDefinition', 'ClusterRole']],
      ['classes', ['PriorityClass']],
      ['resources', ['ServiceAccount', 'Secret', 'ConfigMap', 'Deployment', 'Widget']],
      ['admission', ['ValidatingWebhookConfiguration']],
    ]);
  });

  it('does not take a custom kind named like a definition for one', () => {
    expect(stageOf({ kind: 'Namespace', group: 'example.com' })).toBe(2);
    expect(stageOf({ kind: 'StorageClass', group: 'storage.k8s.io' })).toBe(1);
  });
});
