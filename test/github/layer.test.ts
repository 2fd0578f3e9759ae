import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function imports(dir: string): { file: string; from: string }[] {
  const out: { file: string; from: string }[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    if (!name.endsWith('.ts')) continue;
    const text = readFileSync(join(ROOT, dir, name), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)[^'";]*?from\s+'([^']+)'/gm)) {
      out.push({ file: `${dir}/${name}`, from: m[1]! });
    }
  }
  return out;
}

describe('src/github, shared by the Action and the App', () => {
  it('imports neither the Actions toolkit, Probot, action/ nor bot/', () => {
    const found = imports('src/github');
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter(({ from }) => /^@actions\/|^probot(\/|$)|\/action\/|\/bot\//.test(from))).toEqual([]);
  });

  it('is what the Action imports, and action/ never imports bot/', () => {
    const found = imports('action');
    expect(found.filter(({ from }) => /\/bot\//.test(from))).toEqual([]);
    expect(found.some(({ from }) => from.startsWith('../src/github/'))).toBe(true);
  });
});
