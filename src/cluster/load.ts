/**
 * Reads the cluster a plan runs against from a file: a berth Fleet (node pools
 * described by count) or a snapshot of a real cluster (`kubectl get ... -o yaml`).
 * Which one is decided by content, not by file name: a first document with
 * `kind: Fleet` and `apiVersion: berth.dev/...` is a fleet.
 */

import { LineCounter, parseAllDocuments } from 'yaml';
import { type ReadScope, readContained } from '../files/contained.ts';
import { parseManifests } from '../manifests/parse.ts';
import { decodeText } from '../manifests/text.ts';
import { BerthError, diagnostic } from '../model/diagnostics.ts';
import type { ClusterLoadResult } from '../model/types.ts';
import { FLEET_API_VERSION, parseFleet } from './fleet.ts';
import { clusterFromObjects } from './snapshot.ts';

const MAX_FLEET_TEXT = 4 * 1024 * 1024;

function firstDocument(text: string): string {
  const separator = /^---/gm;
  let match = separator.exec(text);
  // A leading `---` opens the first document rather than ending it.
  if (match && text.slice(0, match.index).trim() === '') match = separator.exec(text);
  return match ? text.slice(0, match.index) : text;
}

/** Whether the text's first document declares itself a berth Fleet. */
export function isFleetText(text: string): boolean {
  // A fleet is small; anything large is a snapshot, whose loader enforces the size limits.
  if (text.length > MAX_FLEET_TEXT) return false;
  // A snapshot is often one document (a v1 List) as long as the file: a first document
  // that never spells Fleet is not one, and need not be parsed twice.
  const first = firstDocument(text);
  if (!first.includes('Fleet')) return false;
  // Only the first document's top-level kind and apiVersion are read; nothing is expanded.
  const docs = parseAllDocuments(first, { lineCounter: new LineCounter(), schema: 'core' });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return false;
  const kind = doc.get('kind');
  const apiVersion = doc.get('apiVersion');
  return kind === 'Fleet' && typeof apiVersion === 'string' && apiVersion.startsWith('berth.dev/');
}

/** A cluster from a fleet or snapshot text; `file` is where diagnostics point. */
export function loadClusterText(text: string, file: string): ClusterLoadResult {
  let result: ClusterLoadResult;
  if (isFleetText(text)) {
    result = parseFleet(text, file);
  } else {
    const { objects, diagnostics } = parseManifests(text, file);
    const loaded = clusterFromObjects(objects);
    result = { cluster: loaded.cluster, diagnostics: [...diagnostics, ...loaded.diagnostics] };
  }
  if (result.cluster.nodes.length === 0) {
    const hint = `(a snapshot needs Node objects, a fleet needs pools; see ${FLEET_API_VERSION} Fleet)`;
    result.diagnostics.push(
      diagnostic({ file, line: 1, column: 1 }, 'error', 'invalid-cluster', `cluster has no nodes ${hint}`),
    );
  }
  return result;
}

export interface ClusterFileOptions {
  /** Where the file may be (default: inside the working directory); see src/files/contained.ts. */
  scope?: ReadScope;
  /** Filled with the file's text by its path, for code frames. */
  sources?: Map<string, string>;
}

/** Reads and loads a cluster file; a file that cannot be read (or lies outside the scope) is a BerthError('io'). */
export async function loadClusterFile(
  path: string,
  options: ClusterFileOptions = {},
): Promise<ClusterLoadResult> {
  const read = await readContained(path, options.scope ?? { root: process.cwd() });
  if (!read.ok) {
    const why =
      read.code === 'missing'
        ? 'no such file'
        : read.code === 'too-large'
          ? 'too large'
          : read.message === 'is a directory'
            ? 'it is a directory; give a snapshot or fleet file'
            : read.message;
    throw new BerthError('io', `cannot read cluster file ${path}: ${why}`);
  }
  const decoded = decodeText(read.bytes);
  if (!decoded.ok) throw new BerthError('io', `cannot read cluster file ${path}: ${decoded.why}`);
  options.sources?.set(path, decoded.text);
  return loadClusterText(decoded.text, path);
}
