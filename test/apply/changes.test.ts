import { describe, expect, it } from 'vitest';
import {
  maskValues,
  matchesManifest,
  ownershipDigest,
  parseConflicts,
  summarizeChange,
} from '../../src/apply/changes.ts';

const managed = (fields: unknown) => [{ manager: 'berth', operation: 'Apply', time: 't1', fieldsV1: fields }];

describe('what an apply changes', () => {
  it('names the changed field paths, list items by name, ignoring what the server manages', () => {
    const live = {
      metadata: { name: 'web', resourceVersion: '1', generation: 1, managedFields: managed({ a: 1 }) },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'v1' }] } } },
      status: { replicas: 2 },
    };
    const dryRun = {
      metadata: { name: 'web', resourceVersion: '1', generation: 2, managedFields: managed({ a: 1 }) },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'app', image: 'v2' }] } } },
      status: { replicas: 0 },
    };
    expect(summarizeChange(live, dryRun, 'Deployment', 'apps', 'berth')).toEqual({
      outcome: 'configured',
      fields: ['spec.replicas', 'spec.template.spec.containers[name=app].image'],
    });
    expect(summarizeChange(live, live, 'Deployment', 'apps', 'berth').outcome).toBe('unchanged');
    expect(summarizeChange(undefined, dryRun, 'Deployment', 'apps', 'berth').outcome).toBe('created');
  });

  it('counts taking ownership of fields as configured, even when every value is the same', () => {
    const live = {
      metadata: {
        name: 'c',
        managedFields: [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { x: 1 } }],
      },
    };
    const dryRun = {
      metadata: { name: 'c', managedFields: [...live.metadata.managedFields, ...managed({ x: 1 })] },
    };
    expect(summarizeChange(live, dryRun, 'ConfigMap', '', 'berth')).toMatchObject({
      outcome: 'configured',
      fields: [],
    });
  });

  it('reports Secret changes as key names and sizes', () => {
    const live = {
      metadata: { name: 's' },
      data: { password: Buffer.from('old').toString('base64'), gone: 'eA==' },
    };
    const dryRun = {
      metadata: { name: 's' },
      data: { password: Buffer.from('longer-value').toString('base64'), fresh: 'eQ==' },
    };
    const change = summarizeChange(live, dryRun, 'Secret', '', 'berth');
    expect(change.keys).toEqual([
      { key: 'fresh', change: 'added', size: 1 },
      { key: 'gone', change: 'removed' },
      { key: 'password', change: 'changed', size: 12 },
    ]);
    expect(JSON.stringify(change)).not.toContain('longer-value');
  });

  it('takes a Secret’s values, as written, base64-encoded and decoded, out of a server message', () => {
    const body = {
      stringData: { token: 'pl41n-t0ken' },
      data: { key: Buffer.from('k3y-value').toString('base64') },
    };
    const message = `denied: pl41n-t0ken / ${Buffer.from('pl41n-t0ken').toString('base64')} / k3y-value / ${body.data.key}`;
    expect(maskValues(message, body)).toBe('denied: [redacted] / [redacted] / [redacted] / [redacted]');
  });

  it('reads conflicts from the API server answer, with the manager and the usual fix', () => {
    const status = {
      kind: 'Status',
      code: 409,
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kube-controller-manager" with subresource "scale" using apps/v1',
            field: '.spec.replicas',
          },
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-edit" using apps/v1',
            field: '.spec.paused',
          },
        ],
      },
    };
    expect(parseConflicts(status)).toEqual([
      {
        field: '.spec.replicas',
        manager: 'kube-controller-manager',
        hint: expect.stringMatching(/HorizontalPodAutoscaler.*drop replicas/),
      },
      { field: '.spec.paused', manager: 'kubectl-edit' },
    ]);
  });

  it('knows an object is as the manifest wrote it only when every written value is live, whatever the server added', () => {
    const manifest = {
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { containers: [{ name: 'a', image: 'v1' }] },
    };
    const live = {
      metadata: {
        name: 'web',
        labels: { app: 'web' },
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: { containers: [{ name: 'a', image: 'v1', imagePullPolicy: 'IfNotPresent' }] },
      status: { replicas: 1 },
    };
    expect(matchesManifest(live, manifest)).toBe(true);
    expect(matchesManifest({ ...live, spec: { containers: [{ name: 'a', image: 'v2' }] } }, manifest)).toBe(
      false,
    );
    // A value the server normalises (0.1 CPU is stored as 100m) is a doubt: the dry-run decides.
    expect(matchesManifest({ cpu: '100m' }, { cpu: 0.1 })).toBe(false);
    expect(matchesManifest({ list: [1, 2, 3] }, { list: [1, 2] })).toBe(false);
  });

  it('digests the fields berth owns, and nothing when it owns none', () => {
    expect(ownershipDigest({ metadata: { managedFields: managed({ 'f:data': {} }) } }, 'berth')).toMatch(
      /^[\w-]{22}$/,
    );
    expect(ownershipDigest({ metadata: { managedFields: managed({ 'f:data': {} }) } }, 'berth')).not.toBe(
      ownershipDigest({ metadata: { managedFields: managed({ 'f:spec': {} }) } }, 'berth'),
    );
    expect(
      ownershipDigest({ metadata: { managedFields: [{ manager: 'kubectl', operation: 'Apply' }] } }, 'berth'),
    ).toBe('');
  });
});
