/**
 * Planning a repository in its published form through the command line, in the three
 * formats, and checking what a user of that repository would look at: how many pods,
 * of which kinds, which objects berth says it did not simulate, and no error on files
 * their authors publish. Shared by test/repositories/published.test.ts (plain YAML) and
 * test/cluster/repositories.test.ts (charts and kustomizations, with the real renderers).
 */

import { expect } from 'vitest';
import { type CliIO, runCli } from '../../src/cli/cli.ts';

export const FIXTURES = 'test/fixtures/repositories';
/** Three nodes of 64 CPU and 256Gi in three zones: every pod of these repositories fits. */
export const CLUSTER = `${FIXTURES}/cluster.yaml`;
export const NODES = 3;

interface PlanJson {
  summary: { pods: number; scheduled: number };
  workloads: { kind: string; namespace: string; name: string; pods: { after: number } }[];
  /** Absent when berth simulated everything. */
  unsimulated?: { kind: string; namespace: string; name: string; reason: string }[];
  diagnostics: { severity: string; code: string; message: string; file?: string; line?: number }[];
}

export interface Published {
  json: PlanJson;
  text: string;
  markdown: string;
}

async function berth(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: (async function* () {})(),
    env: { PATH: '', NO_COLOR: '1', ...env },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** `berth plan --head <path>...` against the big cluster, in text, JSON and Markdown. */
export async function planPublished(
  heads: string[],
  env: Record<string, string> = {},
  extra: string[] = [],
): Promise<Published> {
  const out: Record<string, string> = {};
  for (const format of ['text', 'json', 'markdown']) {
    const args = ['plan', '--cluster', CLUSTER, ...heads.flatMap((h) => ['--head', h]), ...extra];
    const result = await berth([...args, '--format', format], env);
    // Exit 0: the plan passes and no input error (exit 2) was found.
    expect({ format, code: result.code }).toEqual({ format, code: 0 });
    out[format] = result.stdout;
  }
  return { json: JSON.parse(out.json ?? ''), text: out.text ?? '', markdown: out.markdown ?? '' };
}

export interface Expected {
  /** The hand count of pods, its arithmetic written where it is called. */
  pods: number;
  /** Pods per workload kind as berth names it (`Deployment`, `Job.batch.volcano.sh`). */
  byKind: Record<string, number>;
  /** Each object with a pod template of a kind berth does not read: `group/Kind namespace/name`. */
  unknown?: string[];
}

export function expectPlanned(plan: Published, expected: Expected): void {
  const { json, text, markdown } = plan;
  const unsimulated = json.unsimulated ?? [];
  // No error of any kind (a YAML error, a schema error, a renderer failure) on published files.
  expect(json.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(json.summary.pods).toBe(expected.pods);
  expect(json.summary.scheduled).toBe(expected.pods);
  const byKind: Record<string, number> = {};
  for (const w of json.workloads) byKind[w.kind] = (byKind[w.kind] ?? 0) + w.pods.after;
  expect(byKind).toEqual(expected.byKind);
  const unknown = expected.unknown ?? [];
  expect(unsimulated.map((u) => `${u.kind} ${u.namespace}/${u.name}`).sort()).toEqual([...unknown].sort());
  for (const entry of unknown) {
    const [groupKind = '', ref = ''] = entry.split(' ');
    const kind = groupKind.slice(groupKind.lastIndexOf('/') + 1);
    const phrase = `not simulated: unknown workload kind ${groupKind}`;
    expect(text).toContain(`${kind} ${ref}: ${phrase}`);
    expect(markdown).toContain(`${kind} ${ref}: ${phrase}`);
    expect(markdown).toContain(`| ${ref}<br>`);
    const listed = unsimulated.find((u) => `${u.kind} ${u.namespace}/${u.name}` === entry);
    expect(listed?.reason).toContain(`unknown workload kind ${groupKind}`);
    expect(json.diagnostics.map((d) => d.message)).toContainEqual(
      expect.stringContaining(`${kind} ${ref}: ${phrase}`),
    );
  }
  if (unknown.length > 0) {
    const objects = unknown.length === 1 ? '1 object' : `${unknown.length} objects`;
    expect(text).toContain(`${objects} not simulated`);
    expect(markdown).toContain(`⚠️ ${objects} not simulated`);
  }
}
