/**
 * Loads the cluster a `ClusterRef` names (see ref.ts): a snapshot or fleet file, or
 * the live cluster of a kubeconfig context.
 */

import type { ReadScope } from '../files/contained.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import type { ClusterState } from '../model/types.ts';
import { loadClusterFile } from './load.ts';
import type { ClusterRef } from './ref.ts';

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

export async function loadCluster(
  ref: ClusterRef,
  options: ClusterSourceOptions = {},
): Promise<LoadedCluster> {
  if (ref.kind === 'file') {
    const { cluster, diagnostics } = await loadClusterFile(ref.path, {
      ...(options.scope ? { scope: options.scope } : {}),
      ...(options.sources ? { sources: options.sources } : {}),
    });
    return { cluster, diagnostics, label: ref.path };
  }
  const { context } = ref;
  // The Kubernetes client is large: load it only for live clusters.
  const { readLiveCluster } = await import('./live.ts');
  const read = await readLiveCluster({
    ...(context !== undefined ? { context } : {}),
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    cluster: read.cluster,
    diagnostics: read.diagnostics,
    label: `${read.source.context}@${read.source.host}`,
  };
}
