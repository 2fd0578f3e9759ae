/**
 * `npm run bench -- bot`: the App under load, over HTTP on loopback. One App server,
 * the GitHub API stand-in and a real control plane (started here). 200 signed
 * deliveries are sent 20 at a time: 10 merges over 2 clusters (`a` on main, `b` on
 * release, 5 each), each merge delivered 3 times (the duplicates), 40 chat-ops
 * commands (help, status, and applies by a read-only commenter, all refused or
 * answered without applying), and irrelevant events for the rest (opened pull
 * requests, pings, comments that are not commands).
 *
 * The App's GitHub client runs without Probot's throttling here (as in the tests): the
 * stand-in has no rate limits, and GitHub's pacing of comment writes (one every few
 * seconds) would only measure the wait. In production throttling stays on.
 *
 * Targets: every response 2xx with p99 under 1 s; each merge recorded once and either
 * applied or superseded by a newer merge of its cluster (never applied twice, so at
 * most 10 applies); applies of one cluster never overlap; no request the OpenAPI
 * description does not allow.
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
      const deliveries: { event: string; payload: unknown }[] = [];
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
        for (let k = 0; k < 3; k++) deliveries.push({ event: 'pull_request', payload });
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
      let next = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < deliveries.length) {
            const d = deliveries[next++]!;
            const t = performance.now();
            const answer = await deliver(h.bot.url, SECRET, d);
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
      let overlaps = 0;
      for (const env of ['a', 'b']) {
        let open: number | null = null;
        for (const s of [...h.state.deploymentStatuses].sort((x, y) => x.id - y.id)) {
          if (s.environment !== env) continue;
          if (s.state === 'in_progress') {
            if (open !== null && open !== s.deploymentId) overlaps++;
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
          label: 'each merge applied or superseded, never twice',
          pass: ran.length + superseded.length === 10 && ran.length === new Set(ran.map((d) => d.sha)).size,
          detail: `${ran.length} applied (${succeeded} success), ${superseded.length} superseded`,
        },
        { label: 'applies serial per cluster', pass: overlaps === 0, detail: `${overlaps} overlaps` },
        {
          label: 'no OpenAPI violation',
          pass: h.github.violations.length === 0,
          detail: `${h.github.violations.length}`,
        },
      ];
      const text = [
        `bot: ${deliveries.length} deliveries at concurrency ${CONCURRENCY}: answered in ${answeredMs} ms, all work done in ${doneMs} ms`,
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
