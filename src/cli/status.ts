/**
 * `berth status`: what a cluster has and what is spoken for, per node and per
 * namespace, in the spirit of kube-capacity: allocatable, requests and limits
 * with their share of allocatable.
 */

import { fmt, percent, resourceColumns } from '../format/amounts.ts';
import { printable } from '../model/printable.ts';
import { addInto, compact } from '../model/resources.ts';
import type { ClusterState, ResourceList } from '../model/types.ts';
import { escapeMarkdown as esc } from '../report/escape.ts';
import { jsonText } from '../report/json.ts';
import { textTable } from '../report/table.ts';

export interface StatusRow {
  name: string;
  pool?: string | null;
  pods: number;
  allocatable: ResourceList;
  requests: ResourceList;
  limits: ResourceList;
}

export interface ClusterStatus {
  cluster: string;
  total: StatusRow;
  nodes: StatusRow[];
  namespaces: StatusRow[];
}

export function clusterStatus(cluster: ClusterState, label: string): ClusterStatus {
  const nodes = new Map<string, StatusRow>();
  for (const n of cluster.nodes) {
    nodes.set(n.name, {
      name: n.name,
      pool: n.pool ?? null,
      pods: 0,
      allocatable: compact(n.allocatable),
      requests: {},
      limits: {},
    });
  }
  const namespaces = new Map<string, StatusRow>();
  const total: StatusRow = { name: '*', pods: 0, allocatable: {}, requests: {}, limits: {} };
  for (const n of cluster.nodes) addInto(total.allocatable, n.allocatable);
  for (const pod of cluster.pods) {
    const node = pod.nodeName ? nodes.get(pod.nodeName) : undefined;
    if (node) {
      node.pods++;
      addInto(node.requests, pod.requests);
      addInto(node.limits, pod.limits);
    }
    const ns = namespaces.get(pod.namespace) ?? {
      name: pod.namespace,
      pods: 0,
      allocatable: {},
      requests: {},
      limits: {},
    };
    ns.pods++;
    addInto(ns.requests, pod.requests);
    addInto(ns.limits, pod.limits);
    namespaces.set(pod.namespace, ns);
    total.pods++;
    addInto(total.requests, pod.requests);
    addInto(total.limits, pod.limits);
  }
  const tidy = (r: StatusRow): StatusRow => ({
    ...r,
    requests: compact(r.requests),
    limits: compact(r.limits),
  });
  return {
    cluster: label,
    total: tidy({ ...total, allocatable: compact(total.allocatable) }),
    nodes: [...nodes.values()].map(tidy),
    namespaces: [...namespaces.values()].sort((a, b) => a.name.localeCompare(b.name)).map(tidy),
  };
}

function share(amount: number, of: number | undefined): string {
  return of ? percent(amount, of) : '-';
}

function cells(row: StatusRow, resources: string[], allocatable: ResourceList): string[] {
  return resources.flatMap((r) => [
    `${fmt(r, row.requests[r])} (${share(row.requests[r] ?? 0, allocatable[r])})`,
    `${fmt(r, row.limits[r])} (${share(row.limits[r] ?? 0, allocatable[r])})`,
  ]);
}

export function renderStatus(status: ClusterStatus, format: 'text' | 'json' | 'markdown'): string {
  if (format === 'json') return jsonText(status);
  const resources = resourceColumns([status.total.allocatable, status.total.requests]);
  const header = resources.flatMap((r) => [`${r} requests`, `${r} limits`]);
  const nodeRows = [status.total, ...status.nodes].map((n) => [
    n.name,
    n.pool ?? '',
    `${n.pods}/${n.allocatable.pods ?? 0}`,
    ...resources.map((r) => fmt(r, n.allocatable[r])),
    ...cells(n, resources, n.allocatable),
  ]);
  const nsRows = status.namespaces.map((n) => [
    n.name,
    String(n.pods),
    ...cells(n, resources, status.total.allocatable),
  ]);
  const nodeHeader = ['node', 'pool', 'pods', ...resources.map((r) => `${r} allocatable`), ...header];
  const nsHeader = ['namespace', 'pods', ...header];
  if (format === 'markdown') {
    const table = (h: string[], rows: string[][]) =>
      [
        `| ${h.map(esc).join(' | ')} |`,
        `|${h.map(() => ' --- ').join('|')}|`,
        ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
      ].join('\n');
    return `## Cluster ${esc(status.cluster)}\n\n${table(nodeHeader, nodeRows)}\n\n### Namespaces (share of cluster allocatable)\n\n${table(nsHeader, nsRows)}\n`;
  }
  // Node, pool, namespace and resource names come from the cluster: one line each, nothing raw.
  const text = (rows: string[][]) => rows.map((r) => r.map((cell) => printable(cell)));
  return `Cluster ${printable(status.cluster)}\n\n${textTable(
    nodeHeader.map((h) => printable(h.toUpperCase())),
    text(nodeRows),
  )}\n\nNamespaces (share of cluster allocatable)\n${textTable(
    nsHeader.map((h) => printable(h.toUpperCase())),
    text(nsRows),
  )}\n`;
}
