/**
 * One way to name a cluster on the command line, in the config and in the
 * Action: a snapshot or fleet file path, `live` (the current kubeconfig context,
 * `KUBECONFIG` honoured) or `context:<name>`.
 */

import type { ReadScope } from '../files/contained.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import type { ClusterState } from '../model/types.ts';
import { loadClusterFile } from './load.ts';

export interface ClusterSourceOptions {
  /** A kubeconfig file for live sources (default: `KUBECONFIG`, then ~/.kube/config, then in-cluster). */
  kubeconfig?: string;
  env?: NodeJS.ProcessEnv;
  /** Where a snapshot or fleet file may be (default: inside the working directory). */
  scope?: ReadScope;
  /** Filled with a cluster file's text by its path, for code frames. */
  sources?: Map<string, string>;
}

export interface LoadedCluster {
  cluster: ClusterState;
  diagnostics: Diagnostic[];
  /** What to call the cluster in reports: the file path, or `context@host` for a live cluster. */
  label: string;
}

export function isLiveSource(spec: string): boolean {
  return spec === 'live' || spec.startsWith('context:');
}

export async function loadCluster(spec: string, options: ClusterSourceOptions = {}): Promise<LoadedCluster> {
  if (!isLiveSource(spec)) {
    const { cluster, diagnostics } = await loadClusterFile(spec, {
      ...(options.scope ? { scope: options.scope } : {}),
      ...(options.sources ? { sources: options.sources } : {}),
    });
    return { cluster, diagnostics, label: spec };
  }
  const context = spec.startsWith('context:') ? spec.slice('context:'.length) : undefined;
  // The Kubernetes client is large: load it only for live clusters.
  const { readLiveCluster } = await import('./live.ts');
  const read = await readLiveCluster({
    ...(context ? { context } : {}),
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    cluster: read.cluster,
    diagnostics: read.diagnostics,
    label: `${read.source.context}@${read.source.host}`,
  };
}
