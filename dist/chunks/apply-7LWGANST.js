import { createRequire as __berthCreateRequire } from 'node:module';
const require = __berthCreateRequire(import.meta.url);
import {
  LABEL_PART_OF,
  PRUNE_ANNOTATION,
  applySetId,
  parentAnnotations,
  parentBody,
  readFingerprints,
  readParent,
  tooling,
  toolingConflict
} from "./chunk-75WV544R.js";
import {
  APPLY_SCHEMA_VERSION,
  DEFAULT_APPLY_PARALLELISM,
  FIELD_MANAGER
} from "./chunk-4IPIZRZU.js";
import {
  Reader,
  errorCode,
  loadKubeConfig,
  redact
} from "./chunk-2GKNBCSQ.js";
import {
  BerthError,
  diagnostic,
  dns1123Label,
  nameRule
} from "./chunk-DFJRFF5I.js";
import "./chunk-442IGSZA.js";

// src/apply/changes.ts
import { createHash } from "node:crypto";
var SERVER_METADATA = /* @__PURE__ */ new Set([
  "managedFields",
  "resourceVersion",
  "generation",
  "uid",
  "creationTimestamp",
  "selfLink"
]);
var VALUE_FIELDS = /* @__PURE__ */ new Set(["data", "stringData", "binaryData"]);
function hidesValues(kind, group) {
  return group === "" && (kind === "Secret" || kind === "ConfigMap");
}
function isObj(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
function diffPaths(a, b, path, out, limit) {
  if (out.length >= limit) return;
  if (isObj(a) && isObj(b)) {
    for (const k of [.../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      diffPaths(a[k], b[k], path ? `${path}.${k}` : k, out, limit);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (list) => list.every((x) => isObj(x) && typeof x.name === "string") && new Set(list.map((x) => x.name)).size === list.length;
    if (named(a) && named(b)) {
      const byName = (list) => new Map(list.map((x) => [x.name, x]));
      const ma = byName(a);
      const mb = byName(b);
      for (const name of [.../* @__PURE__ */ new Set([...ma.keys(), ...mb.keys()])]) {
        diffPaths(ma.get(name), mb.get(name), `${path}[name=${name}]`, out, limit);
      }
      return;
    }
    if (a.length !== b.length) {
      out.push(path);
      return;
    }
    for (let i = 0; i < a.length; i++) diffPaths(a[i], b[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
}
function comparable(obj) {
  const { status: _status, metadata, ...rest } = obj;
  const meta = {};
  for (const [k, v] of Object.entries(isObj(metadata) ? metadata : {})) {
    if (!SERVER_METADATA.has(k)) meta[k] = v;
  }
  return { ...rest, metadata: meta };
}
function sizeOf(field2, value) {
  if (typeof value !== "string") return 0;
  return field2 === "stringData" ? Buffer.byteLength(value) : Buffer.from(value, "base64").length;
}
function ownership(obj, manager) {
  const managed = isObj(obj?.metadata) ? obj.metadata.managedFields : void 0;
  if (!Array.isArray(managed)) return "";
  const mine = managed.filter((m) => isObj(m) && m.manager === manager && m.operation === "Apply");
  return JSON.stringify(mine.map((m) => m.fieldsV1));
}
function ownershipDigest(obj, manager) {
  const owned = ownership(obj, manager);
  return owned === "[]" || owned === "" ? "" : createHash("sha256").update(owned).digest("base64url").slice(0, 22);
}
function matchesManifest(live, manifest) {
  if (isObj(manifest)) {
    if (!isObj(live)) return false;
    return Object.entries(manifest).every(([k, v]) => k === "status" || matchesManifest(live[k], v));
  }
  if (Array.isArray(manifest)) {
    return Array.isArray(live) && live.length === manifest.length && manifest.every((v, i) => matchesManifest(live[i], v));
  }
  return live === manifest;
}
function summarizeChange(live, dryRun, kind, group, manager) {
  if (!live) return { outcome: "created", fields: [] };
  const before = comparable(live);
  const after = comparable(dryRun);
  const fields = [];
  diffPaths(before, after, "", fields, 200);
  let keys;
  if (hidesValues(kind, group)) {
    keys = [];
    for (const field2 of VALUE_FIELDS) {
      const a = isObj(before[field2]) ? before[field2] : {};
      const b = isObj(after[field2]) ? after[field2] : {};
      for (const k of [.../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (!(k in a)) keys.push({ key: k, change: "added", size: sizeOf(field2, b[k]) });
        else if (!(k in b)) keys.push({ key: k, change: "removed" });
        else if (a[k] !== b[k]) keys.push({ key: k, change: "changed", size: sizeOf(field2, b[k]) });
      }
    }
  }
  const owned = ownership(live, manager) === ownership(dryRun, manager);
  if (fields.length === 0 && owned) return { outcome: "unchanged", fields };
  return { outcome: "configured", fields, ...keys && keys.length > 0 ? { keys } : {} };
}
function valuesOf(body) {
  const out = [];
  for (const field2 of VALUE_FIELDS) {
    const map = body[field2];
    if (!isObj(map)) continue;
    for (const value of Object.values(map)) {
      if (typeof value !== "string" || value.length === 0) continue;
      out.push(value);
      if (field2 === "stringData") out.push(Buffer.from(value, "utf8").toString("base64"));
      else {
        const decoded = Buffer.from(value, "base64").toString("utf8");
        if (decoded) out.push(decoded);
      }
    }
  }
  return out.sort((a, b) => b.length - a.length);
}
function maskValues(message, body) {
  let out = message;
  for (const value of valuesOf(body)) {
    if (value.length >= 2) out = out.split(value).join("[redacted]");
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value && escaped.length >= 2) out = out.split(escaped).join("[redacted]");
  }
  return out;
}
function conflictHint(field2, manager) {
  if (field2 === ".spec.replicas") {
    return `${manager} scales this object (a HorizontalPodAutoscaler or a scale call through the scale subresource): drop replicas from the manifest so berth stops owning it`;
  }
  return void 0;
}
function parseConflicts(status) {
  const causes = isObj(status) && isObj(status.details) ? status.details.causes : void 0;
  if (!Array.isArray(causes)) return [];
  const out = [];
  for (const cause of causes) {
    if (!isObj(cause) || cause.reason !== "FieldManagerConflict") continue;
    const field2 = typeof cause.field === "string" ? cause.field : "";
    const message = typeof cause.message === "string" ? cause.message : "";
    const manager = /conflict with "([^"]*)"/.exec(message)?.[1] ?? "another field manager";
    const hint = conflictHint(field2, manager);
    out.push({ field: field2, manager, ...hint ? { hint } : {} });
  }
  return out;
}

// src/apply/health.ts
function field(obj, path) {
  let cur = obj;
  for (const key2 of path.split(".")) {
    if (!cur || typeof cur !== "object") return void 0;
    cur = cur[key2];
  }
  return cur;
}
function int(obj, path, fallback) {
  const v = field(obj, path);
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
function conditions(obj) {
  const list = field(obj, "status.conditions");
  return Array.isArray(list) ? list.filter((c) => c && typeof c === "object") : [];
}
function condition(obj, type) {
  return conditions(obj).find((c) => c.type === type);
}
var current = (message) => ({ status: "Current", message });
var progress = (message) => ({ status: "InProgress", message });
var failed = (message) => ({ status: "Failed", message });
var NO_DEADLINE = 2147483647;
function deployment(obj) {
  let progressing = int(obj, "spec.progressDeadlineSeconds", NO_DEADLINE) === NO_DEADLINE;
  let available = false;
  for (const c of conditions(obj)) {
    if (c.type === "Progressing") {
      if (c.reason === "ProgressDeadlineExceeded") return failed("Progress deadline exceeded");
      if (c.status === "True" && c.reason === "NewReplicaSetAvailable") progressing = true;
    } else if (c.type === "Available" && c.status === "True") available = true;
  }
  const spec = int(obj, "spec.replicas", 1);
  const replicas = int(obj, "status.replicas", 0);
  const updated = int(obj, "status.updatedReplicas", 0);
  const ready = int(obj, "status.readyReplicas", 0);
  const avail = int(obj, "status.availableReplicas", 0);
  if (spec > replicas) return progress(`Replicas: ${replicas}/${spec}`);
  if (spec > updated) return progress(`Updated: ${updated}/${spec}`);
  if (replicas > spec) return progress(`Pending termination: ${replicas - spec}`);
  if (updated > avail) return progress(`Available: ${avail}/${updated}`);
  if (spec > ready) return progress(`Ready: ${ready}/${spec}`);
  if (!progressing) return progress("ReplicaSet not Available");
  if (!available) return progress("Deployment not Available");
  return current(`Deployment is available. Replicas: ${replicas}`);
}
function statefulSet(obj) {
  if (field(obj, "spec.updateStrategy.type") === "OnDelete")
    return current("StatefulSet is using the ondelete update strategy");
  const spec = int(obj, "spec.replicas", 1);
  const replicas = int(obj, "status.replicas", 0);
  const ready = int(obj, "status.readyReplicas", 0);
  const currentReplicas = int(obj, "status.currentReplicas", 0);
  const updated = int(obj, "status.updatedReplicas", 0);
  if (spec > replicas) return progress(`Replicas: ${replicas}/${spec}`);
  if (spec > ready) return progress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return progress(`Pending termination: ${replicas - spec}`);
  const partition = int(obj, "spec.updateStrategy.rollingUpdate.partition", 0);
  if (partition > 0) {
    if (updated < spec - partition) return progress(`updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentReplicas) return progress(`current: ${currentReplicas}/${spec}`);
  if (field(obj, "status.currentRevision") !== field(obj, "status.updateRevision"))
    return progress("Waiting for updated revision to match current");
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}
function daemonSet(obj) {
  if (typeof field(obj, "metadata.generation") !== "number")
    return progress("DaemonSet metadata.generation not found");
  if (typeof field(obj, "status.observedGeneration") !== "number")
    return progress("DaemonSet status.observedGeneration not found");
  const desired = int(obj, "status.desiredNumberScheduled", -1);
  if (desired === -1) return progress("Missing .status.desiredNumberScheduled");
  const scheduled = int(obj, "status.currentNumberScheduled", 0);
  const updated = int(obj, "status.updatedNumberScheduled", 0);
  const available = int(obj, "status.numberAvailable", 0);
  const ready = int(obj, "status.numberReady", 0);
  if (desired > scheduled) return progress(`Current: ${scheduled}/${desired}`);
  if (desired > updated) return progress(`Updated: ${updated}/${desired}`);
  if (desired > available) return progress(`Available: ${available}/${desired}`);
  if (desired > ready) return progress(`Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}
function job(obj) {
  const parallelism = int(obj, "spec.parallelism", 1);
  const completions = int(obj, "spec.completions", parallelism);
  const succeeded = int(obj, "status.succeeded", 0);
  const failedPods = int(obj, "status.failed", 0);
  const active = int(obj, "status.active", 0);
  if (condition(obj, "Complete")?.status === "True")
    return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
  if (condition(obj, "Failed")?.status === "True") {
    const why = condition(obj, "Failed")?.message;
    return failed(`Job Failed. failed: ${failedPods}/${completions}${why ? `: ${why}` : ""}`);
  }
  if (condition(obj, "Suspended")?.status === "True") return current("Job is suspended");
  if (field(obj, "status.startTime") === void 0) return progress("Job not started");
  return progress(`Job in progress. success: ${succeeded}, active: ${active}, failed: ${failedPods}`);
}
function crd(obj) {
  const names = condition(obj, "NamesAccepted");
  if (names?.status === "False") return failed(`Names not accepted: ${names.message ?? names.reason ?? ""}`);
  const established = condition(obj, "Established");
  if (established?.status === "True") return current("CRD is established");
  if (established?.status === "False" && established.reason !== "Installing")
    return failed(`CRD is not established: ${established.message ?? established.reason ?? ""}`);
  return progress("CRD is not established yet");
}
function pvc(obj, ctx) {
  const phase = field(obj, "status.phase");
  if (phase === "Bound") return current("PVC is Bound");
  const storageClass = field(obj, "spec.storageClassName");
  if (phase === "Pending" && typeof storageClass === "string") {
    if (ctx.bindingModeOf?.(storageClass) === "WaitForFirstConsumer")
      return current("PVC is waiting for its first consumer (WaitForFirstConsumer)");
  }
  if (phase === "Lost") return failed("PVC lost its volume");
  return progress(`PVC is not Bound. phase: ${typeof phase === "string" ? phase : "unknown"}`);
}
var SCHEDULE_WINDOW_MS = 15e3;
function crashLooping(obj) {
  const statuses = field(obj, "status.containerStatuses");
  if (!Array.isArray(statuses)) return [];
  return statuses.filter((s) => field(s, "state.waiting.reason") === "CrashLoopBackOff").map((s) => String(field(s, "name") ?? ""));
}
function pod(obj, ctx) {
  const phase = field(obj, "status.phase");
  if (phase === "Succeeded") return current("Pod has completed successfully");
  if (phase === "Failed") return failed("Pod has completed, but not successfully");
  if (phase === "Running") {
    if (condition(obj, "Ready")?.status === "True") return current("Pod is Ready");
    const looping = crashLooping(obj);
    if (looping.length > 0) return failed(`Containers in CrashLoop state: ${looping.join(",")}`);
    return progress("Pod is running but is not Ready");
  }
  if (phase === "Pending") {
    const scheduled = condition(obj, "PodScheduled");
    if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") {
      const why = scheduled.message ? `: ${scheduled.message}` : "";
      const created = Date.parse(String(field(obj, "metadata.creationTimestamp") ?? ""));
      const now = ctx.now?.() ?? Date.now();
      if (Number.isFinite(created) && now - created < SCHEDULE_WINDOW_MS)
        return progress(`Pod has not been scheduled${why}`);
      return failed(`Pod could not be scheduled${why}`);
    }
    return progress("Pod is in the Pending phase");
  }
  return progress(typeof phase === "string" ? `Pod phase: ${phase}` : "Pod phase not available");
}
function healthOf(obj, ctx = {}) {
  if (!obj) return { status: "NotFound", message: "not found" };
  if (field(obj, "metadata.deletionTimestamp") !== void 0)
    return progress("Resource scheduled for deletion");
  const generation = field(obj, "metadata.generation");
  const observed = field(obj, "status.observedGeneration");
  if (typeof generation === "number" && typeof observed === "number" && observed !== generation) {
    return progress(
      `${String(obj.kind)} generation is ${generation}, but latest observed generation is ${observed}`
    );
  }
  for (const c of conditions(obj)) {
    if (c.type === "Reconciling" && c.status === "True") return progress(c.message ?? "Reconciling");
    if (c.type === "Stalled" && c.status === "True") return failed(c.message ?? "Stalled");
  }
  const kind = String(obj.kind ?? "");
  const group = String(obj.apiVersion ?? "").includes("/") ? String(obj.apiVersion).split("/")[0] : "";
  if (group === "apps" && kind === "Deployment") return deployment(obj);
  if (group === "apps" && kind === "StatefulSet") return statefulSet(obj);
  if (group === "apps" && kind === "DaemonSet") return daemonSet(obj);
  if (group === "batch" && kind === "Job") return job(obj);
  if (group === "apiextensions.k8s.io" && kind === "CustomResourceDefinition") return crd(obj);
  if (group === "" && kind === "Namespace") {
    return field(obj, "status.phase") === "Active" ? current("Namespace is Active") : progress("Namespace is not Active");
  }
  if (group === "" && kind === "PersistentVolumeClaim") return pvc(obj, ctx);
  if (group === "" && kind === "Pod") return pod(obj, ctx);
  return current("Resource is current");
}
function isWaitedFor(kind, group) {
  return group === "apps" && (kind === "Deployment" || kind === "StatefulSet" || kind === "DaemonSet") || group === "batch" && kind === "Job" || group === "apiextensions.k8s.io" && kind === "CustomResourceDefinition" || group === "" && (kind === "Namespace" || kind === "PersistentVolumeClaim" || kind === "Pod");
}

// src/apply/prune.ts
var PROTECTED_KINDS = ["Namespace", "PersistentVolumeClaim", "CustomResourceDefinition"];
function key(o) {
  return `${o.group}/${o.kind}/${o.namespace}/${o.name}`;
}
function appliedByBerth(object) {
  const managed = object.metadata?.managedFields;
  if (!Array.isArray(managed)) return false;
  return managed.some(
    (entry) => entry && typeof entry === "object" && entry.manager === FIELD_MANAGER && entry.operation === "Apply"
  );
}
function planPrune(members, desired, options) {
  const wanted = new Set(desired.map(key));
  const gone = members.filter((m) => !wanted.has(key(m)));
  const kept = [];
  const candidates = [];
  for (const m of gone) {
    const { object, ...ref } = m;
    const annotations = object.metadata?.annotations;
    if (annotations?.[PRUNE_ANNOTATION] === "disabled") {
      kept.push({ ...ref, reason: `annotated ${PRUNE_ANNOTATION}: disabled` });
    } else if (PROTECTED_KINDS.includes(m.kind) && !options.allowKinds.includes(m.kind)) {
      kept.push({ ...ref, reason: `${m.kind}s are kept unless apply.pruneKinds lists ${m.kind}` });
    } else if (!appliedByBerth(object)) {
      kept.push({ ...ref, reason: `not applied by field manager ${FIELD_MANAGER}` });
    } else {
      candidates.push(ref);
    }
  }
  if (candidates.length > 0 && desired.length === 0) {
    return {
      delete: [],
      kept,
      refused: `the manifests are empty: pruning would delete all ${candidates.length} members of the set; refusing`
    };
  }
  if (candidates.length > options.maxPrune && !options.confirmed) {
    return {
      delete: [],
      kept,
      refused: `${candidates.length} objects would be pruned, more than apply.maxPrune (${options.maxPrune}); run again with --prune-confirm to delete them`
    };
  }
  candidates.sort(
    (a, b) => Number(a.namespace === "") - Number(b.namespace === "") || key(a).localeCompare(key(b))
  );
  return { delete: candidates, kept };
}

// src/apply/stages.ts
var STAGE_NAMES = ["definitions", "classes", "resources", "admission"];
var DEFINITIONS = /* @__PURE__ */ new Set(["CustomResourceDefinition", "Namespace", "ClusterRole"]);
var ADMISSION = /* @__PURE__ */ new Set([
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding"
]);
var KIND_ORDER = [
  "Namespace",
  "NetworkPolicy",
  "ResourceQuota",
  "LimitRange",
  "PodSecurityPolicy",
  "PodDisruptionBudget",
  "ServiceAccount",
  "Secret",
  "SecretList",
  "ConfigMap",
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleList",
  "ClusterRoleBinding",
  "ClusterRoleBindingList",
  "Role",
  "RoleList",
  "RoleBinding",
  "RoleBindingList",
  "Service",
  "DaemonSet",
  "Pod",
  "ReplicationController",
  "ReplicaSet",
  "Deployment",
  "HorizontalPodAutoscaler",
  "StatefulSet",
  "Job",
  "CronJob",
  "IngressClass",
  "Ingress",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration"
];
var KIND_RANK = new Map(KIND_ORDER.map((kind, i) => [kind, i]));
function stageOf(type) {
  if (DEFINITIONS.has(type.kind) && (type.group === "" || type.group.endsWith("k8s.io"))) return 0;
  if (ADMISSION.has(type.kind)) return 3;
  if (type.kind.endsWith("Class")) return 1;
  return 2;
}
function compareForApply(a, b) {
  const rank = (kind) => KIND_RANK.get(kind) ?? KIND_ORDER.length;
  return rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}
function planStages(objects) {
  return STAGE_NAMES.map((name, index) => ({
    name,
    objects: objects.filter((o) => o.stage === index).sort(compareForApply)
  })).filter((stage) => stage.objects.length > 0);
}

// src/apply/validate.ts
var GUARDED_KINDS = [
  "ClusterRoleBinding",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "APIService"
];
function splitApiVersion(apiVersion) {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
function typesDefinedBy(objects) {
  const out = [];
  for (const o of objects) {
    if (o.kind !== "CustomResourceDefinition" || !o.apiVersion.startsWith("apiextensions.k8s.io/")) continue;
    const spec = o.raw.spec;
    if (typeof spec?.group !== "string" || typeof spec.names?.kind !== "string") continue;
    const versions = new Set(
      (Array.isArray(spec.versions) ? spec.versions : []).filter((v) => v.served !== false && typeof v.name === "string").map((v) => v.name)
    );
    out.push({
      group: spec.group,
      kind: spec.names.kind,
      versions,
      scope: spec.scope === "Cluster" ? "Cluster" : "Namespaced"
    });
  }
  return out;
}
function refusal(o, allow) {
  if (allow.includes(o.kind)) return void 0;
  if (o.kind === "ClusterRoleBinding") {
    const roleRef = o.raw.roleRef;
    if (roleRef?.kind === "ClusterRole" && roleRef.name === "cluster-admin") {
      return "a ClusterRoleBinding to cluster-admin is refused: it grants full control of the cluster (list ClusterRoleBinding in apply.allowKinds to allow it)";
    }
    return void 0;
  }
  if (GUARDED_KINDS.includes(o.kind)) {
    return `${o.kind} is refused: it can intercept or break every request to the cluster (list ${o.kind} in apply.allowKinds to allow it)`;
  }
  return void 0;
}
function validateForApply(objects, options) {
  const diagnostics = [];
  const targets = [];
  const defaultNamespace = options.namespace ?? "default";
  const allow = options.allowKinds ?? [];
  const defined = typesDefinedBy(objects);
  const seen = /* @__PURE__ */ new Map();
  const error = (o, path, message) => diagnostics.push(diagnostic(o.locate(path), "error", "invalid-field", message));
  for (const o of objects) {
    if (typeof o.apiVersion !== "string" || o.apiVersion === "") {
      error(o, ["apiVersion"], "apiVersion is required");
      continue;
    }
    if (typeof o.kind !== "string" || o.kind === "") {
      error(o, ["kind"], "kind is required");
      continue;
    }
    const name = o.raw.metadata?.name;
    if (typeof name !== "string" || name === "") {
      error(o, ["metadata"], `${o.kind}: metadata.name is required (generateName cannot be applied)`);
      continue;
    }
    const nameErrors = nameRule(o.kind)(name);
    if (nameErrors.length > 0) {
      error(
        o,
        ["metadata", "name"],
        `${o.kind} "${name}": metadata.name: Invalid value: ${nameErrors.join("; ")}`
      );
      continue;
    }
    const refused = refusal(o, allow);
    if (refused) {
      error(o, ["kind"], `${o.kind} "${name}": ${refused}`);
      continue;
    }
    const { group, version } = splitApiVersion(o.apiVersion);
    const crd2 = defined.find((t) => t.group === group && t.kind === o.kind && t.versions.has(version));
    const scope = options.scopeOf(group, version, o.kind) ?? crd2?.scope;
    if (!scope) {
      error(
        o,
        ["kind"],
        `${o.kind} "${name}": the API server does not serve ${o.kind} in ${o.apiVersion}, and no CustomResourceDefinition in the manifests defines it`
      );
      continue;
    }
    const written = o.metadata.namespace;
    let namespace = "";
    if (scope === "Namespaced") {
      namespace = typeof written === "string" && written !== "" ? written : defaultNamespace;
      const nsErrors = dns1123Label(namespace);
      if (nsErrors.length > 0) {
        error(
          o,
          ["metadata", "namespace"],
          `${o.kind} "${name}": metadata.namespace: Invalid value: ${nsErrors.join("; ")}`
        );
        continue;
      }
    } else if (typeof written === "string" && written !== "") {
      error(
        o,
        ["metadata", "namespace"],
        `${o.kind} "${name}" is cluster-scoped: remove metadata.namespace "${written}"`
      );
      continue;
    }
    const key2 = `${group}/${o.kind}/${namespace}/${name}`;
    const previous = seen.get(key2);
    if (previous) {
      error(
        o,
        ["metadata", "name"],
        `${o.kind} "${namespace ? `${namespace}/` : ""}${name}" is also defined at ${previous.source.file}:${previous.source.line}`
      );
      continue;
    }
    seen.set(key2, o);
    const body = structuredClone(o.raw);
    const metadata = { ...body.metadata };
    if (namespace) metadata.namespace = namespace;
    const labels = { ...metadata.labels ?? {} };
    labels[LABEL_PART_OF] = options.applySetId;
    metadata.labels = labels;
    body.metadata = metadata;
    targets.push({
      key: key2,
      apiVersion: o.apiVersion,
      group,
      version,
      kind: o.kind,
      namespace,
      name,
      body,
      source: { file: o.source.file, line: o.source.line },
      stage: stageOf({ group, kind: o.kind })
    });
  }
  return { targets: diagnostics.some((d) => d.severity === "error") ? [] : targets, diagnostics };
}

// src/cluster/writer.ts
var RETRIED_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ETIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET"
]);
function retriedStatus(status) {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}
function isTransient(error) {
  const code = errorCode(error);
  if (code && RETRIED_CODES.has(code)) return true;
  return error instanceof Error && /socket hang up/.test(error.message);
}
var KubeWriter = class {
  reader;
  host;
  context;
  parallelism;
  retry;
  sleep;
  random;
  now;
  /** Requests sent, retries included (for the report and the benchmark). */
  requests = 0;
  retries = 0;
  constructor(options = {}) {
    const { kc } = loadKubeConfig(options);
    this.parallelism = Math.max(1, options.parallelism ?? DEFAULT_APPLY_PARALLELISM);
    this.reader = new Reader(kc, {
      ...options,
      keepAlive: options.keepAlive === false ? 0 : this.parallelism
    });
    this.host = this.reader.host;
    this.context = this.reader.context;
    this.retry = { attempts: 6, baseMs: 250, maxMs: 5e3, budgetMs: 6e4, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }
  close() {
    this.reader.close();
  }
  /** A message safe to show: credentials and long secret-like runs removed. */
  safe(message) {
    return redact(message, this.reader.secrets);
  }
  /**
   * Sends a request, retrying what may be retried. Resolves with any answer the
   * server gave (4xx included); rejects with a `BerthError` when the server
   * stayed unreachable or overloaded past the retry policy.
   */
  async send(request) {
    const started = this.now();
    for (let attempt = 1; ; attempt++) {
      let failure;
      let retryAfterMs = 0;
      try {
        this.requests++;
        const response = await this.reader.send(request);
        let json;
        try {
          json = response.body ? JSON.parse(response.body) : void 0;
        } catch {
          json = void 0;
        }
        if (json === void 0 && response.status >= 400) json = { message: response.body.slice(0, 300) };
        const warnings = response.warnings ? { warnings: response.warnings } : {};
        if (!retriedStatus(response.status)) return { status: response.status, json, ...warnings };
        failure = `HTTP ${response.status}`;
        const seconds = Number(response.retryAfter);
        if (Number.isFinite(seconds) && seconds > 0) retryAfterMs = seconds * 1e3;
        if (attempt >= this.retry.attempts) return { status: response.status, json };
      } catch (error) {
        if (error instanceof BerthError) throw error;
        if (!isTransient(error) || attempt >= this.retry.attempts) throw this.reader.transportError(error);
        failure = errorCode(error) ?? "connection failed";
      }
      const backoff = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
      const wait = Math.max(retryAfterMs, Math.floor(this.random() * backoff));
      if (this.now() + wait - started > this.retry.budgetMs) {
        throw new BerthError(
          "io",
          `the Kubernetes API server at ${this.host} kept failing (${failure}) for ${Math.round((this.now() - started) / 1e3)}s; gave up after ${attempt} attempts`
        );
      }
      this.retries++;
      await this.sleep(wait);
    }
  }
  /** GET, LIST, PATCH or DELETE as an answer: the object, or what went wrong. */
  async call(request) {
    const { status, json, warnings } = await this.send(request);
    const warned = warnings ? { warnings } : {};
    const body = json && typeof json === "object" ? json : void 0;
    if (status >= 200 && status < 300 && body) return { ok: true, object: body, ...warned };
    const reason = typeof body?.reason === "string" ? body.reason : `HTTP ${status}`;
    const message = typeof body?.message === "string" ? body.message : `HTTP ${status}`;
    return { ok: false, status, reason, message, ...body ? { body } : {}, ...warned };
  }
  path(resource, namespace, name) {
    const base = resource.group === "" ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
    const ns = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : "";
    return `${base}${ns}/${resource.plural}${name === void 0 ? "" : `/${encodeURIComponent(name)}`}`;
  }
  async get(resource, namespace, name) {
    const answer = await this.call({ path: this.path(resource, namespace, name) });
    if (answer.ok) return answer.object;
    if (answer.status === 404) return void 0;
    throw new BerthError("io", this.safe(`cannot read ${resource.kind} ${name}: ${answer.message}`));
  }
  /** Every object of a type in a namespace (all namespaces with `''`) matching a label selector, page by page. */
  async list(resource, namespace, labelSelector) {
    const out = [];
    let token;
    do {
      const query = { limit: "500" };
      if (labelSelector) query.labelSelector = labelSelector;
      if (token) query.continue = token;
      const answer = await this.call({ path: this.path(resource, namespace), query });
      if (!answer.ok) {
        throw new BerthError(
          "io",
          this.safe(
            `cannot list ${resource.plural}${namespace ? ` in ${namespace}` : ""}: ${answer.message}`
          )
        );
      }
      const items = Array.isArray(answer.object.items) ? answer.object.items : [];
      const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
      for (const item of items) out.push({ apiVersion, kind: resource.kind, ...item });
      const meta = answer.object.metadata;
      token = typeof meta?.continue === "string" && meta.continue ? meta.continue : void 0;
    } while (token);
    return out;
  }
  /** Server-side apply of an object as written: `fieldManager=berth`, `force` only when asked. */
  apply(resource, body, options) {
    const metadata = body.metadata;
    const query = {
      fieldManager: options.fieldManager,
      force: String(options.force)
    };
    if (options.dryRun) query.dryRun = "All";
    return this.call({
      method: "PATCH",
      path: this.path(resource, metadata.namespace ?? "", metadata.name),
      query,
      // JSON is YAML: the object goes out byte for byte as parsed, every field kept.
      body: JSON.stringify(body),
      contentType: "application/apply-patch+yaml"
    });
  }
  /** Deletes one object, only if it is still the one that was listed (uid precondition). */
  delete(resource, namespace, name, uid) {
    return this.call({
      method: "DELETE",
      path: this.path(resource, namespace, name),
      body: JSON.stringify({
        apiVersion: "v1",
        kind: "DeleteOptions",
        propagationPolicy: "Background",
        ...uid ? { preconditions: { uid } } : {}
      })
    });
  }
  /** Runs `work` over `items` with at most `parallelism` in flight, keeping the order of results. */
  async pool(items, work) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallelism, items.length) }, worker));
    return results;
  }
  /** The types the server serves, from aggregated discovery (two requests), else the per-group documents. */
  async discover() {
    const resources = [];
    const aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
    for (const root of ["/api", "/apis"]) {
      const { status, json } = await this.send({ path: root, accept: aggregated });
      if (status !== 200 || !json || typeof json !== "object") {
        throw new BerthError(
          "io",
          `cannot discover the API of ${this.host}: ${root} answered HTTP ${status}`
        );
      }
      const doc = json;
      if (doc.kind === "APIGroupDiscoveryList") {
        for (const group of doc.items ?? []) {
          for (const version of group.versions ?? []) {
            for (const r of version.resources ?? []) {
              if (!r.responseKind?.kind || r.resource.includes("/")) continue;
              resources.push({
                group: group.metadata?.name ?? "",
                version: version.version,
                kind: r.responseKind.kind,
                plural: r.resource,
                namespaced: r.scope === "Namespaced"
              });
            }
          }
        }
      } else {
        resources.push(...await this.legacyDiscovery(root, doc));
      }
    }
    return new Discovery(resources);
  }
  async legacyDiscovery(root, doc) {
    const groupVersions = root === "/api" ? (doc.versions ?? []).map((v) => ({ group: "", version: v, path: `/api/${v}` })) : (doc.groups ?? []).flatMap(
      (g) => g.versions.map((v) => ({
        group: g.name,
        version: v.version,
        path: `/apis/${g.name}/${v.version}`
      }))
    );
    const lists = await this.pool(groupVersions, async (gv) => {
      const { status, json } = await this.send({ path: gv.path });
      if (status !== 200) return [];
      const list = json.resources ?? [];
      return list.filter((r) => !r.name.includes("/")).map((r) => ({
        group: gv.group,
        version: gv.version,
        kind: r.kind,
        plural: r.name,
        namespaced: r.namespaced
      }));
    });
    return lists.flat();
  }
};
var Discovery = class {
  byType = /* @__PURE__ */ new Map();
  byGroupKind = /* @__PURE__ */ new Map();
  constructor(resources) {
    for (const r of resources) this.add(r);
  }
  add(r) {
    this.byType.set(`${r.group}/${r.version}/${r.kind}`, r);
    if (!this.byGroupKind.has(`${r.group}/${r.kind}`)) this.byGroupKind.set(`${r.group}/${r.kind}`, r);
  }
  lookup(group, version, kind) {
    return this.byType.get(`${group}/${version}/${kind}`);
  }
  /** The preferred (first discovered) version of a group-kind, for listing set members. */
  forGroupKind(group, kind) {
    return this.byGroupKind.get(`${group}/${kind}`);
  }
  /** Adds the types a CustomResourceDefinition serves, once it is established. */
  addCrd(crd2) {
    const spec = crd2.spec;
    if (!spec?.group || !spec.names?.kind || !spec.names.plural) return;
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      this.add({
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        plural: spec.names.plural,
        namespaced: spec.scope !== "Cluster"
      });
    }
  }
};

// src/cluster/apply.ts
function gkKey(gk) {
  return `${gk.group}/${gk.kind}`;
}
function memberKey(o) {
  return `${o.group}/${o.kind}/${o.namespace}/${o.name}`;
}
function metaOf(obj) {
  return obj.metadata ?? {};
}
function emptySummary() {
  return {
    created: 0,
    configured: 0,
    unchanged: 0,
    pruned: 0,
    failed: 0,
    skipped: 0,
    unhealthy: 0,
    notAttempted: 0
  };
}
async function runApply(options) {
  const started = Date.now();
  const writer = options.writer ?? new KubeWriter(options.cluster);
  try {
    return await run(writer, options, started);
  } finally {
    if (!options.writer) writer.close();
  }
}
async function run(writer, options, started) {
  const parent = {
    name: options.applySet ?? "berth",
    namespace: options.inventoryNamespace ?? "berth-system"
  };
  const id = applySetId(parent);
  const tool = tooling(options.version);
  const progress2 = options.progress ?? (() => {
  });
  const secretType = {
    group: "",
    version: "v1",
    kind: "Secret",
    plural: "secrets",
    namespaced: true
  };
  const namespaceType = {
    group: "",
    version: "v1",
    kind: "Namespace",
    plural: "namespaces",
    namespaced: false
  };
  progress2({ phase: "validation", done: 0, total: options.objects.length });
  const discovery = await writer.discover();
  const validated = validateForApply(options.objects, {
    ...options.namespace ? { namespace: options.namespace } : {},
    allowKinds: options.allowKinds ?? [],
    applySetId: id,
    scopeOf: (group, version, kind) => {
      const r = discovery.lookup(group, version, kind);
      return r ? r.namespaced ? "Namespaced" : "Cluster" : void 0;
    }
  });
  if (validated.diagnostics.some((d) => d.severity === "error")) {
    return {
      diagnostics: validated.diagnostics,
      refused: "the manifests are not valid; nothing was applied"
    };
  }
  if (validated.targets.length === 0 && options.prune) {
    return {
      diagnostics: validated.diagnostics,
      refused: "no objects to apply: an empty set never prunes (check the --head paths); nothing was applied"
    };
  }
  const result = {
    version: APPLY_SCHEMA_VERSION,
    cluster: { host: writer.host, context: writer.context },
    applySet: { id, parent: parent.name, namespace: parent.namespace, tooling: tool },
    dryRun: options.dryRun === true,
    forceConflicts: options.forceConflicts === true,
    success: false,
    stoppedAt: "dry-run",
    summary: emptySummary(),
    stages: [],
    objects: [],
    prune: { enabled: options.prune === true, candidates: 0 },
    messages: [],
    durationMs: 0
  };
  const finish = (stoppedAt) => {
    result.stoppedAt = stoppedAt;
    result.summary = emptySummary();
    for (const o of result.objects) {
      result.summary[o.outcome]++;
      if (o.outcome === "skipped" && o.message?.startsWith("not attempted")) result.summary.notAttempted++;
      if (o.health && o.health.status !== "Current") result.summary.unhealthy++;
    }
    result.success = stoppedAt === "done" && result.summary.failed === 0 && result.summary.unhealthy === 0 && !result.prune.refused;
    result.durationMs = Date.now() - started;
    return { result, diagnostics: validated.diagnostics };
  };
  const parentLive = await writer.get(secretType, parent.namespace, parent.name);
  const before = readParent(parentLive, parent);
  const foreign = toolingConflict(before);
  if (foreign) return { diagnostics: validated.diagnostics, refused: foreign };
  const planned = validated.targets.map((target) => ({
    target,
    deferred: false,
    skipWrite: false,
    result: {
      kind: target.kind,
      group: target.group,
      namespace: target.namespace,
      name: target.name,
      outcome: "skipped",
      source: target.source,
      stage: STAGE_NAMES[target.stage]
    }
  }));
  for (const p of planned) {
    const r = discovery.lookup(p.target.group, p.target.version, p.target.kind);
    if (r) p.resource = r;
  }
  const kinds = /* @__PURE__ */ new Map();
  for (const gk of before.groupKinds) kinds.set(gkKey(gk), gk);
  for (const t of validated.targets) kinds.set(gkKey(t), { group: t.group, kind: t.kind });
  const namespaces = [
    .../* @__PURE__ */ new Set([...before.namespaces, ...validated.targets.map((t) => t.namespace).filter(Boolean)])
  ];
  const lists = [];
  for (const gk of kinds.values()) {
    const resource = discovery.forGroupKind(gk.group, gk.kind);
    if (!resource) continue;
    if (resource.namespaced) for (const ns of namespaces) lists.push({ resource, namespace: ns });
    else lists.push({ resource, namespace: "" });
  }
  progress2({ phase: "dry-run", done: 0, total: planned.length });
  const listed = await writer.pool(
    lists,
    ({ resource, namespace }) => writer.list(resource, namespace, `${LABEL_PART_OF}=${id}`)
  );
  const members = /* @__PURE__ */ new Map();
  lists.forEach(({ resource }, i) => {
    for (const object of listed[i] ?? []) {
      const meta = metaOf(object);
      const ref = {
        group: resource.group,
        kind: resource.kind,
        namespace: meta.namespace ?? "",
        name: meta.name
      };
      members.set(memberKey(ref), { ...ref, object });
    }
  });
  const targetNamespaces = [...new Set(validated.targets.map((t) => t.namespace).filter(Boolean))];
  const existing = await writer.pool(targetNamespaces, (ns) => writer.get(namespaceType, "", ns));
  const missingNamespaces = new Set(targetNamespaces.filter((_, i) => !existing[i]));
  await writer.pool(planned, async (p) => {
    const member = members.get(p.target.key);
    if (member) p.live = member.object;
    else if (p.resource && !missingNamespaces.has(p.target.namespace)) {
      p.live = await writer.get(p.resource, p.target.namespace, p.target.name);
    }
    p.deferred = !p.resource || missingNamespaces.has(p.target.namespace);
  });
  let prunePlan;
  if (options.prune) {
    prunePlan = planPrune([...members.values()], validated.targets, {
      maxPrune: options.maxPrune ?? 10,
      confirmed: options.pruneConfirm === true,
      allowKinds: options.pruneKinds ?? []
    });
    result.prune.candidates = prunePlan.delete.length;
    if (prunePlan.refused) {
      result.prune.refused = prunePlan.refused;
      return { diagnostics: validated.diagnostics, refused: prunePlan.refused };
    }
  }
  const failureMessage = (p, failure) => {
    const text = hidesValues(p.target.kind, p.target.group) ? maskValues(failure.message, p.target.body) : failure.message;
    return writer.safe(text);
  };
  const dryRunOne = async (p) => {
    const answer = await sendApply(
      writer,
      p,
      options,
      true,
      (failure) => `dry-run: ${failureMessage(p, failure)}`
    );
    if (!answer) return false;
    delete p.result.message;
    let change = summarizeChange(p.live, answer.object, p.target.kind, p.target.group, FIELD_MANAGER);
    const version = (o) => o?.metadata?.resourceVersion;
    if (change.outcome === "configured" && p.resource && version(answer.object) !== version(p.live)) {
      const now = await writer.get(p.resource, p.target.namespace, p.target.name).catch(() => void 0);
      if (now) {
        p.live = now;
        change = summarizeChange(now, answer.object, p.target.kind, p.target.group, FIELD_MANAGER);
      }
    }
    p.result.outcome = change.outcome;
    if (change.outcome === "configured")
      p.result.fields = hidesValues(p.target.kind, p.target.group) ? change.fields.map(keyOnly) : change.fields;
    if (change.keys) p.result.keys = change.keys;
    p.skipWrite = change.outcome === "unchanged";
    return true;
  };
  const recorded = readFingerprints(parentLive);
  for (const p of planned) {
    const digest = recorded[p.target.key];
    if (p.deferred || !p.live || !members.has(p.target.key) || !digest) continue;
    if (digest === ownershipDigest(p.live, FIELD_MANAGER) && matchesManifest(p.live, p.target.body)) {
      p.result.outcome = "unchanged";
      p.skipWrite = true;
      p.confirmed = true;
    }
  }
  let done = 0;
  const checks = await writer.pool(
    planned.filter((p) => !p.deferred && !p.confirmed),
    async (p) => {
      const ok = await dryRunOne(p);
      progress2({ phase: "dry-run", done: ++done, total: planned.length });
      return ok;
    }
  );
  result.objects = planned.map((p) => p.result);
  const stages = planStages(planned.map((p) => ({ ...p.target, planned: p })));
  if (checks.some((ok) => !ok)) {
    for (const p of planned) {
      if (p.result.outcome !== "failed") {
        p.result.outcome = "skipped";
        p.result.message = "not applied: the dry-run of another object failed, so nothing was applied";
        delete p.result.fields;
        delete p.result.keys;
      }
    }
    result.stages = stages.map((s) => ({
      name: s.name,
      objects: s.objects.length,
      outcome: "not attempted"
    }));
    return finish("dry-run");
  }
  for (const p of planned) {
    if (p.deferred) {
      p.result.outcome = "created";
      p.result.message = options.dryRun ? `not checked by the server: its ${p.resource ? "namespace" : "type"} does not exist yet (this set creates it)` : `checked by the server once its ${p.resource ? "namespace" : "type"} exists (created earlier in this set)`;
    }
  }
  if (options.dryRun) {
    result.stages = stages.map((s) => ({ name: s.name, objects: s.objects.length, outcome: "dry-run" }));
    for (const c of prunePlan?.delete ?? []) {
      result.objects.push({ ...c, outcome: "pruned", message: "would be pruned (dry run)" });
    }
    for (const k of prunePlan?.kept ?? []) {
      result.objects.push({
        kind: k.kind,
        group: k.group,
        namespace: k.namespace,
        name: k.name,
        outcome: "skipped",
        message: `not pruned: ${k.reason}`
      });
    }
    return finish("done");
  }
  const inventory = /* @__PURE__ */ new Map();
  for (const gk of before.groupKinds)
    for (const ns of before.namespaces) inventory.set(`${gkKey(gk)}/${ns}`, { ...gk, namespace: ns });
  for (const t of validated.targets)
    inventory.set(`${gkKey(t)}/${t.namespace}`, { group: t.group, kind: t.kind, namespace: t.namespace });
  const fingerprints = () => {
    const out = {};
    for (const p of planned) {
      if (p.result.outcome !== "created" && p.result.outcome !== "configured" && p.result.outcome !== "unchanged")
        continue;
      const digest = ownershipDigest(p.skipWrite ? p.live : p.applied, FIELD_MANAGER);
      if (digest) out[p.target.key] = digest;
    }
    return out;
  };
  const writeParent = async (entries, confirmed = {}) => {
    const body = parentBody(parent, id, parentAnnotations([...entries], parent, tool), confirmed);
    const answer = await writer.apply(secretType, body, {
      dryRun: false,
      force: true,
      fieldManager: FIELD_MANAGER
    });
    if (!answer.ok)
      throw new BerthError(
        "io",
        writer.safe(`cannot write the ApplySet parent ${parent.namespace}/${parent.name}: ${answer.message}`)
      );
  };
  if (!await writer.get(namespaceType, "", parent.namespace)) {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: parent.namespace } };
    const answer = await writer.apply(namespaceType, ns, {
      dryRun: false,
      force: false,
      fieldManager: FIELD_MANAGER
    });
    if (!answer.ok)
      throw new BerthError(
        "io",
        writer.safe(`cannot create namespace ${parent.namespace} for the ApplySet parent: ${answer.message}`)
      );
  }
  await writeParent(inventory.values());
  result.stoppedAt = "apply";
  let failedStage;
  done = 0;
  for (const stage of stages) {
    if (failedStage) {
      for (const o of stage.objects) {
        o.planned.result.outcome = "skipped";
        o.planned.result.message = `not attempted: stage ${failedStage} failed`;
        delete o.planned.result.fields;
      }
      result.stages.push({ name: stage.name, objects: stage.objects.length, outcome: "not attempted" });
      continue;
    }
    const items = stage.objects.map((o) => o.planned);
    const late = items.filter((p) => p.deferred);
    for (const p of late) {
      p.resource ??= discovery.lookup(p.target.group, p.target.version, p.target.kind);
      p.live = void 0;
    }
    const lateOk = await writer.pool(late, dryRunOne);
    if (lateOk.some((ok) => !ok)) {
      for (const p of items) {
        if (p.result.outcome === "failed") continue;
        p.result.outcome = "skipped";
        p.result.message = `not attempted: the dry-run of another object of stage ${stage.name} failed`;
        delete p.result.fields;
      }
      failedStage = stage.name;
      result.stages.push({ name: stage.name, objects: items.length, outcome: "failed" });
      continue;
    }
    const oks = await writer.pool(items, async (p) => {
      progress2({ phase: "apply", stage: stage.name, done, total: planned.length });
      const ok = await applyOne(writer, p, options, failureMessage);
      progress2({ phase: "apply", stage: stage.name, done: ++done, total: planned.length });
      return ok;
    });
    if (oks.some((ok) => !ok)) {
      failedStage = stage.name;
      result.stages.push({ name: stage.name, objects: items.length, outcome: "failed" });
      continue;
    }
    result.stages.push({ name: stage.name, objects: items.length, outcome: "applied" });
    const defs = items.filter(
      (p) => p.target.kind === "CustomResourceDefinition" && p.target.group === "apiextensions.k8s.io" || p.target.kind === "Namespace" && p.target.group === ""
    );
    if (defs.length > 0) {
      const waited = await waitHealthy(
        writer,
        defs,
        Math.max(options.waitMs ?? 0, 6e4),
        options.pollMs ?? 500,
        progress2,
        "apply"
      );
      for (const p of defs) {
        if (p.target.kind === "CustomResourceDefinition" && p.applied) discovery.addCrd(p.applied);
      }
      if (!waited) {
        failedStage = stage.name;
        result.stages[result.stages.length - 1].outcome = "failed";
        for (const p of defs) if (p.result.health?.status !== "Current") p.result.outcome = "failed";
      }
      for (const p of defs) delete p.result.health;
    }
  }
  if (failedStage) {
    await writeParent(inventory.values()).catch((e) => result.messages.push(e.message));
    return finish("apply");
  }
  if ((options.waitMs ?? 0) > 0) {
    const watched = planned.filter((p) => isWaitedFor(p.target.kind, p.target.group));
    await waitHealthy(writer, watched, options.waitMs ?? 0, options.pollMs ?? 1e3, progress2, "wait");
    for (const p of watched) {
      if (p.result.health?.status === "Current") continue;
      const why = await schedulingReason(writer, discovery, p).catch(() => void 0);
      if (why && p.result.health) p.result.health.message = `${p.result.health.message}; ${why}`;
    }
  }
  if (prunePlan) {
    progress2({ phase: "prune", done: 0, total: prunePlan.delete.length });
    const remaining = new Map(inventory);
    const outcomes = await writer.pool(prunePlan.delete, async (c) => {
      const resource = discovery.forGroupKind(c.group, c.kind);
      const live = members.get(memberKey(c));
      const r = {
        kind: c.kind,
        group: c.group,
        namespace: c.namespace,
        name: c.name,
        outcome: "pruned"
      };
      if (!resource) {
        r.outcome = "failed";
        r.message = `cannot prune: the API server no longer serves ${c.kind}`;
        return r;
      }
      const answer = await writer.delete(resource, c.namespace, c.name, live ? metaOf(live.object).uid : void 0).catch(unreachable);
      if (!answer.ok && answer.status !== 404) {
        r.outcome = "failed";
        r.message = `prune: ${writer.safe(answer.message)}; it stays in the ApplySet`;
      }
      return r;
    });
    result.objects.push(...outcomes);
    for (const k of prunePlan.kept) {
      result.objects.push({
        kind: k.kind,
        group: k.group,
        namespace: k.namespace,
        name: k.name,
        outcome: "skipped",
        message: `not pruned: ${k.reason}`
      });
    }
    remaining.clear();
    const stay = [...validated.targets, ...prunePlan.kept, ...outcomes.filter((o) => o.outcome === "failed")];
    for (const s of stay)
      remaining.set(`${gkKey(s)}/${s.namespace}`, { group: s.group, kind: s.kind, namespace: s.namespace });
    await writeParent(remaining.values(), fingerprints());
  } else {
    await writeParent(inventory.values(), fingerprints());
  }
  return finish("done");
}
function unreachable(error) {
  return {
    ok: false,
    status: 0,
    reason: "Unreachable",
    message: error instanceof Error ? error.message : String(error)
  };
}
function keyOnly(path) {
  const m = /^(data|stringData|binaryData)\.([^.[]+)/.exec(path);
  return m ? `${m[1]}.${m[2]}` : path;
}
async function applyOne(writer, p, options, failureMessage) {
  if (p.skipWrite) return true;
  const answer = await sendApply(writer, p, options, false, (failure) => failureMessage(p, failure));
  if (!answer) {
    delete p.result.fields;
    delete p.result.keys;
    return false;
  }
  p.applied = answer.object;
  return true;
}
async function sendApply(writer, p, options, dryRun, describe) {
  if (!p.resource) {
    p.result.outcome = "failed";
    p.result.message = `the API server does not serve ${p.target.kind} in ${p.target.apiVersion}`;
    return void 0;
  }
  const answer = await writer.apply(p.resource, p.target.body, {
    dryRun,
    force: options.forceConflicts === true,
    fieldManager: FIELD_MANAGER
  }).catch(unreachable);
  for (const text of answer.warnings ?? []) {
    const shown = writer.safe(
      hidesValues(p.target.kind, p.target.group) ? maskValues(text, p.target.body) : text
    );
    p.result.warnings ??= [];
    if (!p.result.warnings.includes(shown)) p.result.warnings.push(shown);
  }
  if (answer.ok) return answer;
  p.result.outcome = "failed";
  const conflicts = answer.status === 409 ? parseConflicts(answer.body) : [];
  if (conflicts.length > 0) {
    p.result.conflicts = conflicts;
    p.result.message = `conflict: ${conflicts.map((c) => `${c.field} is owned by ${c.manager}`).join("; ")}`;
  } else {
    p.result.message = describe(answer);
  }
  return void 0;
}
async function waitHealthy(writer, items, waitMs, pollMs, progress2, phase) {
  const deadline = Date.now() + waitMs;
  let pending = items.filter((p) => p.resource && p.result.outcome !== "failed");
  const modes = /* @__PURE__ */ new Map();
  const storageClass = {
    group: "storage.k8s.io",
    version: "v1",
    kind: "StorageClass",
    plural: "storageclasses",
    namespaced: false
  };
  for (const p of pending) {
    const name = p.target.body.spec?.storageClassName;
    if (p.target.kind !== "PersistentVolumeClaim" || typeof name !== "string" || modes.has(name)) continue;
    const sc = await writer.get(storageClass, "", name).catch(() => void 0);
    modes.set(name, sc?.volumeBindingMode);
  }
  for (; ; ) {
    const states = await writer.pool(pending, async (p) => {
      const live = await writer.get(p.resource, p.target.namespace, p.target.name).catch(() => void 0);
      const health = healthOf(live, { bindingModeOf: (name) => modes.get(name) });
      p.result.health = health;
      if (live) p.applied = live;
      return health;
    });
    pending = pending.filter((_, i) => states[i].status !== "Current" && states[i].status !== "Failed");
    if (pending.length === 0) break;
    const first = pending[0];
    progress2({
      phase,
      done: items.length - pending.length,
      total: items.length,
      waitingOn: `${first.target.kind} ${first.target.namespace ? `${first.target.namespace}/` : ""}${first.target.name}: ${first.result.health?.message ?? ""}`
    });
    if (Date.now() + pollMs > deadline) {
      for (const p of pending) {
        if (p.result.health)
          p.result.health.message = `timed out after ${Math.round(waitMs / 1e3)}s: ${p.result.health.message}`;
      }
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return items.every((p) => p.result.health?.status === "Current");
}
async function schedulingReason(writer, discovery, p) {
  const selector = p.applied?.spec?.selector?.matchLabels;
  if (!selector || !p.target.namespace) return void 0;
  const pods = discovery.lookup("", "v1", "Pod");
  const events = discovery.lookup("", "v1", "Event");
  if (!pods) return void 0;
  const labelSelector = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",");
  const list = await writer.list(pods, p.target.namespace, labelSelector);
  for (const pod2 of list) {
    const conditions2 = pod2.status?.conditions ?? [];
    const unscheduled = conditions2.find((c) => c.type === "PodScheduled" && c.status === "False");
    if (!unscheduled) continue;
    const name = metaOf(pod2).name;
    let message = unscheduled.message;
    if (events) {
      const answer = await writer.call({
        path: writer.path(events, p.target.namespace),
        query: {
          fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${name},reason=FailedScheduling`
        }
      });
      const items = answer.ok && Array.isArray(answer.object.items) ? answer.object.items : [];
      const last = items.at(-1)?.message;
      if (last) message = last;
    }
    if (message) return `pod ${name}: ${writer.safe(message)}`;
  }
  return void 0;
}
export {
  runApply
};
