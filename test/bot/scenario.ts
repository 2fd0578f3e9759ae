/**
 * A repository for the App's cluster tests: one cluster `test` on the main branch,
 * applied with the harness kubeconfig's context, and merges of pull requests whose
 * merge commits hold the given manifests.
 */

import { addCommit } from '../github/stand-in/server.ts';
import { type Harness, REPO } from './harness.ts';

export function repoConfig(context: string, applySet: string, extra = ''): string {
  return `clusters:
  - name: test
    live: live
    branch: main
    environment: test-env
    credentials: ${context}
    manifests: ["deploy/**/*.yaml"]
apply:
  inventoryNamespace: berth-system
  applySet: ${applySet}
  wait: 90s
${extra}`;
}

/** A namespace and a Deployment `web` of `replicas` pods asking for `cpu` each. */
export function webApp(namespace: string, replicas: number, cpu: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          resources:
            requests: { cpu: ${cpu}, memory: 64Mi }
`;
}

/** A merge commit of pull request `number` on main holding `files` and the config; returns its SHA. */
export function mergeCommit(
  h: Harness,
  config: string,
  files: Record<string, string>,
  number: number,
): string {
  const sha = addCommit(
    h.state,
    { '.github/berth.yml': config, ...files },
    {
      branch: 'main',
      message: `Merge pull request #${number}`,
    },
  );
  h.state.pulls.push({
    number,
    headSha: 'a'.repeat(40),
    baseSha: h.state.commits.get(sha)!.parents[0]!,
    headRepo: `${REPO.owner}/${REPO.repo}`,
    state: 'closed',
    merged: true,
    mergeCommitSha: sha,
    baseRef: 'main',
  });
  return sha;
}

/** The states a Deployment went through, oldest first. */
export function states(h: Harness, deploymentId: number): string[] {
  return h.state.deploymentStatuses
    .filter((s) => s.deploymentId === deploymentId)
    .sort((a, b) => a.id - b.id)
    .map((s) => s.state);
}

/** The App's comments of `kind` for cluster `test` on pull request `pr`. */
export function berthComments(h: Harness, pr: number, kind = 'apply'): string[] {
  return h.state.comments
    .filter((x) => x.issueNumber === pr && x.body.startsWith(`<!-- berth:${kind} cluster=test -->`))
    .map((x) => x.body);
}

/** Every text a comment of `pr` had, in order (creations and edits). */
export function commentHistory(h: Harness): string[] {
  return h.github.requests
    .filter((r) => (r.method === 'POST' || r.method === 'PATCH') && /\/comments(\/\d+)?$/.test(r.path))
    .map((r) => String((r.body as { body?: string } | undefined)?.body ?? ''));
}

/** Text as GitHub shows it: Markdown backslash escapes and the zero-width spaces that stop mentions removed. */
export function rendered(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&@])/g, '$1').replaceAll('\u200b', '');
}
