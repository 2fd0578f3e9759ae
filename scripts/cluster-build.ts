/**
 * `npm run cluster:build`: builds the test control plane, kubectl and the renderers
 * (helm, kustomize) into the cache, or reports the cached builds. Prints the
 * control plane's folder as the last line.
 */

import { ensureControlPlane, ensureKubectl, ensureRenderer } from '../tools/control-plane/build.ts';

const binaries = await ensureControlPlane();
const { kubernetes, etcd, kwok } = binaries.versions;
console.log(
  binaries.built
    ? `built Kubernetes ${kubernetes}, etcd ${etcd}, kwok ${kwok} in ${binaries.buildSeconds}s`
    : `cached Kubernetes ${kubernetes}, etcd ${etcd}, kwok ${kwok}`,
);
const kubectl = await ensureKubectl();
console.log(
  kubectl.built
    ? `built kubectl ${kubectl.version} in ${kubectl.buildSeconds}s`
    : `cached kubectl ${kubectl.version}`,
);
for (const name of ['helm', 'kustomize'] as const) {
  const renderer = await ensureRenderer(name);
  console.log(
    renderer.built
      ? `built ${name} ${renderer.version} in ${renderer.buildSeconds}s`
      : `cached ${name} ${renderer.version}`,
  );
}
console.log(binaries.dir);
