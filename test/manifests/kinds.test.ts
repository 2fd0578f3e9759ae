/** Kinds neither built in nor defined by a CustomResourceDefinition among the manifests. */

import { describe, expect, it } from 'vitest';
import { unknownKindWarnings } from '../../src/manifests/kinds.ts';
import { parseManifests } from '../../src/manifests/parse.ts';
import type { ManifestObject } from '../../src/model/types.ts';

describe('kinds berth does not know', () => {
  const parse = (text: string): ManifestObject[] => parseManifests(text, 'k.yaml').objects;
  const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n';
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
`;

  it('are a warning at the object, saying they are neither validated nor simulated', () => {
    const objects = parse(widget);
    expect(unknownKindWarnings(objects, objects)).toEqual([
      expect.objectContaining({
        line: 1,
        severity: 'warning',
        code: 'unsupported-kind',
        message: expect.stringContaining('unknown kind Widget (example.com/v1), not validated or simulated'),
      }),
    ]);
  });

  it('are known once a CustomResourceDefinition among the manifests defines them', () => {
    const objects = parse(`${crd}---\n${widget}`);
    expect(unknownKindWarnings(objects, objects)).toEqual([]);
  });

  it('stay unknown when the definition is for another group', () => {
    const objects = parse(`${crd.replace('group: example.com', 'group: other.io')}---\n${widget}`);
    expect(unknownKindWarnings(objects, objects)).toHaveLength(1);
  });

  it('never include the built-in kinds', () => {
    const objects = parse(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: s }\n',
    );
    expect(unknownKindWarnings(objects, objects)).toEqual([]);
  });

  it('without a kind at all is an error, not a warning', () => {
    const { objects, diagnostics } = parseManifests('apiVersion: v1\nmetadata: { name: x }\n', 'k.yaml');
    expect(objects).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'missing-field' });
  });
});
