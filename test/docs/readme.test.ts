import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { exampleComment, README, withExample } from '../../scripts/readme-example.ts';

describe('README', () => {
  it('opens with exactly two commands: plan the example, run the tests', async () => {
    const readme = await readFile(README, 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = firstBlock
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run example', 'npm ci && npm test']);
  });

  it('shows the comment berth renders for the example, as it renders it today (npm run readme updates it)', async () => {
    const readme = await readFile(README, 'utf8');
    expect(readme).toBe(withExample(readme, await exampleComment()));
  });
});
