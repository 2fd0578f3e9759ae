/**
 * How a cluster is named on the command line, in the config (`clusters[].live`) and
 * in the Action: a snapshot or fleet file path, `live` (the kubeconfig's current
 * context, `KUBECONFIG` honoured) or `context:<name>`. Parsed here and nowhere else.
 */

export type ClusterRef = { kind: 'file'; path: string } | { kind: 'live'; context?: string };

export type ParsedClusterRef = { ok: true; ref: ClusterRef } | { ok: false; message: string };

const LIVE = 'live';
const CONTEXT = 'context:';

/** The reference a spelling names; a file path is anything that is not `live` or `context:...`. */
export function parseClusterRef(spec: string): ParsedClusterRef {
  if (spec === LIVE) return { ok: true, ref: { kind: 'live' } };
  if (spec.startsWith(CONTEXT)) {
    const context = spec.slice(CONTEXT.length);
    if (context === '')
      return {
        ok: false,
        message: `"${CONTEXT}" names no context: write ${CONTEXT}<name>, or ${LIVE} for the current one`,
      };
    return { ok: true, ref: { kind: 'live', context } };
  }
  if (spec === '') return { ok: false, message: 'no cluster named: give a file, live or context:<name>' };
  return { ok: true, ref: { kind: 'file', path: spec } };
}

/** The spelling `parseClusterRef` reads back as the same reference. */
export function formatClusterRef(ref: ClusterRef): string {
  if (ref.kind === 'file') return ref.path;
  return ref.context === undefined ? LIVE : `${CONTEXT}${ref.context}`;
}
