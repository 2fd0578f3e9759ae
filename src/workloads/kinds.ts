/**
 * Which objects make pods, matched by API group and kind (Volcano's
 * `batch.volcano.sh/v1alpha1` Job is not a `batch/v1` Job), and for the custom resources
 * people run, where their replicas, pod templates and priority live. Each reader
 * follows the project's own API types and controller (named at the reader):
 *
 * - Argo Rollouts `Rollout`: `spec.replicas` (default 1) × `spec.template`, as a Deployment.
 * - JobSet: each of `spec.replicatedJobs` runs `replicas` (default 1) Jobs, each with
 *   `parallelism` pods (default 1, capped by `completions`).
 * - Volcano `Job`: each of `spec.tasks` runs `replicas` pods of its template; a pod whose
 *   template names no priorityClassName takes the Job's; `spec.minAvailable` is the gang
 *   (default: every pod).
 * - Kubeflow `PyTorchJob`, `TFJob`, `MPIJob`: each replica spec runs `replicas` pods of its
 *   template (default 1; an MPIJob v2beta1 Worker defaults to 0).
 * - prometheus-operator `Prometheus` (`replicas` × `shards`), `Alertmanager`, `ThanosRuler`:
 *   no pod template; the pods are estimated as the operator builds them (its containers
 *   with their default requests, the spec's scheduling fields; see operatorPodSpec).
 * - KEDA `ScaledJob`: one Job of `spec.jobTargetRef`.
 * - Kueue: a workload labelled `kueue.x-k8s.io/queue-name` is created suspended and
 *   Kueue lifts the suspension when it admits it, so `suspend` does not mean "no pods".
 * - `.github/berth.yml` `workloads:` declares others: where the replicas and the pod
 *   template of a group/kind live.
 *
 * Anything else with a pod template is reported as not simulated (unknownWorkloadKind).
 *
 * Over ~400 lines because it holds one short reader per kind above, each beside the
 * upstream source it follows, sharing the matching by group and kind.
 */

import type { SourcePosition } from '../model/diagnostics.ts';
import type { Container, PodSpec } from '../model/k8s.ts';
import type { FieldPath, ManifestObject } from '../model/types.ts';
import {
  checkAffinity,
  checkSpreadConstraints,
  checkTolerations,
  type FieldReader,
  isPlainObject,
  type Template,
} from './template.ts';

/** The label that hands a workload to Kueue's admission. */
export const KUEUE_QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';

/** The group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (core). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** `group/Kind` as messages name a kind; `Kind` alone for the core group. */
export function groupKind(group: string, kind: string): string {
  return group === '' ? kind : `${group}/${kind}`;
}

/** The kinds whose pods berth has always planned, by `group/Kind`. */
const BUILTIN_WORKLOADS: Readonly<Record<string, string>> = {
  Pod: 'Pod',
  ReplicationController: 'ReplicationController',
  'apps/Deployment': 'Deployment',
  'apps/ReplicaSet': 'ReplicaSet',
  'apps/StatefulSet': 'StatefulSet',
  'apps/DaemonSet': 'DaemonSet',
  // Served before Kubernetes 1.16; still written in old manifests.
  'extensions/Deployment': 'Deployment',
  'extensions/ReplicaSet': 'ReplicaSet',
  'extensions/DaemonSet': 'DaemonSet',
  'batch/Job': 'Job',
  'batch/CronJob': 'CronJob',
};

/** The built-in workload kind of the object (`Deployment`), or undefined when it is not one. */
export function builtinWorkloadKind(object: ManifestObject): string | undefined {
  return BUILTIN_WORKLOADS[groupKind(apiGroup(object.apiVersion), object.kind)];
}

/** A kind the config declares (`workloads:` in `.github/berth.yml`). */
export interface DeclaredWorkloadKind {
  group: string;
  kind: string;
  /** Where the replica count is (default: one pod). */
  replicas?: FieldPath;
  /** Where the pod template (`metadata` and `spec`) is. */
  template: FieldPath;
  /** Its pods run to completion (batch): waiting for capacity is not a failure. */
  batch: boolean;
  source: SourcePosition;
}

/** Pods made from one template: `count` of them, named by `name(i)`. */
export interface PodGroup {
  /** Where the template is (read with readTemplate); unused when `template` is given. */
  templatePath: FieldPath;
  /** A template the reader built itself (operator kinds, which have none written). */
  template?: Template;
  /** Where a field of a built template is written, by a path relative to its spec. */
  locate?: (path: FieldPath) => FieldPath;
  count: number;
  /** The field that asks for the pods, for the pod-limit error. */
  countPath: FieldPath;
  name: (i: number) => string;
  labels?: (i: number) => Record<string, string>;
  /** Fields the controller sets on a pod whose template leaves them empty (Volcano: priorityClassName, schedulerName). */
  podDefaults?: { priorityClassName?: string; schedulerName?: string };
}

export interface KindPlan {
  groups: PodGroup[];
  /** Its pods run to completion (a job): waiting for capacity is not a failure. */
  batch: boolean;
  /** Pods that must all be placed for any to run (Volcano's minAvailable). */
  gang?: number;
  /** Said about the plan in the report (an estimate, an assumption). */
  notes?: { path: FieldPath; message: string }[];
  selector?: unknown;
  /** Why the object's pods cannot be planned, when they cannot (the reason replaces the plan). */
  unsupported?: string;
}

interface KindReader {
  read(reader: FieldReader, object: ManifestObject, kueue: boolean): KindPlan | undefined;
}

/** `name-1`, `name-2`, ...: berth's numbering where a controller adds random suffixes. */
const numbered = (name: string) => (i: number) => `${name}-${i + 1}`;

/** A Job spec's pods at once: parallelism (default 1), never more than completions. */
function jobPods(reader: FieldReader, jobPath: FieldPath): { count: number; path: FieldPath } | undefined {
  const parallelism = reader.count([...jobPath, 'parallelism'], 1);
  const completions = reader.count([...jobPath, 'completions'], Number.POSITIVE_INFINITY);
  if (parallelism === undefined || completions === undefined) return undefined;
  return {
    count: Math.min(parallelism, completions),
    path: [...jobPath, parallelism <= completions ? 'parallelism' : 'completions'],
  };
}

/** Argo Rollouts (argoproj.io/v1alpha1 Rollout): replicas × template, as a Deployment. */
const rollout: KindReader = {
  read(reader, object) {
    if (reader.get(['spec', 'template']) === undefined && reader.get(['spec', 'workloadRef']) !== undefined) {
      return {
        groups: [],
        batch: false,
        unsupported:
          'its pod template is in the Deployment spec.workloadRef names, which berth does not follow',
      };
    }
    const replicas = reader.count(['spec', 'replicas'], 1);
    if (replicas === undefined) return undefined;
    return {
      groups: [
        {
          templatePath: ['spec', 'template'],
          count: replicas,
          countPath: ['spec', 'replicas'],
          name: numbered(object.metadata.name),
        },
      ],
      batch: false,
      selector: reader.get(['spec', 'selector']),
    };
  },
};

/** JobSet (jobset.x-k8s.io/v1alpha2): replicatedJobs × replicas × parallelism. */
const jobSet: KindReader = {
  read(reader, object, kueue) {
    const name = object.metadata.name;
    const list = reader.objectList(['spec', 'replicatedJobs']);
    if (list === false) return undefined;
    const suspended = !kueue && reader.bool(['spec', 'suspend']) === true;
    const groups: PodGroup[] = [];
    for (const [i, item] of (list ?? []).entries()) {
      const at: FieldPath = ['spec', 'replicatedJobs', i];
      const rjob = typeof item.name === 'string' ? item.name : `${i}`;
      const replicas = reader.count([...at, 'replicas'], 1);
      const pods = jobPods(reader, [...at, 'template', 'spec']);
      if (replicas === undefined || pods === undefined) return undefined;
      const perJob = pods.count;
      groups.push({
        templatePath: [...at, 'template', 'spec', 'template'],
        count: suspended ? 0 : replicas * perJob,
        countPath: replicas > 1 ? [...at, 'replicas'] : pods.path,
        // The Job is `<jobset>-<replicatedJob>-<index>`; its pods are numbered within it.
        name: (p) => `${name}-${rjob}-${Math.floor(p / perJob)}-${(p % perJob) + 1}`,
        labels: (p) => ({
          'jobset.sigs.k8s.io/jobset-name': name,
          'jobset.sigs.k8s.io/replicatedjob-name': rjob,
          'jobset.sigs.k8s.io/job-index': String(Math.floor(p / perJob)),
        }),
      });
    }
    return { groups, batch: true };
  },
};

/** Volcano (batch.volcano.sh/v1alpha1 Job): tasks × replicas, minAvailable as the gang. */
const volcanoJob: KindReader = {
  read(reader, object) {
    const name = object.metadata.name;
    const list = reader.objectList(['spec', 'tasks']);
    if (list === false) return undefined;
    const jobPriority = reader.string(['spec', 'priorityClassName']);
    // The admission webhook names Volcano's scheduler when the Job names none.
    const schedulerName = reader.string(['spec', 'schedulerName']) || 'volcano';
    const groups: PodGroup[] = [];
    let total = 0;
    for (const [i, item] of (list ?? []).entries()) {
      const at: FieldPath = ['spec', 'tasks', i];
      // The admission webhook names an unnamed task `default<index>`; replicas has no default.
      const task = typeof item.name === 'string' && item.name !== '' ? item.name : `default${i}`;
      const replicas = reader.count([...at, 'replicas'], 0);
      if (replicas === undefined) return undefined;
      total += replicas;
      groups.push({
        templatePath: [...at, 'template'],
        count: replicas,
        countPath: [...at, 'replicas'],
        // MakePodName: `<job>-<task>-<index>`.
        name: (p) => `${name}-${task}-${p}`,
        labels: () => ({ 'volcano.sh/job-name': name, 'volcano.sh/task-spec': task }),
        podDefaults: { schedulerName, ...(jobPriority ? { priorityClassName: jobPriority } : {}) },
      });
    }
    // The webhook sets minAvailable to every task's pods when it is 0 or absent.
    const minAvailable = reader.count(['spec', 'minAvailable'], 0);
    if (minAvailable === undefined) return undefined;
    return { groups, batch: true, gang: minAvailable === 0 ? total : Math.min(minAvailable, total) };
  },
};

/** Kubeflow training jobs: a map of replica type -> { replicas, template }. */
function replicaSpecs(
  field: string,
  defaultReplicas: (type: string, apiVersion: string) => number,
): KindReader {
  return {
    read(reader, object, kueue) {
      const name = object.metadata.name;
      const specs = reader.mapping(['spec', field]);
      if (specs === false) return undefined;
      if (specs === undefined) {
        reader.missing(['spec', field], `spec.${field} is required`);
        return undefined;
      }
      const suspended = !kueue && reader.bool(['spec', 'runPolicy', 'suspend']) === true;
      const groups: PodGroup[] = [];
      for (const type of Object.keys(specs)) {
        const at: FieldPath = ['spec', field, type];
        if (reader.mapping(at) === false) return undefined;
        const replicas = reader.count([...at, 'replicas'], defaultReplicas(type, object.apiVersion));
        if (replicas === undefined) return undefined;
        const role = type.toLowerCase();
        groups.push({
          templatePath: [...at, 'template'],
          count: suspended ? 0 : replicas,
          countPath: [...at, 'replicas'],
          // The operator names pods `<job>-<replica type>-<index>`.
          name: (p) => `${name}-${role}-${p}`,
          labels: () => ({
            'training.kubeflow.org/job-name': name,
            'training.kubeflow.org/replica-type': role,
          }),
        });
      }
      return { groups, batch: true };
    },
  };
}

/** The operator's config-reloader: 10m cpu and 50Mi memory, requested and limited (its default flags). */
const RELOADER_RESOURCES = {
  requests: { cpu: '10m', memory: '50Mi' },
  limits: { cpu: '10m', memory: '50Mi' },
};

/** A user container of the same name is merged over the operator's (strategic merge by name). */
function mergeContainers(operator: Container[], user: unknown): Container[] {
  const out = operator.map((c) => ({ ...c }));
  if (!Array.isArray(user)) return out;
  for (const item of user) {
    if (!isPlainObject(item)) continue;
    const mine = item as Container;
    const same = out.find((c) => c.name === mine.name);
    if (!same) {
      out.push(mine);
      continue;
    }
    const resources = { ...(same.resources ?? {}) };
    for (const key of ['requests', 'limits'] as const) {
      const theirs = mine.resources?.[key];
      if (isPlainObject(theirs)) resources[key] = { ...(resources[key] ?? {}), ...theirs };
    }
    Object.assign(same, mine, { resources });
  }
  return out;
}

/**
 * The pod the prometheus-operator builds for a Prometheus, Alertmanager or ThanosRuler: its
 * main container with `spec.resources` (Alertmanager and ThanosRuler: 200Mi memory requested
 * when the spec requests none), the config-reloader sidecar (and its init container for
 * Prometheus and Alertmanager) at the operator's default 10m / 50Mi, a Thanos sidecar when
 * `spec.thanos` is set, `spec.containers` / `spec.initContainers` merged by name, and the
 * spec's scheduling fields. An estimate: operator flags can change the reloader's resources.
 */
function operatorPodSpec(
  reader: FieldReader,
  main: string,
  defaultMemory: string | undefined,
  initReloader: boolean,
): PodSpec | undefined {
  const before = reader.diagnostics.length;
  const resources = reader.mapping(['spec', 'resources']);
  reader.objectList(['spec', 'containers']);
  reader.objectList(['spec', 'initContainers']);
  reader.stringMap(['spec', 'nodeSelector']);
  checkTolerations(reader, ['spec', 'tolerations']);
  checkSpreadConstraints(reader, ['spec', 'topologySpreadConstraints']);
  checkAffinity(reader, ['spec', 'affinity']);
  reader.string(['spec', 'priorityClassName']);
  reader.bool(['spec', 'hostNetwork']);
  if (reader.diagnostics.length > before) return undefined;

  const mainResources: NonNullable<Container['resources']> = {
    ...((resources || {}) as Container['resources']),
  };
  const requests = isPlainObject(mainResources.requests) ? mainResources.requests : undefined;
  if (defaultMemory && !(requests && 'memory' in requests))
    mainResources.requests = { ...(requests ?? {}), memory: defaultMemory };
  const containers: Container[] = [{ name: main, resources: mainResources }];
  const thanos = reader.get(['spec', 'thanos']);
  if (main === 'prometheus' && isPlainObject(thanos)) {
    containers.push({
      name: 'thanos-sidecar',
      resources: (thanos.resources ?? {}) as Container['resources'],
    });
  }
  containers.push({ name: 'config-reloader', resources: RELOADER_RESOURCES });
  const initContainers: Container[] = initReloader
    ? [{ name: 'init-config-reloader', resources: RELOADER_RESOURCES }]
    : [];
  const spec: PodSpec = {
    containers: mergeContainers(containers, reader.get(['spec', 'containers'])),
    initContainers: mergeContainers(initContainers, reader.get(['spec', 'initContainers'])),
  };
  for (const field of [
    'nodeSelector',
    'tolerations',
    'affinity',
    'topologySpreadConstraints',
    'priorityClassName',
    'hostNetwork',
  ] as const) {
    const value = reader.get(['spec', field]);
    if (value !== undefined && value !== null) (spec as Record<string, unknown>)[field] = value;
  }
  return spec;
}

function operatorKind(
  prefix: string,
  main: string,
  defaultMemory: string | undefined,
  initReloader: boolean,
  sharded: boolean,
): KindReader {
  return {
    read(reader, object) {
      const name = object.metadata.name;
      // ReplicasNumberPtr: default 1, a negative count is 1 (Alertmanager: 0).
      const replicas = reader.integer(['spec', 'replicas']);
      const perShard = replicas === undefined ? 1 : replicas < 0 ? (sharded ? 1 : 0) : replicas;
      const shardsWritten = sharded ? reader.integer(['spec', 'shards']) : undefined;
      // shardsNumber: fewer than 2 shards is one.
      const shards = shardsWritten !== undefined && shardsWritten > 1 ? shardsWritten : 1;
      const spec = operatorPodSpec(reader, main, defaultMemory, initReloader);
      if (!spec) return undefined;
      const podLabels = reader.get(['spec', 'podMetadata', 'labels']);
      const labels = {
        ...(isPlainObject(podLabels) ? (podLabels as Record<string, string>) : {}),
        'app.kubernetes.io/name': main === 'thanos-ruler' ? 'thanos-ruler' : main,
        'app.kubernetes.io/instance': name,
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        [main === 'thanos-ruler' ? 'thanos-ruler' : main]: name,
      };
      const template: Template = { labels, annotations: {}, spec, template: { metadata: { labels }, spec } };
      const statefulSet = (shard: number) =>
        shard === 0 ? `${prefix}-${name}` : `${prefix}-${name}-shard-${shard}`;
      // One group for every shard: its size is checked against the pod limits before any
      // pod is made, however many shards the spec asks for.
      const shardOf = (p: number) => (perShard === 0 ? 0 : Math.floor(p / perShard));
      const podName = (p: number) => `${statefulSet(shardOf(p))}-${p - shardOf(p) * perShard}`;
      const groups: PodGroup[] = [
        {
          templatePath: ['spec'],
          template,
          locate: (path) =>
            path[0] === 'containers' && path[1] === 0 ? ['spec', 'resources', ...path.slice(3)] : ['spec'],
          count: perShard * shards,
          countPath: sharded && shards > 1 ? ['spec', 'shards'] : ['spec', 'replicas'],
          name: podName,
          labels: (p) => ({
            ...labels,
            ...(sharded ? { 'operator.prometheus.io/shard': String(shardOf(p)) } : {}),
            'statefulset.kubernetes.io/pod-name': podName(p),
          }),
        },
      ];
      const reloader = initReloader ? 'config-reloader and init-config-reloader' : 'config-reloader';
      const mainDefault = defaultMemory
        ? ` (${defaultMemory} memory requested when spec.resources requests none)`
        : '';
      return {
        groups,
        batch: false,
        notes: [
          {
            path: ['spec'],
            message: `${object.kind} ${object.metadata.namespace ?? 'default'}/${name}: ${sharded ? `${shards} shard(s) × ${perShard}` : perShard} pod(s) estimated as prometheus-operator builds them: ${main} with spec.resources${mainDefault}, ${reloader} at the operator's default 10m cpu / 50Mi memory (its --config-reloader-cpu-request and --config-reloader-memory-request flags change them)`,
          },
        ],
      };
    },
  };
}

/** KEDA (keda.sh/v1alpha1 ScaledJob): one Job of spec.jobTargetRef. */
const scaledJob: KindReader = {
  read(reader, object) {
    const pods = jobPods(reader, ['spec', 'jobTargetRef']);
    if (pods === undefined) return undefined;
    return {
      groups: [
        {
          templatePath: ['spec', 'jobTargetRef', 'template'],
          count: pods.count,
          countPath: pods.path,
          name: numbered(object.metadata.name),
        },
      ],
      batch: true,
    };
  },
};

/** A batch/v1 Job that Kueue manages: as the built-in Job, but its `suspend` is Kueue's to lift. */
const kueueJob: KindReader = {
  read(reader, object) {
    const pods = jobPods(reader, ['spec']);
    if (pods === undefined) return undefined;
    return {
      groups: [
        {
          templatePath: ['spec', 'template'],
          count: pods.count,
          countPath: pods.path,
          name: numbered(object.metadata.name),
        },
      ],
      batch: true,
      selector: reader.get(['spec', 'selector']),
    };
  },
};

const KUBEFLOW_DEFAULT = () => 1;

const READERS: Readonly<Record<string, KindReader>> = {
  'argoproj.io/Rollout': rollout,
  'jobset.x-k8s.io/JobSet': jobSet,
  'batch.volcano.sh/Job': volcanoJob,
  'kubeflow.org/PyTorchJob': replicaSpecs('pytorchReplicaSpecs', KUBEFLOW_DEFAULT),
  'kubeflow.org/TFJob': replicaSpecs('tfReplicaSpecs', KUBEFLOW_DEFAULT),
  // mpi-operator v2beta1 defaults: Launcher 1, Worker 0; the training-operator's v1 MPIJob: 1.
  'kubeflow.org/MPIJob': replicaSpecs('mpiReplicaSpecs', (type, apiVersion) =>
    apiVersion.endsWith('/v2beta1') && type === 'Worker' ? 0 : 1,
  ),
  'monitoring.coreos.com/Prometheus': operatorKind('prometheus', 'prometheus', undefined, true, true),
  'monitoring.coreos.com/Alertmanager': operatorKind('alertmanager', 'alertmanager', '200Mi', true, false),
  'monitoring.coreos.com/ThanosRuler': operatorKind('thanos-ruler', 'thanos-ruler', '200Mi', false, false),
  'keda.sh/ScaledJob': scaledJob,
};

/** The group/kinds berth reads pods of beyond the built-in ones, for the docs and messages. */
export const SUPPORTED_CUSTOM_KINDS: readonly string[] = Object.keys(READERS);

function declaredReader(declared: DeclaredWorkloadKind): KindReader {
  return {
    read(reader, object) {
      const path = declared.replicas;
      const replicas = path ? reader.count(path, 1) : 1;
      if (replicas === undefined) return undefined;
      return {
        groups: [
          {
            templatePath: declared.template,
            count: replicas,
            countPath: path ?? declared.template,
            name: numbered(object.metadata.name),
          },
        ],
        batch: declared.batch,
      };
    },
  };
}

/** How berth names a workload kind in the plan: `Deployment` for the built-in ones, `Rollout.argoproj.io` for others. */
export function workloadKindName(object: ManifestObject): string {
  const builtin = builtinWorkloadKind(object);
  if (builtin) return builtin;
  const group = apiGroup(object.apiVersion);
  return group === '' ? object.kind : `${object.kind}.${group}`;
}

export type WorkloadKindMatch =
  | { type: 'builtin'; kind: string }
  | { type: 'custom'; kind: string; reader: KindReader; kueue: boolean }
  | { type: 'unknown'; groupKind: string; templateless?: boolean }
  | undefined;

/**
 * Custom resources whose operator builds pods from fields of its own (replicas, roles,
 * instances) with no pod template in the object: berth cannot read their pods, so they are
 * named as not simulated rather than passed over in silence. Each is the operator's
 * documented kind in its API group.
 */
const TEMPLATELESS_POD_KINDS = new Set([
  // Strimzi: brokers and controllers (KafkaNodePool replicas), Connect, MirrorMaker 2, Bridge.
  'kafka.strimzi.io/Kafka',
  'kafka.strimzi.io/KafkaNodePool',
  'kafka.strimzi.io/KafkaConnect',
  'kafka.strimzi.io/KafkaMirrorMaker2',
  'kafka.strimzi.io/KafkaBridge',
  // Kubeflow Spark operator: a driver and executors.
  'sparkoperator.k8s.io/SparkApplication',
  'sparkoperator.k8s.io/ScheduledSparkApplication',
  // CloudNativePG: `instances` PostgreSQL pods.
  'postgresql.cnpg.io/Cluster',
  // Apache Flink operator: a job manager and task managers.
  'flink.apache.org/FlinkDeployment',
  // Elastic: each nodeSet's `count` pods (its podTemplate may hold no containers).
  'elasticsearch.k8s.elastic.co/Elasticsearch',
]);

/** Whether the object is managed by a Kueue queue (its `kueue.x-k8s.io/queue-name` label). */
export function kueueQueue(object: ManifestObject): string | undefined {
  const queue = object.metadata.labels?.[KUEUE_QUEUE_LABEL];
  return typeof queue === 'string' && queue !== '' ? queue : undefined;
}

/** How deep under `spec` a pod template is looked for, and how many nodes at most are visited. */
const POD_TEMPLATE_DEPTH = 8;
const POD_TEMPLATE_NODES = 10_000;

/**
 * Whether the object carries a pod template (a mapping whose `spec.containers` is a list)
 * anywhere under its `spec`, though berth knows not its kind: directly (`spec.template`),
 * in a job template (`spec.jobTemplate...`), or nested as operators keep them (Ray's
 * `spec.rayClusterSpec.headGroupSpec.template`, Kubeflow's `spec.<x>ReplicaSpecs.<role>.template`,
 * Volcano CronJob's `spec.jobTemplate.spec.tasks[].template`). The search is bounded in
 * depth and in nodes, so no object makes it unbounded.
 */
function hasPodTemplate(raw: Record<string, unknown>): boolean {
  let budget = POD_TEMPLATE_NODES;
  const visit = (node: unknown, depth: number): boolean => {
    if (budget-- <= 0 || depth > POD_TEMPLATE_DEPTH || node === null || typeof node !== 'object')
      return false;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    if (!Array.isArray(node)) {
      const spec = (node as Record<string, unknown>).spec;
      if (spec && typeof spec === 'object' && Array.isArray((spec as Record<string, unknown>).containers))
        return true;
    }
    return children.some((child) => visit(child, depth + 1));
  };
  return visit(raw.spec, 0);
}

/** How the object's pods are read: a built-in kind, a custom reader, or unknown (it has a pod template berth cannot place). */
export function matchWorkloadKind(
  object: ManifestObject,
  declared: readonly DeclaredWorkloadKind[] = [],
): WorkloadKindMatch {
  const group = apiGroup(object.apiVersion);
  const key = groupKind(group, object.kind);
  const kueue = kueueQueue(object) !== undefined;
  const builtin = BUILTIN_WORKLOADS[key];
  if (builtin === 'Job' && kueue) return { type: 'custom', kind: builtin, reader: kueueJob, kueue };
  if (builtin) return { type: 'builtin', kind: builtin };
  const mine = declared.find((d) => d.group === group && d.kind === object.kind);
  const reader = mine ? declaredReader(mine) : READERS[key];
  if (reader) return { type: 'custom', kind: workloadKindName(object), reader, kueue };
  if (hasPodTemplate(object.raw)) return { type: 'unknown', groupKind: key };
  return TEMPLATELESS_POD_KINDS.has(key)
    ? { type: 'unknown', groupKind: key, templateless: true }
    : undefined;
}
