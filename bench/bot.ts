/**
 * `npm run bench -- bot`: the App under load, over HTTP on loopback. One App server,
 * the GitHub API stand-in and a real control plane (started here). 200 signed
 * deliveries are sent 20 at a time: 10 merges over 2 clusters (`a` on main, `b` on
 * release, 5 each), each merge delivered 3 times (the duplicates), 40 chat-ops
 * commands (help, status, and applies by a read-only commenter, all refused or
 * answered without applying), and irrelevant events for the rest (opened pull
 * requests, pings, comments that are not commands).
 *
 * Merges are paced as they come in real life: a cluster's next merge (with its
 * duplicates) is delivered only once the App has started applying the previous one (its
 * Deployment is `in_progress`), while every other delivery keeps flowing at
 * concurrency 20. So each merge is applied; a merge arriving while an older one of its
 * cluster still waits would supersede it (that behaviour is tested in
 * test/bot/queue.test.ts, not measured here).
 *
 * The App's GitHub client runs without Probot's throttling here (as in the tests): the
 * stand-in has no rate limits, and GitHub's pacing of comment writes (one every few
 * seconds) would only measure the wait. In production throttling stays on.
 *
 * Targets: every response 2xx with p99 under 1 s; exactly 10 applies, each merge
 * recorded once and applied once, none superseded; applies of one cluster never
 * overlap; no request the OpenAPI description does not allow.
 */

import { KubeConfig } from '@kubernetes/client-node';
import {
  deliver,
  mergedPullRequest,
  pullRequestComment,
  SECRET,
  validExample,
} from '../test/bot/deliveries.ts';
import { INSTALLATION, REPO, seedMain, startHarness } from '../test/bot/harness.ts';
import { clients, createFakeNodes } from '../test/cluster/kube.ts';
import { addCommit } from '../test/github/stand-in/server.ts';
import { startCluster } from '../tools/control-plane/harness.ts';

const CONCURRENCY = 20;

function config(context: string): string {
  return `clusters:
  - name: a
    live: live
    branch: main
    credentials: ${context}
    manifests: ["a/**/*.yaml"]
  - name: b
    live: live
    branch: release
    credentials: ${context}
    manifests: ["b/**/*.yaml"]
apply:
  wait: 60s
`;
}

function configMap(cluster: string, n: number): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: bench-${cluster}
  namespace: default
data:
  version: "${n}"
`;
}

export async function runBotBench(): Promise<{ text: string; pass: boolean }> {
  const cluster = await startCluster({ log: () => undefined });
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const context = kc.getCurrentContext();
    await createFakeNodes(clients(cluster.kubeconfig), [{ name: 'bench-bot-node' }]);
    const h = await startHarness(
      (state) => {
        seedMain(state, { '.github/berth.yml': config(context) });
        state.branches.set('release', state.branches.get('main')!);
        state.permissions.set('writer', 'write');
        state.permissions.set('reader', 'read');
      },
      { env: { credentials: [context], kubeconfig: cluster.kubeconfig } },
    );
    try {
      /** `merge`: which cluster and which of its merges (0-based), for pacing. */
      type Delivery = { event: string; payload: unknown; merge?: { cluster: string; index: number } };
      const deliveries: Delivery[] = [];
      /** Each cluster's merge commits, in the order they are delivered. */
      const mergeShas = new Map<string, string[]>([
        ['a', []],
        ['b', []],
      ]);
      for (let i = 0; i < 10; i++) {
        const name = i % 2 === 0 ? 'a' : 'b';
        const branch = name === 'a' ? 'main' : 'release';
        const sha = addCommit(
          h.state,
          { '.github/berth.yml': config(context), [`${name}/cm.yaml`]: configMap(name, i) },
          { branch },
        );
        const number = 100 + i;
        h.state.pulls.push({
          number,
          headSha: 'a'.repeat(40),
          baseSha: h.state.commits.get(sha)!.parents[0]!,
          headRepo: `${REPO.owner}/${REPO.repo}`,
          state: 'closed',
          merged: true,
          mergeCommitSha: sha,
          baseRef: branch,
        });
        const payload = mergedPullRequest(
          REPO,
          {
            number,
            mergeSha: sha,
            base: branch,
            baseSha: h.state.commits.get(sha)!.parents[0]!,
            headSha: 'a'.repeat(40),
          },
          INSTALLATION,
        );
        const index = mergeShas.get(name)!.push(sha) - 1;
        for (let k = 0; k < 3; k++)
          deliveries.push({ event: 'pull_request', payload, merge: { cluster: name, index } });
      }
      const commands = ['/berth help', '/berth status a', '/berth apply a'];
      for (let i = 0; i < 40; i++) {
        const body = commands[i % commands.length]!;
        const login = body === '/berth apply a' ? 'reader' : 'writer';
        deliveries.push({
          event: 'issue_comment',
          payload: pullRequestComment(REPO, 100, body, login, 70_000 + i, INSTALLATION),
        });
      }
      const opened = validExample('pull_request', 'opened');
      let n = 0;
      while (deliveries.length < 200) {
        n++;
        if (n % 3 === 0)
          deliveries.push({ event: 'ping', payload: { zen: 'Keep it logically awesome.', hook_id: 1 } });
        else if (n % 3 === 1) deliveries.push({ event: 'pull_request', payload: opened });
        else
          deliveries.push({
            event: 'issue_comment',
            payload: pullRequestComment(REPO, 100, 'LGTM, thanks!', 'writer', 80_000 + n, INSTALLATION),
          });
      }
      // Interleave: merges, their duplicates, commands and noise arrive mixed.
      deliveries.sort(
        (x, y) =>
          ((JSON.stringify(x).length * 7919 + 13) % 97) - ((JSON.stringify(y).length * 7919 + 13) % 97),
      );

      const latencies: number[] = [];
      const statuses = new Map<number, number>();
      /** A merge may go once the App has started applying the cluster's previous merge. */
      const eligible = (d: Delivery): boolean => {
        if (!d.merge || d.merge.index === 0) return true;
        const previous = mergeShas.get(d.merge.cluster)![d.merge.index - 1]!;
        const ids = new Set(h.state.deployments.filter((x) => x.sha === previous).map((x) => x.id));
        return h.state.deploymentStatuses.some((s) => ids.has(s.deploymentId) && s.state === 'in_progress');
      };
      const pending = [...deliveries];
      let mergesHeldMs = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (pending.length > 0) {
            const at = pending.findIndex(eligible);
            if (at < 0) {
              // Only merges waiting for their cluster's previous apply to start are left.
              const t = performance.now();
              await new Promise((r) => setTimeout(r, 10));
              mergesHeldMs += performance.now() - t;
              continue;
            }
            const d = pending.splice(at, 1)[0]!;
            const t = performance.now();
            const answer = await deliver(h.bot.url, SECRET, { event: d.event, payload: d.payload });
            latencies.push(performance.now() - t);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          }
        }),
      );
      const answeredMs = Date.now() - started;
      await h.bot.idle();
      const doneMs = Date.now() - started;

      latencies.sort((x, y) => x - y);
      const p = (q: number) =>
        latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!;
      const byDeployment = new Map<number, string[]>();
      for (const s of [...h.state.deploymentStatuses].sort((x, y) => x.id - y.id))
        byDeployment.set(s.deploymentId, [...(byDeployment.get(s.deploymentId) ?? []), s.state]);
      const ran = h.state.deployments.filter((d) => byDeployment.get(d.id)?.includes('in_progress'));
      const superseded = h.state.deployments.filter((d) =>
        h.state.deploymentStatuses.some((s) => s.deploymentId === d.id && /superseded/.test(s.description)),
      );
      const shas = new Set(h.state.deployments.map((d) => d.sha));
      // Applies of one cluster never overlap: between an in_progress and the end of the same Deployment, no other starts.
      const overlaps: Record<string, number> = { a: 0, b: 0 };
      for (const env of ['a', 'b']) {
        let open: number | null = null;
        for (const s of [...h.state.deploymentStatuses].sort((x, y) => x.id - y.id)) {
          if (s.environment !== env) continue;
          if (s.state === 'in_progress') {
            if (open !== null && open !== s.deploymentId) overlaps[env]!++;
            open = s.deploymentId;
          } else if (['success', 'failure', 'error'].includes(s.state) && open === s.deploymentId)
            open = null;
        }
      }
      const ok2xx = [...statuses].filter(([s]) => s >= 200 && s < 300).reduce((a, [, c]) => a + c, 0);
      const succeeded = ran.filter((d) => byDeployment.get(d.id)!.at(-1) === 'success').length;
      const checks = [
        {
          label: 'every response 2xx',
          pass: ok2xx === deliveries.length,
          detail: `${ok2xx}/${deliveries.length}`,
        },
        { label: 'p99 under 1 s', pass: p(0.99) < 1000, detail: `${p(0.99).toFixed(0)} ms` },
        { label: 'each merge recorded once', pass: shas.size === 10, detail: `${shas.size} commits` },
        {
          label: 'exactly 10 applies, one per merge, none superseded',
          pass:
            ran.length === 10 &&
            succeeded === 10 &&
            new Set(ran.map((d) => d.sha)).size === 10 &&
            superseded.length === 0,
          detail: `${ran.length} applied (${succeeded} success), ${superseded.length} superseded`,
        },
        {
          label: 'applies serial per cluster',
          pass: overlaps.a === 0 && overlaps.b === 0,
          detail: `a: ${overlaps.a} overlaps, b: ${overlaps.b} overlaps`,
        },
        {
          label: 'no OpenAPI violation',
          pass: h.github.violations.length === 0,
          detail: `${h.github.violations.length}`,
        },
      ];
      const text = [
        `bot: ${deliveries.length} deliveries at concurrency ${CONCURRENCY}: answered in ${answeredMs} ms, all work done in ${doneMs} ms`,
        `  merges paced: each cluster's next merge sent once its previous apply was in_progress (${(mergesHeldMs / 1000).toFixed(1)} worker-seconds spent waiting for that)`,
        `  latency p50 ${p(0.5).toFixed(0)} ms, p90 ${p(0.9).toFixed(0)} ms, p99 ${p(0.99).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
        `  statuses ${[...statuses].map(([s, c]) => `${s}: ${c}`).join(', ')}; GitHub API requests ${h.github.requests.length}`,
        ...checks.map((c) => `  ${c.pass ? 'PASS' : 'FAIL'} ${c.label}: ${c.detail}`),
        ...h.github.violations.slice(0, 5).map((v) => `  violation: ${v}`),
      ].join('\n');
      return { text, pass: checks.every((c) => c.pass) };
    } finally {
      await h.close();
    }
  } finally {
    await cluster.stop();
  }
}
