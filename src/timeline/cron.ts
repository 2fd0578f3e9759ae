/**
 * CronJob schedules as the Kubernetes CronJob controller reads them (robfig/cron v3's
 * standard parser): five fields `minute hour day-of-month month day-of-week`, lists,
 * ranges, steps (`N/step` means `N-max/step`), `*` and `?`, month and weekday names
 * (case-insensitive), the descriptors @yearly/@annually, @monthly, @weekly,
 * @daily/@midnight, @hourly and `@every <duration>`, and a `CRON_TZ=` or `TZ=` prefix.
 * Day-of-week is 0-6 (Sunday 0): 7 is out of range there, as upstream.
 *
 * Day matching follows cron's old rule: when either day field is a bare `*` (or `?`, or
 * `*` with step 1) both must match, otherwise either may.
 */

import { parseGoDuration } from './duration.ts';

export interface CronSchedule {
  /** Bit sets of allowed values (bit n set = value n allowed). */
  minutes: bigint;
  hours: bigint;
  daysOfMonth: bigint;
  months: bigint;
  daysOfWeek: bigint;
  /** The day fields that were written as a star: upstream then ANDs the day fields. */
  domStar: boolean;
  dowStar: boolean;
  /** IANA zone the schedule is read in; `UTC` unless the schedule or spec.timeZone says. */
  timeZone: string;
  /** For `@every`: a constant delay in ms instead of the fields. */
  everyMs?: number;
}

export type CronParse =
  | { ok: true; schedule: CronSchedule; zoneFromSchedule: boolean }
  | { ok: false; error: string };

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DAYS_OF_WEEK: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

function bitsBetween(min: number, max: number, step: number): bigint {
  let bits = 0n;
  for (let i = min; i <= max; i += step) bits |= 1n << BigInt(i);
  return bits;
}

const all = (b: Bounds): bigint => bitsBetween(b.min, b.max, 1);

class CronSyntaxError extends Error {}

function parseNumber(text: string, bounds: Bounds): number {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^[0-9]+$/.test(text)) throw new CronSyntaxError(`failed to parse int from ${text}`);
  return Number(text);
}

/** One comma-separated piece: `*`, `?`, `N`, `N-M`, each optionally `/step`. */
function parseRange(expr: string, bounds: Bounds): { bits: bigint; star: boolean } {
  const rangeAndStep = expr.split('/');
  if (rangeAndStep.length > 2) throw new CronSyntaxError(`too many slashes: ${expr}`);
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  if (lowAndHigh.length > 2) throw new CronSyntaxError(`too many hyphens: ${expr}`);
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseNumber(lowAndHigh[0] ?? '', bounds);
    end = single ? start : parseNumber(lowAndHigh[1] ?? '', bounds);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1] ?? '', { min: 0, max: 0 });
    if (step <= 0) throw new CronSyntaxError(`step of range should be a positive number: ${expr}`);
    if (single) end = bounds.max;
    if (step > 1) star = false;
  }
  if (start < bounds.min)
    throw new CronSyntaxError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max)
    throw new CronSyntaxError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end)
    throw new CronSyntaxError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  return { bits: bitsBetween(start, end, step), star };
}

function parseField(field: string, bounds: Bounds): { bits: bigint; star: boolean } {
  let bits = 0n;
  let star = false;
  for (const piece of field.split(',')) {
    if (piece === '') continue;
    const range = parseRange(piece, bounds);
    bits |= range.bits;
    star ||= range.star;
  }
  if (bits === 0n) throw new CronSyntaxError(`empty field: ${field}`);
  return { bits, star };
}

/** Whether `Intl` knows the zone; the controller refuses a CronJob whose zone it cannot load. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function parseCron(spec: string, timeZone?: string): CronParse {
  let text = spec.trim();
  let zone = timeZone ?? 'UTC';
  let zoneFromSchedule = false;
  const prefix = /^(CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (prefix) {
    zone = prefix[2] ?? zone;
    zoneFromSchedule = true;
    text = text.slice(prefix[0].length).trim();
  }
  if (!isKnownTimeZone(zone)) return { ok: false, error: `unknown time zone ${zone}` };
  if (text === '') return { ok: false, error: 'empty spec string' };
  try {
    if (text.startsWith('@')) {
      const schedule = parseDescriptor(text, zone);
      return { ok: true, schedule, zoneFromSchedule };
    }
    const fields = text.split(/\s+/);
    if (fields.length !== 5) {
      return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: ${text}` };
    }
    const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
    const d = parseField(dom, DAYS_OF_MONTH);
    const w = parseField(dow, DAYS_OF_WEEK);
    return {
      ok: true,
      zoneFromSchedule,
      schedule: {
        minutes: parseField(minute, MINUTES).bits,
        hours: parseField(hour, HOURS).bits,
        daysOfMonth: d.bits,
        months: parseField(month, MONTHS).bits,
        daysOfWeek: w.bits,
        domStar: d.star,
        dowStar: w.star,
        timeZone: zone,
      },
    };
  } catch (error) {
    if (error instanceof CronSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

function parseDescriptor(text: string, zone: string): CronSchedule {
  const at = (
    minutes: bigint,
    hours: bigint,
    dom: bigint,
    months: bigint,
    dow: bigint,
    star: [boolean, boolean],
  ) => ({
    minutes,
    hours,
    daysOfMonth: dom,
    months,
    daysOfWeek: dow,
    domStar: star[0],
    dowStar: star[1],
    timeZone: zone,
  });
  switch (text) {
    case '@yearly':
    case '@annually':
      return at(1n, 1n, 1n << 1n, 1n << 1n, all(DAYS_OF_WEEK), [false, true]);
    case '@monthly':
      return at(1n, 1n, 1n << 1n, all(MONTHS), all(DAYS_OF_WEEK), [false, true]);
    case '@weekly':
      return at(1n, 1n, all(DAYS_OF_MONTH), all(MONTHS), 1n, [true, false]);
    case '@daily':
    case '@midnight':
      return at(1n, 1n, all(DAYS_OF_MONTH), all(MONTHS), all(DAYS_OF_WEEK), [true, true]);
    case '@hourly':
      return at(1n, all(HOURS), all(DAYS_OF_MONTH), all(MONTHS), all(DAYS_OF_WEEK), [true, true]);
  }
  if (text.startsWith('@every ')) {
    const parsed = parseGoDuration(text.slice('@every '.length).trim());
    if (!parsed.ok) throw new CronSyntaxError(`failed to parse duration ${text}: ${parsed.error}`);
    // robfig/cron runs @every at whole seconds and never more often than once a second.
    const seconds = Number(parsed.nanoseconds / 1_000_000_000n);
    const everyMs = Math.max(1, seconds) * 1000;
    return { ...at(0n, 0n, 0n, 0n, 0n, [true, true]), everyMs };
  }
  throw new CronSyntaxError(`unrecognized descriptor: ${text}`);
}

/**
 * The offset of a zone from UTC at an instant, in ms. Cached per 15-minute slot: every
 * zone in the tz database changes offset on a quarter hour, and Intl is slow.
 */
function offsetFinder(zone: string): (instant: number) => number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return () => 0;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const cache = new Map<number, number>();
  return (instant) => {
    const slot = Math.floor(instant / 900_000);
    const cached = cache.get(slot);
    if (cached !== undefined) return cached;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(slot * 900_000))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    const offset = wall - slot * 900_000;
    cache.set(slot, offset);
    return offset;
  };
}

const has = (bits: bigint, n: number): boolean => ((bits >> BigInt(n)) & 1n) === 1n;

/**
 * Every instant in [from, to) at which the schedule fires, in ms since the epoch.
 * Wall-clock minutes are tested in the schedule's zone at every real minute, so a time
 * skipped by a daylight-saving jump never fires and a repeated one fires twice, as
 * robfig/cron's Next does when it steps through absolute time.
 */
export function cronFireTimes(schedule: CronSchedule, from: number, to: number, limit = 100_000): number[] {
  const out: number[] = [];
  if (schedule.everyMs !== undefined) {
    for (
      let t = Math.floor(from / 1000) * 1000 + schedule.everyMs;
      t < to && out.length < limit;
      t += schedule.everyMs
    ) {
      if (t >= from) out.push(t);
    }
    return out;
  }
  const offsetAt = offsetFinder(schedule.timeZone);
  let t = Math.ceil(from / 60_000) * 60_000;
  while (t < to && out.length < limit) {
    const wall = new Date(t + offsetAt(t));
    const month = wall.getUTCMonth() + 1;
    const dom = wall.getUTCDate();
    const dow = wall.getUTCDay();
    const hour = wall.getUTCHours();
    const minute = wall.getUTCMinutes();
    const domMatch = has(schedule.daysOfMonth, dom);
    const dowMatch = has(schedule.daysOfWeek, dow);
    const dayMatch = schedule.domStar || schedule.dowStar ? domMatch && dowMatch : domMatch || dowMatch;
    // Skipping a whole wrong day at once could jump over a midnight moved by a
    // daylight-saving change, so wrong days are skipped an hour at a time.
    if (!has(schedule.months, month) || !dayMatch || !has(schedule.hours, hour)) {
      t += (60 - minute) * 60_000;
      continue;
    }
    if (has(schedule.minutes, minute)) out.push(t);
    t += 60_000;
  }
  return out;
}
