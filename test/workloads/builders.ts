import { parseManifests } from '../../src/manifests/parse.ts';
import type { Container, PodSpec, ResourceMap, Taint } from '../../src/model/k8s.ts';
import type { LimitRange, ManifestObject, Node } from '../../src/model/types.ts';

export const MI = 2 ** 20;
export const GI = 2 ** 30;

/** A container: `container('app').req({ cpu: '500m' }).lim({ cpu: '1' }).obj()`. */
export class ContainerBuilder {
  private readonly c: Container;
  constructor(name: string) {
    this.c = { name, image: 'registry.example/app:1' };
  }
  req(requests: ResourceMap): this {
    this.c.resources = { ...this.c.resources, requests };
    return this;
  }
  lim(limits: ResourceMap): this {
    this.c.resources = { ...this.c.resources, limits };
    return this;
  }
  sidecar(): this {
    this.c.restartPolicy = 'Always';
    return this;
  }
  obj(): Container {
    return structuredClone(this.c);
  }
}

export function container(name: string): ContainerBuilder {
  return new ContainerBuilder(name);
}

/** A pod spec: `spec().app(...).init(...).overhead(...).obj()`. */
export class SpecBuilder {
  private readonly s: PodSpec = { containers: [] };
  app(...containers: ContainerBuilder[]): this {
    this.s.containers = [...(this.s.containers ?? []), ...containers.map((c) => c.obj())];
    return this;
  }
  init(...containers: ContainerBuilder[]): this {
    this.s.initContainers = [...(this.s.initContainers ?? []), ...containers.map((c) => c.obj())];
    return this;
  }
  overhead(overhead: ResourceMap): this {
    this.s.overhead = overhead;
    return this;
  }
  podResources(resources: { requests?: ResourceMap; limits?: ResourceMap }): this {
    this.s.resources = resources;
    return this;
  }
  priorityClass(name: string): this {
    this.s.priorityClassName = name;
    return this;
  }
  obj(): PodSpec {
    return structuredClone(this.s);
  }
}

export function spec(): SpecBuilder {
  return new SpecBuilder();
}

/** A node: `node('n1').labels({...}).taint('dedicated', 'gpu', 'NoSchedule').obj()`. */
export class NodeBuilder {
  private readonly n: Node;
  constructor(name: string) {
    this.n = {
      name,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
      taints: [],
      allocatable: { cpu: 4000, memory: 16 * GI, pods: 110 },
      unschedulable: false,
    };
  }
  labels(labels: Record<string, string>): this {
    Object.assign(this.n.labels, labels);
    return this;
  }
  taint(key: string, value: string | undefined, effect: Taint['effect']): this {
    this.n.taints.push(value === undefined ? { key, effect } : { key, value, effect });
    return this;
  }
  obj(): Node {
    return structuredClone(this.n);
  }
}

export function node(name: string): NodeBuilder {
  return new NodeBuilder(name);
}

export function limitRange(
  namespace: string,
  name: string,
  item: Partial<LimitRange['limits'][number]>,
): LimitRange {
  return { namespace, name, limits: [{ type: 'Container', ...item }] };
}

/** Source text from lines, so a test reads with the line numbers it asserts. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** Objects parsed by the real manifest loader, so positions are real. */
export function objects(text: string, file = 'manifests.yaml'): ManifestObject[] {
  const result = parseManifests(text, file);
  if (result.diagnostics.length > 0) {
    throw new Error(`fixture does not parse: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  }
  return result.objects;
}
