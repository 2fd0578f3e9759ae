import type { ContainerPort } from '../../model/k8s.ts';
import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';

/** Upstream's reason, word for word. */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

/** The address that binds every interface: a port on it conflicts with the same port on any IP. */
const BIND_ALL = '0.0.0.0';

/** A wanted host port, sanitised as upstream's HostPortInfo does (empty IP -> 0.0.0.0, empty protocol -> TCP). */
export interface WantedPort {
  ip: string;
  /** `PROTOCOL/port`, the key NodeInfo.usedPorts stores. */
  key: string;
}

const PRE_FILTER_KEY = fwk.preFilterStateKey(names.NodePorts);

interface PreFilterState extends fwk.StateData {
  ports: WantedPort[];
}

/**
 * The host ports a pod asks for: its containers' ports and those of restartable
 * (sidecar) init containers, which run for the pod's whole life. With `hostNetwork`
 * the API server defaults every port's hostPort to its containerPort, so a manifest
 * pod that never went through the API server gets the same treatment here.
 */
export function wantedPorts(pod: Pod): WantedPort[] {
  const out: WantedPort[] = [];
  const hostNetwork = pod.spec.hostNetwork === true;
  const add = (port: ContainerPort): void => {
    const hostPort = port.hostPort || (hostNetwork ? port.containerPort : 0) || 0;
    if (hostPort <= 0) return;
    out.push({ ip: port.hostIP || BIND_ALL, key: `${port.protocol || 'TCP'}/${hostPort}` });
  };
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const port of c.ports ?? []) add(port);
  }
  for (const c of pod.spec.containers ?? []) for (const port of c.ports ?? []) add(port);
  return out;
}

/**
 * Whether a wanted port collides with one in use: 0.0.0.0 collides with the same
 * protocol/port on any IP, a specific IP with the same IP or with 0.0.0.0.
 */
function portConflicts(used: fwk.HostPortInfo, wanted: WantedPort): boolean {
  if (wanted.ip === BIND_ALL) {
    for (const keys of used.values()) if (keys.has(wanted.key)) return true;
    return false;
  }
  return (used.get(BIND_ALL)?.has(wanted.key) ?? false) || (used.get(wanted.ip)?.has(wanted.key) ?? false);
}

/** Whether none of `ports` collides with a port in use on the node (upstream's fitsPorts). */
export function fitsPorts(ports: readonly WantedPort[], nodeInfo: fwk.NodeInfo): boolean {
  const used = nodeInfo.usedPorts;
  if (used.size === 0) return true;
  for (const port of ports) if (portConflicts(used, port)) return false;
  return true;
}

/**
 * Whether the pod's host ports are free on the node: upstream's nodeports.Fits, which the
 * kubelet's admission calls too. A node with no port in use never needs the pod's ports.
 */
export function podFitsPorts(pod: Pod, nodeInfo: fwk.NodeInfo): boolean {
  return nodeInfo.usedPorts.size === 0 || fitsPorts(wantedPorts(pod), nodeInfo);
}

/**
 * NodePorts: a pod asking for a host port cannot land on a node where another pod
 * already holds that protocol/port on the same IP (or on 0.0.0.0).
 */
export class NodePorts implements fwk.PreFilterPlugin, fwk.FilterPlugin {
  readonly name = names.NodePorts;
  readonly locality = 'node';

  preFilter(state: fwk.CycleState, pod: Pod): { result?: fwk.PreFilterResult; status: fwk.MaybeStatus } {
    const ports = wantedPorts(pod);
    if (ports.length === 0) return { status: fwk.skip() };
    const data: PreFilterState = { ports };
    state.write(PRE_FILTER_KEY, data);
    return { status: null };
  }

  filter(state: fwk.CycleState, _pod: Pod, nodeInfo: fwk.NodeInfo): fwk.MaybeStatus {
    const data = fwk.readState<PreFilterState>(state, PRE_FILTER_KEY);
    if (data instanceof fwk.Status) return data;
    return fitsPorts(data.ports, nodeInfo) ? null : fwk.unschedulable(ERR_REASON_NODE_PORTS);
  }
}
