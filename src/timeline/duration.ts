/**
 * Go's `time.ParseDuration`, so `berth.dev/expected-duration: 1h30m` means what it
 * means to every Go tool in the Kubernetes world, and the same strings are refused.
 *
 * Grammar: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a bare `0`. Units: ns, us, µs, μs,
 * ms, s, m, h. Every number needs a unit (`90` is an error, not seconds).
 *
 * Arithmetic is in nanoseconds on 64-bit unsigned integers as upstream does it, and the
 * fraction is added through a float64 product: `1.1ns` is 1ns because
 * `float64(1) * (1 / 10)` truncates to 0. That is why BigInt and Number are mixed below.
 */

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const TWO_POW_63 = 1n << 63n;
const INT64_MAX = TWO_POW_63 - 1n;

export type DurationParse = { ok: true; nanoseconds: bigint } | { ok: false; error: string };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function quote(s: string): string {
  return JSON.stringify(s);
}

export function parseGoDuration(input: string): DurationParse {
  const invalid: DurationParse = { ok: false, error: `time: invalid duration ${quote(input)}` };
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanoseconds: 0n };
  if (s === '') return invalid;

  let total = 0n;
  let i = 0;
  while (i < s.length) {
    if (!(s[i] === '.' || isDigit(s[i]))) return invalid;

    // Integer part; an integer that does not fit 63 bits is an error, as upstream.
    const intStart = i;
    let whole = 0n;
    while (isDigit(s[i])) {
      whole = whole * 10n + BigInt(Number(s[i]));
      if (whole > TWO_POW_63) return invalid;
      i++;
    }
    const sawInteger = i > intStart;

    // Fraction: digits past what fits are ignored rather than rejected, as upstream.
    let fraction = 0n;
    let scale = 1;
    let sawFraction = false;
    if (s[i] === '.') {
      i++;
      const fracStart = i;
      let overflow = false;
      while (isDigit(s[i])) {
        if (!overflow) {
          if (fraction > INT64_MAX / 10n) {
            overflow = true;
          } else {
            const next = fraction * 10n + BigInt(Number(s[i]));
            if (next > TWO_POW_63) overflow = true;
            else {
              fraction = next;
              scale *= 10;
            }
          }
        }
        i++;
      }
      sawFraction = i > fracStart;
    }
    if (!sawInteger && !sawFraction) return invalid;

    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) i++;
    if (i === unitStart) return { ok: false, error: `time: missing unit in duration ${quote(input)}` };
    const unitName = s.slice(unitStart, i);
    const unit = UNITS.get(unitName);
    if (unit === undefined) {
      return { ok: false, error: `time: unknown unit ${quote(unitName)} in duration ${quote(input)}` };
    }
    if (whole > TWO_POW_63 / unit) return invalid;
    let value = whole * unit;
    if (fraction > 0n) {
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_POW_63) return invalid;
    }
    total += value;
    if (total > TWO_POW_63) return invalid;
  }
  if (negative) return { ok: true, nanoseconds: -total };
  if (total > INT64_MAX) return invalid;
  return { ok: true, nanoseconds: total };
}

/**
 * Nanoseconds to the timeline's millisecond clock. Rounds up so a positive duration
 * never becomes an instantaneous job.
 */
export function nanosToMillis(nanoseconds: bigint): number {
  const ms = nanoseconds / 1_000_000n;
  return Number(nanoseconds % 1_000_000n > 0n ? ms + 1n : ms);
}

/**
 * Milliseconds as a short Go-style duration: `1h30m`, `45m`, `2h0m5s`, `0s`, `1.5s`.
 * Unlike Go's String() it drops zero trailing components (`1h` rather than `1h0m0s`)
 * because people read these in tables.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  if (rest === 0) return '0s';
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  let out = sign;
  if (hours > 0) out += `${hours}h`;
  if (minutes > 0 || (hours > 0 && seconds > 0)) out += `${minutes}m`;
  if (seconds > 0) out += `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')}s`;
  return out;
}
