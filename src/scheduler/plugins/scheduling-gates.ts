import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';

/** Keeps a pod with scheduling gates out of the queue: it stays pending until they are removed. */
export class SchedulingGates implements fwk.PreEnqueuePlugin {
  readonly name = names.SchedulingGates;

  preEnqueue(pod: Pod): fwk.MaybeStatus {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return null;
    // Go prints a []string as `[a b]`.
    return fwk.unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
  }
}
