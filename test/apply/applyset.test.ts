import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applySetId,
  BERTH_VERSION,
  groupKindString,
  parentAnnotations,
  readParent,
  toolingConflict,
} from '../../src/apply/applyset.ts';

describe('ApplySet inventory', () => {
  it('computes the id as kubectl does: base64url of sha256 over name.namespace.kind.group, no padding', () => {
    // python3: base64.urlsafe_b64encode(sha256(b'prod.berth-system.Secret.').digest()).rstrip(b'=')
    const id = applySetId({ name: 'prod', namespace: 'berth-system' });
    expect(id).toBe('applyset-TZQs9lluoY6rum_wyZVSCb54VPgjTWQ-eAwMvxSC21o-v1');
    expect(applySetId({ name: 'prod', namespace: 'other' })).not.toBe(id);
  });

  it('names group-kinds as schema.GroupKind prints them: Kind for the core group, Kind.group otherwise', () => {
    expect(groupKindString({ group: '', kind: 'ConfigMap' })).toBe('ConfigMap');
    expect(groupKindString({ group: 'apps', kind: 'Deployment' })).toBe('Deployment.apps');
  });

  it('annotates the parent with sorted group-kinds and the namespaces besides its own', () => {
    const annotations = parentAnnotations(
      [
        { group: 'apps', kind: 'Deployment', namespace: 'shop' },
        { group: '', kind: 'ConfigMap', namespace: 'berth-system' },
        { group: '', kind: 'Namespace', namespace: '' },
        { group: 'apps', kind: 'Deployment', namespace: 'ads' },
      ],
      { name: 'prod', namespace: 'berth-system' },
      'berth/0.1.0',
    );
    expect(annotations).toEqual({
      'applyset.kubernetes.io/tooling': 'berth/0.1.0',
      'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap,Deployment.apps,Namespace',
      'applyset.kubernetes.io/additional-namespaces': 'ads,shop',
    });
  });

  it('reads back what a parent lists, and refuses a parent another tool manages', () => {
    const parent = { name: 'prod', namespace: 'berth-system' };
    const state = readParent(
      {
        metadata: {
          labels: { 'applyset.kubernetes.io/id': 'applyset-x-v1' },
          annotations: {
            'applyset.kubernetes.io/tooling': 'kubectl/v1.37.2',
            'applyset.kubernetes.io/contains-group-kinds': 'Deployment.apps,ConfigMap',
            'applyset.kubernetes.io/additional-namespaces': 'shop',
          },
        },
      },
      parent,
    );
    expect(state.groupKinds).toEqual([
      { kind: 'Deployment', group: 'apps' },
      { kind: 'ConfigMap', group: '' },
    ]);
    expect(state.namespaces).toEqual(['berth-system', 'shop']);
    expect(toolingConflict(state)).toMatch(/managed by kubectl\/v1.37.2/);
    expect(toolingConflict(readParent(undefined, parent))).toBeUndefined();
  });

  it('carries the version package.json names in its tooling annotation', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(BERTH_VERSION).toBe(pkg.version);
  });
});
