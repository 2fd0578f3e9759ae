/**
 * The Markdown berth renders for the bundled example, and where it goes in README.md
 * (between the example-comment markers). `npm run readme` (scripts/readme-example.ts)
 * writes it; test/docs/readme.test.ts checks it is current.
 */

import { resolve } from 'node:path';
import { defaultConfig } from '../src/config/config.ts';
import { runPlan } from '../src/plan/run.ts';
import { renderMarkdown } from '../src/report/markdown.ts';

export const README = resolve(import.meta.dirname, '..', 'README.md');
const START = '<!-- example-comment:start -->';
const END = '<!-- example-comment:end -->';

/** The example's comment, with the timeline anchored at a fixed time so it never changes by itself. */
export async function exampleComment(): Promise<string> {
  const root = resolve(import.meta.dirname, '..');
  const plan = await runPlan({
    cluster: { kind: 'file', path: 'examples/cluster.yaml' },
    base: [resolve(root, 'examples/base')],
    head: [resolve(root, 'examples/head')],
    config: defaultConfig(),
    start: new Date('2026-01-01T00:00:00Z'),
  });
  // Paths relative to the repository, as a reader of the README sees them.
  return renderMarkdown(plan).replaceAll(`${root}/`, '');
}

export function withExample(readme: string, comment: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start)
    throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n\n${comment}\n\n${readme.slice(end)}`;
}
