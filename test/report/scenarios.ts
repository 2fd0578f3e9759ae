/**
 * The plans the report tests render: each a small cluster and a change, built the
 * way `berth plan` builds them, so the snapshots show what a reviewer would see.
 */

import { stringify } from 'yaml';
import type { Plan } from '../../src/plan/types.ts';
import {
  daemonSet,
  deployment,
  fleet,
  manifests,
  planOf,
  priorityClass,
  runningPod,
} from '../fixtures/plans/build.ts';

const rates = { currency: 'USD', cpuHour: 0.0336, memoryGiBHour: 0.0045, gpuHour: 1.2 };

/** Two pools, some pods running, a quota on the shop namespace. */
function shopCluster(): string {
  return fleet({
    pools: [
      {
        name: 'general',
        count: 3,
        cpu: '4',
        memory: '16Gi',
        zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      },
      {
        name: 'gpu',
        count: 1,
        cpu: '8',
        memory: '32Gi',
        extra: { 'nvidia.com/gpu': 1 },
        taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
      },
    ],
    pods: [
      runningPod({ name: 'cart-1', namespace: 'shop', node: 'general-1', cpu: '500m', memory: '1Gi' }),
      runningPod({ name: 'cart-2', namespace: 'shop', node: 'general-2', cpu: '500m', memory: '1Gi' }),
      runningPod({
        name: 'trainer',
        namespace: 'ml',
        node: 'gpu-1',
        cpu: '4',
        memory: '16Gi',
        extra: { 'nvidia.com/gpu': 1 },
        limits: { 'nvidia.com/gpu': '1' },
      }),
    ],
    resourceQuotas: [
      {
        metadata: { name: 'shop-quota', namespace: 'shop' },
        spec: { hard: { 'requests.cpu': '10', 'requests.memory': '24Gi', pods: '30' } },
      },
    ],
  });
}

const web = (replicas: number, image: string, cpu = '500m') =>
  deployment({
    name: 'web',
    namespace: 'shop',
    replicas,
    cpu,
    memory: '512Mi',
    image: `registry.example.com/web:${image}`,
    limits: { memory: '512Mi' },
  });

/** A PR that scales web from 2 to 4 and rolls out a new image: everything fits. */
export function fitsPlan(): Plan {
  return planOf({
    cluster: shopCluster(),
    base: manifests(web(2, '1.4')),
    head: manifests(
      web(4, '1.5'),
      daemonSet({ name: 'node-exporter', namespace: 'monitoring', cpu: '100m', memory: '64Mi' }),
    ),
    config: { cost: rates },
    files: { base: 'deploy/shop.yaml', head: 'deploy/shop.yaml' },
  });
}

/** A PR that asks for a second GPU trainer and more web replicas than fit. */
export function doesNotFitPlan(): Plan {
  const trainer = (replicas: number) =>
    deployment({
      name: 'recommender',
      namespace: 'ml',
      replicas,
      cpu: '2',
      memory: '8Gi',
      extra: { 'nvidia.com/gpu': 1 },
      limits: { 'nvidia.com/gpu': '1' },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    });
  return planOf({
    cluster: shopCluster(),
    base: manifests(web(2, '1.4')),
    head: manifests(web(12, '1.4', '1500m'), trainer(1)),
    config: { cost: rates },
    policy: { utilizationPercent: { cpu: 80 } },
    files: { base: 'deploy/apps.yaml', head: 'deploy/apps.yaml' },
  });
}

/** A PR adding a high-priority service to a cluster full of low-priority batch pods. */
export function preemptsPlan(): Plan {
  return planOf({
    cluster: fleet({
      pools: [{ name: 'general', count: 2, cpu: '4', memory: '16Gi' }],
      priorityClasses: [priorityClass('batch-low', 100), priorityClass('critical-api', 100_000)],
      pods: [1, 2].flatMap((n) => [
        runningPod({
          name: `report-${n}`,
          namespace: 'batch',
          node: `general-${n}`,
          cpu: '2',
          memory: '2Gi',
          priorityClassName: 'batch-low',
        }),
        runningPod({
          name: `export-${n}`,
          namespace: 'batch',
          node: `general-${n}`,
          cpu: '1500m',
          memory: '2Gi',
          priorityClassName: 'batch-low',
        }),
      ]),
    }),
    head: manifests(
      deployment({
        name: 'payments-api',
        namespace: 'payments',
        replicas: 2,
        cpu: '1',
        memory: '1Gi',
        priorityClassName: 'critical-api',
      }),
    ),
    policy: { preemptionAtOrAbovePriority: 100 },
  });
}

/** Values that must never appear in any report. */
export const SECRET_VALUES = [
  'hunter2-prod-password',
  'sk_live_51HqLyjWDarjtT1zdp7dc',
  'correct horse battery staple',
];

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A PR that rotates a database password, adds an API key and removes a token. */
export function secretPlan(): Plan {
  const secret = (data: Record<string, string>, stringData?: Record<string, string>) =>
    stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db-credentials',
        namespace: 'shop',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data }),
        },
      },
      type: 'Opaque',
      data,
      ...(stringData ? { stringData } : {}),
    });
  const base = `${secret({ password: b64('old-password-value'), token: b64(SECRET_VALUES[2]!) })}---\n${manifests(web(2, '1.4'))}`;
  const head = `${secret({ password: b64(SECRET_VALUES[0]!) }, { 'api-key': SECRET_VALUES[1]! })}---\n${manifests(web(2, '1.4'))}`;
  return planOf({
    cluster: shopCluster(),
    base,
    head,
    files: { base: 'deploy/shop.yaml', head: 'deploy/shop.yaml' },
  });
}

/** Every trick a name can play on a Markdown comment. */
export const HOSTILE = '@org/team <img src=x onerror=alert(1)> | `x` ](javascript:alert(1)) #1';

/**
 * Hostile strings wherever they can reach a report: images (any string), the
 * manifest's file name, the config's currency, a kubectl snapshot's node names
 * and pool labels (read as the cluster reports them), and names Kubernetes would
 * refuse (reported as input problems, which quote them).
 */
export function hostilePlan(): Plan {
  const node = (name: string, pool: string, cpu = '2') => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'eks.amazonaws.com/nodegroup': pool, 'kubernetes.io/hostname': name } },
    status: { allocatable: { cpu, memory: '4Gi', pods: '110' } },
  });
  const cluster = stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      node(`node-${HOSTILE}`, 'general'),
      node('small-1', `pool-${HOSTILE}`, '500m'),
      node('plain-1', 'plain'),
    ],
  });
  const image = (tag: string) => `registry.example.com/${HOSTILE}:${tag}`;
  const base = manifests(
    deployment({ name: 'web', namespace: 'shop', replicas: 1, cpu: '1500m', image: image('1') }),
  );
  const head = manifests(
    deployment({ name: 'web', namespace: 'shop', replicas: 3, cpu: '1500m', image: image('2') }),
    deployment({ name: HOSTILE, namespace: HOSTILE, cpu: '100m', image: HOSTILE }),
  );
  return planOf({
    cluster,
    base,
    head,
    allowDiagnostics: true,
    files: {
      cluster: `clusters/${HOSTILE}.yaml`,
      head: `deploy/${HOSTILE}.yaml`,
      base: `deploy/${HOSTILE}.yaml`,
    },
    config: { cost: { currency: HOSTILE, cpuHour: 0.05 } },
  });
}

/**
 * A PR far too big for one comment: 400 nodes in four pools, forty services of
 * 80 replicas (3,200 pods), thirty workloads too big for any node. Advice is
 * skipped (it re-runs the scheduler per workload); the renderer is under test.
 */
export function largePlan(): Plan {
  const cluster = fleet({
    pools: ['a', 'b', 'c', 'd'].map((n) => ({ name: `pool-${n}`, count: 100, cpu: '8', memory: '32Gi' })),
  });
  const services = Array.from({ length: 40 }, (_, i) =>
    deployment({
      name: `svc-${i + 1}`,
      namespace: `team-${(i % 8) + 1}`,
      replicas: 80,
      cpu: `${250 + (i % 5) * 125}m`,
      memory: `${512 + (i % 4) * 256}Mi`,
    }),
  );
  const oversized = Array.from({ length: 30 }, (_, i) =>
    deployment({
      name: `giant-${i + 1}`,
      namespace: `team-${(i % 8) + 1}`,
      replicas: 2,
      cpu: '12',
      memory: '8Gi',
    }),
  );
  return planOf({ cluster, head: manifests(...services, ...oversized), skipAdvice: true });
}
