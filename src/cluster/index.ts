/** The cluster a plan runs against: snapshot and fleet files, and which of its pods a change replaces. */

export { FLEET_API_VERSION, MAX_FLEET_NODES, parseFleet } from './fleet.ts';
export { isFleetText, loadClusterFile, loadClusterText } from './load.ts';
export { podsOwnedBy, type WorkloadIdentity, workloadOfPod } from './ownership.ts';
export {
  addObjects,
  clusterFromObjects,
  DEFAULT_NODE_PODS,
  emptyCluster,
  POOL_LABELS,
  poolOf,
} from './snapshot.ts';
