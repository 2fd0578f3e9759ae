/**
 * A Secret the API server refuses before anything runs: data that is not base64, keys
 * that are not config keys. Each is an error at its line, in the API server's words; the
 * Secret never becomes an object of the plan, and no message quotes a value.
 */

import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/manifests/parse.ts';
import { base64Problem } from '../../src/manifests/secret.ts';

const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata: { name: creds }\n${body}`;

describe('Secret data as the API server decodes it', () => {
  it.each([
    [
      'text that is not base64 is refused at the byte Go stops at',
      secret('data:\n  password: "hunter2 not base64!"\n'),
      5,
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7',
      'hunter2',
    ],
    [
      'base64 without its padding',
      secret('data:\n  token: aGVsbG8\n'),
      5,
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
      'aGVsbG8',
    ],
    [
      'a number where base64 text belongs',
      secret('data:\n  pin: 123456\n'),
      5,
      'Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.data of type []uint8',
      '123456',
    ],
    [
      'a key that is no config key',
      secret('data:\n  "db password": c2VjcmV0\n'),
      5,
      `The Secret "creds" is invalid: data[db password]: Invalid value: "db password": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
      'c2VjcmV0',
    ],
    [
      'a stringData value that is not a string',
      secret('stringData:\n  port: 5432\n'),
      5,
      'json: cannot unmarshal number into Go struct field Secret.stringData of type string',
      '5432',
    ],
  ])('%s', (_name, text, line, message, value) => {
    const { objects, diagnostics } = parseManifests(text, 'secret.yaml');
    expect(objects).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line, severity: 'error' });
    expect(diagnostics[0]!.message).toContain(message);
    expect(JSON.stringify(diagnostics)).not.toContain(value);
  });

  it('keeps a Secret whose data decodes, with newlines and padding as Go allows them', () => {
    const text = secret('data:\n  a: aGVsbG8=\n  b: "aGVs\\nbG8="\n  c: ""\nstringData:\n  d: plain\n');
    expect(parseManifests(text, 'secret.yaml')).toMatchObject({
      diagnostics: [],
      objects: [{ kind: 'Secret' }],
    });
  });

  it.each([
    ['aGVsbG8=', { bytes: 5 }],
    ['aGVsbA==', { bytes: 4 }],
    ['aGVs', { bytes: 3 }],
    ['aGVs\r\nbG8=', { bytes: 5 }],
    ['', { bytes: 0 }],
    ['a===', { at: 1 }],
    ['aGVsbG8=x', { at: 8 }],
    ['aGVsbA=', { at: 7 }],
    ['aGVs-G8=', { at: 4 }],
    ['aGVsb', { at: 4 }],
  ])('base64 %j decodes as Go decodes it: %j', (text, expected) => {
    expect(base64Problem(text)).toEqual(expected);
  });
});
