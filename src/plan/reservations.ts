/**
 * Reservations from the config.
 *
 * - A pool reservation holds capacity back on every node of the pool, the way
 *   kubelet's system-reserved does: the node's allocatable shrinks by it.
 * - A namespace guarantee keeps capacity free for one namespace across the
 *   cluster: a pod of another namespace is refused when placing it would leave
 *   less free capacity than the namespace is still owed (its guarantee minus
 *   what its pods already request). The check is cluster-wide and counts every
 *   admitted pod as placed, so it is conservative when a pod later fails to
 *   schedule.
 */

import type { Reservation } from '../config/config.ts';
import { fmt } from '../format/amounts.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { ClusterState, Pod, ResourceList } from '../model/types.ts';

export interface ReservationResult {
  cluster: ClusterState;
  diagnostics: Diagnostic[];
  /** An admission check for namespace guarantees, starting from a cluster's usage. */
  namespaceGuard(state: ClusterState): (pod: Pod) => { allowed: true } | { allowed: false; reason: string };
}

export function applyReservations(cluster: ClusterState, reservations: Reservation[]): ReservationResult {
  const diagnostics: Diagnostic[] = [];
  let nodes = cluster.nodes;
  for (const r of reservations.filter((r) => r.pool !== undefined)) {
    const inPool = nodes.filter((n) => n.pool === r.pool);
    if (inPool.length === 0) {
      diagnostics.push(
        diagnostic(
          r.source,
          'warning',
          'invalid-config',
          `reservation for pool "${r.pool}": no node is in that pool`,
        ),
      );
      continue;
    }
    nodes = nodes.map((n) => {
      if (n.pool !== r.pool) return n;
      const allocatable = { ...n.allocatable };
      for (const [resource, amount] of Object.entries(r.resources)) {
        allocatable[resource] = Math.max(0, (allocatable[resource] ?? 0) - amount);
      }
      return { ...n, allocatable };
    });
  }
  const guarantees = reservations.filter((r) => r.namespace !== undefined);

  const namespaceGuard = (state: ClusterState) => {
    if (guarantees.length === 0) return () => ({ allowed: true }) as const;
    const free: ResourceList = {};
    for (const n of state.nodes) {
      if (n.unschedulable) continue;
      for (const [r, v] of Object.entries(n.allocatable)) free[r] = (free[r] ?? 0) + v;
    }
    const usedBy = new Map<string, ResourceList>();
    for (const p of state.pods) {
      for (const [r, v] of Object.entries(p.requests)) free[r] = (free[r] ?? 0) - v;
      const u = usedBy.get(p.namespace) ?? {};
      for (const [r, v] of Object.entries(p.requests)) u[r] = (u[r] ?? 0) + v;
      usedBy.set(p.namespace, u);
    }
    return (pod: Pod): { allowed: true } | { allowed: false; reason: string } => {
      for (const g of guarantees) {
        if (g.namespace === pod.namespace) continue;
        const used = usedBy.get(g.namespace!) ?? {};
        for (const [resource, amount] of Object.entries(g.resources)) {
          const owed = Math.max(0, amount - (used[resource] ?? 0));
          const left = (free[resource] ?? 0) - (pod.requests[resource] ?? 0);
          if ((pod.requests[resource] ?? 0) > 0 && left < owed) {
            return {
              allowed: false,
              reason: `reservation: namespace ${g.namespace} is guaranteed ${fmt(resource, amount)} ${resource} and still needs ${fmt(resource, owed)} of it; placing this pod (${fmt(resource, pod.requests[resource])} ${resource}) would leave ${fmt(resource, Math.max(0, left))} free`,
            };
          }
        }
      }
      for (const [r, v] of Object.entries(pod.requests)) free[r] = (free[r] ?? 0) - v;
      const u = usedBy.get(pod.namespace) ?? {};
      for (const [r, v] of Object.entries(pod.requests)) u[r] = (u[r] ?? 0) + v;
      usedBy.set(pod.namespace, u);
      return { allowed: true };
    };
  };
  return { cluster: { ...cluster, nodes }, diagnostics, namespaceGuard };
}
