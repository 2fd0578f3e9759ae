import { describe, expect, it } from 'vitest';
import { formatDuration, nanosToMillis, parseGoDuration } from '../../src/timeline/duration.ts';

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const S = 1000n * MS;
const M = 60n * S;
const H = 60n * M;

describe('parseGoDuration reads what time.ParseDuration reads', () => {
  it.each<[string, bigint]>([
    ['0', 0n],
    ['5s', 5n * S],
    ['30s', 30n * S],
    ['1478s', 1478n * S],
    ['-5s', -5n * S],
    ['+5s', 5n * S],
    ['-0', 0n],
    ['45m', 45n * M],
    ['1h30m', 90n * M],
    ['1.5h', 90n * M],
    ['300ms', 300n * MS],
    ['2h45m30s', 2n * H + 45n * M + 30n * S],
    ['5.0s', 5n * S],
    ['5.6s', 5n * S + 600n * MS],
    ['5.s', 5n * S],
    ['.5s', 500n * MS],
    ['1.004s', 1004n * MS],
    ['100.00100s', 100n * S + 1n * MS],
    ['10ns', 10n],
    ['11us', 11n * US],
    ['12µs', 12n * US],
    ['12μs', 12n * US],
    ['13ms', 13n * MS],
    ['3h30m', 3n * H + 30n * M],
    ['10.5s4m', 4n * M + 10n * S + 500n * MS],
    ['-2m3.4s', -(2n * M + 3n * S + 400n * MS)],
    ['1h2m3s4ms5us6ns', H + 2n * M + 3n * S + 4n * MS + 5n * US + 6n],
    ['39h9m14.425s', 39n * H + 9n * M + 14n * S + 425n * MS],
    ['52763797000ns', 52763797000n],
    ['0.3333333333333333333h', 20n * M],
    ['9007199254740993ns', (1n << 53n) + 1n],
    ['9223372036854775807ns', (1n << 63n) - 1n],
    ['9223372036854775.807us', (1n << 63n) - 1n],
    ['9223372036s854ms775us807ns', (1n << 63n) - 1n],
    ['-9223372036854775808ns', -(1n << 63n)],
    ['-2562047h47m16.854775808s', -(1n << 63n)],
    ['0.100000000000000000000h', 6n * M],
    ['0.830103483285477580700h', 49n * M + 48n * S + 372539827n],
    ['1.1ns', 1n],
  ])('%s is %d ns', (text, expected) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, nanoseconds: expected });
  });

  it.each<[string, string]>([
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['90', 'time: missing unit in duration "90"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1h 30m', 'time: unknown unit "h " in duration "1h 30m"'],
    ['1H', 'time: unknown unit "H" in duration "1H"'],
    ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['9223372036854775.808us', 'time: invalid duration "9223372036854775.808us"'],
    ['2562048h', 'time: invalid duration "2562048h"'],
  ])('%j is refused with %j', (text, error) => {
    expect(parseGoDuration(text)).toEqual({ ok: false, error });
  });
});

describe('durations on the timeline clock', () => {
  it.each<[bigint, number]>([
    [0n, 0],
    [1n, 1],
    [1_000_000n, 1],
    [1_000_001n, 2],
    [90n * M, 5_400_000],
  ])('%d ns becomes %d ms, rounding up so a job never takes no time', (ns, ms) => {
    expect(nanosToMillis(ns)).toBe(ms);
  });

  it.each<[number, string]>([
    [0, '0s'],
    [1500, '1.5s'],
    [45 * 60_000, '45m'],
    [5_400_000, '1h30m'],
    [3_600_000, '1h'],
    [3_605_000, '1h0m5s'],
    [-60_000, '-1m'],
  ])('%d ms reads as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
