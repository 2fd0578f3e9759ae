/**
 * The digests a Deployment records (src/apply/digest.ts): the same manifests give the
 * same digest whatever their order or key order; any change to an object, or to how it
 * is applied, gives another.
 */

import { describe, expect, it } from 'vitest';
import { canonicalJson, manifestDigest, type PlanInput, planDigest } from '../../src/apply/digest.ts';
import { loadManifestTexts } from '../../src/manifests/load.ts';

const A = `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  namespace: default
data:
  mode: fast
  size: "3"
`;
const B = `apiVersion: v1
kind: Secret
metadata:
  name: b
  namespace: default
stringData:
  password: correct-horse-battery-staple
`;

function load(files: Record<string, string>) {
  return loadManifestTexts(new Map(Object.entries(files)), {}).objects;
}

function plan(overrides: Partial<PlanInput> = {}): string {
  return planDigest({
    cluster: 'prod',
    sha: 'c'.repeat(40),
    applySetId: 'applyset-abc-v1',
    kind: 'apply',
    prune: true,
    maxPrune: 10,
    pruneKinds: [],
    allowKinds: [],
    forceConflicts: false,
    waitMs: 60_000,
    objects: load({ 'a.yaml': A, 'b.yaml': B }),
    ...overrides,
  });
}

describe('deployment digests', () => {
  it('are sha256 hex, the same for the same objects in any file, document or key order', () => {
    const one = manifestDigest(load({ 'a.yaml': A, 'b.yaml': B }));
    expect(one).toMatch(/^sha256:[0-9a-f]{64}$/);
    const reordered = A.replace('  mode: fast\n  size: "3"\n', '  size: "3"\n  mode: fast\n');
    expect(manifestDigest(load({ 'all.yaml': `${B}---\n${reordered}` }))).toBe(one);
    expect(plan({ objects: load({ 'all.yaml': `${B}---\n${reordered}` }) })).toBe(plan());
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}');
  });

  it('change when an object changes, and the plan digest also when how it is applied changes', () => {
    const base = manifestDigest(load({ 'a.yaml': A, 'b.yaml': B }));
    expect(manifestDigest(load({ 'a.yaml': A.replace('fast', 'slow'), 'b.yaml': B }))).not.toBe(base);
    expect(manifestDigest(load({ 'a.yaml': A }))).not.toBe(base);
    expect(plan({ objects: load({ 'a.yaml': A.replace('fast', 'slow'), 'b.yaml': B }) })).not.toBe(plan());
    expect(plan({ prune: false })).not.toBe(plan());
    expect(plan({ forceConflicts: true })).not.toBe(plan());
    expect(plan({ sha: 'd'.repeat(40) })).not.toBe(plan());
    expect(plan({ cluster: 'staging' })).not.toBe(plan());
  });
});
