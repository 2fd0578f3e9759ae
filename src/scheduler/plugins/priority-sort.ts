import type * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';

/**
 * Orders the queue as upstream's PrioritySort: higher priority first, then the pod
 * that arrived first. berth's arrival order is the order pods are given in.
 */
export class PrioritySort implements fwk.QueueSortPlugin {
  readonly name = names.PrioritySort;

  less(a: fwk.QueuedPodInfo, b: fwk.QueuedPodInfo): boolean {
    if (a.pod.priority !== b.pod.priority) return a.pod.priority > b.pod.priority;
    return a.order < b.order;
  }
}
