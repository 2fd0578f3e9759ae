/**
 * `npm run cluster:build`: builds the test control plane and kubectl into the
 * cache, or reports the cached build. Prints the binaries' folder as the last line.
 */

import { ensureControlPlane, ensureKubectl } from '../tools/control-plane/build.ts';

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
console.log(binaries.dir);
