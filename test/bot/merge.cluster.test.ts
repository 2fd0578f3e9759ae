/**
 * Apply on merge, end to end: signed `pull_request.closed` deliveries to the App's real
 * server, the GitHub API stand-in holding the repository (its default branch's config,
 * the merge commit's manifests, Deployments), and the real control plane the objects
 * are applied to.
 */

import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LABEL_PART_OF } from '../../src/apply/applyset.ts';
import { FIELD_MANAGER } from '../../src/apply/types.ts';
import { type Clients, clients, createFakeNodes, deleteFakeNodes, deleteNamespace } from '../cluster/kube.ts';
import { type Harness, seedMain, startHarness } from './harness.ts';
import { countingProxy, cutProxy } from './proxy.ts';
import {
  berthComments,
  commentHistory,
  mergeCommit,
  rendered,
  repoConfig,
  states,
  webApp,
} from './scenario.ts';

const NS = 'bot-merge';
let c: Clients;
let h: Harness;
let context: string;
let kubeconfigFile: string;

const config = () => repoConfig(context, 'bot-merge');
const app = (replicas: number, cpu: string, extra = '') => webApp(NS, replicas, cpu) + extra;
const applyComments = (h: Harness, pr: number) => berthComments(h, pr);
const mergeCommitOf = (files: Record<string, string>, number: number) =>
  mergeCommit(h, config(), files, number);

beforeAll(async () => {
  const kubeconfig = inject('kubeconfig');
  kubeconfigFile = kubeconfig;
  c = clients(kubeconfig);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  context = kc.getCurrentContext();
  await createFakeNodes(c, [{ name: 'bot-node-1', cpu: '2' }]);
  h = await startHarness(
    (state) => {
      seedMain(state, { '.github/berth.yml': config() });
    },
    { env: { credentials: [context], kubeconfig } },
  );
});

afterAll(async () => {
  await h?.close();
  await deleteNamespace(c, NS);
  await deleteFakeNodes(c);
});

describe('apply on merge', () => {
  it('applies a merge: Deployment queued → in_progress → success, objects owned by berth, the comment ends with the result', async () => {
    const sha = mergeCommitOf({ 'deploy/app.yaml': app(1, '100m') }, 21);
    const started = Date.now();
    const answer = await h.merge(21, sha);
    expect(answer.status).toBe(200);
    // The delivery is answered before the apply (which waits for a rollout) could have run.
    expect(Date.now() - started).toBeLessThan(5_000);
    await h.bot.idle();

    expect(h.state.deployments).toHaveLength(1);
    const d = h.state.deployments[0]!;
    expect(d).toMatchObject({ sha, task: 'berth:apply', environment: 'test-env' });
    expect(d.payload).toMatchObject({ pr: 21, cluster: 'test' });
    expect(states(h, d.id)).toEqual(['queued', 'in_progress', 'success']);
    const last = h.state.deploymentStatuses.filter((s) => s.deploymentId === d.id).at(-1)!;
    expect(last.logUrl).toMatch(/#issuecomment-\d+$/);

    const live = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
    expect(live.metadata?.labels?.[LABEL_PART_OF]).toMatch(/^applyset-/);
    expect(live.metadata?.managedFields?.map((f) => f.manager)).toContain(FIELD_MANAGER);

    const comments = applyComments(h, 21);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatch(/APPLIED/);
    expect(comments[0]).toMatch(/Deployment \d+ \(test-env\)/);
    expect(h.github.violations).toEqual([]);
  });

  it('applies the same delivery once, whether it comes twice at once or twice in a row', async () => {
    const sha = mergeCommitOf({ 'deploy/app.yaml': app(2, '100m') }, 22);
    const patchesBefore = h.state.deployments.length;
    const [a, b] = await Promise.all([h.merge(22, sha, h.bot, 'dup-1'), h.merge(22, sha, h.bot, 'dup-1')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.bot.idle();
    await h.merge(22, sha, h.bot, 'dup-1');
    await h.bot.idle();
    const mine = h.state.deployments.filter((d) => d.sha === sha);
    expect(h.state.deployments.length - patchesBefore).toBe(1);
    expect(states(h, mine[0]!.id)).toEqual(['queued', 'in_progress', 'success']);
    expect(applyComments(h, 22)).toHaveLength(1);
    const live = await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS });
    expect(live.spec?.replicas).toBe(2);
  });

  it('two App instances given the same merge: one apply, one success (a Deployment both created at once is marked a duplicate)', async () => {
    const second = await h.startBot();
    const sha = mergeCommitOf({ 'deploy/app.yaml': app(3, '100m') }, 23);
    await Promise.all([h.merge(23, sha, h.bot), h.merge(23, sha, second)]);
    await Promise.all([h.bot.idle(), second.idle()]);
    const mine = h.state.deployments.filter((d) => d.sha === sha);
    const ran = mine.filter((d) => states(h, d.id).includes('in_progress'));
    expect(ran).toHaveLength(1);
    expect(states(h, ran[0]!.id)).toEqual(['queued', 'in_progress', 'success']);
    // Both may have created one before either listed; the loser's never ran.
    for (const d of mine.filter((x) => x !== ran[0])) expect(states(h, d.id)).toEqual(['inactive']);
    expect(applyComments(h, 23)).toHaveLength(1);
    expect((await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS })).spec?.replicas).toBe(3);
  });

  it('two App instances given the same merge write each object once: one non-dry-run PATCH per object reaches the API server', async () => {
    // A namespace of its own, so every object is new and must be written exactly once.
    const ns = 'bot-merge-twice';
    const proxy = await countingProxy(kubeconfigFile);
    try {
      const one = await h.startBot({ env: { credentials: [context], kubeconfig: proxy.kubeconfig } });
      const two = await h.startBot({ env: { credentials: [context], kubeconfig: proxy.kubeconfig } });
      const extra = `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice\n  namespace: ${ns}\ndata: { k: v }\n`;
      const sha = mergeCommitOf(
        { 'deploy/app.yaml': app(3, '100m'), 'deploy/twice.yaml': webApp(ns, 1, '50m') + extra },
        26,
      );
      const answers = await Promise.all([h.merge(26, sha, one), h.merge(26, sha, two)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      await Promise.all([one.idle(), two.idle()]);

      const mine = h.state.deployments.filter((d) => d.sha === sha);
      const ran = mine.filter((d) => states(h, d.id).includes('in_progress'));
      expect(ran).toHaveLength(1);
      expect(states(h, ran[0]!.id)).toEqual(['queued', 'in_progress', 'success']);
      expect(
        h.state.deploymentStatuses.filter(
          (s) => mine.some((d) => d.id === s.deploymentId) && s.state === 'success',
        ),
      ).toHaveLength(1);

      const patches = new Map<string, number>();
      for (const r of proxy.requests)
        if (r.method === 'PATCH' && !r.dryRun) patches.set(r.path, (patches.get(r.path) ?? 0) + 1);
      // The proxy saw the server-side dry run too: it counts what went through, not nothing.
      expect(proxy.requests.some((r) => r.method === 'PATCH' && r.dryRun)).toBe(true);
      const parent = '/api/v1/namespaces/berth-system/secrets/bot-merge';
      // The ApplySet parent is written by the one apply before its members and after them.
      expect(patches.get(parent)).toBe(2);
      patches.delete(parent);
      // Every object written was written once (objects of bot-merge that did not change are not written at all).
      for (const [path, count] of patches) expect({ path, count }).toEqual({ path, count: 1 });
      for (const path of [
        `/api/v1/namespaces/${ns}`,
        `/apis/apps/v1/namespaces/${ns}/deployments/web`,
        `/api/v1/namespaces/${ns}/configmaps/twice`,
      ])
        expect(patches.get(path)).toBe(1);
      expect((await c.core.readNamespacedConfigMap({ name: 'twice', namespace: ns })).data).toEqual({
        k: 'v',
      });
    } finally {
      await proxy.close();
      await deleteNamespace(c, ns);
    }
  });

  it('does not apply a merge whose plan does not fit: Deployment failure, the comment says why', async () => {
    const sha = mergeCommitOf(
      {
        'deploy/app.yaml': app(
          3,
          '100m',
          '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: huge\n  namespace: bot-merge\nspec:\n  replicas: 1\n  selector:\n    matchLabels: { app: huge }\n  template:\n    metadata:\n      labels: { app: huge }\n    spec:\n      containers:\n        - name: huge\n          image: nginx\n          resources:\n            requests: { cpu: "64" }\n',
        ),
      },
      24,
    );
    await h.merge(24, sha);
    await h.bot.idle();
    const d = h.state.deployments.find((x) => x.sha === sha)!;
    expect(states(h, d.id)).toEqual(['queued', 'in_progress', 'failure']);
    const comment = applyComments(h, 24)[0]!;
    expect(comment).toMatch(/Not applied/);
    expect(comment).toMatch(/huge/);
    expect(comment).toMatch(/Insufficient cpu/);
    await expect(c.apps.readNamespacedDeployment({ name: 'huge', namespace: NS })).rejects.toThrow();
  });
});

describe('the API server cut mid-apply', () => {
  it('ends the Deployment in error with applied, failed and not attempted; /berth apply on the merged PR converges', async () => {
    const proxy = await cutProxy(kubeconfigFile);
    const bot = await h.startBot({ env: { credentials: [context], kubeconfig: proxy.kubeconfig } });
    h.state.permissions.set('maintainer', 'maintain');
    try {
      const configMaps = Array.from(
        { length: 30 },
        (_, i) =>
          `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cut-${i}\n  namespace: ${NS}\ndata: { k: v }\n`,
      ).join('');
      const sha = mergeCommitOf({ 'deploy/app.yaml': app(2, '100m') + configMaps }, 25);
      const seen = commentHistory(h).length;
      await h.merge(25, sha, bot);
      // Cut once this merge's objects are being written.
      const end = Date.now() + 60_000;
      while (
        !commentHistory(h)
          .slice(seen)
          .some((b) => b.includes('⏳ **apply**'))
      ) {
        if (Date.now() > end) throw new Error('the apply never started');
        await new Promise((r) => setTimeout(r, 20));
      }
      proxy.cut();
      await bot.idle();
      const d = h.state.deployments.find((x) => x.sha === sha)!;
      expect(states(h, d.id)).toEqual(['queued', 'in_progress', 'error']);
      const broken = rendered(applyComments(h, 25)[0]!);
      expect(broken).toMatch(/FAILED/);
      expect(broken).toMatch(/cannot reach the Kubernetes API server/);
      expect(broken).toMatch(/Retry with `\/berth apply`/);

      proxy.restore();
      const retry = await h.comment(25, '/berth apply', 'maintainer', bot);
      await bot.idle();
      expect(h.state.reactions.filter((r) => r.commentId === retry.commentId).map((r) => r.content)).toEqual([
        'eyes',
        'rocket',
      ]);
      expect(states(h, d.id)).toEqual(['queued', 'in_progress', 'error', 'queued', 'in_progress', 'success']);
      expect(rendered(applyComments(h, 25)[0]!)).toMatch(/APPLIED/);
      const { items } = await c.core.listNamespacedConfigMap({ namespace: NS });
      expect(items.filter((x) => x.metadata?.name?.startsWith('cut-'))).toHaveLength(30);
    } finally {
      proxy.restore();
      await proxy.close();
    }
  });
});
