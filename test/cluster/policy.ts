/** ValidatingAdmissionPolicies installed as a cluster administrator would, for tests that need admission to say no. */

import { type ApiResource, KubeWriter } from '../../src/cluster/writer.ts';

export const VAP: ApiResource = {
  group: 'admissionregistration.k8s.io',
  version: 'v1',
  kind: 'ValidatingAdmissionPolicy',
  plural: 'validatingadmissionpolicies',
  namespaced: false,
};
const VAP_BINDING: ApiResource = {
  ...VAP,
  kind: 'ValidatingAdmissionPolicyBinding',
  plural: 'validatingadmissionpolicybindings',
};

/** Installs an admission policy as a cluster administrator would (not through berth), for one namespace. */
export async function installPolicy(
  kubeconfig: string,
  name: string,
  namespace: string,
  rule: { resources: string[]; operations: string[] },
  validation: Record<string, string>,
  apiVersions = ['v1'],
): Promise<() => Promise<void>> {
  const writer = new KubeWriter({ kubeconfig });
  const setup = { dryRun: false, force: true, fieldManager: 'test-setup' };
  const policy = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [{ apiGroups: [''], apiVersions, ...rule }],
      },
      validations: [validation],
    },
  };
  const binding = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: {
      policyName: name,
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } },
    },
  };
  for (const [type, body] of [
    [VAP, policy],
    [VAP_BINDING, binding],
  ] as const) {
    const answer = await writer.apply(type, body, setup);
    if (!answer.ok) throw new Error(`cannot install ${name}: ${answer.message}`);
  }
  return async () => {
    await writer.delete(VAP_BINDING, '', name);
    await writer.delete(VAP, '', name);
    writer.close();
  };
}
