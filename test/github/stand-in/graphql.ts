/** GraphQL is not in the REST description: the one mutation berth sends is checked by hand. */

import type { Json } from './openapi.ts';
import type { FakeGitHubState } from './state.ts';

export function graphql(
  state: FakeGitHubState,
  body: unknown,
  raw: string,
  readOnly: boolean,
  violations: string[],
): Json {
  const b = (body ?? {}) as Json;
  const vars = (b.variables ?? {}) as Json;
  if (
    typeof b.query !== 'string' ||
    !/minimizeComment\s*\(\s*input:\s*\{\s*subjectId:\s*\$id,\s*classifier:\s*OUTDATED\s*\}/.test(b.query) ||
    typeof vars.id !== 'string'
  ) {
    violations.push(`unexpected GraphQL request: ${raw.slice(0, 300)}`);
    return { errors: [{ message: 'unexpected query' }] };
  }
  const target = state.comments.find((c) => c.nodeId === vars.id);
  if (!target) {
    return {
      data: { minimizeComment: null },
      errors: [
        { type: 'NOT_FOUND', message: `Could not resolve to a node with the global id of '${vars.id}'` },
      ],
    };
  }
  if (readOnly) {
    return {
      data: { minimizeComment: null },
      errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }],
    };
  }
  target.minimized = true;
  return { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } };
}
