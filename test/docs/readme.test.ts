import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { exampleComment, README, withExample } from '../../tools/readme-example.ts';

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

  it('warns that a kubeconfig exec credential plugin is run as a command, as kubectl runs it', async () => {
    const readme = (await readFile(README, 'utf8')).replace(/\s+/g, ' ');
    expect(readme).toContain('berth reads a kubeconfig as kubectl does, credential plugins included');
    expect(readme).toContain('a user entry with `exec`');
    expect(readme).toContain('is run as a command on this machine');
    expect(readme).toContain('Use only kubeconfigs you trust.');
  });

  it('shows the comment berth renders for the example, as it renders it today (npm run readme updates it)', async () => {
    const readme = await readFile(README, 'utf8');
    expect(readme).toBe(withExample(readme, await exampleComment()));
  });
});
