/**
 * The cluster's CustomResourceDefinitions, read only to check custom resources: what
 * cannot be read is a warning, never a failed plan. A stand-in API server (fake-api.ts)
 * plays the failures a real one gives only under set-up permissions.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLiveDefinitions } from '../../src/cluster/live.ts';
import { fakeServer, json, kubeconfigText, list, scratch } from './fake-api.ts';

let files: Awaited<ReturnType<typeof scratch>>;

beforeAll(async () => {
  files = await scratch();
});

afterAll(async () => {
  await files.cleanup();
});

describe('reading the definitions of a live cluster', () => {
  it('returns them as listed', async () => {
    const fake = await fakeServer((_req, res) =>
      json(res, 200, list([{ metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com' } }])),
    );
    try {
      const read = await readLiveDefinitions({
        kubeconfig: await files.file(kubeconfigText({ server: fake.url })),
      });
      expect(read.definitions.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
        'CustomResourceDefinition/widgets.example.com',
      ]);
      expect(read.diagnostics).toEqual([]);
      expect(fake.requests[0]).toMatch(/^\/apis\/apiextensions\.k8s\.io\/v1\/customresourcedefinitions/);
    } finally {
      fake.server.close();
    }
  });

  it('a user who may not list them gets a warning, and no definitions', async () => {
    const fake = await fakeServer((_req, res) =>
      json(res, 403, {
        kind: 'Status',
        reason: 'Forbidden',
        message:
          'customresourcedefinitions.apiextensions.k8s.io is forbidden: User "ci" cannot list resource',
      }),
    );
    try {
      const read = await readLiveDefinitions({
        kubeconfig: await files.file(kubeconfigText({ server: fake.url })),
      });
      expect(read.definitions).toEqual([]);
      expect(read.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'warning',
          message: expect.stringMatching(
            /^context test may not list customresourcedefinitions at cluster scope \(403 Forbidden\): .*; custom resources are not checked against the cluster's definitions$/,
          ),
        }),
      ]);
    } finally {
      fake.server.close();
    }
  });
});
