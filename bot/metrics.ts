/**
 * The App's metrics in the Prometheus text exposition format (version 0.0.4):
 * deliveries by event and result, applies by result and phase, apply duration and
 * lock wait. Label values come from fixed lists, never from a delivery's text, so a
 * sender cannot grow the series without bound.
 */

export const DELIVERY_EVENTS = ['pull_request', 'issue_comment', 'ping', 'other'] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];
export type DeliveryResult =
  | 'accepted'
  | 'ignored'
  | 'bad_signature'
  | 'unsupported_media'
  | 'too_large'
  | 'failed';
export type ApplyOutcome = 'success' | 'failure' | 'error' | 'superseded' | 'duplicate';

/** Seconds; a merge's apply and the wait for a lock run from a second to many minutes. */
const BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

class Histogram {
  readonly counts = BUCKETS.map(() => 0);
  sum = 0;
  count = 0;
  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) this.counts[i]!++;
    });
  }
  lines(name: string, labels = ''): string[] {
    const sep = labels ? `${labels},` : '';
    const out = BUCKETS.map((b, i) => `${name}_bucket{${sep}le="${b}"} ${this.counts[i]}`);
    out.push(`${name}_bucket{${sep}le="+Inf"} ${this.count}`);
    const plain = labels ? `{${labels}}` : '';
    out.push(`${name}_sum${plain} ${this.sum}`, `${name}_count${plain} ${this.count}`);
    return out;
  }
}

export function deliveryEvent(name: string | undefined): DeliveryEvent {
  return (DELIVERY_EVENTS as readonly string[]).includes(name ?? '') ? (name as DeliveryEvent) : 'other';
}

export class Metrics {
  private readonly deliveries = new Map<string, number>();
  private readonly applies = new Map<string, number>();
  readonly applyDuration = new Histogram();
  readonly lockWait = new Histogram();

  delivery(event: DeliveryEvent, result: DeliveryResult): void {
    const key = `event="${event}",result="${result}"`;
    this.deliveries.set(key, (this.deliveries.get(key) ?? 0) + 1);
  }

  /** One apply ended: its outcome and the phase it stopped at. */
  apply(result: ApplyOutcome, phase: string, seconds?: number): void {
    const key = `result="${result}",phase="${phase.replace(/[^a-z-]/g, '')}"`;
    this.applies.set(key, (this.applies.get(key) ?? 0) + 1);
    if (seconds !== undefined) this.applyDuration.observe(seconds);
  }

  deliveriesOf(event: DeliveryEvent, result: DeliveryResult): number {
    return this.deliveries.get(`event="${event}",result="${result}"`) ?? 0;
  }

  render(): string {
    const lines = [
      '# HELP berth_webhook_deliveries_total Webhook deliveries received, by event and result.',
      '# TYPE berth_webhook_deliveries_total counter',
      ...[...this.deliveries].map(([k, v]) => `berth_webhook_deliveries_total{${k}} ${v}`),
      '# HELP berth_applies_total Applies ended, by result and the phase they stopped at.',
      '# TYPE berth_applies_total counter',
      ...[...this.applies].map(([k, v]) => `berth_applies_total{${k}} ${v}`),
      '# HELP berth_apply_duration_seconds Time from taking the lock to the apply result.',
      '# TYPE berth_apply_duration_seconds histogram',
      ...this.applyDuration.lines('berth_apply_duration_seconds'),
      '# HELP berth_lock_wait_seconds Time a job waited for its cluster lock.',
      '# TYPE berth_lock_wait_seconds histogram',
      ...this.lockWait.lines('berth_lock_wait_seconds'),
    ];
    return `${lines.join('\n')}\n`;
  }
}
