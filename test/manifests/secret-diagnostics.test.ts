import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/manifests/parse.ts';

const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata: { name: creds }\n${body}`;

describe('diagnostics about a broken Secret never quote its content', () => {
  it.each([
    ['an alias named after the value', secret('data:\n  password: *hunter2\n'), 5, 'hunter2'],
    [
      'an unknown tag carrying the value',
      secret('stringData:\n  token: !s3cr3t-t0ken value\n'),
      5,
      's3cr3t-t0ken',
    ],
    // The parser notices the unclosed quote where the file ends, on the line after it.
    ['a quoted value left open', secret('stringData:\n  token: "opensesame\n'), 6, 'opensesame'],
    [
      'stringData alone marks a Secret even without its kind',
      'apiVersion: v1\nmetadata: { name: x }\nstringData:\n  k: *letmein\n',
      4,
      'letmein',
    ],
  ])('%s', (_name, text, line, value) => {
    const { diagnostics } = parseManifests(text, 'secret.yaml');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.some((d) => d.line === line)).toBe(true);
    expect(JSON.stringify(diagnostics)).not.toContain(value);
  });

  it('still quotes the alias in a ConfigMap, where it helps and hides nothing', () => {
    const { diagnostics } = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata:\n  x: *shared\n',
      'cm.yaml',
    );
    expect(diagnostics[0]!.message).toContain('shared');
  });
});
