/**
 * The one place the Action meets berth's core. Everything the Action needs from
 * `src/` goes through `Core`, so a change in the core's API is a change here only,
 * and `run` can be tested with a fake core.
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { type BerthConfig, type CommentMode, loadConfigFile, parseConfig } from '../src/config/config.ts';
import type { ReadScope } from '../src/files/contained.ts';
import { loadManifests } from '../src/manifests/load.ts';
import type { Diagnostic } from '../src/model/diagnostics.ts';
import { runPlan } from '../src/plan/run.ts';
import type { Plan } from '../src/plan/types.ts';
import { renderJson } from '../src/report/json.ts';
import { renderJobSummary, renderMarkdown } from '../src/report/markdown.ts';

export { isInside, locate, type ReadScope } from '../src/files/contained.ts';
export type { Diagnostic } from '../src/model/diagnostics.ts';
export type { Plan } from '../src/plan/types.ts';

/** Manifests from the checked-out tree (paths under the working directory) or fetched through the API. */
export type ManifestSource =
  | { kind: 'paths'; paths: string[] }
  | { kind: 'texts'; files: Map<string, string> };

export interface PlanRequest {
  /** Snapshot or fleet file under the working directory. */
  clusterFile: string | null;
  /** Read the live cluster through this kubeconfig (read-only: list calls only). */
  kubeconfig: string | null;
  /** Read the live cluster of this kubeconfig context ('' the current one), from a config cluster's `live`. */
  liveContext: string | null;
  /** The parsed config (policy, scheduler profile, reservations); null: berth's defaults. */
  config: BerthConfig | null;
  /** The config's diagnostics: they go into the plan, where an error fails the input rule. */
  diagnostics: Diagnostic[];
  head: ManifestSource;
  base: ManifestSource | null;
}

export interface ResolvedCluster {
  clusterFile: string | null;
  kubeconfig: string | null;
  /** Manifest globs the config names for this cluster (empty: the input's). */
  manifests: string[];
  liveContext: string | null;
  commentMode: CommentMode | null;
  config: BerthConfig | null;
  diagnostics: Diagnostic[];
}

export interface RenderOptions {
  title: string;
  marker?: string;
  fullReportHint?: string;
}

export interface Core {
  /** Merges the config file's cluster entry with the inputs (inputs win). */
  resolveCluster(input: {
    configPath: string | null;
    /** The config's text when it was fetched (from the base commit); null: read `configPath`. */
    configText: string | null;
    clusterName: string;
    clusterFile: string | null;
    kubeconfig: string | null;
  }): Promise<ResolvedCluster>;
  plan(request: PlanRequest): Promise<Plan>;
  markdown(plan: Plan, options: RenderOptions): string;
  jobSummary(plan: Plan, options: RenderOptions): string;
  json(plan: Plan): string;
}

const JOB_SUMMARY_LIMIT = 250_000;

/**
 * Every file the Action reads from the checkout (config, cluster file, manifests)
 * must resolve inside the workspace: a pull request may add a symbolic link, and
 * what it points at must not reach the comment, the annotations or the summary.
 */
export function workspaceScope(workspace: string): ReadScope {
  return { root: workspace, rootName: 'the workspace' };
}

/** Writes fetched files under a temporary root so the core's file loader reads them. */
async function materialize(root: string, files: Map<string, string>): Promise<string[]> {
  const paths: string[] = [];
  for (const [path, text] of files) {
    const target = resolve(root, path);
    // A path from the API must not climb out of the temporary root.
    if (!target.startsWith(root + sep)) continue;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
    paths.push(target);
  }
  return paths;
}

/** Puts the repository paths back where the temporary root stood, so annotations point at real files. */
function relabel(plan: Plan, root: string): Plan {
  const prefix = root + sep;
  const fix = (file: string) =>
    file.startsWith(prefix) ? file.slice(prefix.length).split(sep).join('/') : file;
  for (const d of plan.diagnostics) d.file = fix(d.file);
  for (const p of plan.placements) if (p.source) p.source.file = fix(p.source.file);
  for (const w of plan.workloads) if (w.source) w.source.file = fix(w.source.file);
  for (const o of plan.diff) o.source.file = fix(o.source.file);
  return plan;
}

export function createCore(options: { workspace?: string } = {}): Core {
  const scope = workspaceScope(options.workspace ?? process.cwd());
  return {
    async resolveCluster(input) {
      if (!input.configPath) {
        return {
          clusterFile: input.clusterFile,
          kubeconfig: input.kubeconfig,
          manifests: [],
          liveContext: null,
          commentMode: null,
          config: null,
          diagnostics: [],
        };
      }
      const { config, diagnostics } =
        input.configText === null
          ? await loadConfigFile(input.configPath, { scope })
          : parseConfig(input.configText, input.configPath);
      const entry =
        config.clusters.find((c) => c.name === input.clusterName) ??
        (input.clusterName === 'default' && config.clusters.length === 1 ? config.clusters[0] : undefined);
      return {
        clusterFile: input.clusterFile ?? (input.kubeconfig ? null : (entry?.file ?? null)),
        kubeconfig: input.kubeconfig,
        manifests: entry?.manifests ?? [],
        // `live` (the current context, '') or `context:<name>`; a file in the inputs takes precedence.
        liveContext:
          entry?.live === 'live'
            ? ''
            : entry?.live?.startsWith('context:')
              ? entry.live.slice('context:'.length)
              : null,
        commentMode: config.comment.mode,
        config,
        diagnostics,
      };
    },

    async plan(request) {
      const { clusterFile, kubeconfig, liveContext } = request;
      if (!clusterFile && kubeconfig === null && liveContext === null) {
        throw new Error(
          'no cluster: set the snapshot, fleet or kubeconfig input, or a config cluster with a file',
        );
      }
      const config = request.config ? { config: request.config } : {};
      const limits = request.config?.limits ?? {};
      const root = await mkdtemp(join(tmpdir(), 'berth-'));
      try {
        // Files fetched through the API are berth's own copies, read from under their temporary root.
        const fetched = async (files: Map<string, string>, side: string) => {
          const sideRoot = join(root, side);
          const paths = await materialize(sideRoot, files);
          return loadManifests(paths, { cwd: sideRoot, scope: { root: sideRoot }, limits });
        };
        const head = request.head.kind === 'paths' ? request.head.paths : [];
        const headObjects = request.head.kind === 'texts' ? await fetched(request.head.files, 'head') : null;
        const base = request.base?.kind === 'paths' ? request.base.paths : undefined;
        const baseObjects = request.base?.kind === 'texts' ? await fetched(request.base.files, 'base') : null;
        // A file wins; else the live cluster: `context:<name>` from the config, or the kubeconfig's current one.
        const cluster = clusterFile ?? (liveContext ? `context:${liveContext}` : 'live');
        const plan = await runPlan({
          cluster,
          ...(kubeconfig ? { kubeconfig } : {}),
          head,
          ...(headObjects ? { headObjects } : {}),
          ...(base ? { base } : {}),
          ...(baseObjects ? { baseObjects } : {}),
          ...config,
          scope,
          diagnostics: request.diagnostics,
        });
        return relabel(relabel(plan, join(root, 'head')), join(root, 'base'));
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },

    markdown(plan, options) {
      return renderMarkdown(plan, options);
    },

    jobSummary(plan, options) {
      // GitHub takes at most 1 MiB of summary per step; 4 bytes per character at worst stays under it.
      return renderJobSummary(plan, { title: options.title, limit: JOB_SUMMARY_LIMIT });
    },

    json(plan) {
      return renderJson(plan);
    },
  };
}
