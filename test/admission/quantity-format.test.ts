import { describe, expect, it } from 'vitest';
import { addAmounts, formatOf, quantityString, roundTrip } from '../../src/admission/quantity-format.ts';

describe('quantities print as the API server prints them', () => {
  it.each([
    { value: 400, milli: true, format: 'DecimalSI', want: '400m' },
    { value: 1000, milli: true, format: 'DecimalSI', want: '1' },
    { value: 1500, milli: true, format: 'DecimalSI', want: '1500m' },
    { value: 2_000_000, milli: true, format: 'DecimalSI', want: '2k' },
    { value: 0, milli: true, format: 'BinarySI', want: '0' },
    { value: 600 * 1024 ** 2, milli: false, format: 'BinarySI', want: '600Mi' },
    { value: 1024 ** 3, milli: false, format: 'BinarySI', want: '1Gi' },
    { value: 1536 * 1024 ** 2, milli: false, format: 'BinarySI', want: '1536Mi' },
    { value: 600 * 1024 ** 2, milli: false, format: 'DecimalSI', want: '629145600' },
    { value: 1_000_000_000, milli: false, format: 'DecimalSI', want: '1G' },
    { value: 128_000_000, milli: false, format: 'DecimalSI', want: '128M' },
    { value: 1500, milli: false, format: 'BinarySI', want: '1500' },
    { value: 512, milli: false, format: 'BinarySI', want: '512' },
    { value: 1000, milli: false, format: 'DecimalExponent', want: '1e3' },
    { value: 3, milli: false, format: 'DecimalSI', want: '3' },
  ] as const)('$value ($format, milli $milli) prints as $want', ({ value, milli, format, want }) => {
    expect(quantityString({ value, format }, milli)).toBe(want);
  });

  it.each([
    { text: '600Mi', want: 'BinarySI' },
    { text: '1G', want: 'DecimalSI' },
    { text: '500m', want: 'DecimalSI' },
    { text: '1e3', want: 'DecimalExponent' },
    { text: 2, want: 'DecimalSI' },
  ])('$text is read as $want', ({ text, want }) => {
    expect(formatOf(text)).toBe(want);
  });

  it('adding to zero takes the other quantity format, adding to a non-zero one keeps its own', () => {
    expect(addAmounts({ value: 0, format: 'DecimalSI' }, { value: 1024, format: 'BinarySI' }).format).toBe(
      'BinarySI',
    );
    expect(addAmounts({ value: 1000, format: 'DecimalSI' }, { value: 1024, format: 'BinarySI' }).format).toBe(
      'DecimalSI',
    );
  });

  it('a stored binary quantity that prints without suffix reads back as decimal', () => {
    expect(roundTrip({ value: 1500, format: 'BinarySI' }, false).format).toBe('DecimalSI');
    expect(roundTrip({ value: 2048, format: 'BinarySI' }, false).format).toBe('BinarySI');
  });
});
