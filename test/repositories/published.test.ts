/**
 * Repositories people deploy, planned from the plain YAML they publish (the charts and
 * kustomizations are in test/cluster/repositories.test.ts, where the real renderers are):
 * the pods berth plans against a hand count, every object of a kind berth does not read
 * named as not simulated in text, JSON and Markdown, and no error on the published files.
 * Sources: test/fixtures/repositories/README.md and test/fixtures/corpus/README.md.
 */

import { describe, it } from 'vitest';
import { expectPlanned, FIXTURES, NODES, planPublished } from './published.ts';

const CORPUS = 'test/fixtures/corpus';

describe('repositories planned from their published plain YAML', () => {
  it('Online Boutique, release/kubernetes-manifests.yaml: 12 Deployments of 1 replica', async () => {
    const plan = await planPublished([
      `${CORPUS}/GoogleCloudPlatform__microservices-demo/release/kubernetes-manifests.yaml`,
    ]);
    // 11 services + redis-cart, each replicas 1 (the file sets none; the default is 1).
    expectPlanned(plan, { pods: 12 * 1, byKind: { Deployment: 12 } });
  });

  it('the OpenTelemetry demo, kubernetes/opentelemetry-demo.yaml: 24 Deployments and 1 StatefulSet of 1 replica', async () => {
    const plan = await planPublished([
      `${FIXTURES}/open-telemetry__opentelemetry-demo/kubernetes/opentelemetry-demo.yaml`,
    ]);
    // Every Deployment and the opensearch StatefulSet say replicas: 1.
    expectPlanned(plan, { pods: 24 * 1 + 1 * 1, byKind: { Deployment: 24, StatefulSet: 1 } });
  });

  it('kube-prometheus, manifests/: Deployments, a DaemonSet per node, Prometheus and Alertmanager by their reader', async () => {
    const plan = await planPublished([`${FIXTURES}/prometheus-operator__kube-prometheus/manifests`]);
    const deployments =
      1 + // blackbox-exporter
      1 + // grafana
      1 + // kube-state-metrics
      2 + // prometheus-adapter
      1; // prometheus-operator
    const nodeExporter = 1 * NODES; // tolerates every taint: one pod on each of the 3 nodes
    const alertmanager = 3; // Alertmanager main: replicas 3
    const prometheus = 1 * 2; // Prometheus k8s: shards (default 1) × replicas 2
    expectPlanned(plan, {
      pods: deployments + nodeExporter + alertmanager + prometheus,
      byKind: {
        Deployment: deployments,
        DaemonSet: nodeExporter,
        'Alertmanager.monitoring.coreos.com': alertmanager,
        'Prometheus.monitoring.coreos.com': prometheus,
      },
    });
  });

  it("Istio's bookinfo, samples/bookinfo/platform/kube/bookinfo.yaml: 6 Deployments of 1 replica", async () => {
    const plan = await planPublished([`${CORPUS}/istio__istio/samples/bookinfo/platform/kube/bookinfo.yaml`]);
    // details-v1, ratings-v1, reviews-v1, reviews-v2, reviews-v3, productpage-v1.
    expectPlanned(plan, { pods: 6 * 1, byKind: { Deployment: 6 } });
  });

  it("Argo CD's guestbook/ folder: 1 Deployment of 1 replica", async () => {
    const plan = await planPublished([`${FIXTURES}/argoproj__argocd-example-apps/guestbook`]);
    expectPlanned(plan, { pods: 1, byKind: { Deployment: 1 } });
  });

  it("Strimzi's install/cluster-operator/ with its CRDs and examples/kafka/kafka-ephemeral.yaml: the operator's pod", async () => {
    const plan = await planPublished([`${FIXTURES}/strimzi__strimzi-kafka-operator`]);
    // strimzi-cluster-operator: replicas 1. The Kafka and KafkaNodePool resources have no
    // pod template (the operator builds 3 controllers, 3 brokers and an entity operator from
    // replicas and roles), so they are not planned, and each is named as not simulated.
    expectPlanned(plan, {
      pods: 1,
      byKind: { Deployment: 1 },
      unknown: [
        'kafka.strimzi.io/Kafka default/my-cluster',
        'kafka.strimzi.io/KafkaNodePool default/controller',
        'kafka.strimzi.io/KafkaNodePool default/broker',
      ],
    });
  });

  it("Kueue's site/static/examples/jobs/: Jobs by parallelism, JobSets, Kubeflow jobs, and the kinds berth cannot read named", async () => {
    const plan = await planPublished([`${FIXTURES}/kubernetes-sigs__kueue/site/static/examples/jobs`]);
    const jobs =
      20 + // sample-job-partial-admission: parallelism 20 (Kueue may admit down to 5)
      3 + // sample-job: parallelism 3
      3; // sample-scalable-job: parallelism 3 (of 100 completions)
    const cronJob = 3; // sample-cronjob: one run, parallelism 3
    const jobSets =
      1 * 8 + // jobset-tas-combined: 1 replicated job × parallelism 8
      1 * 4 + // jobset-tas-required: 1 × 4
      1 * 8 + // jobset-tas-sliced: 1 × 8
      (1 * 1 + 1 * 1); // sample-jobset: workers 1 × 1 + driver (replicas default 1) × 1
    const mpi = 1 + 2; // sample-mpijob: Launcher 1 + Worker 2
    const pytorch = 1 + 1; // sample-pytorchjob: Master 1 + Worker 1
    const tf = 1 + 2; // sample-tfjob: PS 1 + Worker 2
    expectPlanned(plan, {
      pods: jobs + cronJob + jobSets + mpi + pytorch + tf,
      byKind: {
        Job: jobs,
        CronJob: cronJob,
        'JobSet.jobset.x-k8s.io': jobSets,
        'MPIJob.kubeflow.org': mpi,
        'PyTorchJob.kubeflow.org': pytorch,
        'TFJob.kubeflow.org': tf,
      },
      unknown: [
        'ray.io/RayCluster default/raycluster-complete',
        'ray.io/RayJob default/rayjob-autoscaling-sample',
        'ray.io/RayJob default/rayjob-sample',
        'ray.io/RayService default/test-rayservice',
        'kubeflow.org/JAXJob default/jax-simple',
        'kubeflow.org/PaddleJob default/paddle-simple-cpu',
        'kubeflow.org/XGBoostJob default/xgboost-dist-iris-test-train',
        // No pod template: the Spark operator builds a driver and executors from its fields.
        'sparkoperator.k8s.io/SparkApplication default/spark-pi',
      ],
    });
  });

  it("Volcano's example/: Volcano Jobs as tasks × replicas, and its CronJob named as not simulated", async () => {
    const plan = await planPublished([`${FIXTURES}/volcano-sh__volcano/example`]);
    const volcanoJobs =
      6 + // job.yaml test-job: one task of 6 replicas
      3 + // job-plugin.yaml test-job-plugin: one task of 3
      (1 + 2) + // integrations/mpi lm-mpi-job: mpimaster 1 + mpiworker 2
      (1 + 2); // integrations/tensorflow tensorflow-dist-mnist: ps 1 + worker 2
    const deployment = 1; // deployment/deployment.yaml deploy-with-volcano: replicas 1
    expectPlanned(plan, {
      pods: volcanoJobs + deployment,
      byKind: { 'Job.batch.volcano.sh': volcanoJobs, Deployment: deployment },
      unknown: ['batch.volcano.sh/CronJob default/volcano-cronjob-example'],
    });
  });
});
