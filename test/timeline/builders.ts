/** Builders for the timeline's tests: manifest objects, their pods, and nodes. */

import type { SourcePosition } from '../../src/model/diagnostics.ts';
import type { PodSpec, Taint, Toleration } from '../../src/model/k8s.ts';
import type { FieldPath, ManifestObject, Node, Pod, ResourceList } from '../../src/model/types.ts';
import type { TimelineInput, TimelineWorkload } from '../../src/timeline/types.ts';

/**
 * A fake source: every field path gets its own line (1 + its position in the order
 * paths were first asked for, offset by the document), so a test can tell which field
 * a diagnostic points at by asking `lineOf`.
 */
function fakeLocator(
  file: string,
  firstLine: number,
): { locate: (p: FieldPath) => SourcePosition; lineOf: (p: FieldPath) => number } {
  const lines = new Map<string, number>();
  const lineOf = (path: FieldPath) => {
    const key = path.join('.');
    let line = lines.get(key);
    if (line === undefined) {
      line = firstLine + 1 + lines.size;
      lines.set(key, line);
    }
    return line;
  };
  return { locate: (path) => ({ file, line: lineOf(path), column: 3 }), lineOf };
}

let documentCounter = 0;

export class BatchBuilder {
  private readonly kind: 'Job' | 'CronJob';
  private readonly meta: { name: string; namespace?: string; annotations: Record<string, string> };
  private jobSpec: Record<string, unknown> = {};
  private cronSpec: Record<string, unknown> = {};
  private podRequests: ResourceList = { cpu: 1000 };
  private tolerations: Toleration[] | undefined;
  private nodeSelector: Record<string, string> | undefined;
  private specExtra: Partial<PodSpec> = {};
  private labels: Record<string, string> = {};

  constructor(kind: 'Job' | 'CronJob', name: string) {
    this.kind = kind;
    this.meta = { name, annotations: {} };
  }
  ns(namespace: string): this {
    this.meta.namespace = namespace;
    return this;
  }
  duration(text: string): this {
    this.meta.annotations['berth.dev/expected-duration'] = text;
    return this;
  }
  deadline(text: string): this {
    this.meta.annotations['berth.dev/deadline'] = text;
    return this;
  }
  after(text: string): this {
    this.meta.annotations['berth.dev/after'] = text;
    return this;
  }
  parallelism(n: number, completions?: number): this {
    this.jobSpec.parallelism = n;
    if (completions !== undefined) this.jobSpec.completions = completions;
    return this;
  }
  activeDeadlineSeconds(n: number): this {
    this.jobSpec.activeDeadlineSeconds = n;
    return this;
  }
  /** Millicores of one pod. */
  cpu(millicores: number): this {
    this.podRequests = { ...this.podRequests, cpu: millicores };
    return this;
  }
  requests(list: ResourceList): this {
    this.podRequests = list;
    return this;
  }
  tolerate(toleration: Toleration): this {
    this.tolerations = [...(this.tolerations ?? []), toleration];
    return this;
  }
  selector(labels: Record<string, string>): this {
    this.nodeSelector = labels;
    return this;
  }
  /** More of the pod's spec: ports, affinity, topology spread (merged over the rest). */
  podSpec(extra: Partial<PodSpec>): this {
    this.specExtra = { ...this.specExtra, ...extra };
    return this;
  }
  podLabels(labels: Record<string, string>): this {
    this.labels = { ...this.labels, ...labels };
    return this;
  }
  schedule(text: string, extra: Record<string, unknown> = {}): this {
    this.cronSpec = { ...this.cronSpec, schedule: text, ...extra };
    return this;
  }

  build(): { object: ManifestObject; workload: TimelineWorkload; lineOf: (p: FieldPath) => number } {
    const namespace = this.meta.namespace ?? 'default';
    const spec = {
      ...(this.tolerations ? { tolerations: this.tolerations } : {}),
      ...(this.nodeSelector ? { nodeSelector: this.nodeSelector } : {}),
      containers: [{ name: 'main', image: 'busybox' }],
      ...this.specExtra,
    };
    const jobSpec = { ...this.jobSpec, template: { metadata: { labels: this.labels }, spec } };
    const raw =
      this.kind === 'Job'
        ? { apiVersion: 'batch/v1', kind: 'Job', metadata: this.meta, spec: jobSpec }
        : {
            apiVersion: 'batch/v1',
            kind: 'CronJob',
            metadata: this.meta,
            spec: { ...this.cronSpec, jobTemplate: { spec: jobSpec } },
          };
    const document = documentCounter++;
    const { locate, lineOf } = fakeLocator('batch.yaml', document * 100);
    const object: ManifestObject = {
      apiVersion: 'batch/v1',
      kind: this.kind,
      metadata: this.meta,
      raw,
      source: { file: 'batch.yaml', line: document * 100 + 1, column: 1, document },
      locate,
    };
    const pod: Pod = {
      namespace,
      name: `${this.meta.name}-0`,
      key: `${namespace}/${this.meta.name}-0`,
      labels: { ...this.labels },
      annotations: {},
      workload: { kind: this.kind, name: this.meta.name },
      spec,
      requests: this.podRequests,
      limits: {},
      priority: 0,
    };
    return { object, workload: { kind: this.kind, namespace, name: this.meta.name, pods: [pod] }, lineOf };
  }
}

export const job = (name: string) => new BatchBuilder('Job', name);
export const cronJob = (name: string) => new BatchBuilder('CronJob', name);

export class NodeBuilder {
  private readonly node: Node;
  constructor(name: string) {
    this.node = {
      name,
      labels: {},
      taints: [],
      allocatable: { cpu: 4000, memory: 16 * 2 ** 30, pods: 110 },
      unschedulable: false,
    };
  }
  cpu(millicores: number): this {
    this.node.allocatable.cpu = millicores;
    return this;
  }
  allocatable(list: ResourceList): this {
    Object.assign(this.node.allocatable, list);
    return this;
  }
  taint(taint: Taint): this {
    this.node.taints.push(taint);
    return this;
  }
  label(key: string, value: string): this {
    this.node.labels[key] = value;
    return this;
  }
  unschedulable(): this {
    this.node.unschedulable = true;
    return this;
  }
  obj(): Node {
    return structuredClone(this.node);
  }
}

export const node = (name: string) => new NodeBuilder(name);

export function input(
  builders: BatchBuilder[],
  nodes: Node[],
  used: Record<string, ResourceList> = {},
): TimelineInput & { lineOf: ((p: FieldPath) => number)[] } {
  const built = builders.map((b) => b.build());
  return {
    objects: built.map((b) => b.object),
    workloads: built.map((b) => b.workload),
    capacity: { nodes, used },
    lineOf: built.map((b) => b.lineOf),
  };
}

export const START = new Date('2025-06-02T00:00:00Z'); // a Monday
export const HOUR = 3600;
