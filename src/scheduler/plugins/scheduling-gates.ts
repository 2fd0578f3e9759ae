import type { Pod } from '../../model/types.ts';
import { type MaybeStatus, type PreEnqueuePlugin, unresolvable } from '../framework/interfaces.ts';
import * as names from '../names.ts';

/** Keeps a pod with scheduling gates out of the queue: it stays pending until they are removed. */
export class SchedulingGates implements PreEnqueuePlugin {
  readonly name = names.SchedulingGates;

  preEnqueue(pod: Pod): MaybeStatus {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return null;
    // Go prints a []string as `[a b]`.
    return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  }
}
