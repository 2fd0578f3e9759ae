/**
 * Repositories people deploy, planned from the charts and kustomizations they publish,
 * rendered by the real helm and kustomize built from their Go modules
 * (tools/control-plane/build.ts): the pods berth plans against a hand count, and no
 * error on the published files. The plain-YAML forms are in
 * test/repositories/published.test.ts. In the cluster project because that is where the
 * built renderers are; no test here talks to the cluster.
 * Sources: test/fixtures/repositories/README.md and test/fixtures/render/README.md.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRenderer } from '../../tools/control-plane/build.ts';
import { expectPlanned, FIXTURES, planPublished } from '../repositories/published.ts';

let env: Record<string, string> = {};

beforeAll(async () => {
  env = {
    BERTH_HELM: (await ensureRenderer('helm')).path,
    BERTH_KUSTOMIZE: (await ensureRenderer('kustomize')).path,
  };
}, 900_000);

const BOUTIQUE = 'test/fixtures/render/online-boutique';
const ARGO = `${FIXTURES}/argoproj__argocd-example-apps`;

describe('repositories planned from their published charts and kustomizations', () => {
  it('Online Boutique, helm-chart/ with its default values: 12 Deployments of 1 replica', async () => {
    const plan = await planPublished([`${BOUTIQUE}/helm-chart`], env);
    // values.yaml creates 11 services (ad, cart, checkout, currency, email, frontend,
    // loadgenerator, payment, productcatalog, recommendation, shipping) and the in-cluster
    // redis-cart; the OpenTelemetry collector and the shopping assistant are off. No
    // template sets replicas, so each has 1.
    expectPlanned(plan, { pods: (11 + 1) * 1, byKind: { Deployment: 12 } });
  });

  it('Online Boutique, kubernetes-manifests/ as its kustomization builds it: loadgenerator left out', async () => {
    const plan = await planPublished([`${BOUTIQUE}/kubernetes-manifests`], env);
    // 12 files of one Deployment each (cartservice.yaml also holds redis-cart), less
    // loadgenerator.yaml, which kustomization.yaml does not list.
    expectPlanned(plan, { pods: (12 - 1) * 1, byKind: { Deployment: 11 } });
    expect(plan.json.workloads.map((w) => w.name)).not.toContain('loadgenerator');
  });

  it('ingress-nginx, charts/ingress-nginx/ with its default values: the controller and the two admission Jobs', async () => {
    const plan = await planPublished([`${FIXTURES}/kubernetes__ingress-nginx/charts/ingress-nginx`], env);
    // controller.kind Deployment, replicaCount 1; admissionWebhooks.enabled and
    // patch.enabled: the admission-create and admission-patch hook Jobs (helm template
    // renders hooks), each with parallelism unset (1); defaultBackend.enabled false.
    expectPlanned(plan, { pods: 1 + 1 + 1, byKind: { Deployment: 1, Job: 2 } });
  });

  it("Argo CD's helm-guestbook/ chart: replicaCount 1", async () => {
    const plan = await planPublished([`${ARGO}/helm-guestbook`], env);
    expectPlanned(plan, { pods: 1, byKind: { Deployment: 1 } });
  });

  it("Argo CD's kustomize-guestbook/ kustomization: 1 Deployment of 1 replica, prefixed", async () => {
    const plan = await planPublished([`${ARGO}/kustomize-guestbook`], env);
    expectPlanned(plan, { pods: 1, byKind: { Deployment: 1 } });
    // The kustomization's namePrefix reached the plan: it was rendered, not read as files.
    expect(plan.json.workloads.map((w) => w.name)).toEqual(['kustomize-guestbook-ui']);
  });
});
