/**
 * Each custom-resource reader on the published example of its kind (test/fixtures/
 * workload-kinds, sources in its README): the pods its controller creates, counted by
 * hand from the example and the controller's rules, with their names and requests.
 */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifests/load.ts';
import { parseManifests } from '../../src/manifests/parse.ts';
import { type ExpandContext, expandWorkloads } from '../../src/workloads/expand.ts';
import { lines, MI, node } from './builders.ts';

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures', 'workload-kinds');
const corpus = path.resolve(import.meta.dirname, '..', 'fixtures', 'corpus');
const ctx: ExpandContext = { nodes: [node('worker-1').obj()], limitRanges: [], priorityClasses: [] };

async function expandFile(...parts: string[]) {
  const loaded = await loadManifests([path.join(...parts)]);
  // Kueue's sample Job is named by generateName only, which berth notes.
  expect(loaded.diagnostics.filter((d) => !d.message.includes('generateName'))).toEqual([]);
  return expandWorkloads(loaded.objects, ctx);
}

describe('custom-resource workloads, on their projects’ own examples', () => {
  it('Argo Rollouts rollout-canary: replicas 5 of its template, as a Deployment', async () => {
    const { workloads, pods, diagnostics } = await expandFile(
      fixtures,
      'argoproj__argo-rollouts/examples/rollout-canary.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(workloads.map((w) => [w.kind, w.name, w.replicas])).toEqual([
      ['Rollout.argoproj.io', 'rollout-canary', 5],
    ]);
    expect(pods.map((p) => p.name)).toEqual([1, 2, 3, 4, 5].map((i) => `rollout-canary-${i}`));
    expect(pods[0]?.labels).toEqual({ app: 'rollout-canary' });
    expect(workloads[0]?.selector).toEqual({ matchLabels: { app: 'rollout-canary' } });
    expect(workloads[0]?.batch).toBeUndefined();
  });

  it('JobSet paralleljobs: workers 1 Job × parallelism 4, driver 1 Job × 1 = 5 pods', async () => {
    const { workloads, pods } = await expandFile(
      fixtures,
      'kubernetes-sigs__jobset/site/static/examples/simple/paralleljobs.yaml',
    );
    expect(workloads.map((w) => [w.kind, w.name, w.batch])).toEqual([
      ['JobSet.jobset.x-k8s.io', 'paralleljobs', true],
    ]);
    expect(pods.map((p) => p.name)).toEqual([
      'paralleljobs-workers-0-1',
      'paralleljobs-workers-0-2',
      'paralleljobs-workers-0-3',
      'paralleljobs-workers-0-4',
      'paralleljobs-driver-0-1',
    ]);
    expect(pods[4]?.labels['jobset.sigs.k8s.io/replicatedjob-name']).toBe('driver');
  });

  it('Volcano job.yaml: task default-nginx, 6 replicas of 1 CPU, gang of minAvailable 3; not read as batch/v1', async () => {
    const { workloads, pods, diagnostics, rejected } = await expandFile(
      fixtures,
      'volcano-sh__volcano/example/job.yaml',
    );
    expect(rejected).toEqual([]);
    expect(diagnostics).toEqual([]);
    expect(workloads.map((w) => [w.kind, w.name, w.gang, w.batch])).toEqual([
      ['Job.batch.volcano.sh', 'test-job', 3, true],
    ]);
    // Volcano's MakePodName: <job>-<task>-<index>.
    expect(pods.map((p) => p.name)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `test-job-default-nginx-${i}`));
    expect(pods.every((p) => p.requests.cpu === 1000)).toBe(true);
    expect(pods[0]?.spec.schedulerName).toBe('volcano');
  });

  it('a Volcano task without a priorityClassName takes the Job’s', () => {
    const text = lines(
      'apiVersion: scheduling.k8s.io/v1',
      'kind: PriorityClass',
      'metadata: { name: batch-high }',
      'value: 5000',
      '---',
      'apiVersion: batch.volcano.sh/v1alpha1',
      'kind: Job',
      'metadata: { name: train }',
      'spec:',
      '  priorityClassName: batch-high',
      '  tasks:',
      '  - replicas: 2',
      '    template:',
      '      spec:',
      '        containers: [{ name: main, image: x, resources: { requests: { cpu: 500m } } }]',
    );
    const { pods } = expandWorkloads(parseManifests(text, 'volcano.yaml').objects, ctx);
    // An unnamed task is `default<index>`, as Volcano's admission webhook names it.
    expect(pods.map((p) => [p.name, p.priority])).toEqual([
      ['train-default0-0', 5000],
      ['train-default0-1', 5000],
    ]);
  });

  it('Kueue sample-job: created suspended for Kueue, still 3 pods of 1 CPU and 200Mi, waiting on queue user-queue', async () => {
    const { workloads, pods } = await expandFile(
      fixtures,
      'kubernetes-sigs__kueue/site/static/examples/jobs/sample-job.yaml',
    );
    expect(workloads.map((w) => [w.kind, w.queue, w.batch])).toEqual([['Job', 'user-queue', true]]);
    expect(pods).toHaveLength(3);
    expect(pods[0]?.requests).toEqual({ cpu: 1000, memory: 200 * MI });
  });

  it('a suspended Job that no Kueue queue manages still makes no pods', () => {
    const text = lines(
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: { name: held }',
      'spec:',
      '  suspend: true',
      '  parallelism: 3',
      '  template:',
      '    spec:',
      '      containers: [{ name: main, image: x }]',
    );
    expect(expandWorkloads(parseManifests(text, 'job.yaml').objects, ctx).pods).toEqual([]);
  });

  it('Kueue sample-pytorchjob: Master 1 + Worker 1, named by replica type and index', async () => {
    const { workloads, pods } = await expandFile(
      fixtures,
      'kubernetes-sigs__kueue/site/static/examples/jobs/sample-pytorchjob.yaml',
    );
    expect(workloads.map((w) => [w.kind, w.queue])).toEqual([['PyTorchJob.kubeflow.org', 'user-queue']]);
    expect(pods.map((p) => [p.name, p.requests])).toEqual([
      ['pytorch-simple-master-0', { cpu: 1000, memory: 200 * MI }],
      ['pytorch-simple-worker-0', { cpu: 1000, memory: 200 * MI }],
    ]);
  });

  it('TFJob dist-mnist: Chief 1 + PS 1 + Worker 2 = 4 pods', async () => {
    const { pods } = await expandFile(
      fixtures,
      'kubeflow__training-operator/examples/tensorflow/dist-mnist/tf_job_mnist.yaml',
    );
    expect(pods.map((p) => p.name)).toEqual([
      'dist-mnist-for-e2e-test-chief-0',
      'dist-mnist-for-e2e-test-ps-0',
      'dist-mnist-for-e2e-test-worker-0',
      'dist-mnist-for-e2e-test-worker-1',
    ]);
  });

  it('MPIJob pi: Launcher 1 + Worker 2, each requesting its limits (1 CPU, 1Gi) as the API server defaults them', async () => {
    const { pods } = await expandFile(fixtures, 'kubeflow__mpi-operator/examples/v2beta1/pi/pi.yaml');
    expect(pods.map((p) => [p.name, p.requests])).toEqual([
      ['pi-launcher-0', { cpu: 1000, memory: 1024 * MI }],
      ['pi-worker-0', { cpu: 1000, memory: 1024 * MI }],
      ['pi-worker-1', { cpu: 1000, memory: 1024 * MI }],
    ]);
  });

  it('Prometheus getting-started: one pod, the operator’s config-reloader (10m, 50Mi) its only request, said to be an estimate', async () => {
    const { workloads, pods, diagnostics } = await expandFile(
      fixtures,
      'prometheus-operator__prometheus-operator/example/user-guides/getting-started/prometheus.yaml',
    );
    expect(workloads.map((w) => w.kind)).toEqual(['Prometheus.monitoring.coreos.com']);
    expect(pods.map((p) => [p.name, p.requests])).toEqual([
      ['prometheus-prometheus-0', { cpu: 10, memory: 50 * MI }],
    ]);
    expect(pods[0]?.spec.containers?.map((c) => c.name)).toEqual(['prometheus', 'config-reloader']);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'estimate',
        message: expect.stringContaining('estimated'),
      }),
    ]);
  });

  it('kube-prometheus’s Prometheus k8s: replicas 2, each 400Mi for prometheus + 50Mi and 10m for the reloader', async () => {
    const loaded = await loadManifests([
      path.join(corpus, 'prometheus-operator__kube-prometheus/manifests/prometheus-prometheus.yaml'),
    ]);
    const { pods } = expandWorkloads(loaded.objects, ctx);
    expect(pods.map((p) => [p.name, p.requests])).toEqual([
      ['prometheus-k8s-0', { cpu: 10, memory: 450 * MI }],
      ['prometheus-k8s-1', { cpu: 10, memory: 450 * MI }],
    ]);
    expect(pods[0]?.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pods[0]?.labels['app.kubernetes.io/part-of']).toBe('kube-prometheus');
  });

  it('Prometheus replicas × shards: 2 × 3 = 6 pods, one StatefulSet per shard', () => {
    const text = lines(
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Prometheus',
      'metadata: { name: big, namespace: monitoring }',
      'spec: { replicas: 2, shards: 3, resources: { requests: { cpu: "1" } } }',
    );
    const { pods } = expandWorkloads(parseManifests(text, 'prom.yaml').objects, ctx);
    expect(pods.map((p) => p.name)).toEqual([
      'prometheus-big-0',
      'prometheus-big-1',
      'prometheus-big-shard-1-0',
      'prometheus-big-shard-1-1',
      'prometheus-big-shard-2-0',
      'prometheus-big-shard-2-1',
    ]);
    expect(pods[0]?.requests).toEqual({ cpu: 1010, memory: 50 * MI });
  });

  it('Alertmanager example: replicas 3, each 200Mi (the operator’s default) + the reloader', async () => {
    const { pods } = await expandFile(
      fixtures,
      'prometheus-operator__prometheus-operator/example/user-guides/alerting/alertmanager-example.yaml',
    );
    expect(pods.map((p) => [p.name, p.requests])).toEqual(
      [0, 1, 2].map((i) => [`alertmanager-example-${i}`, { cpu: 10, memory: 250 * MI }]),
    );
  });

  it('ThanosRuler example: one pod, thanos-ruler 200Mi + the reloader', async () => {
    const { pods } = await expandFile(
      fixtures,
      'prometheus-operator__prometheus-operator/example/thanos/thanos-ruler.yaml',
    );
    expect(pods.map((p) => [p.namespace, p.name, p.requests])).toEqual([
      ['default', 'thanos-ruler-thanos-ruler-0', { cpu: 10, memory: 250 * MI }],
    ]);
  });

  it('KEDA ScaledJob rabbitmq-consumer: one Job of jobTargetRef, one pod', async () => {
    const { workloads, pods } = await expandFile(
      fixtures,
      'kedacore__keda-docs/content/docs/2.21/concepts/scaling-jobs.scaledjob.yaml',
    );
    expect(workloads.map((w) => [w.kind, w.batch])).toEqual([['ScaledJob.keda.sh', true]]);
    expect(pods.map((p) => p.name)).toEqual(['rabbitmq-consumer-1']);
  });
});

describe('kinds berth cannot read', () => {
  it('a custom resource with a pod template is named as not simulated, with its group/kind', () => {
    const text = lines(
      'apiVersion: example.com/v1',
      'kind: Deployment',
      'metadata: { name: web, namespace: shop }',
      'spec:',
      '  replicas: 4',
      '  template:',
      '    spec:',
      '      containers: [{ name: main, image: x }]',
    );
    const result = expandWorkloads(parseManifests(text, 'odd.yaml').objects, ctx);
    expect(result.pods).toEqual([]);
    expect(result.unsimulated.map((u) => u.groupKind)).toEqual(['example.com/Deployment']);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 1,
        message: expect.stringContaining('not simulated: unknown workload kind example.com/Deployment'),
      }),
    ]);
  });

  it('a pod template nested deeper (Volcano CronJob tasks, Ray head groups) is found; a known operator kind with none is named, another kind with none is not', () => {
    const text = lines(
      'apiVersion: batch.volcano.sh/v1alpha1',
      'kind: CronJob',
      'metadata: { name: nightly }',
      'spec:',
      '  schedule: "*/5 * * * *"',
      '  jobTemplate:',
      '    spec:',
      '      tasks:',
      '        - replicas: 1',
      '          template: { spec: { containers: [{ name: main, image: x }] } }',
      '---',
      'apiVersion: ray.io/v1',
      'kind: RayCluster',
      'metadata: { name: ray }',
      'spec:',
      '  headGroupSpec:',
      '    template: { spec: { containers: [{ name: head, image: ray }] } }',
      '---',
      'apiVersion: kafka.strimzi.io/v1',
      'kind: KafkaNodePool',
      'metadata: { name: broker }',
      'spec: { replicas: 3, roles: [broker], storage: { type: ephemeral } }',
      '---',
      'apiVersion: example.com/v1',
      'kind: Cache',
      'metadata: { name: cache }',
      'spec: { replicas: 3, size: 1Gi }',
    );
    const result = expandWorkloads(parseManifests(text, 'nested.yaml').objects, ctx);
    expect(result.pods).toEqual([]);
    expect(result.unsimulated.map((u) => u.groupKind)).toEqual([
      'batch.volcano.sh/CronJob',
      'ray.io/RayCluster',
      'kafka.strimzi.io/KafkaNodePool',
    ]);
    expect(result.unsimulated[2]?.reason).toMatch(/operator builds pods from the resource's own fields/);
  });

  it('a Rollout whose template lives in a Deployment (workloadRef) is not simulated, and says why', () => {
    const text = lines(
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Rollout',
      'metadata: { name: web }',
      'spec:',
      '  replicas: 3',
      '  workloadRef: { apiVersion: apps/v1, kind: Deployment, name: web }',
    );
    const result = expandWorkloads(parseManifests(text, 'rollout.yaml').objects, ctx);
    expect(result.workloads).toEqual([]);
    expect(result.unsimulated[0]?.reason).toContain('workloadRef');
  });

  it('a declared kind reads its replicas and template where the config says', () => {
    const text = lines(
      'apiVersion: example.com/v1',
      'kind: TrainingRun',
      'metadata: { name: run }',
      'spec:',
      '  workers: { count: 3 }',
      '  pod:',
      '    spec:',
      '      containers: [{ name: main, image: x, resources: { requests: { cpu: "2" } } }]',
    );
    const result = expandWorkloads(parseManifests(text, 'run.yaml').objects, {
      ...ctx,
      declaredKinds: [
        {
          group: 'example.com',
          kind: 'TrainingRun',
          replicas: ['spec', 'workers', 'count'],
          template: ['spec', 'pod'],
          batch: true,
          source: { file: '.github/berth.yml', line: 1, column: 1 },
        },
      ],
    });
    expect(result.unsimulated).toEqual([]);
    expect(result.workloads.map((w) => [w.kind, w.batch])).toEqual([['TrainingRun.example.com', true]]);
    expect(result.pods.map((p) => [p.name, p.requests.cpu])).toEqual([
      ['run-1', 2000],
      ['run-2', 2000],
      ['run-3', 2000],
    ]);
  });

  it('a custom kind past the pod limit is an error at the field that asks for the pods', () => {
    const text = lines(
      'apiVersion: batch.volcano.sh/v1alpha1',
      'kind: Job',
      'metadata: { name: huge }',
      'spec:',
      '  tasks:',
      '  - replicas: 1000000000',
      '    template:',
      '      spec:',
      '        containers: [{ name: main, image: x }]',
    );
    const result = expandWorkloads(parseManifests(text, 'huge.yaml').objects, {
      ...ctx,
      limits: { maxPodsPerWorkload: 1000 },
    });
    expect(result.pods).toEqual([]);
    expect(result.rejected).toHaveLength(1);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'too-many-pods', line: 6 }),
    ]);
  });
});

describe('bounds on custom kinds', () => {
  it('a Prometheus asking for two billion shards is an error at spec.shards, with nothing allocated', () => {
    const text = lines(
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Prometheus',
      'metadata: { name: many }',
      'spec:',
      '  replicas: 2',
      '  shards: 2000000000',
    );
    const result = expandWorkloads(parseManifests(text, 'prom.yaml').objects, ctx);
    expect(result.pods).toEqual([]);
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'too-many-pods', line: 6 }),
    );
  });
});
