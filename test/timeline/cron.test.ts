import { describe, expect, it } from 'vitest';
import { cronFireTimes, parseCron } from '../../src/timeline/cron.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function fires(spec: string, from: string, to: string, timeZone?: string): string[] {
  const parsed = parseCron(spec, timeZone);
  if (!parsed.ok) throw new Error(parsed.error);
  return cronFireTimes(parsed.schedule, at(from), at(to)).map(iso);
}

describe('cron schedules fire when the CronJob controller would start them', () => {
  it.each<[string, string, string, string[]]>([
    [
      'every 15 minutes with a step',
      '*/15 * * * *',
      '2025-06-02T00:00:00Z',
      ['2025-06-02T00:00:00Z', '2025-06-02T00:15:00Z', '2025-06-02T00:30:00Z', '2025-06-02T00:45:00Z'],
    ],
    [
      'a list of minutes',
      '5,50 * * * *',
      '2025-06-02T00:00:00Z',
      ['2025-06-02T00:05:00Z', '2025-06-02T00:50:00Z'],
    ],
    [
      'a range with a step',
      '10-40/15 * * * *',
      '2025-06-02T00:00:00Z',
      ['2025-06-02T00:10:00Z', '2025-06-02T00:25:00Z', '2025-06-02T00:40:00Z'],
    ],
    [
      'a start with a step runs to the end of the range',
      '50/5 * * * *',
      '2025-06-02T00:00:00Z',
      ['2025-06-02T00:50:00Z', '2025-06-02T00:55:00Z'],
    ],
    ['@hourly', '@hourly', '2025-06-02T00:30:00Z', ['2025-06-02T01:00:00Z']],
  ])('%s (%s)', (_name, spec, from, expected) => {
    expect(fires(spec, from, new Date(at(from) + 3_600_000).toISOString())).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    [
      '@weekly fires on Sunday',
      '@weekly',
      ['2025-06-08T00:00:00Z', '2025-06-15T00:00:00Z', '2025-06-22T00:00:00Z', '2025-06-29T00:00:00Z'],
    ],
    ['@monthly fires on the 1st', '@monthly', ['2025-07-01T00:00:00Z']],
    ['month names', '0 0 1 jul,AUG *', ['2025-07-01T00:00:00Z']],
    [
      'day of month OR day of week when both are restricted',
      '0 6 15 * FRI',
      [
        '2025-06-06T06:00:00Z',
        '2025-06-13T06:00:00Z',
        '2025-06-15T06:00:00Z',
        '2025-06-20T06:00:00Z',
        '2025-06-27T06:00:00Z',
      ],
    ],
    ['day of month AND a starred day of week', '0 6 15 * *', ['2025-06-15T06:00:00Z']],
    [
      'a stepped day of week is not a star, so the days OR',
      '0 0 1 * */3',
      [
        '2025-06-04T00:00:00Z',
        '2025-06-07T00:00:00Z',
        '2025-06-08T00:00:00Z',
        '2025-06-11T00:00:00Z',
        '2025-06-14T00:00:00Z',
        '2025-06-15T00:00:00Z',
        '2025-06-18T00:00:00Z',
        '2025-06-21T00:00:00Z',
        '2025-06-22T00:00:00Z',
        '2025-06-25T00:00:00Z',
        '2025-06-28T00:00:00Z',
        '2025-06-29T00:00:00Z',
        '2025-07-01T00:00:00Z',
      ],
    ],
    [
      '? is a star',
      '0 12 ? * SUN',
      ['2025-06-08T12:00:00Z', '2025-06-15T12:00:00Z', '2025-06-22T12:00:00Z', '2025-06-29T12:00:00Z'],
    ],
  ])('%s (%s)', (_name, spec, expected) => {
    expect(fires(spec, '2025-06-02T00:00:01Z', '2025-07-02T00:00:00Z')).toEqual(expected);
  });

  it.each([['@daily'], ['@midnight']])('%s fires at midnight', (spec) => {
    expect(fires(spec, '2025-06-02T00:00:01Z', '2025-06-04T12:00:00Z')).toEqual([
      '2025-06-03T00:00:00Z',
      '2025-06-04T00:00:00Z',
    ]);
  });

  it('weekday names and ranges, any case', () => {
    expect(fires('0 9 * * MON-wed', '2025-06-02T00:00:00Z', '2025-06-10T00:00:00Z')).toEqual([
      '2025-06-02T09:00:00Z',
      '2025-06-03T09:00:00Z',
      '2025-06-04T09:00:00Z',
      '2025-06-09T09:00:00Z',
    ]);
  });

  it('@yearly fires on the 1st of January only', () => {
    expect(fires('@yearly', '2025-06-02T00:00:00Z', '2027-06-01T00:00:00Z')).toEqual([
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
    ]);
  });

  it('@every counts from the start', () => {
    expect(fires('@every 1h30m', '2025-06-02T00:00:00Z', '2025-06-02T04:00:00Z')).toEqual([
      '2025-06-02T01:30:00Z',
      '2025-06-02T03:00:00Z',
    ]);
  });

  it('spec.timeZone reads the fields in that zone', () => {
    expect(fires('0 9 * * *', '2025-06-02T00:00:00Z', '2025-06-03T00:00:00Z', 'America/New_York')).toEqual([
      '2025-06-02T13:00:00Z',
    ]);
  });

  it.each([['CRON_TZ=Asia/Tokyo 0 9 * * *'], ['TZ=Asia/Tokyo 0 9 * * *']])(
    'a %s prefix sets the zone',
    (spec) => {
      expect(fires(spec, '2025-06-02T00:00:00Z', '2025-06-03T00:00:00Z')).toEqual(['2025-06-02T00:00:00Z']);
      const parsed = parseCron(spec);
      expect(parsed.ok && parsed.zoneFromSchedule).toBe(true);
    },
  );

  it('a time skipped by the spring-forward jump does not fire that day', () => {
    // Europe/Berlin jumps from 02:00 to 03:00 on 2025-03-30.
    expect(fires('30 2 * * *', '2025-03-29T00:00:00Z', '2025-04-01T00:00:00Z', 'Europe/Berlin')).toEqual([
      '2025-03-29T01:30:00Z',
      '2025-03-31T00:30:00Z',
    ]);
  });

  it('a time repeated by the fall-back jump fires at both instants', () => {
    // Europe/Berlin goes from 03:00 back to 02:00 on 2025-10-26.
    expect(fires('30 2 * * *', '2025-10-26T00:00:00Z', '2025-10-27T00:00:00Z', 'Europe/Berlin')).toEqual([
      '2025-10-26T00:30:00Z',
      '2025-10-26T01:30:00Z',
    ]);
  });

  it('midnight right after a spring-forward day still fires', () => {
    // America/New_York jumps from 02:00 to 03:00 on 2025-03-09.
    expect(fires('0 0 * * *', '2025-03-08T00:00:00Z', '2025-03-11T00:00:00Z', 'America/New_York')).toEqual([
      '2025-03-08T05:00:00Z',
      '2025-03-09T05:00:00Z',
      '2025-03-10T04:00:00Z',
    ]);
    expect(fires('0 0 10 * *', '2025-03-01T00:00:00Z', '2025-03-11T00:00:00Z', 'America/New_York')).toEqual([
      '2025-03-10T04:00:00Z',
    ]);
  });
});

describe('cron schedules the controller would refuse are refused', () => {
  it.each<[string, string]>([
    ['* * * *', 'expected exactly 5 fields, found 4: * * * *'],
    ['0 0 * * * *', 'expected exactly 5 fields, found 6: 0 0 * * * *'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['* * * * MONDAY', 'failed to parse int from MONDAY'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['', 'empty spec string'],
  ])('%j: %s', (spec, error) => {
    expect(parseCron(spec)).toEqual({ ok: false, error });
  });

  it('an unknown time zone is refused', () => {
    expect(parseCron('0 * * * *', 'Mars/Olympus_Mons')).toEqual({
      ok: false,
      error: 'unknown time zone Mars/Olympus_Mons',
    });
    expect(parseCron('CRON_TZ=Nowhere 0 * * * *')).toEqual({ ok: false, error: 'unknown time zone Nowhere' });
  });
});
