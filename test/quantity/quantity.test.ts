import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatQuantity,
  milliValue,
  parseQuantity,
  parseResourceAmount,
  parseResourceMap,
  value,
} from '../../src/quantity/quantity.ts';

const GI = 2 ** 30;
const MI = 2 ** 20;

function parsed(input: unknown) {
  const result = parseQuantity(input);
  if (!result.ok) throw new Error(`expected ${String(input)} to parse: ${result.error}`);
  return result.q;
}

describe('parseQuantity', () => {
  // Expected figures were checked against apimachinery's ParseQuantity / MilliValue / Value.
  it.each([
    { input: '500m', milli: 500, whole: 1, format: 'DecimalSI' },
    { input: '0.5', milli: 500, whole: 1, format: 'DecimalSI' },
    { input: '1.5', milli: 1500, whole: 2, format: 'DecimalSI' },
    { input: '2', milli: 2000, whole: 2, format: 'DecimalSI' },
    { input: '1e3', milli: 1_000_000, whole: 1000, format: 'DecimalExponent' },
    { input: '1E3', milli: 1_000_000, whole: 1000, format: 'DecimalExponent' },
    { input: '1e-3', milli: 1, whole: 1, format: 'DecimalExponent' },
    { input: '2Gi', milli: 2 * GI * 1000, whole: 2 * GI, format: 'BinarySI' },
    { input: '2G', milli: 2e12, whole: 2e9, format: 'DecimalSI' },
    { input: '100Ki', milli: 102_400_000, whole: 102_400, format: 'BinarySI' },
    { input: '1M', milli: 1e9, whole: 1e6, format: 'DecimalSI' },
    { input: '.5', milli: 500, whole: 1, format: 'DecimalSI' },
    { input: '+1', milli: 1000, whole: 1, format: 'DecimalSI' },
    { input: '1.', milli: 1000, whole: 1, format: 'DecimalSI' },
    { input: '1.5Gi', milli: 1.5 * GI * 1000, whole: 1.5 * GI, format: 'BinarySI' },
    { input: '0.1m', milli: 1, whole: 1, format: 'DecimalSI' },
    { input: '1n', milli: 1, whole: 1, format: 'DecimalSI' },
    { input: '1e-10', milli: 1, whole: 1, format: 'DecimalExponent' },
    { input: '-1', milli: -1000, whole: -1, format: 'DecimalSI' },
    { input: ' 1Gi ', milli: GI * 1000, whole: GI, format: 'BinarySI' },
    { input: 0.5, milli: 500, whole: 1, format: 'DecimalSI' },
    { input: 3, milli: 3000, whole: 3, format: 'DecimalSI' },
    { input: 1e3, milli: 1_000_000, whole: 1000, format: 'DecimalSI' },
  ])('reads $input as $milli thousandths and $whole whole units', ({ input, milli, whole, format }) => {
    const q = parsed(input);
    expect(milliValue(q)).toBe(milli);
    expect(value(q)).toBe(whole);
    expect(q.format).toBe(format);
  });

  it('keeps nine decimal places exactly and rounds finer digits up to the next nano', () => {
    expect(parsed('0.0000000015').nanos).toBe(2n);
    expect(parsed('1.0000000001Ki').nanos).toBe(1_024_000_000_103n);
    expect(parsed('3.3333333333333').nanos).toBe(3_333_333_334n);
  });

  it('caps binary quantities at 2^63-1 as upstream does', () => {
    expect(parsed('100Ei').nanos).toBe((2n ** 63n - 1n) * 1_000_000_000n);
  });

  it.each([
    ['1.5.5', 'regular expression'],
    ['Gi', 'has no digits'],
    ['m', 'has no digits'],
    ['1 Gi', 'regular expression'],
    ['--1', "unable to parse quantity's suffix"],
    ['1i', "unable to parse quantity's suffix"],
    ['1K', "unable to parse quantity's suffix"],
    ['1e', "unable to parse quantity's suffix"],
    ['0x10', 'regular expression'],
    ['1e1.5', 'regular expression'],
    ['', 'regular expression'],
    ['   ', 'regular expression'],
    [true, 'must be a string or a number, not the boolean true'],
    [null, 'not null'],
    [{ cpu: 1 }, 'not a mapping'],
    [Number.NaN, 'is not a number'],
  ])('rejects %j (%s)', (input, message) => {
    const result = parseQuantity(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('parseResourceAmount', () => {
  it.each([
    { resource: 'cpu', input: '250m', expected: 250 },
    { resource: 'cpu', input: '0.1m', expected: 1 },
    { resource: 'cpu', input: 2, expected: 2000 },
    { resource: 'requests.cpu', input: '1.5', expected: 1500 },
    { resource: 'memory', input: '1.5', expected: 2 },
    { resource: 'memory', input: '128Mi', expected: 128 * MI },
    { resource: 'memory', input: '1G', expected: 1e9 },
    { resource: 'ephemeral-storage', input: '2Gi', expected: 2 * GI },
    { resource: 'nvidia.com/gpu', input: '2', expected: 2 },
    { resource: 'nvidia.com/gpu', input: '1000m', expected: 1 },
    { resource: 'example.com/dongle', input: 3, expected: 3 },
    { resource: 'pods', input: '110', expected: 110 },
  ])('reads $resource $input as $expected', ({ resource, input, expected }) => {
    expect(parseResourceAmount(resource, input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    { resource: 'cpu', input: '-1', message: 'must be greater than or equal to 0' },
    { resource: 'memory', input: '-1Gi', message: 'must be greater than or equal to 0' },
    { resource: 'nvidia.com/gpu', input: '0.5', message: 'must be an integer' },
    { resource: 'nvidia.com/gpu', input: 1.5, message: 'must be an integer' },
    { resource: 'memory', input: '1Ei', message: 'too large' },
  ])('rejects $resource $input: $message', ({ resource, input, message }) => {
    const result = parseResourceAmount(resource, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('formatQuantity', () => {
  it.each([
    { resource: 'cpu', amount: 250, text: '250m' },
    { resource: 'cpu', amount: 2000, text: '2' },
    { resource: 'cpu', amount: 1500, text: '1.5' },
    { resource: 'cpu', amount: 1250, text: '1.25' },
    { resource: 'cpu', amount: 1001, text: '1001m' },
    { resource: 'cpu', amount: 0, text: '0' },
    { resource: 'memory', amount: 512 * MI, text: '512Mi' },
    { resource: 'memory', amount: 2 * GI, text: '2Gi' },
    { resource: 'memory', amount: 1.5 * GI, text: '1.5Gi' },
    { resource: 'memory', amount: 1025 * 1024, text: '1025Ki' },
    { resource: 'memory', amount: 1e9, text: '1G' },
    { resource: 'memory', amount: 123_456_789, text: '123456789' },
    { resource: 'memory', amount: 0, text: '0' },
    { resource: 'ephemeral-storage', amount: 10 * GI, text: '10Gi' },
    { resource: 'nvidia.com/gpu', amount: 4, text: '4' },
  ])('writes $amount of $resource as $text', ({ resource, amount, text }) => {
    expect(formatQuantity(resource, amount)).toBe(text);
  });

  it.each([
    ['cpu', 1250],
    ['memory', 1.5 * GI],
    ['memory', 1025 * 1024],
    ['memory', 123_456_789],
  ])('writes %s %d as text that parses back to the same amount', (resource, amount) => {
    expect(parseResourceAmount(resource, formatQuantity(resource, amount))).toEqual({
      ok: true,
      value: amount,
    });
  });
});

describe('parseResourceMap', () => {
  const at = (key: string) => ({
    file: 'pod.yaml',
    line: key === 'memory' ? 12 : key === '' ? 9 : 11,
    column: 9,
  });

  it('keeps the valid quantities and reports each invalid one at its own line', () => {
    const { list, diagnostics } = parseResourceMap({ cpu: '250m', memory: '1 Gi', 'nvidia.com/gpu': 1 }, at);
    expect(list).toEqual({ cpu: 250, 'nvidia.com/gpu': 1 });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      file: 'pod.yaml',
      line: 12,
      code: 'invalid-quantity',
      severity: 'error',
    });
    expect(diagnostics[0]?.message).toContain('memory');
  });

  it('reports a value that is not a mapping at the map itself', () => {
    const { list, diagnostics } = parseResourceMap(['cpu'], at);
    expect(list).toEqual({});
    expect(diagnostics[0]).toMatchObject({ line: 9, code: 'invalid-field' });
  });

  it('reads an absent map as empty, without diagnostics', () => {
    expect(parseResourceMap(undefined, at)).toEqual({ list: {}, diagnostics: [] });
  });
});

describe('properties', () => {
  it('never throws, whatever the input text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.stringMatching(/^[+-]?[0-9.]{0,6}[eEinumkKMGTP]{0,2}[+-]?[0-9]{0,3}$/)),
        (text) => {
          const result = parseQuantity(text);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
    );
  });

  it.each(['cpu', 'memory', 'nvidia.com/gpu'])(
    'formats any %s amount as text that parses back to it',
    (resource) => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (amount) => {
          expect(parseResourceAmount(resource, formatQuantity(resource, amount))).toEqual({
            ok: true,
            value: amount,
          });
        }),
      );
    },
  );

  it('reads a millicore amount written with an m suffix back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (milli) => {
        expect(parseResourceAmount('cpu', `${milli}m`)).toEqual({ ok: true, value: milli });
      }),
    );
  });
});
