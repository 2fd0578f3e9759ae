/**
 * Quantities as the API server prints them in admission errors.
 *
 * berth keeps amounts as integers (millicores, bytes, counts), but the API server's
 * messages print a `resource.Quantity`, whose text depends on the format it was
 * written in: `600Mi` stays `600Mi` (BinarySI) while `629145600` or `1G` print in
 * DecimalSI. So the admission code carries the format next to the amount and mirrors
 * the few rules upstream applies when quantities are added or compared:
 *
 * - a quantity parsed from text takes its format from the suffix
 *   (Ki..Ei -> BinarySI, e/E exponent -> DecimalExponent, anything else DecimalSI);
 * - adding to a zero quantity takes the other's format (so a sum of `600Mi` pods
 *   stays binary even though the quota controller starts from a DecimalSI zero);
 * - a maximum keeps the larger quantity, format and all;
 * - a value stored in the API (quota status) is re-read from its printed text, so its
 *   format is the printed text's.
 */

import { parseQuantity, type QuantityFormat } from '../quantity/quantity.ts';

export type { QuantityFormat };

/** An amount in berth's integer unit plus the format the API server would print it in. */
export interface Amount {
  /** Millicores for `cpu`-like resources, otherwise whole units (bytes, counts). */
  value: number;
  format: QuantityFormat;
}

/** The format upstream's parser gives a quantity written as `text`. */
export function formatOf(text: string | number): QuantityFormat {
  const parsed = parseQuantity(text);
  return parsed.ok ? parsed.q.format : 'DecimalSI';
}

/** Quantity.Add: the sum keeps the left format unless the left side is zero. */
export function addAmounts(a: Amount | undefined, b: Amount): Amount {
  if (!a) return { ...b };
  return { value: a.value + b.value, format: a.value === 0 ? b.format : a.format };
}

/** The larger of two quantities, as maxResourceList keeps it (ties keep the first). */
export function maxAmount(a: Amount | undefined, b: Amount): Amount {
  if (!a || b.value > a.value) return { ...b };
  return a;
}

const DECIMAL_SUFFIXES: Record<number, string> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

function removeFactors(value: bigint, base: bigint): [bigint, number] {
  let times = 0;
  let v = value;
  while (v !== 0n && v % base === 0n) {
    v /= base;
    times++;
  }
  return [v, times];
}

/**
 * The canonical text of a quantity (Quantity.String / CanonicalizeBytes).
 * `milli` says the amount is in thousandths (CPU millicores).
 *
 * Worked example: 1500 millicores -> mantissa 15, exponent -1; exponents are
 * multiples of three, so 1500 with exponent -3 -> `1500m`. 629145600 bytes in
 * BinarySI -> 600 * 1024^2 -> `600Mi`; the same bytes in DecimalSI -> `629145600`.
 */
export function quantityString(amount: Amount, milli: boolean): string {
  const { value } = amount;
  if (value === 0) return '0';
  const scale = milli ? -3 : 0;
  let format = amount.format;
  if (format === 'BinarySI') {
    const whole = milli ? value / 1000 : value;
    // Small or fractional binary quantities print in DecimalSI rather than round.
    if (Math.abs(whole) < 1024 || !Number.isInteger(whole)) format = 'DecimalSI';
    else {
      const [mantissa, exponent] = removeFactors(BigInt(whole), 1024n);
      const suffix = BINARY_SUFFIXES[exponent];
      if (suffix !== undefined) return `${mantissa}${suffix}`;
      format = 'DecimalSI';
    }
  }
  let [mantissa, times] = removeFactors(BigInt(value), 10n);
  let exponent = scale + times;
  const rem = exponent % 3;
  if (rem === 1 || rem === -2) {
    mantissa *= 10n;
    exponent -= 1;
  } else if (rem === 2 || rem === -1) {
    mantissa *= 100n;
    exponent -= 2;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = DECIMAL_SUFFIXES[exponent];
  return suffix !== undefined ? `${mantissa}${suffix}` : `${mantissa}e${exponent}`;
}

/** The amount as the API server holds it after storing and reading back its text. */
export function roundTrip(amount: Amount, milli: boolean): Amount {
  return { value: amount.value, format: formatOf(quantityString(amount, milli)) };
}
