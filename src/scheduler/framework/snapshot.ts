import type { ClusterState } from '../../model/types.ts';
import { ChangeLog, NodeInfo, type Snapshot } from './interfaces.ts';

/** The nodes and their pods, indexed by name; mutated as the simulation places and evicts pods. */
export class ClusterSnapshot implements Snapshot {
  readonly nodeInfos: NodeInfo[];
  readonly namespaceLabels: Readonly<Record<string, Record<string, string>>>;
  private readonly byName = new Map<string, NodeInfo>();
  /** NodeInfo.generation by node index. */
  readonly generations: Float64Array;
  /** Each node's position in name order, so ties compare two integers. */
  readonly nameRank: Int32Array;
  /** Every change to a node's pods, in order, so caches can catch up on just those nodes. */
  readonly changes = new ChangeLog();

  constructor(cluster: ClusterState) {
    this.nodeInfos = cluster.nodes.map((n) => new NodeInfo(n));
    this.generations = new Float64Array(this.nodeInfos.length);
    this.nameRank = new Int32Array(this.nodeInfos.length);
    this.nodeInfos.forEach((info, i) => {
      info.index = i;
      info.generationSink = this.generations;
      info.changeLog = this.changes;
      this.byName.set(info.node.name, info);
    });
    const order = this.nodeInfos.map((_, i) => i);
    order.sort((a, b) => {
      const x = (this.nodeInfos[a] as NodeInfo).node.name;
      const y = (this.nodeInfos[b] as NodeInfo).node.name;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    order.forEach((nodeIndex, rank) => {
      this.nameRank[nodeIndex] = rank;
    });
    this.namespaceLabels = cluster.namespaces ?? {};
    for (const pod of cluster.pods) {
      if (!pod.nodeName) continue;
      // A pod bound to a node the cluster does not list uses no modelled capacity.
      this.byName.get(pod.nodeName)?.addPod(pod);
    }
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.byName.get(nodeName);
  }

  havePodsWithAffinity(): NodeInfo[] {
    return this.nodeInfos.filter((n) => n.podsWithAffinity.length > 0);
  }

  havePodsWithRequiredAntiAffinity(): NodeInfo[] {
    return this.nodeInfos.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }
}
