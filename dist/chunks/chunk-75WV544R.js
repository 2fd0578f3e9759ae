import { createRequire as __berthCreateRequire } from 'node:module';
const require = __berthCreateRequire(import.meta.url);

// src/apply/applyset.ts
import { createHash } from "node:crypto";
var LABEL_ID = "applyset.kubernetes.io/id";
var LABEL_PART_OF = "applyset.kubernetes.io/part-of";
var ANNOTATION_TOOLING = "applyset.kubernetes.io/tooling";
var ANNOTATION_GROUP_KINDS = "applyset.kubernetes.io/contains-group-kinds";
var ANNOTATION_NAMESPACES = "applyset.kubernetes.io/additional-namespaces";
var PRUNE_ANNOTATION = "berth.dev/prune";
function applySetId(parent, kind = "Secret", group = "") {
  const digest = createHash("sha256").update([parent.name, parent.namespace, kind, group].join(".")).digest("base64url");
  return `applyset-${digest}-v1`;
}
function groupKindString(gk) {
  return gk.group === "" ? gk.kind : `${gk.kind}.${gk.group}`;
}
function parseGroupKind(text) {
  const dot = text.indexOf(".");
  return dot < 0 ? { kind: text, group: "" } : { kind: text.slice(0, dot), group: text.slice(dot + 1) };
}
function parentAnnotations(members, parent, tooling2) {
  const kinds = [...new Set(members.map(groupKindString))].sort();
  const namespaces = [
    ...new Set(members.map((m) => m.namespace).filter((ns) => ns !== "" && ns !== parent.namespace))
  ].sort();
  return {
    [ANNOTATION_TOOLING]: tooling2,
    [ANNOTATION_GROUP_KINDS]: kinds.join(","),
    [ANNOTATION_NAMESPACES]: namespaces.join(",")
  };
}
function parentBody(parent, id, annotations, fingerprints = {}) {
  const entries = Object.keys(fingerprints).length;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: parent.name, namespace: parent.namespace, labels: { [LABEL_ID]: id }, annotations },
    type: "Opaque",
    // Kept well under a Secret's 1 MiB: a very large set simply does without the shortcut.
    ...entries > 0 && entries <= MAX_FINGERPRINTS ? { data: { [FINGERPRINTS_KEY]: Buffer.from(JSON.stringify(fingerprints)).toString("base64") } } : {}
  };
}
var FINGERPRINTS_KEY = "berth.dev-fingerprints";
var MAX_FINGERPRINTS = 1e4;
function readFingerprints(secret) {
  const value = secret?.data?.[FINGERPRINTS_KEY];
  if (typeof value !== "string") return {};
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
function readParent(secret, parent) {
  const metadata = secret?.metadata ?? {};
  const annotations = metadata.annotations ?? {};
  const split = (value) => (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return {
    groupKinds: split(annotations[ANNOTATION_GROUP_KINDS]).map(parseGroupKind),
    namespaces: [.../* @__PURE__ */ new Set([parent.namespace, ...split(annotations[ANNOTATION_NAMESPACES])])],
    ...annotations[ANNOTATION_TOOLING] ? { tooling: annotations[ANNOTATION_TOOLING] } : {},
    ...metadata.labels?.[LABEL_ID] ? { id: metadata.labels[LABEL_ID] } : {}
  };
}
function tooling(version) {
  return `berth/${version}`;
}
function toolingConflict(state) {
  if (!state.tooling) return void 0;
  const [name] = state.tooling.split("/");
  if (name === "berth") return void 0;
  return `the ApplySet parent is managed by ${state.tooling}, not berth; choose another --applyset name`;
}
var BERTH_VERSION = "0.1.0";

export {
  LABEL_PART_OF,
  PRUNE_ANNOTATION,
  applySetId,
  parentAnnotations,
  parentBody,
  readFingerprints,
  readParent,
  tooling,
  toolingConflict,
  BERTH_VERSION
};
