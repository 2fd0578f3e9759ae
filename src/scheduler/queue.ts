/**
 * The scheduling queue, upstream's internal/queue reduced to what a simulation needs:
 * pods in QueueSort order, and the pods no node could take kept aside until a pod is
 * deleted, when they go back in to try the room it made.
 */

import type { Pod } from '../model/types.ts';
import type { QueuedPodInfo } from './framework/interfaces.ts';
import type { Framework } from './framework/runtime.ts';

type Compare = (a: QueuedPodInfo, b: QueuedPodInfo) => number;

/** Queue order: the profile's QueueSort plugin, falling back to priority then arrival. */
function queueComparator(framework: Framework): Compare {
  const sort = framework.queueSort;
  return (a, b) => {
    if (sort) return sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : a.order - b.order;
    return b.pod.priority - a.pod.priority || a.order - b.order;
  };
}

/** `more` (any order) merged into the sorted `queue` from position `from` on, in queue order. */
function requeue(
  queue: QueuedPodInfo[],
  from: number,
  more: QueuedPodInfo[],
  compare: Compare,
): QueuedPodInfo[] {
  const added = more.slice().sort(compare);
  const merged = queue.slice(0, from);
  let i = from;
  let j = 0;
  while (i < queue.length || j < added.length) {
    if (
      j >= added.length ||
      (i < queue.length && compare(queue[i] as QueuedPodInfo, added[j] as QueuedPodInfo) <= 0)
    )
      merged.push(queue[i++] as QueuedPodInfo);
    else merged.push(added[j++] as QueuedPodInfo);
  }
  return merged;
}

export class SchedulingQueue {
  private readonly compare: Compare;
  private queue: QueuedPodInfo[];
  /** Position of the next pod to pop. */
  private next = 0;
  /**
   * Pods no node could take. As upstream moves unschedulable pods back to its active
   * queue when a pod is deleted, an eviction puts them back in the queue, in queue
   * order among the pods still waiting.
   */
  private unschedulable: QueuedPodInfo[] = [];

  constructor(framework: Framework, pods: readonly Pod[]) {
    this.compare = queueComparator(framework);
    this.queue = pods.map((pod, order) => ({ pod, order })).sort(this.compare);
  }

  pop(): QueuedPodInfo | undefined {
    return this.queue[this.next++];
  }

  /** The pod found no node: it waits for a pod to be deleted. */
  addUnschedulable(queued: QueuedPodInfo): void {
    this.unschedulable.push(queued);
  }

  /** Pods were deleted while `current` was scheduled: every other waiting pod goes back in. */
  moveAllToActive(current: QueuedPodInfo): void {
    if (!this.unschedulable.some((w) => w !== current)) return;
    const retry = this.unschedulable.filter((w) => w !== current);
    this.unschedulable = this.unschedulable.filter((w) => w === current);
    this.queue = requeue(this.queue, this.next, retry, this.compare);
  }
}
