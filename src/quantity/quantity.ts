/**
 * Kubernetes quantities, parsed exactly as apimachinery's `resource.ParseQuantity`
 * reads them and converted to berth's integers (millicores, bytes, counts).
 *
 * Grammar (upstream's, quantity.go):
 *
 *   quantity  ::= signedNumber suffix
 *   number    ::= digits | digits "." digits | digits "." | "." digits
 *   suffix    ::= binarySI | decimalSI | ("e" | "E") signedInteger
 *   binarySI  ::= Ki | Mi | Gi | Ti | Pi | Ei
 *   decimalSI ::= n | u | m | "" | k | M | G | T | P | E
 *
 * Upstream keeps no more than nine decimal places: a finer value is rounded up, away
 * from zero, to the next nano (`1e-10` reads as `1n`), so every parsed quantity is an
 * exact whole number of nanos. That is how it is held here, as a bigint, so sums and
 * comparisons lose nothing. Binary quantities above 2^63-1 are capped there, as upstream
 * caps them.
 *
 * One deliberate difference: upstream's scanner reads a quantity with no digits at all
 * (`Gi`, `m`, `+`, `.`) as zero. Such a value is always a typo, so berth rejects it
 * and the user sees the line instead of a silent zero.
 */

import { type Diagnostic, diagnostic, type SourcePosition } from '../model/diagnostics.ts';
import type { ResourceList } from '../model/types.ts';

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The amount in units of 10^-9, exact. */
  readonly nanos: bigint;
  /** The suffix family it was written in (upstream prints it back in the same family). */
  readonly format: QuantityFormat;
}

export type QuantityParse = { ok: true; q: Quantity } | { ok: false; error: string };
export type AmountParse =
  | { ok: true; value: number }
  | {
      ok: false;
      /** `"<text>": <detail>`. */
      error: string;
      /** The problem alone, as the API server words it after `Invalid value: "<text>": `. */
      detail: string;
    };

/** Upstream's format error, word for word, so a user can search for it. */
const FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";

/** Longer text is no quantity anyone means; the cap keeps bigint work bounded. */
const MAX_TEXT_LENGTH = 128;
/** Exponents past this make numbers no resource can hold; the cap keeps 10^n small. */
const MAX_EXPONENT = 1000;

const NANOS_PER_UNIT = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;
const INT64_MAX = 2n ** 63n - 1n;

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

/** What upstream's scanner accepts after the number, before it interprets the suffix. */
const SUFFIX_SHAPE = /^[eEinumkKMGTP]*[+-]?[0-9]*$/;
const EXPONENT_SUFFIX = /^[eE]([+-]?[0-9]+)$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Divides two non-negative bigints rounding up. */
function divCeil(num: bigint, den: bigint): bigint {
  return (num + den - 1n) / den;
}

/** Divides rounding away from zero, as upstream's int64 scaling does. */
function divAwayFromZero(num: bigint, den: bigint): bigint {
  return num < 0n ? -divCeil(-num, den) : divCeil(num, den);
}

/** The text a YAML/JSON number stands for, as the API server would receive it. */
function textOf(input: unknown): string | { error: string } {
  if (typeof input === 'string') {
    // UnmarshalJSON trims surrounding whitespace before parsing; inner spaces stay errors.
    return input.trim();
  }
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { error: `${String(input)} is not a number` };
    return String(input);
  }
  if (typeof input === 'bigint') return input.toString();
  return { error: `must be a string or a number, not ${describe(input)}` };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  return typeof value;
}

/**
 * Parses a quantity written as a string or given as a YAML/JSON number.
 * Negative quantities parse (the grammar allows them); resource amounts reject them,
 * see `parseResourceAmount`.
 */
export function parseQuantity(input: unknown): QuantityParse {
  const text = textOf(input);
  if (typeof text !== 'string') return { ok: false, error: text.error };
  if (text.length === 0) return { ok: false, error: `"": ${FORMAT_ERROR}` };
  if (text.length > MAX_TEXT_LENGTH) {
    return {
      ok: false,
      error: `quantity is ${text.length} characters long; at most ${MAX_TEXT_LENGTH} are read`,
    };
  }

  let pos = 0;
  let negative = false;
  if (text[0] === '+' || text[0] === '-') {
    negative = text[0] === '-';
    pos = 1;
  }
  const intStart = pos;
  while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
  const intDigits = text.slice(intStart, pos);
  let fracDigits = '';
  if (text[pos] === '.') {
    pos++;
    const fracStart = pos;
    while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
    fracDigits = text.slice(fracStart, pos);
  }
  const suffix = text.slice(pos);
  if (!SUFFIX_SHAPE.test(suffix)) return { ok: false, error: `"${text}": ${FORMAT_ERROR}` };

  let format: QuantityFormat;
  let decimalExponent = 0;
  let binaryExponent = 0;
  const decimal = DECIMAL_SUFFIXES[suffix];
  const binary = BINARY_SUFFIXES[suffix];
  if (decimal !== undefined) {
    format = 'DecimalSI';
    decimalExponent = decimal;
  } else if (binary !== undefined) {
    format = 'BinarySI';
    binaryExponent = binary;
  } else {
    const exponent = EXPONENT_SUFFIX.exec(suffix)?.[1];
    if (exponent === undefined) return { ok: false, error: `"${text}": ${SUFFIX_ERROR}` };
    const n = Number(exponent);
    if (Math.abs(n) > MAX_EXPONENT) {
      return { ok: false, error: `"${text}": exponent out of range (at most ±${MAX_EXPONENT})` };
    }
    format = 'DecimalExponent';
    decimalExponent = n;
  }

  if (intDigits === '' && fracDigits === '') {
    return { ok: false, error: `"${text}" has no digits (the API server would read it as 0)` };
  }

  // value = digits × 2^binaryExponent × 10^(decimalExponent − fraction length); in nanos
  // the power of ten gains 9. Whatever is left below a nano rounds up (away from zero).
  let numerator = BigInt(`${intDigits}${fracDigits}` || '0') << BigInt(binaryExponent);
  let denominator = 1n;
  const tens = decimalExponent - fracDigits.length + 9;
  if (tens >= 0) numerator *= pow10(tens);
  else denominator = pow10(-tens);
  let nanos = divCeil(numerator, denominator);
  if (format === 'BinarySI' && nanos > INT64_MAX * NANOS_PER_UNIT) nanos = INT64_MAX * NANOS_PER_UNIT;
  return { ok: true, q: { nanos: negative ? -nanos : nanos, format } };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The quantity in thousandths, rounded away from zero: what the API server stores,
 * since defaulting rounds every quantity in a pod up to a milli (SetDefaults_ResourceList).
 */
export function milliUnits(q: Quantity): bigint {
  return divAwayFromZero(q.nanos, NANOS_PER_MILLI);
}

/** Quantity.MilliValue: thousandths, rounded up (away from zero). */
export function milliValue(q: Quantity): number {
  return Number(milliUnits(q));
}

/** Quantity.Value: whole units, rounded up (away from zero). */
export function value(q: Quantity): number {
  return Number(divAwayFromZero(q.nanos, NANOS_PER_UNIT));
}

/** The unit berth counts a resource in. */
export type ResourceUnit = 'millicores' | 'bytes' | 'count';

/** Quota keys name a resource with a `requests.` or `limits.` prefix (`requests.cpu`). */
function baseName(resource: string): string {
  if (resource.startsWith('requests.')) return resource.slice('requests.'.length);
  if (resource.startsWith('limits.')) return resource.slice('limits.'.length);
  return resource;
}

export function resourceUnit(resource: string): ResourceUnit {
  const name = baseName(resource);
  if (name === 'cpu') return 'millicores';
  if (
    name === 'memory' ||
    name === 'ephemeral-storage' ||
    name === 'storage' ||
    name.startsWith('hugepages-')
  ) {
    return 'bytes';
  }
  return 'count';
}

/**
 * Extended resources (`nvidia.com/gpu`, `example.com/dongle`) as upstream's
 * IsExtendedResourceName defines them: a domain-prefixed name outside kubernetes.io,
 * not a quota key.
 */
export function isExtendedResourceName(resource: string): boolean {
  if (!resource.includes('/')) return false;
  if (resource.includes('kubernetes.io/')) return false;
  return !resource.startsWith('requests.');
}

/**
 * An amount of one resource as berth counts it: `cpu` in millicores (MilliValue),
 * everything else in whole units (Value: bytes, counts). Rejects what API validation
 * rejects in a pod: negative amounts, and fractions of an extended resource.
 */
export function parseResourceAmount(resource: string, input: unknown): AmountParse {
  const shown = typeof input === 'string' ? input.trim() : String(input);
  const fail = (detail: string): AmountParse => ({ ok: false, error: `"${shown}": ${detail}`, detail });
  const parsed = parseQuantity(input);
  if (!parsed.ok) {
    const quoted = `"${shown}": `;
    return {
      ok: false,
      error: parsed.error,
      detail: parsed.error.startsWith(quoted) ? parsed.error.slice(quoted.length) : parsed.error,
    };
  }
  const { q } = parsed;
  if (q.nanos < 0n) return fail('must be greater than or equal to 0');
  const milli = milliUnits(q);
  if (isExtendedResourceName(resource) && milli % 1000n !== 0n) return fail('must be an integer');
  const unit = resourceUnit(resource);
  const amount = unit === 'millicores' ? milli : divCeil(milli, 1000n);
  // kube-scheduler reads cpu with MilliValue and the rest with Value, both int64: past
  // that the count overflows (upstream then sees a wrong, often zero, amount).
  if (amount > INT64_MAX) {
    const units = unit === 'millicores' ? 'millicores' : unit === 'bytes' ? 'bytes' : 'units';
    return fail(
      `too large for ${resource}: kube-scheduler counts it as a 64-bit number of ${units}, and this does not fit`,
    );
  }
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail(
      `too large for ${resource}: berth counts it exactly only up to ${Number.MAX_SAFE_INTEGER}${unit === 'millicores' ? 'm' : ''}`,
    );
  }
  return { ok: true, value: Number(amount) };
}

const BINARY_UNITS: readonly (readonly [string, bigint])[] = [
  ['Ei', 2n ** 60n],
  ['Pi', 2n ** 50n],
  ['Ti', 2n ** 40n],
  ['Gi', 2n ** 30n],
  ['Mi', 2n ** 20n],
  ['Ki', 2n ** 10n],
];

const DECIMAL_UNITS: readonly (readonly [string, bigint])[] = [
  ['E', 10n ** 18n],
  ['P', 10n ** 15n],
  ['T', 10n ** 12n],
  ['G', 10n ** 9n],
  ['M', 10n ** 6n],
  ['k', 10n ** 3n],
];

/** `n / unit` written with at most two decimals, or undefined when that is not exact. */
function exactWithTwoDecimals(n: bigint, unit: bigint): string | undefined {
  if ((n * 100n) % unit !== 0n) return undefined;
  const hundredths = (n * 100n) / unit;
  const whole = hundredths / 100n;
  const fraction = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

function formatBytes(n: bigint): string {
  if (n === 0n) return '0';
  // 1.5Gi reads better than 1536Mi: the largest unit first, if two decimals say it exactly.
  const largest = BINARY_UNITS.find(([, unit]) => n >= unit);
  if (largest) {
    const text = exactWithTwoDecimals(n, largest[1]);
    if (text !== undefined) return `${text}${largest[0]}`;
  }
  for (const [suffix, unit] of BINARY_UNITS) {
    if (n >= unit && n % unit === 0n) return `${n / unit}${suffix}`;
  }
  const decimal = DECIMAL_UNITS.find(([, unit]) => n >= unit);
  if (decimal) {
    const text = exactWithTwoDecimals(n, decimal[1]);
    if (text !== undefined) return `${text}${decimal[0]}`;
  }
  return n.toString();
}

function formatMillicores(n: bigint): string {
  if (n % 1000n === 0n) return `${n / 1000n}`;
  if (n < 1000n) return `${n}m`;
  return exactWithTwoDecimals(n, 1000n) ?? `${n}m`;
}

/**
 * An amount in berth's unit written for people, exact and parseable back as a quantity:
 * cpu `250m`, `2`, `1.5`; bytes `512Mi`, `2Gi`, `1.5Gi`, `1G`; counts as integers.
 */
export function formatQuantity(resource: string, amount: number): string {
  if (!Number.isFinite(amount)) return String(amount);
  const sign = amount < 0 ? '-' : '';
  const n = BigInt(Math.round(Math.abs(amount)));
  switch (resourceUnit(resource)) {
    case 'millicores':
      return sign + formatMillicores(n);
    case 'bytes':
      return sign + formatBytes(n);
    default:
      return sign + n.toString();
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a `requests`/`limits`/`overhead`/`hard` map. Each invalid quantity is an
 * `invalid-quantity` diagnostic at its own line (`at(key)`); the rest are kept.
 * A value that is not a mapping at all is reported at `at('')`, the map itself.
 */
export function parseResourceMap(
  map: unknown,
  at: (key: string) => SourcePosition,
): { list: ResourceList; diagnostics: Diagnostic[] } {
  const list: ResourceList = {};
  const diagnostics: Diagnostic[] = [];
  if (map === undefined || map === null) return { list, diagnostics };
  if (!isPlainObject(map)) {
    diagnostics.push(
      diagnostic(at(''), 'error', 'invalid-field', `resources must be a mapping, not ${describe(map)}`),
    );
    return { list, diagnostics };
  }
  for (const [key, raw] of Object.entries(map)) {
    const parsed = parseResourceAmount(key, raw);
    if (parsed.ok) list[key] = parsed.value;
    else
      diagnostics.push(
        diagnostic(at(key), 'error', 'invalid-quantity', `invalid quantity for ${key}: ${parsed.error}`),
      );
  }
  return { list, diagnostics };
}
