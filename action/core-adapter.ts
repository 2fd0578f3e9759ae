/**
 * The one place the Action meets berth's core. Everything the Action needs from
 * `src/` goes through `Core`, so a change in the core's API is a change here only,
 * and `run` can be tested with a fake core.
 */

import { type ClusterRef, parseClusterRef } from '../src/cluster/ref.ts';
import {
  type BerthConfig,
  type ClusterConfig,
  type CommentMode,
  loadConfigFile,
  parseConfig,
} from '../src/config/config.ts';
import type { ReadScope } from '../src/files/contained.ts';
import type { FolderSide } from '../src/github/folders.ts';
import { dropDuplicates } from '../src/manifests/duplicates.ts';
import { loadManifests, loadManifestTexts } from '../src/manifests/load.ts';
import { type Diagnostic, diagnostic } from '../src/model/diagnostics.ts';
import type { LoadResult } from '../src/model/types.ts';
import { runPlan } from '../src/plan/run.ts';
import type { Plan } from '../src/plan/types.ts';
import { renderJson } from '../src/report/json.ts';
import { JOB_SUMMARY_LIMIT_BYTES, renderJobSummary, renderMarkdown } from '../src/report/markdown.ts';

export type { ClusterRef } from '../src/cluster/ref.ts';
export type { CommentMode } from '../src/config/config.ts';
export { isInside, locate, type ReadScope } from '../src/files/contained.ts';
export type { Diagnostic } from '../src/model/diagnostics.ts';
export type { Plan } from '../src/plan/types.ts';

/**
 * Manifests from the checked-out tree (paths under the working directory) or fetched
 * through the API (texts by their path under the working directory, the name their
 * diagnostics carry).
 */
export type ManifestSource =
  | { kind: 'paths'; paths: string[] }
  | { kind: 'texts'; files: Map<string, string> };

export interface PlanRequest {
  /** A snapshot or fleet file under the working directory, or the live cluster; null: none was named. */
  cluster: ClusterRef | null;
  /** Read the live cluster through this kubeconfig (read-only: list calls only). */
  kubeconfig: string | null;
  /** The parsed config (policy, scheduler profile, reservations); null: berth's defaults. */
  config: BerthConfig | null;
  /** The config's diagnostics: they go into the plan, where an error fails the input rule. */
  diagnostics: Diagnostic[];
  head: ManifestSource;
  base: ManifestSource | null;
  /** Charts and kustomizations fetched through the API, rendered beside each side's files. */
  headFolders?: FolderSide | null;
  baseFolders?: FolderSide | null;
}

export interface ResolvedCluster {
  /**
   * The snapshot or fleet input, else the config cluster's file (unless the kubeconfig
   * input asks for a live cluster), else its `live`, else the kubeconfig input's current context.
   */
  cluster: ClusterRef | null;
  kubeconfig: string | null;
  /** Manifest globs the config names for this cluster (empty: the input's). */
  manifests: string[];
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

/**
 * Every file the Action reads from the checkout (config, cluster file, manifests)
 * must resolve inside the workspace: a pull request may add a symbolic link, and
 * what it points at must not reach the comment, the annotations or the summary.
 */
export function workspaceScope(workspace: string): ReadScope {
  return { root: workspace, rootName: 'the workspace' };
}

/**
 * The cluster a run plans against: the snapshot or fleet input; else the config
 * cluster's file, unless the kubeconfig input asks for a live cluster; else the config
 * cluster's `live`; else, with a kubeconfig input, its current context.
 */
function clusterOf(
  input: { clusterFile: string | null; kubeconfig: string | null; configPath: string | null },
  entry: ClusterConfig | undefined,
  diagnostics: Diagnostic[],
): ClusterRef | null {
  if (input.clusterFile) return { kind: 'file', path: input.clusterFile };
  if (entry?.file && !input.kubeconfig) return { kind: 'file', path: entry.file };
  if (entry?.live) {
    const parsed = parseClusterRef(entry.live);
    if (parsed.ok && parsed.ref.kind === 'live') return parsed.ref;
    diagnostics.push(
      diagnostic(
        { file: input.configPath ?? '', line: 1, column: 1 },
        'error',
        'invalid-config',
        `cluster "${entry.name}": clusters[].live must be "live" or "context:<name>"${parsed.ok ? '' : ` (${parsed.message})`}`,
      ),
    );
    return null;
  }
  return input.kubeconfig ? { kind: 'live' } : null;
}

export function createCore(options: { workspace?: string } = {}): Core {
  const scope = workspaceScope(options.workspace ?? process.cwd());
  return {
    async resolveCluster(input) {
      if (!input.configPath) {
        return {
          cluster: clusterOf(input, undefined, []),
          kubeconfig: input.kubeconfig,
          manifests: [],
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
        cluster: clusterOf(input, entry, diagnostics),
        kubeconfig: input.kubeconfig,
        manifests: entry?.manifests ?? [],
        commentMode: config.comment.mode,
        config,
        diagnostics,
      };
    },

    async plan(request) {
      const { cluster, kubeconfig } = request;
      if (!cluster) {
        throw new Error(
          'no cluster: set the snapshot, fleet or kubeconfig input, or a config cluster with a file',
        );
      }
      const limits = request.config?.limits ?? {};
      const settings = request.config?.render ?? {};
      /** A side's charts and kustomizations, rendered in their private copy as the command line renders them. */
      const folders = async (side: FolderSide | null | undefined): Promise<LoadResult | null> => {
        if (!side || (side.folders.length === 0 && side.diagnostics.length === 0)) return null;
        const loaded =
          side.folders.length > 0
            ? await loadManifests(side.folders, {
                cwd: side.cwd,
                scope: { root: side.root, rootName: 'the folders fetched from the pull request' },
                limits,
                render: { folders: settings },
              })
            : { objects: [], diagnostics: [] };
        return { objects: loaded.objects, diagnostics: [...side.diagnostics, ...loaded.diagnostics] };
      };
      // Texts fetched through the API are parsed as they are, named by their paths.
      const files = async (side: ManifestSource | null): Promise<LoadResult | null> => {
        if (side?.kind === 'texts') return loadManifestTexts(side.files, { limits });
        if (side?.kind === 'paths') return loadManifests(side.paths, { limits, scope });
        return null;
      };
      const both = async (
        side: ManifestSource | null,
        rendered: FolderSide | null | undefined,
      ): Promise<LoadResult | null> => {
        const fromFolders = await folders(rendered);
        if (!fromFolders) return side?.kind === 'texts' ? files(side) : null;
        const own = (await files(side)) ?? { objects: [], diagnostics: [] };
        const diagnostics = [...own.diagnostics, ...fromFolders.diagnostics];
        return {
          objects: dropDuplicates([...own.objects, ...fromFolders.objects], diagnostics),
          diagnostics,
        };
      };
      const headObjects = await both(request.head, request.headFolders);
      const baseObjects = await both(request.base, request.baseFolders);
      return runPlan({
        cluster,
        ...(kubeconfig ? { kubeconfig } : {}),
        head: request.head.kind === 'paths' ? request.head.paths : [],
        ...(headObjects ? { headObjects } : {}),
        ...(request.base?.kind === 'paths' ? { base: request.base.paths } : {}),
        ...(baseObjects ? { baseObjects } : {}),
        ...(request.config ? { config: request.config } : {}),
        scope,
        diagnostics: request.diagnostics,
      });
    },

    markdown(plan, options) {
      return renderMarkdown(plan, options);
    },

    jobSummary(plan, options) {
      // The core's budget, in UTF-8 bytes, under GitHub's 1 MiB of summary per step.
      return renderJobSummary(plan, { title: options.title, limit: JOB_SUMMARY_LIMIT_BYTES });
    },

    json(plan) {
      return renderJson(plan);
    },
  };
}
