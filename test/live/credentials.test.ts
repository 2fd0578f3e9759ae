/**
 * Which kubeconfig credentials the writer may reuse across the requests of a run
 * (a token or a certificate written in the file) and which it must ask for on
 * every request (an exec plugin, an auth provider such as in-cluster's token file,
 * whose answer can change while berth runs).
 */

import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { fixedCredentials } from '../../src/cluster/live.ts';

function configWith(user: Record<string, unknown>): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: true }],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

async function applied(kc: KubeConfig) {
  const options: { headers: Record<string, string>; auth?: string } = {
    headers: { accept: 'application/json' },
  };
  await kc.applyToHTTPSOptions(options as never);
  return options;
}

describe('credentials reused across a run', () => {
  it('keeps a written token, and only the credential headers, not the request’s own', async () => {
    const kc = configWith({ token: 'token-abc', impersonateUser: 'jane' });
    const fixed = fixedCredentials(kc, await applied(kc));
    expect(fixed).toEqual({ headers: { Authorization: 'Bearer token-abc', 'Impersonate-User': 'jane' } });
  });

  it('keeps basic auth as the request’s auth', async () => {
    const kc = configWith({ username: 'admin', password: 'pw' });
    expect(fixedCredentials(kc, await applied(kc))).toEqual({ headers: {}, auth: 'admin:pw' });
  });

  it('asks an exec plugin or an auth provider again on every request', () => {
    const options = { headers: { Authorization: 'Bearer from-plugin' } };
    const exec = configWith({
      exec: { command: 'get-token', apiVersion: 'client.authentication.k8s.io/v1' },
    });
    expect(fixedCredentials(exec, options as never)).toBeUndefined();
    const provider = configWith({
      authProvider: { name: 'tokenFile', config: { tokenFile: '/var/run/token' } },
    });
    expect(fixedCredentials(provider, options as never)).toBeUndefined();
  });
});
