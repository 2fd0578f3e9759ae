/**
 * bot/Dockerfile checked without building it (berth's tests have no image registry to
 * pull the base image from): what it copies exists in the repository, the Node.js major
 * of its base image is the one package.json pins, it installs from the lock file without
 * running install scripts, runs bot/main.ts as an unprivileged user, and probes /healthz
 * on the port it exposes.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const text = readFileSync(join(ROOT, 'bot/Dockerfile'), 'utf8');
/** Instructions, comments dropped and continuation lines joined. */
const lines = text
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const of = (op: string) => lines.filter((l) => l.toUpperCase().startsWith(`${op} `));

describe('bot/Dockerfile', () => {
  it('starts from the Node.js major package.json pins and copies only what exists', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    const pinned = pkg.devDependencies?.node ?? pkg.dependencies?.node;
    expect(pinned).toMatch(/^\d+\./);
    expect(of('FROM')).toEqual([`FROM node:${pinned!.split('.')[0]}-bookworm-slim`]);
    const copies = of('COPY');
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = copy.split(/\s+/).slice(1, -1);
      for (const source of sources)
        expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
    }
  });

  it('installs from the lock file without scripts and runs bot/main.ts unprivileged, probing /healthz on the exposed port', () => {
    expect(of('RUN').join('\n')).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(of('USER')).toEqual(['USER node']);
    const cmd = JSON.parse(of('CMD')[0]!.slice(4)) as string[];
    expect(cmd).toEqual(['node', 'bot/main.ts']);
    expect(existsSync(join(ROOT, cmd[1]!))).toBe(true);
    const port = /PORT=(\d+)/.exec(of('ENV').join(' '))?.[1];
    expect(of('EXPOSE')).toEqual([`EXPOSE ${port}`]);
    expect(of('HEALTHCHECK')[0]).toMatch(/\/healthz/);
  });
});
