import { describe, expect, it } from 'vitest';
import { appliedByBerth, type LiveMember, planPrune } from '../../src/apply/prune.ts';

const byBerth = [{ manager: 'berth', operation: 'Apply', fieldsV1: {} }];

function member(
  kind: string,
  name: string,
  extra: {
    group?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    managers?: unknown[];
  } = {},
): LiveMember {
  return {
    kind,
    group: extra.group ?? '',
    namespace: extra.namespace ?? 'shop',
    name,
    object: {
      metadata: {
        name,
        ...(extra.annotations ? { annotations: extra.annotations } : {}),
        managedFields: extra.managers ?? byBerth,
      },
    },
  };
}

const options = { maxPrune: 10, confirmed: false, allowKinds: [] };
const keep = { kind: 'ConfigMap', group: '', namespace: 'shop', name: 'kept' };

describe('prune plan', () => {
  it('deletes members that left the manifests, and only those', () => {
    const plan = planPrune([member('ConfigMap', 'kept'), member('ConfigMap', 'old')], [keep], options);
    expect(plan.delete.map((c) => c.name)).toEqual(['old']);
    expect(plan.refused).toBeUndefined();
  });

  it('never prunes when the manifests are empty', () => {
    const plan = planPrune([member('ConfigMap', 'a')], [], options);
    expect(plan.delete).toEqual([]);
    expect(plan.refused).toMatch(/manifests are empty/);
  });

  it('refuses more deletions than maxPrune unless confirmed', () => {
    const members = Array.from({ length: 3 }, (_, i) => member('ConfigMap', `old-${i}`));
    expect(planPrune(members, [keep], { ...options, maxPrune: 2 }).refused).toMatch(
      /3 objects would be pruned, more than apply.maxPrune \(2\); run again with --prune-confirm/,
    );
    expect(planPrune(members, [keep], { ...options, maxPrune: 2, confirmed: true }).delete).toHaveLength(3);
  });

  it('keeps Namespaces, PVCs and CRDs unless their kind is allowed', () => {
    const members = [
      member('Namespace', 'shop', { namespace: '' }),
      member('PersistentVolumeClaim', 'data'),
      member('CustomResourceDefinition', 'widgets.example.com', {
        group: 'apiextensions.k8s.io',
        namespace: '',
      }),
    ];
    const plan = planPrune(members, [keep], options);
    expect(plan.delete).toEqual([]);
    expect(plan.kept.map((k) => k.kind)).toEqual([
      'Namespace',
      'PersistentVolumeClaim',
      'CustomResourceDefinition',
    ]);
    const allowed = planPrune(members, [keep], { ...options, allowKinds: ['PersistentVolumeClaim'] });
    expect(allowed.delete.map((c) => c.kind)).toEqual(['PersistentVolumeClaim']);
  });

  it('keeps an object annotated berth.dev/prune: disabled', () => {
    const plan = planPrune(
      [member('ConfigMap', 'pinned', { annotations: { 'berth.dev/prune': 'disabled' } })],
      [keep],
      options,
    );
    expect(plan.delete).toEqual([]);
    expect(plan.kept[0]?.reason).toMatch(/berth.dev\/prune: disabled/);
  });

  it('only deletes objects berth applied, as managedFields show', () => {
    const other = member('ConfigMap', 'theirs', { managers: [{ manager: 'kubectl', operation: 'Apply' }] });
    expect(appliedByBerth(other.object)).toBe(false);
    const plan = planPrune([other], [keep], options);
    expect(plan.delete).toEqual([]);
    expect(plan.kept[0]?.reason).toBe('not applied by field manager berth');
  });

  it('deletes namespaced objects before cluster-wide ones', () => {
    const plan = planPrune(
      [
        member('ClusterRole', 'r', { group: 'rbac.authorization.k8s.io', namespace: '' }),
        member('ConfigMap', 'old'),
      ],
      [keep],
      options,
    );
    expect(plan.delete.map((c) => c.kind)).toEqual(['ConfigMap', 'ClusterRole']);
  });
});
