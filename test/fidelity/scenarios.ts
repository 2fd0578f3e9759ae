/**
 * Fidelity scenarios: small clusters where the outcome hinges on one part of
 * kube-scheduler (or of admission). Node shapes are chosen so that, where
 * `compareNodes` is set, scoring has a single best node for every pod.
 */

import type { FakeNode } from '../cluster/kube.ts';
import type { Scenario } from './runner.ts';

function pod(name: string, spec: string, extra = ''): string {
  return `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}spec:
  terminationGracePeriodSeconds: 0
${spec}`;
}

function container(cpu?: string, memory?: string, more = ''): string {
  const requests = [cpu ? `cpu: "${cpu}"` : '', memory ? `memory: ${memory}` : ''].filter(Boolean).join(', ');
  return `  containers:
  - name: app
    image: registry.k8s.io/pause:3.10
${requests ? `    resources: { requests: { ${requests} } }\n` : ''}${more}`;
}

/** A PriorityClass; `never` sets preemptionPolicy: Never. */
function priorityClass(name: string, value: number, never = false): string {
  return `
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: ${name} }
value: ${value}
${never ? 'preemptionPolicy: Never\n' : ''}`;
}

function nodes(...specs: FakeNode[]): FakeNode[] {
  return specs;
}

export const scenarios: Scenario[] = [
  {
    name: 'resource-fit',
    compareNodes: true,
    nodes: nodes(
      { name: 'fit-small', cpu: '2', memory: '4Gi' },
      { name: 'fit-large', cpu: '4', memory: '8Gi', extended: { 'example.com/gpu': '2' } },
      { name: 'fit-tiny', cpu: '1', memory: '2Gi' },
    ),
    incoming: [
      pod('big', container('3', '1Gi')),
      pod('too-big', container('8')),
      pod('memory-heavy', container('100m', '6Gi')),
      pod('both', container('1500m', '3Gi')),
      pod('short-of-both', container('1500m', '10Gi')),
      pod(
        'gpu',
        `  containers:
  - name: app
    image: registry.k8s.io/pause:3.10
    resources: { requests: { cpu: 100m, example.com/gpu: "1" }, limits: { example.com/gpu: "1" } }
`,
      ),
      pod(
        'three-gpus',
        `  containers:
  - name: app
    image: registry.k8s.io/pause:3.10
    resources: { requests: { cpu: 100m, example.com/gpu: "3" }, limits: { example.com/gpu: "3" } }
`,
      ),
    ].join('\n---'),
  },
  {
    name: 'taints',
    compareNodes: true,
    nodes: nodes(
      { name: 'taint-gpu', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      { name: 'taint-team', taints: [{ key: 'team', value: 'a', effect: 'NoSchedule' }] },
      { name: 'taint-none', cpu: '500m' },
    ),
    incoming: [
      pod(
        'tolerates-gpu',
        `${container('1')}  tolerations:
  - { key: dedicated, operator: Equal, value: gpu, effect: NoSchedule }
`,
      ),
      pod('plain', container('1')),
      pod(
        'tolerates-all',
        `${container('1')}  tolerations:
  - { operator: Exists }
`,
      ),
    ].join('\n---'),
  },
  {
    name: 'node-affinity',
    compareNodes: true,
    nodes: nodes(
      { name: 'aff-a', labels: { 'topology.kubernetes.io/zone': 'zone-a' } },
      { name: 'aff-b', labels: { 'topology.kubernetes.io/zone': 'zone-b', disktype: 'ssd' } },
      { name: 'aff-c', labels: { 'topology.kubernetes.io/zone': 'zone-c' } },
    ),
    incoming: [
      pod('wants-ssd', `${container('100m')}  nodeSelector: { disktype: ssd }\n`),
      pod(
        'zone-c-only',
        `${container('100m')}  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions: [{ key: topology.kubernetes.io/zone, operator: In, values: [zone-c] }]
`,
      ),
      pod(
        'prefers-zone-a',
        `${container('100m')}  affinity:
    nodeAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        preference:
          matchExpressions: [{ key: topology.kubernetes.io/zone, operator: In, values: [zone-a] }]
`,
      ),
      pod('nowhere', `${container('100m')}  nodeSelector: { disktype: nvme }\n`),
    ].join('\n---'),
  },
  {
    name: 'pod-affinity',
    compareNodes: true,
    nodes: nodes({ name: 'pa-1' }, { name: 'pa-2' }, { name: 'pa-3' }),
    existing: pod('db', `${container('100m')}  nodeName: pa-2\n`, '  labels: { app: db }\n'),
    incoming: [
      pod(
        'next-to-db',
        `${container('100m')}  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
      - labelSelector: { matchLabels: { app: db } }
        topologyKey: kubernetes.io/hostname
`,
      ),
      `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: spread
spec:
  replicas: 4
  selector: { matchLabels: { app: spread } }
  template:
    metadata:
      labels: { app: spread }
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: app
        image: registry.k8s.io/pause:3.10
        resources: { requests: { cpu: 100m } }
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: { matchLabels: { app: spread } }
            topologyKey: kubernetes.io/hostname
`,
    ].join('\n---'),
  },
  {
    name: 'topology-spread',
    compareNodes: true,
    nodes: nodes(
      { name: 'ts-a', labels: { 'topology.kubernetes.io/zone': 'zone-a' } },
      { name: 'ts-b', labels: { 'topology.kubernetes.io/zone': 'zone-b' } },
      { name: 'ts-c', labels: { 'topology.kubernetes.io/zone': 'zone-c' } },
    ),
    existing: pod('early', `${container('100m')}  nodeName: ts-a\n`, '  labels: { app: web }\n'),
    incoming: `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 5
  # Narrower than the spread selector, so the ReplicaSet does not adopt the existing pod.
  selector: { matchLabels: { app: web, owner: deployment } }
  template:
    metadata:
      labels: { app: web, owner: deployment }
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: app
        image: registry.k8s.io/pause:3.10
        resources: { requests: { cpu: 100m } }
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: DoNotSchedule
        labelSelector: { matchLabels: { app: web } }
`,
  },
  {
    name: 'daemonset',
    compareNodes: true,
    nodes: nodes(
      { name: 'ds-1', labels: { role: 'worker' } },
      { name: 'ds-2', labels: { role: 'worker' } },
      {
        name: 'ds-3',
        labels: { role: 'worker' },
        taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }],
      },
      { name: 'ds-4', labels: { role: 'edge' } },
      { name: 'ds-5', labels: { role: 'worker' }, cpu: '100m' },
    ),
    incoming: `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata:
      labels: { app: agent }
    spec:
      terminationGracePeriodSeconds: 0
      nodeSelector: { role: worker }
      containers:
      - name: agent
        image: registry.k8s.io/pause:3.10
        resources: { requests: { cpu: 200m } }
`,
  },
  {
    name: 'preemption',
    compareNodes: true,
    compareExisting: true,
    nodes: nodes({ name: 'pre-1', cpu: '2' }),
    existing: [
      priorityClass('fid-low', 100),
      priorityClass('fid-high', 1000),
      priorityClass('fid-high-never', 1000, true),
      pod('low-first', `${container('1')}  priorityClassName: fid-low\n`),
      pod('low-second', `${container('1')}  priorityClassName: fid-low\n`),
    ].join('\n---'),
    incoming: [
      pod('polite', `${container('1')}  priorityClassName: fid-high-never\n`),
      pod('urgent', `${container('1')}  priorityClassName: fid-high\n`),
    ].join('\n---'),
  },
  {
    // Unschedulable pods are tried again when a pod is deleted. critical evicts retry-b
    // (the PDB steers it off retry-a); never (same priority, preemptionPolicy: Never)
    // finds 500m free on each node and stays pending; mid evicts guarded on retry-a
    // despite its budget (nothing on the second node is below it); that deletion sends
    // never back to the queue, and it takes retry-a ahead of the lower-priority mid.
    name: 'preemption-retry',
    compareNodes: true,
    compareExisting: true,
    nodes: nodes({ name: 'retry-1', cpu: '2' }, { name: 'retry-2', cpu: '2' }),
    existing: [
      priorityClass('fid-retry-low', 100),
      priorityClass('fid-retry-mid', 500),
      priorityClass('fid-retry-high', 1000),
      priorityClass('fid-retry-never', 1000, true),
      `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: guarded }
spec:
  minAvailable: 1
  selector: { matchLabels: { app: guarded } }
`,
      pod(
        'guarded',
        `${container('1500m')}  priorityClassName: fid-retry-low\n  nodeName: retry-1\n`,
        '  labels: { app: guarded }\n',
      ),
      pod('retry-b', `${container('1')}  priorityClassName: fid-retry-low\n  nodeName: retry-2\n`),
      pod('index-b', `${container('500m')}  priorityClassName: fid-retry-mid\n  nodeName: retry-2\n`),
    ].join('\n---'),
    incoming: [
      pod('critical', `${container('1')}  priorityClassName: fid-retry-high\n`),
      pod('never', `${container('1')}  priorityClassName: fid-retry-never\n`),
      pod('mid', `${container('1')}  priorityClassName: fid-retry-mid\n`),
    ].join('\n---'),
  },
  {
    // Gated pods wait whatever room there is; the ungated one takes the node.
    name: 'gates',
    compareNodes: true,
    nodes: nodes({ name: 'gates-1', cpu: '2' }),
    incoming: [
      pod(
        'gated',
        `  schedulingGates: [{ name: example.com/approval }, { name: example.com/quota-check }]\n${container('100m')}`,
      ),
      pod('ungated', container('100m')),
    ].join('\n---'),
  },
  {
    name: 'quota',
    nodes: nodes({ name: 'quota-1' }),
    existing: [
      `
apiVersion: v1
kind: ResourceQuota
metadata: { name: compute }
spec:
  hard: { requests.cpu: "1", pods: "3" }
`,
      pod('running', container('500m')),
    ].join('\n---'),
    incoming: [
      pod('fits-quota', container('400m')),
      pod('over-quota', container('200m')),
      pod('no-request', container()),
      pod('small', container('100m')),
    ].join('\n---'),
  },
  {
    name: 'init-sidecar',
    compareNodes: true,
    nodes: nodes(
      { name: 'init-a', cpu: '2', labels: { slot: 'a' } },
      { name: 'init-b', cpu: '2', labels: { slot: 'b' } },
    ),
    incoming: [
      pod(
        'with-init',
        `  nodeSelector: { slot: a }
  initContainers:
  - name: setup
    image: registry.k8s.io/pause:3.10
    resources: { requests: { cpu: 1500m } }
${container('500m')}`,
      ),
      pod(
        'with-sidecar',
        `  nodeSelector: { slot: b }
  initContainers:
  - name: proxy
    image: registry.k8s.io/pause:3.10
    restartPolicy: Always
    resources: { requests: { cpu: 500m } }
  - name: migrate
    image: registry.k8s.io/pause:3.10
    resources: { requests: { cpu: 1200m } }
${container('500m')}`,
      ),
      pod('probe-1', container('400m')),
      pod('probe-2', container('400m')),
      pod('probe-3', container('400m')),
    ].join('\n---'),
  },
  {
    name: 'node-state',
    compareNodes: true,
    nodes: nodes(
      { name: 'state-cordoned', unschedulable: true },
      { name: 'state-full', pods: '1' },
      { name: 'state-ports' },
    ),
    existing: [
      pod('occupant', `${container('100m')}  nodeName: state-full\n`),
      pod(
        'listener',
        `  nodeName: state-ports
${container('100m', undefined, '    ports: [{ containerPort: 8080, hostPort: 8080 }]\n')}`,
      ),
    ].join('\n---'),
    incoming: [
      pod(
        'needs-port',
        container('100m', undefined, '    ports: [{ containerPort: 8080, hostPort: 8080 }]\n'),
      ),
      pod('anywhere', container('100m')),
    ].join('\n---'),
  },
  {
    name: 'limitrange',
    compareNodes: true,
    nodes: nodes({ name: 'lr-1', cpu: '2' }),
    existing: `
apiVersion: v1
kind: LimitRange
metadata: { name: defaults }
spec:
  limits:
  - type: Container
    defaultRequest: { cpu: 700m }
    default: { cpu: "1" }
`,
    incoming: [
      pod('defaulted-1', container()),
      pod('defaulted-2', container()),
      pod('defaulted-3', container()),
    ].join('\n---'),
  },
  {
    // RuntimeClass admission: kata adds 500m of overhead and steers its pods onto the
    // tainted kata node (nodeSelector and toleration); gvisor adds 250m and nothing else.
    // kata-small fits beside kata-big only without the overhead; gvisor-big fits on
    // rc-plain only without it. The rest are the plugin's refusals.
    name: 'runtime-class',
    compareNodes: true,
    nodes: nodes(
      {
        name: 'rc-kata',
        cpu: '2',
        labels: { runtime: 'kata' },
        taints: [{ key: 'runtime', value: 'kata', effect: 'NoSchedule' }],
      },
      { name: 'rc-plain', cpu: '4' },
    ),
    existing: [
      `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: fid-kata }
handler: kata
overhead: { podFixed: { cpu: 500m, memory: 64Mi } }
scheduling:
  nodeSelector: { runtime: kata }
  tolerations: [{ key: runtime, operator: Equal, value: kata, effect: NoSchedule }]
`,
      `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: fid-gvisor }
handler: runsc
overhead: { podFixed: { cpu: 250m } }
`,
      `
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata: { name: fid-runc }
handler: runc
`,
    ].join('\n---'),
    incoming: [
      pod('kata-big', `  runtimeClassName: fid-kata\n${container('1')}`),
      pod('kata-small', `  runtimeClassName: fid-kata\n${container('400m')}`),
      pod('gvisor-big', `  runtimeClassName: fid-gvisor\n${container('3800m')}`),
      pod('gvisor-same', `  runtimeClassName: fid-gvisor\n  overhead: { cpu: 250m }\n${container('100m')}`),
      pod('runc', `  runtimeClassName: fid-runc\n${container('1')}`),
      pod('missing', `  runtimeClassName: fid-missing\n${container('100m')}`),
      pod(
        'conflict',
        `  runtimeClassName: fid-kata\n  nodeSelector: { runtime: other }\n${container('100m')}`,
      ),
      pod('mismatch', `  runtimeClassName: fid-gvisor\n  overhead: { cpu: 100m }\n${container('100m')}`),
      pod('own-overhead', `  overhead: { cpu: 100m }\n${container('100m')}`),
      pod('runc-overhead', `  runtimeClassName: fid-runc\n  overhead: { cpu: 100m }\n${container('100m')}`),
    ].join('\n---'),
  },
  {
    // Scoring's non-zero stand-ins (100m cpu, 200Mi memory) count per container, as
    // upstream's GetNonzeroRequests: nz-mixed's pod of three empty containers and one
    // of 100m/100Mi counts 400m/700Mi, more than nz-single's 300m/600Mi, so the next
    // pod goes to nz-single; counted for the pod as a whole (100m/100Mi) it would go
    // to nz-mixed. Arithmetic: test/fixtures/scenarios/non-zero-requests/cluster.yaml.
    name: 'non-zero-requests',
    compareNodes: true,
    nodes: nodes(
      { name: 'nz-mixed', cpu: '4', memory: '8Gi' },
      { name: 'nz-single', cpu: '4', memory: '8Gi' },
    ),
    existing: [
      pod(
        'mixed',
        `  nodeName: nz-mixed
  containers:
  - { name: a, image: registry.k8s.io/pause:3.10 }
  - { name: b, image: registry.k8s.io/pause:3.10 }
  - { name: c, image: registry.k8s.io/pause:3.10 }
  - name: d
    image: registry.k8s.io/pause:3.10
    resources: { requests: { cpu: 100m, memory: 100Mi } }
`,
      ),
      pod('single', `${container('300m', '600Mi')}  nodeName: nz-single\n`),
    ].join('\n---'),
    incoming: pod('next', container('100m', '100Mi')),
  },
];
