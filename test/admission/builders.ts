import type { Container, PodSpec, ResourceMap } from '../../src/model/k8s.ts';
import type { Pod } from '../../src/model/types.ts';

/** A pod as the admission code reads it: identity and spec (requests are the scheduler's concern). */
export class PodBuilder {
  private readonly pod: Pod;
  constructor(name: string, namespace = 'default') {
    this.pod = {
      namespace,
      name,
      key: `${namespace}/${name}`,
      labels: {},
      annotations: {},
      spec: { containers: [] },
      requests: {},
      limits: {},
      priority: 0,
    };
  }
  container(name: string, requests?: ResourceMap, limits?: ResourceMap): this {
    const c: Container = { name };
    if (requests || limits)
      c.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
    this.pod.spec.containers = [...(this.pod.spec.containers ?? []), c];
    return this;
  }
  init(name: string, requests?: ResourceMap, limits?: ResourceMap, sidecar = false): this {
    const c: Container = { name, ...(sidecar ? { restartPolicy: 'Always' } : {}) };
    if (requests || limits)
      c.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
    this.pod.spec.initContainers = [...(this.pod.spec.initContainers ?? []), c];
    return this;
  }
  spec(extra: Partial<PodSpec>): this {
    Object.assign(this.pod.spec, extra);
    return this;
  }
  bound(node: string): this {
    this.pod.nodeName = node;
    return this;
  }
  obj(): Pod {
    return structuredClone(this.pod);
  }
}

export const makePod = (name: string, namespace?: string) => new PodBuilder(name, namespace);
