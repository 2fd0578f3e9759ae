import { createRequire as __berthCreateRequire } from 'node:module';
const require = __berthCreateRequire(import.meta.url);
import {
  DEFAULT_APPLY_PARALLELISM,
  MAX_APPLY_PARALLELISM
} from "./chunk-4IPIZRZU.js";
import {
  BerthError,
  DEFAULT_NODE_PODS,
  addObjects,
  buildPod,
  clusterFromObjects,
  containerResourceNameProblems,
  diagnostic,
  dns1123Label,
  emptyCluster,
  formatDiagnostic,
  isExtendedResourceName,
  labelSelectorIsEmpty,
  labelSelectorMatches,
  mapSubsetOf,
  mergeLabelKeys,
  nameRule,
  parseLimitRange,
  parseQuantity,
  parseResourceAmount,
  parseResourceMap,
  parseRuntimeClass,
  podsOwnedBy,
  printable,
  require_dist,
  resourceUnit
} from "./chunk-DFJRFF5I.js";
import {
  __toESM
} from "./chunk-442IGSZA.js";

// src/github/permission.ts
var ROLES = ["none", "read", "triage", "write", "maintain", "admin"];
function isRole(value) {
  return ROLES.includes(value);
}
function permissionOf(data) {
  const roleName = data.role_name ?? "";
  const base = data.permission ?? "";
  const role = isRole(roleName) ? roleName : isRole(base) ? base : "none";
  return { roleName: roleName || base || "none", role };
}
function hasRole(actual, required) {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}
var DEFAULT_ROLES = {
  plan: "write",
  explain: "write",
  status: "write",
  help: "write",
  apply: "maintain",
  rollback: "maintain",
  cancel: "maintain",
  unlock: "admin",
  forceConflicts: "admin"
};
function requiredRole(command, roles = DEFAULT_ROLES) {
  const own = roles[command.name];
  if (command.name === "apply" && command.forceConflicts && !hasRole(own, roles.forceConflicts))
    return roles.forceConflicts;
  return own;
}
async function authorize(github, username, command, roles = DEFAULT_ROLES) {
  const required = requiredRole(command, roles);
  const permission = await github.permission(username);
  if (hasRole(permission.role, required)) return { allowed: true, permission, required };
  const what = command.name === "apply" && command.forceConflicts ? "apply --force-conflicts" : command.name;
  return {
    allowed: false,
    permission,
    required,
    reason: `/berth ${what} needs the ${required} role on this repository; ${username} has ${permission.roleName}.`
  };
}

// src/cluster/ref.ts
var LIVE = "live";
var CONTEXT = "context:";
function parseClusterRef(spec) {
  if (spec === LIVE) return { ok: true, ref: { kind: "live" } };
  if (spec.startsWith(CONTEXT)) {
    const context = spec.slice(CONTEXT.length);
    if (context === "")
      return {
        ok: false,
        message: `"${CONTEXT}" names no context: write ${CONTEXT}<name>, or ${LIVE} for the current one`
      };
    return { ok: true, ref: { kind: "live", context } };
  }
  if (spec === "") return { ok: false, message: "no cluster named: give a file, live or context:<name>" };
  return { ok: true, ref: { kind: "file", path: spec } };
}

// src/files/contained.ts
import { constants } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import path from "node:path";
function refusal(code, message) {
  return { ok: false, code, message };
}
function isInside(child, parent) {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}
function errnoText(error) {
  const code = error?.code;
  if (code === "ENOENT" || code === "ENOTDIR")
    return { code: "missing", message: "no such file or directory" };
  if (code === "ELOOP") return { code: "not-a-file", message: "symbolic link loop; not read" };
  if (code === "EACCES" || code === "EPERM") return { code: "unreadable", message: "permission denied" };
  return { code: "unreadable", message: error instanceof Error ? error.message : String(error) };
}
function nameOf(scope) {
  return scope.rootName ?? `the root ${path.resolve(scope.root)}`;
}
var realRoots = /* @__PURE__ */ new WeakMap();
function realRootOf(scope, root) {
  let real = realRoots.get(scope);
  if (!real) {
    real = realpath(root);
    realRoots.set(scope, real);
  }
  return real;
}
async function locate(absolute, scope) {
  let real;
  try {
    real = await realpath(absolute);
  } catch (error) {
    const { code, message } = errnoText(error);
    return refusal(code, message);
  }
  if (!scope.allowOutsideRoot) {
    const root = path.resolve(scope.root);
    let realRoot;
    try {
      realRoot = await realRootOf(scope, root);
    } catch (error) {
      return refusal("unreadable", `${nameOf(scope)} cannot be read: ${errnoText(error).message}`);
    }
    if (!isInside(real, realRoot)) {
      const lexical = path.resolve(absolute);
      const through = isInside(lexical, root) || isInside(lexical, realRoot);
      const hint = scope.outsideHint ? ` (${scope.outsideHint})` : "";
      return refusal(
        "outside-root",
        through ? `symbolic link that leads outside ${nameOf(scope)}; not read${hint}` : `outside ${nameOf(scope)}; not read${hint}`
      );
    }
  }
  let info;
  try {
    info = await stat(real);
  } catch (error) {
    const { code, message } = errnoText(error);
    return refusal(code, message);
  }
  if (info.isDirectory()) return { ok: true, real, directory: true };
  if (info.isFile()) return { ok: true, real, directory: false };
  return refusal("not-a-file", "not a regular file (a FIFO, socket or device); not read");
}
var OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
async function readContained(absolute, scope, maxBytes = Number.POSITIVE_INFINITY) {
  const located = await locate(absolute, scope);
  if (!located.ok) return located;
  if (located.directory) return refusal("not-a-file", "is a directory");
  let handle;
  try {
    handle = await open(located.real, OPEN_FLAGS);
  } catch (error) {
    const { code, message } = errnoText(error);
    return refusal(code, message);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      return refusal("not-a-file", "not a regular file (a FIFO, socket or device); not read");
    if (info.size > maxBytes) return { ok: false, code: "too-large", size: info.size };
    const chunks = [];
    let total = 0;
    for (; ; ) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, Math.max(1, maxBytes - total + 1)));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) return { ok: false, code: "too-large", size: total };
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    const { code, message } = errnoText(error);
    return refusal(code, message);
  } finally {
    await handle.close();
  }
}

// src/manifests/limits.ts
var MiB = 1024 * 1024;
var DEFAULT_MANIFEST_LIMITS = Object.freeze({
  maxFileBytes: 8 * MiB,
  maxDocuments: 5e3,
  maxDepth: 100,
  maxAliasCount: 1e3,
  maxNodes: 1e6,
  maxObjectBytes: 1 * MiB
});
function resolveLimits(limits) {
  const resolved = { ...DEFAULT_MANIFEST_LIMITS };
  if (!limits) return resolved;
  for (const key of Object.keys(resolved)) {
    const value = limits[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) resolved[key] = value;
  }
  return resolved;
}
function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}

// src/config/types.ts
var COMMENT_MODES = ["update", "new", "hide-and-new", "off"];
var DEFAULT_CONFIG_PATH = ".github/berth.yml";
var LIMIT_KEYS = [
  "maxFileBytes",
  "maxDocuments",
  "maxDepth",
  "maxAliasCount",
  "maxNodes",
  "maxObjectBytes",
  "maxPods",
  "maxPodsPerWorkload"
];

// src/config/config.ts
var import_yaml5 = __toESM(require_dist(), 1);

// src/manifests/text.ts
var utf8 = new TextDecoder("utf-8", { fatal: true });
function decodeText(bytes) {
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, why: "file is not UTF-8 text" };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    const line = text.slice(0, nul).split("\n").length;
    return { ok: false, why: `file is not UTF-8 text (a NUL byte on line ${line}: binary data?)` };
  }
  return { ok: true, text };
}

// src/config/keys.ts
var import_yaml3 = __toESM(require_dist(), 1);
import { isAbsolute as isAbsolute2, win32 as win322 } from "node:path";

// src/config/render-key.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { isAbsolute, posix, win32 } from "node:path";

// src/render/render.ts
import { readdir as readdir2 } from "node:fs/promises";
import path5 from "node:path";

// src/render/binary.ts
import { constants as constants2 } from "node:fs";
import { access, stat as stat2 } from "node:fs/promises";
import path2 from "node:path";
async function isExecutableFile(file) {
  try {
    const info = await stat2(file);
    if (!info.isFile()) return false;
    await access(file, constants2.X_OK);
    return true;
  } catch {
    return false;
  }
}
async function onPath(name, env) {
  for (const dir of (env.PATH ?? "").split(path2.delimiter)) {
    if (!dir || !path2.isAbsolute(dir)) continue;
    const file = path2.join(dir, name);
    if (await isExecutableFile(file)) return file;
  }
  return null;
}
async function named(variable, env) {
  const value = env[variable];
  if (value === void 0 || value === "") return null;
  if (!path2.isAbsolute(value)) {
    return { ok: false, message: `${variable} must be an absolute path to the program, not "${value}"` };
  }
  if (!await isExecutableFile(value)) {
    return { ok: false, message: `${variable} names ${value}, which is not an executable file` };
  }
  return { ok: true, program: { file: value, prefix: [], command: "" } };
}
var INSTALL = {
  helm: "install Helm (https://helm.sh/docs/intro/install/) or set BERTH_HELM to the path of helm",
  kustomize: "install kubectl (it has kubectl kustomize) or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/), or set BERTH_KUSTOMIZE or BERTH_KUBECTL to its path"
};
async function findRenderer(kind, env) {
  if (kind === "helm") {
    const given = await named("BERTH_HELM", env);
    if (given) return given.ok ? { ok: true, program: { ...given.program, command: "helm" } } : given;
    const file = await onPath("helm", env);
    if (file) return { ok: true, program: { file, prefix: [], command: "helm" } };
    return { ok: false, message: `helm is not on PATH: ${INSTALL.helm}` };
  }
  const kustomize = await named("BERTH_KUSTOMIZE", env);
  if (kustomize)
    return kustomize.ok ? { ok: true, program: { ...kustomize.program, prefix: ["build"], command: "kustomize build" } } : kustomize;
  const kubectl = await named("BERTH_KUBECTL", env);
  if (kubectl)
    return kubectl.ok ? {
      ok: true,
      program: { ...kubectl.program, prefix: ["kustomize"], command: "kubectl kustomize" }
    } : kubectl;
  const standalone = await onPath("kustomize", env);
  if (standalone) {
    return { ok: true, program: { file: standalone, prefix: ["build"], command: "kustomize build" } };
  }
  const kubectlFile = await onPath("kubectl", env);
  if (kubectlFile) {
    return { ok: true, program: { file: kubectlFile, prefix: ["kustomize"], command: "kubectl kustomize" } };
  }
  return { ok: false, message: `neither kustomize nor kubectl is on PATH: ${INSTALL.kustomize}` };
}

// src/render/run.ts
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path3 from "node:path";
var STDERR_QUOTE = 2e3;
var SECRET_RUN = /[A-Za-z0-9+/_=-]{32,}/g;
var SECRET_ASSIGNMENT = /\b([\w.-]*(?:password|passwd|secret|token|apikey|api_key|api-key|credential|private_key)[\w.-]*)(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi;
function redactRendererText(text) {
  return text.replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, "[redacted]").replace(/(bearer|basic)\s+\S+/gi, "$1 [redacted]").replace(SECRET_ASSIGNMENT, "$1$2[redacted]").replace(SECRET_RUN, "[redacted]");
}
function stderrSummary(stderr) {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  let text = redactRendererText(lines.join("; "));
  if (text.length > STDERR_QUOTE) text = `...${text.slice(text.length - STDERR_QUOTE)}`;
  return text;
}
function cleanEnvironment(home) {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    LANG: "C",
    TMPDIR: home,
    KUBECONFIG: path3.join(home, "kubeconfig"),
    HELM_CACHE_HOME: path3.join(home, "helm", "cache"),
    HELM_CONFIG_HOME: path3.join(home, "helm", "config"),
    HELM_DATA_HOME: path3.join(home, "helm", "data"),
    HELM_PLUGINS: path3.join(home, "helm", "plugins"),
    XDG_CACHE_HOME: path3.join(home, "cache"),
    XDG_CONFIG_HOME: path3.join(home, "config"),
    XDG_DATA_HOME: path3.join(home, "data"),
    GIT_TERMINAL_PROMPT: "0",
    NO_COLOR: "1"
  };
}
async function runRenderer(program, args, cwd, limits) {
  const home = await mkdtemp(path3.join(tmpdir(), "berth-render-"));
  try {
    return await new Promise((resolve) => {
      const child = execFile(
        program.file,
        [...program.prefix, ...args],
        {
          cwd,
          env: cleanEnvironment(home),
          encoding: "buffer",
          // One byte past the limit tells a full-sized output from one that is too large.
          maxBuffer: limits.maxBytes + 1,
          timeout: limits.timeoutMs,
          killSignal: "SIGKILL",
          windowsHide: true
        },
        (error, stdout, stderr) => {
          const err = stderrSummary(Buffer.from(stderr).toString("utf8"));
          if (!error) {
            resolve({ ok: true, stdout: Buffer.from(stdout).toString("utf8") });
            return;
          }
          const failure = error;
          if (failure.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
            resolve({
              ok: false,
              message: `printed more than ${formatBytes(limits.maxBytes)} (limits.maxFileBytes); stopped`
            });
          } else if (failure.killed && failure.signal === "SIGKILL") {
            resolve({
              ok: false,
              message: `did not finish within ${Math.round(limits.timeoutMs / 1e3)}s; stopped${err ? `: ${err}` : ""}`
            });
          } else if (typeof failure.code === "number") {
            resolve({ ok: false, message: `exited with status ${failure.code}${err ? `: ${err}` : ""}` });
          } else if (failure.signal) {
            resolve({ ok: false, message: `was killed by ${failure.signal}${err ? `: ${err}` : ""}` });
          } else {
            resolve({ ok: false, message: `could not be started: ${failure.message}` });
          }
        }
      );
      child.stdin?.end();
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

// src/render/tree.ts
var import_yaml = __toESM(require_dist(), 1);
import { readdir, stat as stat3 } from "node:fs/promises";
import path4 from "node:path";
var KUSTOMIZATION_FILES = [
  "kustomization.yaml",
  "kustomization.yml",
  "Kustomization"
];
var MAX_TREE_ENTRIES = 2e4;
var MAX_DEPTH = 64;
var MAX_CHART_BYTES = 100 * 1024 * 1024;
var MAX_KUSTOMIZATION_BYTES = 1024 * 1024;
var REFERENCE_FIELDS = ["resources", "bases", "components", "generators", "transformers", "validators"];
function kustomizationFileOf(names2) {
  return KUSTOMIZATION_FILES.find((name) => names2.includes(name));
}
function kustomizationRefs(text) {
  const refs = { component: false, references: [], refused: [] };
  const doc = (0, import_yaml.parseDocument)(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !(0, import_yaml.isMap)(doc.contents)) return refs;
  for (const pair of doc.contents.items) {
    const key = (0, import_yaml.isScalar)(pair.key) ? String(pair.key.value) : "";
    if (key === "kind" && (0, import_yaml.isScalar)(pair.value) && pair.value.value === "Component") refs.component = true;
    if (key === "helmCharts" || key === "helmChartInflationGenerator") refs.refused.push(key);
    if (!REFERENCE_FIELDS.includes(key) || !(0, import_yaml.isSeq)(pair.value)) continue;
    for (const item of pair.value.items) {
      if ((0, import_yaml.isScalar)(item) && typeof item.value === "string") refs.references.push(item.value);
    }
  }
  return refs;
}
function looksRemote(reference) {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) || /^[\w.-]+@[\w.-]+:/.test(reference) || /^(github\.com|gitlab\.com|bitbucket\.org)\//i.test(reference) || reference.includes("?ref=") || reference.includes("//");
}
async function checkFolder(walk2, display, real, depth) {
  if (walk2.problems.length > 0) return;
  if (walk2.visited.has(real)) return;
  walk2.visited.add(real);
  if (depth > MAX_DEPTH) {
    walk2.problems.push({ display, message: `nested more than ${MAX_DEPTH} folders deep; not rendered` });
    return;
  }
  let entries;
  try {
    entries = await readdir(real, { withFileTypes: true });
  } catch (error) {
    walk2.problems.push({ display, message: `cannot read folder: ${error.message}` });
    return;
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const entry of entries) {
    if (entry.name === ".git" || walk2.skip.includes(entry.name)) continue;
    walk2.entries++;
    if (walk2.entries > MAX_TREE_ENTRIES) {
      walk2.problems.push({
        display,
        message: `holds more than ${MAX_TREE_ENTRIES} files and folders; not rendered`
      });
      return;
    }
    const childDisplay = path4.join(display, entry.name);
    const child = path4.join(real, entry.name);
    if (entry.isSymbolicLink()) {
      const located = await locate(child, walk2.scope);
      if (!located.ok) {
        if (located.code === "missing") continue;
        walk2.problems.push({ display: childDisplay, message: located.message });
        return;
      }
      if (located.directory) await checkFolder(walk2, childDisplay, located.real, depth + 1);
      else await countBytes(walk2, display, located.real);
    } else if (entry.isDirectory()) {
      await checkFolder(walk2, childDisplay, child, depth + 1);
    } else if (entry.isFile()) {
      await countBytes(walk2, display, child);
    } else {
      walk2.problems.push({
        display: childDisplay,
        message: "not a regular file (a FIFO, socket or device); not rendered"
      });
      return;
    }
    if (walk2.problems.length > 0) return;
  }
}
async function countBytes(walk2, display, file) {
  if (walk2.maxBytes === void 0) return;
  walk2.bytes += (await stat3(file).catch(() => ({ size: 0 }))).size;
  if (walk2.bytes > walk2.maxBytes && walk2.problems.length === 0) {
    walk2.problems.push({
      display,
      message: `holds more than ${walk2.maxBytes / (1024 * 1024)} MiB of files, more than helm loads from a chart; not rendered`
    });
  }
}
async function checkChart(display, real, scope) {
  const walk2 = {
    scope,
    skip: [],
    maxBytes: MAX_CHART_BYTES,
    bytes: 0,
    entries: 0,
    visited: /* @__PURE__ */ new Set(),
    problems: []
  };
  await checkFolder(walk2, display, real, 0);
  return walk2.problems;
}
async function checkKustomization(display, real, scope) {
  const walk2 = {
    scope,
    skip: ["node_modules"],
    bytes: 0,
    entries: 0,
    visited: /* @__PURE__ */ new Set(),
    problems: []
  };
  const folders = [];
  const pending = [{ display, real }];
  const seen = /* @__PURE__ */ new Set();
  while (pending.length > 0 && walk2.problems.length === 0) {
    const next = pending.shift();
    if (seen.has(next.real)) continue;
    seen.add(next.real);
    folders.push(next.real);
    await checkFolder(walk2, next.display, next.real, 0);
    if (walk2.problems.length > 0) break;
    const refs = await readRefs(next.real, scope);
    if (!refs) continue;
    if (refs.file === void 0) continue;
    const fileDisplay = path4.join(next.display, refs.file);
    for (const field of refs.refs.refused) {
      walk2.problems.push({
        display: fileDisplay,
        message: `${field}: kustomize would fetch and render Helm charts; berth does not (render the chart as a folder of its own)`
      });
    }
    for (const reference of refs.refs.references) {
      if (walk2.problems.length > 0) break;
      const target = path4.resolve(next.real, reference);
      const located = looksRemote(reference) ? null : await locate(target, scope);
      if (located === null || !located.ok && located.code === "missing") {
        walk2.problems.push({
          display: fileDisplay,
          message: `"${reference}" is not a file or folder in the tree: kustomize would fetch it as a remote base, and berth fetches nothing`
        });
      } else if (!located.ok) {
        walk2.problems.push({ display: fileDisplay, message: `"${reference}": ${located.message}` });
      } else if (located.directory) {
        pending.push({ display: path4.join(next.display, reference), real: located.real });
      }
    }
  }
  return { problems: walk2.problems, folders };
}
async function readRefs(real, scope) {
  let names2;
  try {
    names2 = await readdir(real);
  } catch {
    return null;
  }
  const file = kustomizationFileOf(names2);
  if (!file) return null;
  const read = await readContained(path4.join(real, file), scope, MAX_KUSTOMIZATION_BYTES);
  if (!read.ok) return { file, refs: { component: false, references: [], refused: [] } };
  return { file, refs: kustomizationRefs(read.bytes.toString("utf8")) };
}
async function isComponent(real, scope) {
  const refs = await readRefs(real, scope);
  return refs?.refs.component === true;
}
async function referencedFolders(real, scope) {
  const refs = await readRefs(real, scope);
  if (!refs) return [];
  const out = [];
  for (const reference of refs.refs.references) {
    if (looksRemote(reference)) continue;
    const located = await locate(path4.resolve(real, reference), scope);
    if (located.ok && located.directory) out.push(located.real);
  }
  return out;
}

// src/render/render.ts
var FOLDER_KINDS = ["helm", "kustomize", "plain", "skip"];
var DEFAULT_RENDER_TIMEOUT_MS = 12e4;
var RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
var NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function checkReleaseName(name) {
  return RELEASE_NAME.test(name) && name.length <= 53 ? null : `release name "${name}" must be a lowercase DNS name of at most 53 characters`;
}
function checkNamespace(name) {
  return NAMESPACE.test(name) && name.length <= 63 ? null : `namespace "${name}" must be a lowercase DNS label`;
}
var HELM_VALUE_FLAGS = [
  "--set",
  "--set-string",
  "--set-json",
  "--set-literal",
  "--kube-version",
  "--api-versions"
];
var HELM_SWITCHES = ["--no-hooks", "--skip-crds", "--is-upgrade"];
var KUSTOMIZE_VALUE_FLAGS = [];
var KUSTOMIZE_SWITCHES = ["--enable-managedby-label"];
function checkRenderArgs(kind, args) {
  const valueFlags = kind === "helm" ? HELM_VALUE_FLAGS : KUSTOMIZE_VALUE_FLAGS;
  const switches = kind === "helm" ? HELM_SWITCHES : KUSTOMIZE_SWITCHES;
  const allowed = [...valueFlags, ...switches];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const flag = arg.split("=")[0];
    if (valueFlags.includes(flag)) {
      if (!arg.includes("=")) {
        if (i + 1 >= args.length) return `${flag} needs a value`;
        i++;
      }
    } else if (switches.includes(flag)) {
      if (arg.includes("=") && !/^[^=]+=(true|false)$/.test(arg)) return `${flag} takes no value`;
    } else {
      return `"${arg}" is not an argument berth passes to ${kind} (allowed: ${allowed.join(", ") || "none"})`;
    }
  }
  return null;
}
function folderKindOf(names2, settings) {
  if (settings?.kind) return settings.kind;
  if (kustomizationFileOf(names2)) return "kustomize";
  if (names2.includes("Chart.yaml")) return "helm";
  return "plain";
}
function folderSettings(options, real, lexical, scope) {
  const folders = options?.folders;
  if (!folders) return void 0;
  const root = path5.resolve(scope.root);
  for (const candidate of [lexical, real]) {
    const relative = path5.relative(root, candidate).split(path5.sep).join("/") || ".";
    if (Object.hasOwn(folders, relative)) return folders[relative];
  }
  return void 0;
}
function atStart(file) {
  return { file, line: 1, column: 1 };
}
function shellWord(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
async function valuesFile(given, base, scope) {
  const located = await locate(path5.resolve(base, given), scope);
  if (!located.ok) return { ok: false, message: `values file ${given}: ${located.message}` };
  if (located.directory) return { ok: false, message: `values file ${given}: is a directory` };
  return { ok: true, real: located.real };
}
async function renderFolder(request) {
  const { display, real, kind, settings, options, scope } = request;
  const fail = (message, code = "render-failed", at2 = display) => ({
    texts: [],
    diagnostics: [diagnostic(atStart(at2), "error", code, message)]
  });
  const what = kind === "helm" ? "chart" : "kustomization";
  const problems = kind === "helm" ? await checkChart(display, real, scope) : (await checkKustomization(display, real, scope)).problems;
  if (problems.length > 0) {
    const first = problems[0];
    return fail(`${what} not rendered: ${first.message}`, "outside-root", first.display);
  }
  const args = [];
  const shown2 = [];
  if (kind === "helm") {
    const releaseName = options?.releaseName ?? settings?.releaseName;
    const namespace = options?.namespace ?? settings?.namespace;
    const badName = (releaseName === void 0 ? null : checkReleaseName(releaseName)) ?? (namespace === void 0 ? null : checkNamespace(namespace));
    if (badName) return fail(`${what} not rendered: ${badName}`, "invalid-config");
    args.push("template");
    shown2.push("template");
    if (releaseName) {
      args.push(releaseName);
      shown2.push(releaseName);
    }
    args.push(".");
    shown2.push(display);
    args.push("--include-crds", "--skip-tests");
    shown2.push("--include-crds", "--skip-tests");
    if (namespace) {
      args.push("--namespace", namespace);
      shown2.push("--namespace", namespace);
    }
    const values = [
      ...(settings?.values ?? []).map((given) => ({ given, base: path5.resolve(scope.root) })),
      ...(options?.values ?? []).map((given) => ({ given, base: request.cwd }))
    ];
    for (const { given, base } of values) {
      const file = await valuesFile(given, base, scope);
      if (!file.ok) return fail(`${what} not rendered: ${file.message}`, "file-unreadable");
      args.push("--values", file.real);
      shown2.push("--values", given);
    }
  } else {
    args.push(".", "--load-restrictor", "LoadRestrictionsRootOnly");
    shown2.push(display);
  }
  const extra = settings?.args ?? [];
  const refused2 = checkRenderArgs(kind, extra);
  if (refused2)
    return fail(`${what} not rendered: ${refused2}`, "invalid-config", settings?.source?.file ?? display);
  args.push(...extra);
  shown2.push(...extra);
  const found = await findRenderer(kind, options?.env ?? process.env);
  if (!found.ok) {
    const command = kind === "helm" ? `helm ${shown2.map(shellWord).join(" ")}` : `kubectl kustomize ${shown2.map(shellWord).join(" ")}`;
    return fail(
      `${display} is a ${kind === "helm" ? "Helm chart" : "Kustomize folder"} and ${found.message}; or render it yourself and pipe it in: ${command} | berth plan --head - ...`,
      "renderer-missing"
    );
  }
  const program = found.program;
  const ran = await runRenderer(program, args, real, {
    maxBytes: request.limits.maxFileBytes,
    timeoutMs: options?.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS
  });
  if (!ran.ok) return fail(`${program.command} ${shellWord(display)} ${ran.message}`);
  if (kind === "kustomize") {
    const names2 = await readdir2(real).catch(() => []);
    const file = kustomizationFileOf(names2) ?? KUSTOMIZATION_FILES[0];
    return { texts: [{ display: path5.join(display, file), text: ran.stdout }], diagnostics: [] };
  }
  return { texts: splitHelmOutput(ran.stdout, display), diagnostics: [] };
}
function splitHelmOutput(stdout, chartDisplay) {
  const out = [];
  const fallback = path5.join(chartDisplay, "Chart.yaml");
  let current = [];
  const flush = () => {
    if (current.length === 0) return;
    let display = fallback;
    for (const line of current) {
      const match = /^# Source: (.+)$/.exec(line);
      if (match) {
        display = templatePath(match[1].trim(), chartDisplay) ?? fallback;
        break;
      }
      if (line !== "---" && !line.startsWith("#") && line.trim() !== "") break;
    }
    const text = `${current.join("\n")}
`;
    if (text.trim() !== "" && text.trim() !== "---") out.push({ display, text });
    current = [];
  };
  for (const line of stdout.split("\n")) {
    if (/^---\s*$/.test(line)) flush();
    current.push(line);
  }
  flush();
  return out;
}
function templatePath(source, chartDisplay) {
  const parts = source.split("/");
  if (parts.length < 2) return null;
  const rest = parts.slice(1);
  if (rest.some((part) => part === ".." || part === "") || path5.isAbsolute(source)) return null;
  return path5.join(chartDisplay, ...rest);
}

// src/config/render-key.ts
function repositoryPath(value) {
  if (isAbsolute(value) || win32.isAbsolute(value)) return null;
  const normal = posix.normalize(value.replaceAll("\\", "/")).replace(/\/+$/, "");
  if (normal === ".." || normal.startsWith("../")) return null;
  return normal === "" ? "." : normal;
}
function parseRender(read, value, keyNode, config) {
  const node = value ?? keyNode;
  if (!(0, import_yaml2.isMap)(node)) {
    read.error(node, "render must map a folder (relative to the repository root) to its settings");
    return;
  }
  for (const pair of node.items) {
    const keyAt2 = pair.key;
    const given = (0, import_yaml2.isScalar)(keyAt2) ? String(keyAt2.value ?? "") : "";
    const folder = given ? repositoryPath(given) : null;
    if (!folder) {
      read.error(keyAt2, `render: "${given}" must be a folder inside the repository, relative to its root`);
      continue;
    }
    const settings = { source: read.at(keyAt2) };
    const item = pair.value;
    for (const [k, v] of read.entries(item ?? keyAt2, `render "${given}"`, [
      "kind",
      "releaseName",
      "namespace",
      "values",
      "args"
    ])) {
      if (k === "kind") {
        const kind = read.oneOf(v, "render[].kind", FOLDER_KINDS);
        if (kind) settings.kind = kind;
      } else if (k === "releaseName" || k === "namespace") {
        const name = read.str(v, `render[].${k}`);
        const problem = name === void 0 ? null : (k === "releaseName" ? checkReleaseName : checkNamespace)(name);
        if (problem) read.error(v, `render[].${k}: ${problem}`);
        else if (name) settings[k] = name;
      } else if (k === "values") {
        const files = [];
        for (const file of read.strings(v, "render[].values")) {
          const inside = repositoryPath(file);
          if (inside) files.push(inside);
          else
            read.error(
              v,
              `render[].values: "${file}" must be a file inside the repository, relative to its root`
            );
        }
        settings.values = files;
      } else if (k === "args") {
        const args = read.strings(v, "render[].args");
        const kinds = settings.kind === "kustomize" ? ["kustomize"] : settings.kind === "helm" ? ["helm"] : ["helm", "kustomize"];
        const problems = kinds.map((kind) => checkRenderArgs(kind, args));
        if (problems.every((p) => p !== null)) read.error(v, `render[].args: ${problems[0]}`);
        else settings.args = args;
      }
    }
    Object.defineProperty(config.render, folder, {
      value: settings,
      enumerable: true,
      writable: true,
      configurable: true
    });
  }
}

// src/config/keys.ts
var ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,99}$/;
var CREDENTIALS = /^[A-Za-z0-9][A-Za-z0-9._@:/-]{0,252}$/;
var DURATION = /^(\d+(\.\d+)?(h|m|s))+$/;
var STRATEGIES = ["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"];
var POLICIES = ["fifo", "edf", "critical-path"];
function parseVersion(read, value) {
  if (!((0, import_yaml3.isScalar)(value) && value.value === 1)) read.error(value, "version must be 1");
}
function parseCluster(read, item, names2) {
  const cluster = { name: "", manifests: [] };
  const sources = [];
  for (const [k, v, keyAt2] of read.entries(item, "a cluster", [
    "name",
    "snapshot",
    "fleet",
    "live",
    "manifests",
    "branch",
    "environment",
    "credentials"
  ])) {
    if (k === "snapshot" || k === "fleet" || k === "live") sources.push([k, keyAt2]);
    if (k === "name") cluster.name = read.str(v, "clusters[].name") ?? "";
    else if (k === "snapshot" || k === "fleet") {
      const file = read.str(v, `clusters[].${k}`);
      if (file && (isAbsolute2(file) || win322.isAbsolute(file))) {
        read.error(
          v,
          `clusters[].${k} must be a path inside the repository, relative to the working directory`
        );
        cluster.file = "";
      } else if (file) cluster.file = file;
    } else if (k === "live") {
      const live = read.str(v, "clusters[].live");
      const parsed = live ? parseClusterRef(live) : void 0;
      if (parsed && (!parsed.ok || parsed.ref.kind !== "live"))
        read.error(
          v,
          `clusters[].live must be "live" or "context:<name>"${parsed.ok ? "" : `: ${parsed.message}`}`
        );
      else if (live) cluster.live = live;
    } else if (k === "manifests") cluster.manifests = read.strings(v, "clusters[].manifests");
    else if (k === "branch") {
      const branch = read.str(v, "clusters[].branch");
      if (branch) cluster.branch = branch;
    } else if (k === "environment") {
      const environment = read.str(v, "clusters[].environment");
      if (environment && !ENVIRONMENT.test(environment))
        read.error(
          v,
          "clusters[].environment must be a GitHub environment name: letters, digits, space, . _ - /"
        );
      else if (environment) cluster.environment = environment;
    } else if (k === "credentials") {
      const credentials = read.str(v, "clusters[].credentials");
      if (credentials && !CREDENTIALS.test(credentials))
        read.error(v, "clusters[].credentials must be a kubeconfig context name or in-cluster");
      else if (credentials) cluster.credentials = credentials;
    }
  }
  if (!cluster.name) read.error(item, "every cluster needs a name");
  else if (names2.has(cluster.name)) read.error(item, `cluster "${cluster.name}" is defined twice`);
  names2.add(cluster.name);
  if (sources.length > 1)
    read.error(
      sources[1][1],
      `cluster "${cluster.name}" names ${sources.length} sources (${sources.map(([k]) => k).join(", ")}): give exactly one of snapshot, fleet or live`
    );
  else if (cluster.file === void 0 && !cluster.live)
    read.error(item, `cluster "${cluster.name}" needs one of snapshot, fleet or live`);
  return cluster;
}
var parseClusters = (read, value, keyNode, config) => {
  if (!(0, import_yaml3.isSeq)(value)) {
    read.error(value ?? keyNode, "clusters must be a list");
    return;
  }
  const names2 = /* @__PURE__ */ new Set();
  for (const item of value.items) config.clusters.push(parseCluster(read, item, names2));
};
var parsePolicy = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, "policy", [
    "unschedulable",
    "quotaExceeded",
    "preemptionAtOrAbovePriority",
    "utilizationPercent",
    "nPlusOne",
    "missedDeadlines",
    "requireRequests"
  ])) {
    if (k === "unschedulable" || k === "quotaExceeded" || k === "nPlusOne" || k === "missedDeadlines" || k === "requireRequests") {
      const b = read.bool(v, `policy.${k}`);
      if (b !== void 0) config.policy[k] = b;
    } else if (k === "preemptionAtOrAbovePriority") {
      const n = read.num(v, "policy.preemptionAtOrAbovePriority", -2147483648, 2000001e3);
      if (n !== void 0) config.policy.preemptionAtOrAbovePriority = n;
    } else if (k === "utilizationPercent") {
      config.policy.utilizationPercent = read.numbers(
        v,
        "policy.utilizationPercent",
        1,
        100,
        "policy.utilizationPercent must map a resource to a percentage, e.g. { cpu: 85 }"
      ) ?? {};
    }
  }
};
var parseScheduler = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, "scheduler", [
    "scoringStrategy",
    "pluginWeights",
    "disabledPlugins"
  ])) {
    if (k === "scoringStrategy") {
      const s = read.oneOf(v, "scheduler.scoringStrategy", STRATEGIES);
      if (s) config.scheduler.scoringStrategy = s;
    } else if (k === "disabledPlugins")
      config.scheduler.disabledPlugins = read.strings(v, "scheduler.disabledPlugins");
    else if (k === "pluginWeights") {
      const weights = read.numbers(
        v,
        "scheduler.pluginWeights",
        0,
        100,
        "scheduler.pluginWeights must map a plugin name to a weight"
      );
      Object.assign(config.scheduler.pluginWeights, weights);
    }
  }
};
var parseReservations = (read, value, keyNode, config) => {
  if (!(0, import_yaml3.isSeq)(value)) {
    read.error(value ?? keyNode, "reservations must be a list");
    return;
  }
  for (const item of value.items) {
    const r = { resources: {}, source: read.at(item) };
    for (const [k, v] of read.entries(item, "a reservation", [
      "pool",
      "namespace",
      "resources"
    ])) {
      if (k === "pool" || k === "namespace") {
        const s = read.str(v, `reservations[].${k}`);
        if (s) r[k] = s;
      } else r.resources = read.resources(v, "reservations[].resources");
    }
    if (r.pool === void 0 === (r.namespace === void 0))
      read.error(item, "a reservation names exactly one of pool or namespace");
    config.reservations.push(r);
  }
};
var parseCost = (read, value, keyNode, config) => {
  const cost = { currency: "USD" };
  for (const [k, v] of read.entries(value ?? keyNode, "cost", [
    "cpuHour",
    "memoryGiBHour",
    "gpuHour",
    "currency"
  ])) {
    if (k === "currency") cost.currency = read.str(v, "cost.currency") ?? "USD";
    else {
      const n = read.num(v, `cost.${k}`, 0, 1e6);
      if (n !== void 0) cost[k] = n;
    }
  }
  config.cost = cost;
};
var parseComment = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, "comment", ["mode"])) {
    if (k === "mode") {
      const m = read.oneOf(v, "comment.mode", COMMENT_MODES);
      if (m) config.comment.mode = m;
    }
  }
};
var parseTimeline = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, "timeline", ["policy", "horizon", "defaultDuration"])) {
    if (k === "defaultDuration") {
      const d = read.str(v, "timeline.defaultDuration");
      if (d && !/^(\d+(\.\d+)?(h|m|s))+$/.test(d))
        read.error(v, "timeline.defaultDuration must be a duration such as 1h or 45m");
      else if (d) config.timeline.defaultDuration = d;
    } else if (k === "policy") {
      const p = read.oneOf(v, "timeline.policy", POLICIES);
      if (p) config.timeline.policy = p;
    } else if (k === "horizon") {
      const h = read.str(v, "timeline.horizon");
      if (h && !/^(\d+(\.\d+)?(h|m|s))+$/.test(h))
        read.error(v, "timeline.horizon must be a duration such as 24h or 90m");
      else if (h) config.timeline.horizon = h;
    }
  }
};
var parseLimits = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, "limits", LIMIT_KEYS)) {
    const n = read.num(v, `limits.${k}`, 1, 1073741824);
    if (n !== void 0) config.limits[k] = Math.floor(n);
  }
};
var parseApply = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, "apply", [
    "applySet",
    "inventoryNamespace",
    "namespace",
    "allowKinds",
    "pruneKinds",
    "maxPrune",
    "parallelism",
    "onMerge",
    "prune",
    "wait",
    "applyBeforeMerge",
    "roles"
  ])) {
    if (k === "applySet" || k === "inventoryNamespace" || k === "namespace") {
      const name = read.str(v, `apply.${k}`);
      if (name && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
        read.error(v, `apply.${k} must be a lowercase RFC 1123 label, e.g. berth-system`);
      else if (name) config.apply[k] = name;
    } else if (k === "allowKinds" || k === "pruneKinds") config.apply[k] = read.strings(v, `apply.${k}`);
    else if (k === "maxPrune") {
      const n = read.num(v, "apply.maxPrune", 0, 1e5);
      if (n !== void 0) config.apply.maxPrune = Math.floor(n);
    } else if (k === "parallelism") {
      const n = read.num(v, "apply.parallelism", 1, MAX_APPLY_PARALLELISM);
      if (n !== void 0) config.apply.parallelism = Math.floor(n);
    } else if (k === "onMerge" || k === "prune" || k === "applyBeforeMerge") {
      const b = read.bool(v, `apply.${k}`);
      if (b !== void 0) config.apply[k] = b;
    } else if (k === "wait") {
      if ((0, import_yaml3.isScalar)(v) && v.value === 0) {
        config.apply.waitMs = 0;
        continue;
      }
      const w = read.str(v, "apply.wait");
      if (w === "none") config.apply.waitMs = 0;
      else if (w && !DURATION.test(w))
        read.error(v, "apply.wait must be a duration such as 5m or 90s, or none");
      else if (w) config.apply.waitMs = durationMs(w);
    } else if (k === "roles") parseRoles(read, v ?? keyNode, config);
  }
};
var MAX_DECLARED_KINDS = 50;
var MAX_POINTER_SEGMENTS = 16;
var MAX_POINTER_LENGTH = 256;
function parsePointer(read, node, where) {
  const text = read.str(node, where);
  if (text === void 0) return void 0;
  const segments = text.split("/").slice(1);
  if (!text.startsWith("/") || text.length > MAX_POINTER_LENGTH || segments.length > MAX_POINTER_SEGMENTS || segments.some((s) => s === "" || /~[^01]|~$/.test(s))) {
    read.error(
      node,
      `${where} must be a JSON pointer such as /spec/template (at most ${MAX_POINTER_SEGMENTS} parts, ${MAX_POINTER_LENGTH} characters)`
    );
    return void 0;
  }
  return segments.map(
    (s) => /^(0|[1-9][0-9]{0,8})$/.test(s) ? Number(s) : s.replace(/~1/g, "/").replace(/~0/g, "~")
  );
}
var parseWorkloads = (read, value, keyNode, config) => {
  if (!(0, import_yaml3.isSeq)(value)) {
    read.error(value ?? keyNode, "workloads must be a list of { group, kind, template, replicas, batch }");
    return;
  }
  if (value.items.length > MAX_DECLARED_KINDS) {
    read.error(value, `workloads declares ${value.items.length} kinds: at most ${MAX_DECLARED_KINDS}`);
    return;
  }
  const seen = /* @__PURE__ */ new Set();
  for (const item of value.items) {
    const node = item;
    let group;
    let kind;
    let template;
    let replicas;
    let batch = false;
    let invalid = false;
    for (const [k, v] of read.entries(node, "a workload kind", [
      "group",
      "kind",
      "template",
      "replicas",
      "batch"
    ])) {
      if (k === "group") {
        if ((0, import_yaml3.isScalar)(v) && v.value === "") group = "";
        else group = read.str(v, "workloads[].group");
      } else if (k === "kind") kind = read.str(v, "workloads[].kind");
      else if (k === "template") {
        template = parsePointer(read, v, "workloads[].template");
        invalid ||= template === void 0;
      } else if (k === "replicas") {
        replicas = parsePointer(read, v, "workloads[].replicas");
        invalid ||= replicas === void 0;
      } else if (k === "batch") batch = read.bool(v, "workloads[].batch") ?? false;
    }
    if (invalid) continue;
    if (group === void 0 || kind === void 0 || template === void 0) {
      read.error(node, "a workload kind needs group, kind and template (a JSON pointer to its pod template)");
      continue;
    }
    const key = `${group}/${kind}`;
    if (seen.has(key)) {
      read.error(node, `workload kind ${key} is declared twice`);
      continue;
    }
    seen.add(key);
    config.workloads.push({
      group,
      kind,
      template,
      ...replicas ? { replicas } : {},
      batch,
      source: read.at(node)
    });
  }
};
function durationMs(text) {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g))
    ms += Number(n) * { s: 1e3, m: 6e4, h: 36e5 }[unit];
  return ms;
}
function parseRoles(read, node, config) {
  for (const [k, v] of read.entries(node, "apply.roles", Object.keys(DEFAULT_ROLES))) {
    const role = read.oneOf(v, `apply.roles.${k}`, ROLES);
    if (role) config.apply.roles[k] = role;
  }
}
var KEY_PARSERS = {
  version: parseVersion,
  clusters: parseClusters,
  policy: parsePolicy,
  scheduler: parseScheduler,
  reservations: parseReservations,
  cost: parseCost,
  comment: parseComment,
  timeline: parseTimeline,
  limits: parseLimits,
  apply: parseApply,
  render: parseRender,
  workloads: parseWorkloads
};

// src/config/reader.ts
var import_yaml4 = __toESM(require_dist(), 1);
var ConfigReader = class {
  diagnostics = [];
  file;
  lines;
  constructor(file, lines) {
    this.file = file;
    this.lines = lines;
  }
  /** Where a node starts (line 1, column 1 when there is no node). */
  at(node) {
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col };
  }
  error(node, message) {
    this.diagnostics.push(diagnostic(this.at(node), "error", "invalid-config", message));
  }
  warn(node, message) {
    this.diagnostics.push(diagnostic(this.at(node), "warning", "invalid-config", message));
  }
  /** The entries of a mapping node, warning about keys not in `known`. */
  entries(node, where, known) {
    if (!(0, import_yaml4.isMap)(node)) {
      this.error(node, `${where} must be a mapping`);
      return [];
    }
    const out = [];
    for (const pair of node.items) {
      const keyNode = pair.key;
      const key = (0, import_yaml4.isScalar)(keyNode) ? String(keyNode.value) : "";
      if (!known.includes(key)) {
        this.warn(keyNode, `unknown key "${key}" in ${where} (known: ${known.join(", ")})`);
        continue;
      }
      out.push([key, pair.value, keyNode]);
    }
    return out;
  }
  str(node, where) {
    if ((0, import_yaml4.isScalar)(node) && typeof node.value === "string" && node.value !== "") return node.value;
    this.error(node, `${where} must be a non-empty string`);
    return void 0;
  }
  bool(node, where) {
    if ((0, import_yaml4.isScalar)(node) && typeof node.value === "boolean") return node.value;
    this.error(node, `${where} must be true or false`);
    return void 0;
  }
  num(node, where, min, max) {
    if ((0, import_yaml4.isScalar)(node) && typeof node.value === "number" && node.value >= min && node.value <= max)
      return node.value;
    this.error(node, `${where} must be a number from ${min} to ${max}`);
    return void 0;
  }
  oneOf(node, where, allowed) {
    if ((0, import_yaml4.isScalar)(node) && allowed.includes(node.value)) return node.value;
    this.error(node, `${where} must be one of ${allowed.join(", ")}`);
    return void 0;
  }
  /** A list of strings; a single string is a list of one. */
  strings(node, where) {
    if ((0, import_yaml4.isScalar)(node) && typeof node.value === "string") return [node.value];
    if (!(0, import_yaml4.isSeq)(node)) {
      this.error(node, `${where} must be a list of strings`);
      return [];
    }
    return node.items.flatMap((item) => {
      const s = this.str(item, where);
      return s === void 0 ? [] : [s];
    });
  }
  /** A mapping of resource name to quantity, each quantity checked for its resource. */
  resources(node, where) {
    const out = {};
    if (!(0, import_yaml4.isMap)(node)) {
      this.error(node, `${where} must be a mapping of resource to quantity, e.g. { cpu: 500m, memory: 1Gi }`);
      return out;
    }
    for (const pair of node.items) {
      const key = String(pair.key.value ?? "");
      const valueNode = pair.value;
      const raw = (0, import_yaml4.isScalar)(valueNode) ? valueNode.value : void 0;
      const parsed = parseResourceAmount(key, raw);
      if (parsed.ok) out[key] = parsed.value;
      else this.error(valueNode, `${where}.${key}: ${parsed.error}`);
    }
    return out;
  }
  /** The pairs of a mapping of name to number from `min` to `max`, or an error saying `mustMap`. */
  numbers(node, where, min, max, mustMap) {
    if (!(0, import_yaml4.isMap)(node)) {
      this.error(node, mustMap);
      return void 0;
    }
    const out = {};
    for (const pair of node.items) {
      const name = String(pair.key.value ?? "");
      const n = this.num(pair.value, `${where}.${name}`, min, max);
      if (n !== void 0) out[name] = n;
    }
    return out;
  }
};

// src/config/config.ts
function defaultConfig() {
  return {
    clusters: [],
    policy: {
      unschedulable: true,
      quotaExceeded: true,
      nPlusOne: false,
      missedDeadlines: false,
      requireRequests: false
    },
    scheduler: { scoringStrategy: "LeastAllocated", pluginWeights: {}, disabledPlugins: [] },
    reservations: [],
    comment: { mode: "update" },
    timeline: { policy: "edf", horizon: "24h", defaultDuration: "1h" },
    workloads: [],
    limits: {},
    apply: {
      applySet: "berth",
      inventoryNamespace: "berth-system",
      namespace: "default",
      allowKinds: [],
      pruneKinds: [],
      maxPrune: 10,
      parallelism: DEFAULT_APPLY_PARALLELISM,
      onMerge: true,
      prune: false,
      waitMs: 5 * 6e4,
      applyBeforeMerge: false,
      roles: { ...DEFAULT_ROLES }
    },
    render: {}
  };
}
async function loadConfigFile(path7, options = {}) {
  const read = await readContained(path7, options.scope ?? { root: process.cwd() });
  if (!read.ok) {
    const why = read.code === "missing" ? "no such file" : read.code === "too-large" ? "too large" : read.message;
    throw new BerthError("io", `cannot read config ${path7}: ${why}`);
  }
  const decoded = decodeText(read.bytes);
  if (!decoded.ok) throw new BerthError("io", `cannot read config ${path7}: ${decoded.why}`);
  options.sources?.set(path7, decoded.text);
  return parseConfig(decoded.text, path7);
}
function parseConfig(text, file) {
  const config = defaultConfig();
  const lines = new import_yaml5.LineCounter();
  const doc = (0, import_yaml5.parseDocument)(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false
  });
  const read = new ConfigReader(file, lines);
  const diagnostics = read.diagnostics;
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    diagnostics.push(
      diagnostic(
        { file, line: pos.line, column: pos.col },
        "error",
        "invalid-config",
        e.message.split("\n")[0]
      )
    );
  }
  if (doc.errors.length > 0) return { config, diagnostics };
  const root = doc.contents;
  if (root === null || (0, import_yaml5.isScalar)(root) && root.value === null) return { config, diagnostics };
  if (!(0, import_yaml5.isMap)(root)) {
    read.error(root, "the config must be a mapping of settings");
    return { config, diagnostics };
  }
  for (const [key, value, keyNode] of read.entries(root, "the config", Object.keys(KEY_PARSERS))) {
    KEY_PARSERS[key](read, value, keyNode, config);
  }
  return { config, diagnostics };
}

// src/manifests/duplicates.ts
function objectKey(object) {
  return `${object.kind}\0${object.metadata.namespace ?? ""}\0${object.metadata.name}`;
}
function describeObject(kind, name, namespace) {
  const named2 = name === void 0 ? kind : `${kind} "${name}"`;
  return namespace ? `${named2} in namespace "${namespace}"` : named2;
}
function dropDuplicates(objects, diagnostics, seen = /* @__PURE__ */ new Map()) {
  const kept = [];
  for (const object of objects) {
    const written = object.raw.metadata?.name;
    if (written === void 0) {
      kept.push(object);
      continue;
    }
    const key = objectKey(object);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, object);
      kept.push(object);
      continue;
    }
    const where = `${first.source.file}:${first.source.line}:${first.source.column}`;
    diagnostics.push(
      diagnostic(
        object.source,
        "error",
        "duplicate-object",
        `${describeObject(object.kind, object.metadata.name, object.metadata.namespace)} is defined twice; the first definition (${where}) is used and this one is ignored`
      )
    );
  }
  return kept;
}

// src/manifests/load.ts
import { readdir as readdir3, realpath as realpath2, stat as stat4 } from "node:fs/promises";
import path6 from "node:path";

// src/manifests/parse.ts
var import_yaml8 = __toESM(require_dist(), 1);

// src/manifests/ast.ts
var import_yaml6 = __toESM(require_dist(), 1);
var Stop = class {
  problem;
  constructor(problem) {
    this.problem = problem;
  }
};
function measure(root, limits) {
  const aliases = /* @__PURE__ */ new Map();
  const anchors = /* @__PURE__ */ new Map();
  const measured = /* @__PURE__ */ new Map();
  const visit2 = (node, depth) => {
    if ((0, import_yaml6.isAlias)(node)) {
      const target = anchors.get(node.source);
      if (!target) throw new Stop({ kind: "unresolved-alias", node });
      aliases.set(node, target);
      const extent2 = measured.get(target);
      if (!extent2) throw new Stop({ kind: "alias-cycle", node });
      if (depth + extent2.height - 1 > limits.maxDepth) throw new Stop({ kind: "too-deep", node });
      if (extent2.nodes > limits.maxNodes) {
        throw new Stop({ kind: "too-many-nodes", node, nodes: extent2.nodes });
      }
      return extent2;
    }
    if (depth > limits.maxDepth) throw new Stop({ kind: "too-deep", node });
    if (node.anchor) anchors.set(node.anchor, node);
    let nodes = 1;
    let childHeight = 0;
    const add = (child) => {
      if (!child || typeof child !== "object") return;
      const extent2 = visit2(child, depth + 1);
      nodes += extent2.nodes;
      if (extent2.height > childHeight) childHeight = extent2.height;
      if (nodes > limits.maxNodes) throw new Stop({ kind: "too-many-nodes", node, nodes });
    };
    if ((0, import_yaml6.isMap)(node)) {
      for (const pair of node.items) {
        add(pair.key);
        add(pair.value);
      }
    } else if ((0, import_yaml6.isSeq)(node)) {
      for (const item of node.items) add(item);
    }
    const extent = { nodes, height: childHeight + 1 };
    measured.set(node, extent);
    return extent;
  };
  try {
    const extent = visit2(root, 1);
    return { ok: true, value: { aliases, nodes: extent.nodes } };
  } catch (error) {
    if (error instanceof Stop) return { ok: false, problem: error.problem, aliases };
    throw error;
  }
}
function keyText(key) {
  if ((0, import_yaml6.isScalar)(key)) return typeof key.value === "symbol" ? key.value.description : String(key.value);
  return void 0;
}
function deref(node, aliases) {
  if ((0, import_yaml6.isAlias)(node)) return aliases.get(node) ?? null;
  return node ?? null;
}
function findPair(map, segment, aliases, seen = /* @__PURE__ */ new Set()) {
  if (!(0, import_yaml6.isMap)(map) || seen.has(map)) return void 0;
  seen.add(map);
  let merges = [];
  for (const pair of map.items) {
    if (!(0, import_yaml6.isPair)(pair)) continue;
    const name = keyText(pair.key);
    if (name === segment && name !== "<<") return pair;
    if (name === "<<" && (0, import_yaml6.isScalar)(pair.key)) {
      const source = deref(pair.value, aliases);
      merges = merges.concat((0, import_yaml6.isSeq)(source) ? source.items : [source]);
    }
  }
  for (const source of merges) {
    const found = findPair(deref(source, aliases), segment, aliases, seen);
    if (found) return found;
  }
  return void 0;
}
function reach(root, path7, aliases) {
  let node = deref(root, aliases);
  let key = null;
  let found = 0;
  for (const segment of path7) {
    if (node && (0, import_yaml6.isMap)(node)) {
      const pair = findPair(node, String(segment), aliases);
      if (!pair) break;
      key = pair.key;
      node = deref(pair.value, aliases);
    } else if (node && (0, import_yaml6.isSeq)(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === void 0) break;
      key = null;
      node = deref(item, aliases);
    } else {
      break;
    }
    found++;
  }
  return { node, key, found };
}
function offsetOf(reached) {
  const { node, key } = reached;
  if (node && (0, import_yaml6.isScalar)(node) && node.range) return node.range[0];
  if (key?.range) return key.range[0];
  return node?.range?.[0];
}
function startOf(node) {
  if ((0, import_yaml6.isMap)(node)) {
    const first = node.items[0];
    const key = first && (0, import_yaml6.isPair)(first) ? first.key : null;
    if (key?.range) return key.range[0];
  }
  return node.range?.[0] ?? 0;
}

// src/manifests/fast.ts
var import_yaml7 = __toESM(require_dist(), 1);

// src/manifests/yaml11.ts
var TRUE_WORDS = /^(?:y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/;
var yaml11Bool = {
  identify: (value) => typeof value === "boolean",
  default: true,
  tag: "tag:yaml.org,2002:bool",
  // Only the words YAML 1.2 dropped; true and false stay with the core schema's tag.
  test: /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/,
  resolve: (text) => TRUE_WORDS.test(text)
};
var yaml11Octal = {
  identify: (value) => typeof value === "number" && Number.isInteger(value),
  default: true,
  tag: "tag:yaml.org,2002:int",
  format: "OCT",
  // A leading zero means octal in YAML 1.1 (`0o644` is the core schema's own form).
  test: /^[-+]?0[0-7_]+$/,
  resolve: (text) => {
    const negative = text.startsWith("-");
    const value = Number.parseInt(text.replace(/^[-+]/, "").replaceAll("_", ""), 8);
    return negative ? -value : value;
  }
};
function isYaml11OnlyBoolean(source) {
  return yaml11Bool.test?.test(source) === true;
}

// src/manifests/fast.ts
var GiveUp = class {
};
var GIVE_UP = new GiveUp();
function giveUp() {
  throw GIVE_UP;
}
var scalarTags;
function setScalarSchema(options) {
  scalarTags = new import_yaml7.Document(null, options).schema.tags.filter(
    (tag) => tag.default === true && tag.test !== void 0
  );
}
function resolvePlain(source) {
  const c = source.charCodeAt(0);
  const letter = c >= 97 && c <= 122 || c >= 65 && c <= 90;
  if (letter && source.length > 5) return source;
  for (const tag of scalarTags ?? giveUp()) {
    if (!tag.test?.test(source)) continue;
    if (isYaml11OnlyBoolean(source)) giveUp();
    const resolved = tag.resolve(source, giveUp, { intAsBigInt: false });
    return (0, import_yaml7.isScalar)(resolved) ? resolved.value : resolved;
  }
  return source;
}
var Reader = class {
  text;
  lines;
  limits;
  /** The line being read, and the column its content is taken from (deeper than its indent inside `- key: value`). */
  i = 0;
  column = 0;
  nodes = 0;
  constructor(text, lines, limits) {
    this.text = text;
    this.lines = lines;
    this.limits = limits;
  }
  /** The document's value: a block mapping at column 0. */
  document() {
    const first = this.lines[0];
    if (first.indent !== 0) giveUp();
    this.i = 0;
    this.column = 0;
    this.nodes = 1;
    const starts = [];
    const value = this.mapping(0, 1, starts);
    if (this.i < this.lines.length) giveUp();
    return { value, start: first.start, itemStarts: starts.length > 0 ? starts : void 0 };
  }
  count(depth) {
    if (depth > this.limits.maxDepth || ++this.nodes > this.limits.maxNodes) giveUp();
  }
  /** Whether the current content is a sequence entry (`-` then a space or the line's end). */
  atDash() {
    const line = this.lines[this.i];
    const p = line.start + this.column;
    if (this.text.charCodeAt(p) !== 45) return false;
    return p + 1 === line.end || this.text.charCodeAt(p + 1) === 32;
  }
  /** The block value under `key:` written with nothing after it, whose parent's indent is `indent`. */
  nested(indent, depth) {
    const line = this.lines[this.i];
    if (line === void 0 || line.indent < indent) return null;
    this.column = line.indent;
    if (line.indent === indent) return this.atDash() ? this.sequence(indent, depth) : null;
    return this.atDash() ? this.sequence(line.indent, depth) : this.mapping(line.indent, depth);
  }
  /** A block mapping whose keys are at `indent`; `starts` collects its `items`' first keys when given. */
  mapping(indent, depth, starts) {
    const map = {};
    for (; ; ) {
      const line = this.lines[this.i];
      const from = line.start + this.column;
      const { key, after } = this.key(from, line.end);
      if (key === "<<" || key === "__proto__" || Object.hasOwn(map, key)) giveUp();
      this.count(depth + 1);
      this.count(depth + 1);
      let value;
      const rest = this.skipSpaces(after, line.end);
      if (rest === line.end || this.text.charCodeAt(rest) === 35) {
        if (rest !== line.end && rest === after) giveUp();
        this.i++;
        value = key === "items" && starts ? this.nestedItems(indent, depth + 1, starts) : this.nested(indent, depth + 1);
      } else {
        if (rest === after) giveUp();
        if (this.text.charCodeAt(rest) === 124) {
          value = this.literal(rest, line.end, indent);
        } else {
          value = this.inline(rest, line.end, depth + 1);
          this.i++;
        }
      }
      map[key] = value;
      const next = this.lines[this.i];
      if (next === void 0 || next.indent < indent) return map;
      if (next.indent > indent) giveUp();
      this.column = indent;
      if (this.atDash()) {
        return map;
      }
    }
  }
  nestedItems(indent, depth, starts) {
    const from = this.i;
    const value = this.nested(indent, depth);
    if (!Array.isArray(value)) {
      if (value !== null) giveUp();
      return value;
    }
    let item = 0;
    for (let i = from; i < this.i && item < value.length; i++) {
      const line = this.lines[i];
      if (line.indent !== this.lines[from].indent || this.text.charCodeAt(line.start + line.indent) !== 45)
        continue;
      const p = this.skipSpaces(line.start + line.indent + 1, line.end);
      if (p === line.end || this.text.charCodeAt(p) === 123) giveUp();
      starts.push(p);
      item++;
    }
    if (item !== value.length || value.some((v) => typeof v !== "object" || v === null || Array.isArray(v)))
      giveUp();
    return value;
  }
  /** A block sequence whose dashes are at `indent`. */
  sequence(indent, depth) {
    const items2 = [];
    for (; ; ) {
      const line = this.lines[this.i];
      const dash = line.start + this.column;
      this.count(depth + 1);
      const rest = this.skipSpaces(dash + 1, line.end);
      if (rest === line.end || this.text.charCodeAt(rest) === 35) {
        if (rest !== line.end && rest === dash + 1) giveUp();
        this.i++;
        const next2 = this.lines[this.i];
        if (next2 !== void 0 && next2.indent > indent) {
          this.column = next2.indent;
          items2.push(
            this.atDash() ? this.sequence(next2.indent, depth + 1) : this.mapping(next2.indent, depth + 1)
          );
        } else {
          items2.push(null);
        }
      } else {
        this.column = rest - line.start;
        if (this.text.charCodeAt(rest) === 124) {
          items2.push(this.literal(rest, line.end, indent));
        } else if (this.atDash()) {
          items2.push(this.sequence(this.column, depth + 1));
        } else if (this.isKeyLine(rest, line.end)) {
          items2.push(this.mapping(this.column, depth + 1));
        } else {
          items2.push(this.inline(rest, line.end, depth + 1));
          this.i++;
        }
      }
      const next = this.lines[this.i];
      if (next === void 0 || next.indent < indent) return items2;
      if (next.indent > indent) giveUp();
      this.column = indent;
      if (!this.atDash()) return items2;
    }
  }
  /**
   * A literal block scalar whose header (`|`, `|-` or `|+`) is at `p` on the current line, the
   * value of a key or dash at column `parent`. Blank lines and `#` lines inside it are content,
   * so its lines are read from the text; the reader then moves past every line it covers.
   */
  literal(p, end, parent) {
    const text = this.text;
    let q = p + 1;
    const chomping = text.charCodeAt(q);
    if (chomping === 45 || chomping === 43) q++;
    this.expectLineEnd(q, end);
    let indent = -1;
    let leading = 0;
    const lines = [];
    let content = 0;
    let stop = text.length;
    for (let start = end + 1; start < text.length; ) {
      let lineEnd = text.indexOf("\n", start);
      const last = lineEnd === -1;
      if (last) lineEnd = text.length;
      let s = start;
      while (s < lineEnd && text.charCodeAt(s) === 32) s++;
      const spaces = s - start;
      if (s === lineEnd && (indent === -1 || spaces <= indent)) {
        if (indent === -1) leading = Math.max(leading, spaces);
        if (!last) lines.push("");
      } else {
        if (indent === -1) {
          if (spaces <= parent || spaces < leading) giveUp();
          indent = spaces;
        } else if (spaces < indent) {
          stop = start;
          break;
        }
        lines.push(text.slice(start + indent, lineEnd));
        content = lines.length;
      }
      if (last) break;
      start = lineEnd + 1;
    }
    if (indent === -1) giveUp();
    while (this.i < this.lines.length && this.lines[this.i].start < stop) this.i++;
    const body = lines.slice(0, content).join("\n");
    if (chomping === 45) return body;
    if (chomping === 43) return `${body}
${"\n".repeat(lines.length - content)}`;
    return `${body}
`;
  }
  /** Whether the content from `p` is `key: ...` or `key:`. */
  isKeyLine(p, end) {
    const c = this.text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, end);
      return this.text.charCodeAt(close) === 58;
    }
    if (c === 123 || c === 91) return false;
    return this.keyColon(p, end) !== -1;
  }
  /** The offset of the `:` that ends a plain key starting at `p`, or -1. */
  keyColon(p, end) {
    for (let q = p; q < end; q++) {
      if (this.text.charCodeAt(q) !== 58) continue;
      if (q + 1 === end || this.text.charCodeAt(q + 1) === 32) return q;
    }
    return -1;
  }
  key(p, end) {
    const c = this.text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, end);
      if (this.text.charCodeAt(close) !== 58 || close - p > 1e3) giveUp();
      return { key: this.quoted(p, close), after: close + 1 };
    }
    const colon = this.keyColon(p, end);
    if (colon === -1 || colon - p > 1e3 || this.text.charCodeAt(colon - 1) === 32) giveUp();
    const source = this.plain(p, colon, false);
    const key = resolvePlain(source);
    if (typeof key !== "string") giveUp();
    return { key, after: colon + 1 };
  }
  skipSpaces(p, end) {
    let q = p;
    while (q < end && this.text.charCodeAt(q) === 32) q++;
    return q;
  }
  /** After a value ends at `p`: only spaces and a comment may follow on the line. */
  expectLineEnd(p, end) {
    const q = this.skipSpaces(p, end);
    if (q === end) return;
    if (this.text.charCodeAt(q) !== 35 || q === p) giveUp();
  }
  /** A value written on the key's (or dash's) own line: a scalar or a one-line flow collection. */
  inline(p, end, depth) {
    const c = this.text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, end);
      this.expectLineEnd(close, end);
      return this.quoted(p, close);
    }
    if (c === 123 || c === 91) {
      const { value, next } = this.flow(p, end, depth);
      this.expectLineEnd(next, end);
      return value;
    }
    let last = end;
    for (let q = p + 1; q < end; q++) {
      if (this.text.charCodeAt(q) === 35 && this.text.charCodeAt(q - 1) === 32) {
        last = q - 1;
        break;
      }
    }
    while (last > p && this.text.charCodeAt(last - 1) === 32) last--;
    const source = this.plain(p, last, false);
    if (source.includes(": ") || source.endsWith(":")) giveUp();
    return resolvePlain(source);
  }
  /** Checks a plain scalar's first character and returns its text. */
  plain(p, end, flow) {
    if (end <= p) giveUp();
    const c = this.text.charCodeAt(p);
    if (c === 63 || // ?
    c === 58 || // :
    c === 44 || // ,
    c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || // #
    c === 38 || // &
    c === 42 || // *
    c === 33 || // !
    c === 124 || // |
    c === 62 || // >
    c === 37 || // %
    c === 64 || // @
    c === 96 || // `
    c === 34 || c === 39)
      giveUp();
    if (c === 45 && (p + 1 === end || this.text.charCodeAt(p + 1) === 32)) giveUp();
    const source = this.text.slice(p, end);
    if (source.includes(" #")) giveUp();
    if (flow && /[,[\]{}]/.test(source)) giveUp();
    return source;
  }
  /** The offset just past a quoted scalar's closing quote on this line. */
  quotedEnd(p, end) {
    const quote2 = this.text.charCodeAt(p);
    for (let q = p + 1; q < end; q++) {
      const c = this.text.charCodeAt(q);
      if (quote2 === 34 && c === 92) giveUp();
      if (c !== quote2) continue;
      if (quote2 === 39 && this.text.charCodeAt(q + 1) === 39 && q + 1 < end) {
        q++;
        continue;
      }
      return q + 1;
    }
    return giveUp();
  }
  quoted(p, close) {
    const inner = this.text.slice(p + 1, close - 1);
    return this.text.charCodeAt(p) === 39 ? inner.replaceAll("''", "'") : inner;
  }
  /** A flow mapping or sequence closed on the same line, of plain and quoted scalars and flow collections. */
  flow(p, end, depth) {
    const open2 = this.text.charCodeAt(p);
    const close = open2 === 123 ? 125 : 93;
    const map = {};
    const seq = [];
    let q = this.skipSpaces(p + 1, end);
    if (this.text.charCodeAt(q) === close) return { value: open2 === 123 ? map : seq, next: q + 1 };
    for (; ; ) {
      if (open2 === 123) {
        const { key, next } = this.flowKey(q, end);
        if (key === "<<" || key === "__proto__" || Object.hasOwn(map, key)) giveUp();
        this.count(depth + 1);
        this.count(depth + 1);
        const at2 = this.skipSpaces(next, end);
        const { value, next: after } = this.flowValue(at2, end, depth + 1);
        map[key] = value;
        q = after;
      } else {
        this.count(depth + 1);
        const { value, next } = this.flowValue(q, end, depth + 1);
        seq.push(value);
        q = next;
      }
      q = this.skipSpaces(q, end);
      const c = this.text.charCodeAt(q);
      if (c === close) return { value: open2 === 123 ? map : seq, next: q + 1 };
      if (c !== 44) giveUp();
      q = this.skipSpaces(q + 1, end);
      const d = this.text.charCodeAt(q);
      if (d === close || d === 44 || q >= end) giveUp();
    }
  }
  flowKey(p, end) {
    const c = this.text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, end);
      if (this.text.charCodeAt(close) !== 58 || this.text.charCodeAt(close + 1) !== 32) giveUp();
      return { key: this.quoted(p, close), next: close + 1 };
    }
    let colon = -1;
    for (let q = p; q < end; q++) {
      const d = this.text.charCodeAt(q);
      if (d === 58 && this.text.charCodeAt(q + 1) === 32) {
        colon = q;
        break;
      }
      if (d === 44 || d === 125 || d === 93 || d === 123 || d === 91) giveUp();
    }
    if (colon === -1) giveUp();
    let last = colon;
    while (last > p && this.text.charCodeAt(last - 1) === 32) last--;
    const key = resolvePlain(this.plain(p, last, true));
    if (typeof key !== "string") giveUp();
    return { key, next: colon + 1 };
  }
  flowValue(p, end, depth) {
    const c = this.text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, end);
      return { value: this.quoted(p, close), next: close };
    }
    if (c === 123 || c === 91) return this.flow(p, end, depth);
    let q = p;
    while (q < end) {
      const d = this.text.charCodeAt(q);
      if (d === 44 || d === 125 || d === 93) break;
      if (d === 58 || d === 35 || d === 123 || d === 91) giveUp();
      q++;
    }
    let last = q;
    while (last > p && this.text.charCodeAt(last - 1) === 32) last--;
    return { value: resolvePlain(this.plain(p, last, true)), next: q };
  }
};
function readFast(text, limits) {
  if (scalarTags === void 0) return void 0;
  if (text.includes("	") || text.includes("\r")) return void 0;
  const lineStarts = [];
  const documents = [];
  let current = [];
  let opened = false;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    lineStarts.push(start);
    const c = text.charCodeAt(start);
    if (c === 45 && text.startsWith("---", start) && (end === start + 3 || text.charCodeAt(start + 3) === 32)) {
      let q = start + 3;
      while (q < end && text.charCodeAt(q) === 32) q++;
      if (q < end && (text.charCodeAt(q) !== 35 || q === start + 3)) return void 0;
      if (opened || current.length > 0) documents.push(current);
      current = [];
      opened = true;
    } else if (c === 37 || c === 46 && text.startsWith("...", start)) {
      return void 0;
    } else {
      let indent = start;
      while (indent < end && text.charCodeAt(indent) === 32) indent++;
      if (indent < end && text.charCodeAt(indent) !== 35)
        current.push({ start, end, indent: indent - start });
    }
    if (end === text.length) break;
    start = end + 1;
  }
  if (opened || current.length > 0) documents.push(current);
  if (documents.length > limits.maxDocuments) return void 0;
  const read = [];
  try {
    documents.forEach((lines, index) => {
      if (lines.length === 0) return;
      const { value, start, itemStarts } = new Reader(text, lines, limits).document();
      read.push({ index, value, start: start + lines[0].indent, itemStarts });
    });
  } catch (error) {
    if (error === GIVE_UP) return void 0;
    throw error;
  }
  return { documents: read, count: documents.length, lineStarts };
}

// src/manifests/json-stream.ts
function skipWhitespace(text, from) {
  let i = from;
  while (i < text.length && /[ \t\r\n]/.test(text[i] ?? "")) i++;
  return i;
}
function jsonStreamSegments(text) {
  let i = skipWhitespace(text, 0);
  if (text[i] !== "{") return void 0;
  const segments = [];
  while (i < text.length) {
    if (text[i] !== "{") return void 0;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 92) i++;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) return void 0;
    segments.push([start, i]);
    i = skipWhitespace(text, i);
  }
  return segments.length > 1 ? segments : void 0;
}

// src/manifests/pretty.ts
var WHOLE_FILE = /* @__PURE__ */ new Set(["file-unreadable", "file-too-large"]);
var WINDOW = 120;
var SECRET_KIND = /["']?\bkind["']?\s*:\s*["']?Secret["']?(?=\s*(?:$|[,}\]#]))/m;
var SECRET_FIELD = /["']?\bstringData["']?\s*:/;
function isDocumentMarker(line) {
  return /^(---|\.\.\.)(\s|$)/.test(line);
}
function mayBeSecret(documentText) {
  return SECRET_KIND.test(documentText) || SECRET_FIELD.test(documentText);
}
function isInSecret(lines, index) {
  let start = index;
  while (start > 0 && !isDocumentMarker(lines[start] ?? "")) start--;
  let end = index + 1;
  while (end < lines.length && !isDocumentMarker(lines[end] ?? "")) end++;
  const document = lines.slice(start, end).join("\n");
  return mayBeSecret(document);
}
function prettyDiagnostic(d, sourceText) {
  const header = formatDiagnostic(d);
  if (sourceText === void 0 || WHOLE_FILE.has(d.code)) return header;
  const lines = sourceText.split("\n").map((line2) => line2.replace(/\r$/, ""));
  const line = lines[d.line - 1];
  if (line === void 0 || isInSecret(lines, d.line - 1)) return header;
  const column = Math.max(1, Math.min(d.column, line.length + 1));
  let from = 0;
  let to = line.length;
  if (line.length > WINDOW) {
    from = Math.max(0, Math.min(column - 1 - WINDOW / 2, line.length - WINDOW));
    to = from + WINDOW;
  }
  const lead = from > 0 ? "…" : "";
  const tail = to < line.length ? "…" : "";
  const shown2 = `${lead}${printable(line.slice(from, to), { keepTabs: true })}${tail}`;
  const before = printable(line.slice(from, column - 1), { keepTabs: true });
  const pad2 = `${lead ? " " : ""}${before.replace(/[^\t]/g, " ")}`;
  const gutter = String(d.line);
  const blank = " ".repeat(gutter.length);
  return `${header}

 ${gutter} | ${shown2}
 ${blank} | ${pad2}^
`;
}

// src/manifests/secret.ts
var MAX_SECRET_BYTES = 1024 * 1024;
var BASE64 = /^[A-Za-z0-9+/]$/;
function base64Problem(text) {
  const src = text;
  let si = 0;
  let bytes = 0;
  const newline = (c) => c === "\n" || c === "\r";
  while (true) {
    let j = 0;
    let padded = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { bytes };
        return { at: si - j };
      }
      const c = src[si];
      si++;
      if (BASE64.test(c)) continue;
      if (newline(c)) {
        j--;
        continue;
      }
      if (c !== "=") return { at: si - 1 };
      if (j === 0 || j === 1) return { at: si - 1 };
      if (j === 2) {
        while (si < src.length && newline(src[si])) si++;
        if (si === src.length) return { at: src.length };
        if (src[si] !== "=") return { at: si - 1 };
        si++;
      }
      while (si < src.length && newline(src[si])) si++;
      if (si < src.length) return { at: si };
      padded = true;
      break;
    }
    bytes += padded ? j - 1 : 3;
    if (padded) return { bytes };
  }
}
var CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
function configKeyProblems(key) {
  const problems = [];
  if (Buffer.byteLength(key, "utf8") > 253) problems.push("must be no more than 253 bytes");
  if (!CONFIG_KEY.test(key)) {
    problems.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
    );
  }
  if (key === ".") problems.push("must not be '.'");
  else if (key === "..") problems.push("must not be '..'");
  else if (key.startsWith("..")) problems.push("must not start with '..'");
  return problems;
}
function jsonType(value) {
  if (Array.isArray(value)) return "array";
  if (typeof value === "object" && value !== null) return "object";
  return typeof value === "boolean" ? "bool" : typeof value;
}
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function validateSecret(raw, name, locate3) {
  const errors = [];
  const undecodable = (path7, detail) => errors.push(
    diagnostic(
      locate3(path7),
      "error",
      "invalid-field",
      `Secret in version "v1" cannot be handled as a Secret: ${detail}`
    )
  );
  const invalid = (path7, detail) => errors.push(
    diagnostic(locate3(path7), "error", "invalid-field", `The Secret "${name}" is invalid: ${detail}`)
  );
  let total = 0;
  const keys = [];
  for (const field of ["data", "stringData"]) {
    const map = raw[field];
    if (map === void 0 || map === null) continue;
    if (!isPlainObject(map)) {
      undecodable(
        [field],
        `json: cannot unmarshal ${jsonType(map)} into Go struct field Secret.${field} of type map[string]${field === "data" ? "[]uint8" : "string"}`
      );
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      const at2 = [field, key];
      keys.push([key, at2]);
      if (value === null) continue;
      if (field === "stringData") {
        if (typeof value === "string") total += Buffer.byteLength(value, "utf8");
        else
          undecodable(
            at2,
            `json: cannot unmarshal ${jsonType(value)} into Go struct field Secret.stringData of type string`
          );
        continue;
      }
      if (typeof value !== "string") {
        undecodable(
          at2,
          `json: cannot unmarshal ${jsonType(value)} into Go struct field Secret.data of type []uint8`
        );
        continue;
      }
      const decoded = base64Problem(value);
      if ("at" in decoded) undecodable(at2, `illegal base64 data at input byte ${decoded.at}`);
      else total += decoded.bytes;
    }
  }
  if (errors.length > 0) return errors;
  for (const [key, at2] of keys) {
    for (const problem of configKeyProblems(key))
      invalid(at2, `data[${key}]: Invalid value: ${JSON.stringify(key)}: ${problem}`);
  }
  if (total > MAX_SECRET_BYTES)
    invalid(["data"], `data: Too long: may not be more than ${MAX_SECRET_BYTES} bytes`);
  return errors;
}

// src/manifests/parse.ts
var composerOptions = {
  schema: "core",
  customTags: (tags) => [yaml11Bool, yaml11Octal, ...tags],
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  // The package would print some warnings on the console; berth reports them as diagnostics instead.
  logLevel: "silent"
};
setScalarSchema(composerOptions);
var MAX_YAML_ERRORS_PER_DOCUMENT = 10;
function isPlainObject2(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function at(ctx, offset) {
  const { line, col } = ctx.lines.linePos(offset + ctx.base);
  return { file: ctx.file, line, column: col };
}
function report(ctx, offset, severity, code, message) {
  ctx.diagnostics.push(diagnostic(at(ctx, offset), severity, code, message));
}
function parseManifests(text, file, limits, options = {}) {
  const resolved = resolveLimits(limits);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > resolved.maxFileBytes) {
    return {
      objects: [],
      diagnostics: [fileTooLarge({ file, line: 1, column: 1 }, bytes, resolved.maxFileBytes)]
    };
  }
  const source = text.charCodeAt(0) === 65279 ? text.slice(1) : text;
  const segments = jsonStreamSegments(source);
  const fast = segments || options.reference ? void 0 : readFast(source, resolved);
  const read = fast && collectFast(file, source, resolved, fast);
  if (read) return { objects: dropDuplicates(read.objects, read.diagnostics), diagnostics: read.diagnostics };
  const ctx = referenceContext(file, source, resolved);
  readReference(ctx, segments);
  return { objects: dropDuplicates(ctx.objects, ctx.diagnostics), diagnostics: ctx.diagnostics };
}
function referenceContext(file, source, limits) {
  return {
    file,
    text: source,
    base: 0,
    lines: new import_yaml8.LineCounter(),
    limits,
    objects: [],
    diagnostics: [],
    documents: { count: 0 },
    checked: { count: 0 }
  };
}
function readReference(ctx, segments) {
  const source = ctx.text;
  if (segments) {
    ctx.lines.addNewLine(0);
    for (let i = source.indexOf("\n"); i !== -1; i = source.indexOf("\n", i + 1)) ctx.lines.addNewLine(i + 1);
    for (const [start, end] of segments) {
      if (!parseStream({ ...ctx, base: start }, source.slice(start, end), false)) break;
    }
  } else {
    parseStream(ctx, source, true);
  }
}
function collectFast(file, text, limits, fast) {
  for (const { value, itemStarts } of fast.documents) {
    const kind = value.kind;
    if (!isListKind(kind, value)) continue;
    const items2 = value.items;
    if (items2 === void 0 || items2 === null) continue;
    if (!Array.isArray(items2) || itemStarts?.length !== items2.length) return void 0;
    const itemKind = kind === "List" ? void 0 : kind.slice(0, -4);
    for (const item of items2) if (isListKind(item.kind ?? itemKind, item)) return void 0;
  }
  const position = (offset) => {
    const starts = fast.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = low + high + 1 >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { file, line: low + 1, column: offset - starts[low] + 1 };
  };
  let locators;
  const locatorOf = (n) => (path7) => {
    if (!locators) {
      const ctx2 = referenceContext(file, text, limits);
      ctx2.locators = [];
      readReference(ctx2, void 0);
      locators = ctx2.locators;
    }
    return locators[n]?.(path7);
  };
  const ctx = referenceContext(file, text, limits);
  ctx.documents.count = fast.count;
  for (const { index, value, start, itemStarts } of fast.documents) {
    const kind = value.kind;
    if (isListKind(kind, value)) {
      const items2 = value.items;
      if (!Array.isArray(items2)) continue;
      const itemDefaults = kind === "List" ? void 0 : { kind: kind.slice(0, -4), apiVersion: value.apiVersion };
      items2.forEach((item, i) => {
        const object2 = toObject(
          ctx,
          item,
          { ...position(itemStarts[i]), document: index },
          locatorOf(ctx.checked.count),
          itemDefaults
        );
        if (object2) ctx.objects.push(object2);
      });
      continue;
    }
    const object = toObject(
      ctx,
      value,
      { ...position(start), document: index },
      locatorOf(ctx.checked.count)
    );
    if (object) ctx.objects.push(object);
  }
  return { objects: ctx.objects, diagnostics: ctx.diagnostics };
}
function parseStream(ctx, text, countLines) {
  const parser = new import_yaml8.Parser(countLines ? ctx.lines.addNewLine : void 0);
  const composer = new import_yaml8.Composer(composerOptions);
  try {
    for (const document of composer.compose(parser.parse(text), true, text.length)) {
      if (ctx.documents.count >= ctx.limits.maxDocuments) {
        const start = document.contents?.range?.[0] ?? document.range[0];
        report(
          ctx,
          start,
          "error",
          "too-many-documents",
          `file has more than ${ctx.limits.maxDocuments} documents; only the first ${ctx.limits.maxDocuments} were read (split the file, or raise limits.maxDocuments in the berth config)`
        );
        return false;
      }
      readDocument(ctx, document, ctx.documents.count);
      ctx.documents.count++;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    report(ctx, 0, "error", "yaml-syntax", `could not read the file: ${message}`);
  }
  return true;
}
function fileTooLarge(at2, bytes, limit, streamed = false) {
  const size = streamed ? `more than ${formatBytes(limit)}` : formatBytes(bytes);
  return diagnostic(
    at2,
    "error",
    "file-too-large",
    `file is ${size}, over the ${formatBytes(limit)} limit for one manifest file; split it, or raise limits.maxFileBytes in the berth config`
  );
}
var QUOTING_CODES = /* @__PURE__ */ new Set(["yaml-syntax", "yaml-tag", "yaml-alias-limit"]);
function readDocument(ctx, document, index) {
  const before = ctx.diagnostics.length;
  readDocumentContents(ctx, document, index);
  const [start = 0, , end = ctx.text.length - ctx.base] = document.range ?? [];
  if (ctx.diagnostics.length === before || !mayBeSecret(ctx.text.slice(ctx.base + start, ctx.base + end)))
    return;
  for (let i = before; i < ctx.diagnostics.length; i++) {
    const d = ctx.diagnostics[i];
    if (!QUOTING_CODES.has(d.code)) continue;
    const what = d.code === "yaml-tag" ? "an unknown tag" : d.code === "yaml-alias-limit" ? "too many aliases" : "a YAML problem";
    ctx.diagnostics[i] = {
      ...d,
      message: `this Secret has ${what} here; the details are withheld because they could quote a secret value`
    };
  }
}
function readDocumentContents(ctx, document, index) {
  if (!reportYamlProblems(ctx, document)) return;
  const contents = document.contents;
  if (!contents || (0, import_yaml8.isScalar)(contents) && contents.value === null) return;
  const measured = measure(contents, ctx.limits);
  if (!measured.ok) {
    reportMeasureProblem(ctx, measured.problem);
    return;
  }
  warnYaml11Booleans(ctx, contents);
  let value;
  try {
    value = document.toJS({ maxAliasCount: ctx.limits.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ReferenceError && /alias/i.test(message)) {
      report(
        ctx,
        contents.range?.[0] ?? 0,
        "error",
        "yaml-alias-limit",
        `document expands its aliases too many times (${message}); raise limits.maxAliasCount in the berth config if it is genuine`
      );
    } else {
      report(ctx, contents.range?.[0] ?? 0, "error", "yaml-syntax", message);
    }
    return;
  }
  collect(ctx, value, contents, measured.value.aliases, index);
}
var MAX_BOOLEAN_WARNINGS_PER_DOCUMENT = 3;
function warnYaml11Booleans(ctx, contents) {
  let warned = 0;
  (0, import_yaml8.visit)(contents, {
    Scalar: (_key, node) => {
      if (warned >= MAX_BOOLEAN_WARNINGS_PER_DOCUMENT) return import_yaml8.visit.BREAK;
      if (node.type !== import_yaml8.Scalar.PLAIN || typeof node.value !== "boolean" || node.tag) return void 0;
      const source = node.source ?? "";
      if (!isYaml11OnlyBoolean(source)) return void 0;
      warned++;
      report(
        ctx,
        node.range?.[0] ?? 0,
        "warning",
        "yaml-syntax",
        `${source} is read as the boolean ${node.value}, as kubectl reads YAML 1.1; quote it ("${source}") if you mean the string`
      );
      return void 0;
    }
  });
}
function reportYamlProblems(ctx, document) {
  let usable = true;
  let reported = 0;
  let sawOtherError = false;
  const problems = [
    ...document.errors.map((e) => [e, true]),
    ...document.warnings.map((w) => [w, false])
  ];
  for (const [problem, isError] of problems) {
    const { code, severity, message } = translate(ctx, problem, isError);
    if (severity === "error") usable = false;
    if (reported >= MAX_YAML_ERRORS_PER_DOCUMENT) continue;
    if (code !== "yaml-duplicate-key" && code !== "yaml-tag" && severity === "error") {
      if (sawOtherError) continue;
      sawOtherError = true;
    }
    reported++;
    report(ctx, problem.pos[0], severity, code, message);
  }
  return usable;
}
function translate(ctx, problem, isError) {
  const firstLine = problem.message.split("\n")[0] ?? problem.code;
  switch (problem.code) {
    case "DUPLICATE_KEY":
      return {
        code: "yaml-duplicate-key",
        severity: "error",
        message: `key ${keyAt(ctx.text, problem.pos[0] + ctx.base)} is written twice in the same mapping; tools disagree on which value wins, so remove one`
      };
    case "TAG_RESOLVE_FAILED": {
      const tag = (/Unresolved tag: (.*)$/.exec(firstLine)?.[1] ?? "").replace(/^tag:yaml\.org,2002:/, "!!");
      return {
        code: "yaml-tag",
        severity: "error",
        message: `unknown tag ${tag}: manifests may use only the YAML core schema (strings, numbers, booleans, null, mappings and sequences)`
      };
    }
    case "RESOURCE_EXHAUSTION":
      return { code: "too-deep", severity: "error", message: "document is nested too deeply to be read" };
    default:
      return {
        code: "yaml-syntax",
        severity: isError ? "error" : "warning",
        // Some messages quote the offending token, which could be a Secret's value.
        message: firstLine.replace(/: ".*"$/, "")
      };
  }
}
function keyAt(text, offset) {
  const rest = text.slice(offset, offset + 200).split("\n")[0] ?? "";
  const key = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:,{}[\]]*?)\s*(:|$)/.exec(rest)?.[1] ?? rest;
  return key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`;
}
function reportMeasureProblem(ctx, problem) {
  const offset = problem.node.range?.[0] ?? 0;
  switch (problem.kind) {
    case "too-deep":
      report(
        ctx,
        offset,
        "error",
        "too-deep",
        `document is nested more than ${ctx.limits.maxDepth} levels deep (raise limits.maxDepth in the berth config if it is genuine)`
      );
      return;
    case "too-many-nodes":
      report(
        ctx,
        offset,
        "error",
        "yaml-alias-limit",
        `document would hold more than ${ctx.limits.maxNodes.toLocaleString("en-US")} values once its aliases are expanded; refusing to expand it (raise maxNodes if it is genuine)`
      );
      return;
    case "alias-cycle":
      report(
        ctx,
        offset,
        "error",
        "yaml-alias-limit",
        `alias *${problem.node.source} refers to a node that contains it`
      );
      return;
    case "unresolved-alias":
      report(
        ctx,
        offset,
        "error",
        "yaml-syntax",
        `alias *${problem.node.source} has no anchor &${problem.node.source} before it`
      );
      return;
  }
}
function typeName(value) {
  if (Array.isArray(value)) return "a sequence";
  if (value === null) return "null";
  return `a ${typeof value}`;
}
function isListKind(kind, value) {
  if (kind === "List") return true;
  return typeof kind === "string" && kind.length > 4 && kind.endsWith("List") && Array.isArray(value.items);
}
function collect(ctx, value, node, aliases, index, inherited) {
  if (!isPlainObject2(value)) {
    report(
      ctx,
      node.range?.[0] ?? 0,
      "error",
      "not-an-object",
      `expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found ${typeName(value)}`
    );
    return;
  }
  const kind = value.kind ?? inherited?.kind;
  if (isListKind(kind, value)) {
    const items2 = value.items;
    if (items2 === void 0 || items2 === null) return;
    if (!Array.isArray(items2)) {
      const reached = reach(node, ["items"], aliases);
      report(
        ctx,
        offsetOf(reached) ?? startOf(node),
        "error",
        "invalid-field",
        `${kind} items must be a sequence of objects`
      );
      return;
    }
    const itemDefaults = kind === "List" ? void 0 : { kind: kind.slice(0, -4), apiVersion: value.apiVersion };
    items2.forEach((item, i) => {
      const reached = reach(node, ["items", i], aliases);
      const itemNode = reached.found === 2 && reached.node ? reached.node : node;
      collect(ctx, item, itemNode, aliases, index, itemDefaults);
    });
    return;
  }
  const locateField = (path7) => {
    const reached = reach(node, path7, aliases);
    const offset = reached.found > 0 ? offsetOf(reached) : void 0;
    return offset === void 0 ? void 0 : at(ctx, offset);
  };
  ctx.locators?.push(locateField);
  const object = toObject(ctx, value, { ...at(ctx, startOf(node)), document: index }, locateField, inherited);
  if (object) ctx.objects.push(object);
}
function toObject(ctx, written, source, locateField, inherited) {
  ctx.checked.count++;
  let raw = written;
  if (inherited && raw.kind === void 0) raw = { ...raw, kind: inherited.kind };
  if (inherited && raw.apiVersion === void 0 && typeof inherited.apiVersion === "string") {
    raw = { ...raw, apiVersion: inherited.apiVersion };
  }
  const locate3 = (path7) => locateField(path7) ?? { file: source.file, line: source.line, column: source.column };
  const errors = [];
  const warnings = [];
  const metadata = raw.metadata;
  const writtenName = isPlainObject2(metadata) && typeof metadata.name === "string" ? metadata.name : void 0;
  const label = describeObject(typeof raw.kind === "string" && raw.kind ? raw.kind : "object", writtenName);
  const fail = (path7, code, message) => errors.push(diagnostic(locate3(path7), "error", code, message));
  for (const field of ["apiVersion", "kind"]) {
    const value = raw[field];
    if (value === void 0 || value === null || value === "") {
      fail(
        [],
        "missing-field",
        `${label} has no ${field}; every object needs apiVersion, kind and metadata.name`
      );
    } else if (typeof value !== "string") {
      fail([field], "invalid-field", `${label}: ${field} must be a string, found ${typeName(value)}`);
    }
  }
  let name;
  if (metadata === void 0 || metadata === null) {
    fail(
      [],
      "missing-field",
      `${label} has no metadata.name; every object needs apiVersion, kind and metadata.name`
    );
  } else if (!isPlainObject2(metadata)) {
    fail(["metadata"], "invalid-field", `${label}: metadata must be a mapping, found ${typeName(metadata)}`);
  } else {
    name = checkName(metadata, typeof raw.kind === "string" ? raw.kind : "", label, locate3, errors, warnings);
    checkNamespace2(metadata, label, locate3, errors);
  }
  if (errors.length === 0 && name !== void 0 && raw.kind === "Secret" && raw.apiVersion === "v1")
    errors.push(...validateSecret(raw, name, locate3));
  if (errors.length === 0 && name !== void 0) {
    const bytes = Buffer.byteLength(JSON.stringify(raw), "utf8");
    if (bytes > ctx.limits.maxObjectBytes) {
      fail(
        [],
        "object-too-large",
        `${label} is ${formatBytes(bytes)} as JSON, over the ${formatBytes(ctx.limits.maxObjectBytes)} the API server accepts for one object; split it (raise maxObjectBytes only if your cluster accepts larger objects)`
      );
    }
  }
  ctx.diagnostics.push(...errors, ...warnings);
  if (errors.length > 0 || name === void 0 || !isPlainObject2(metadata)) return void 0;
  return {
    apiVersion: raw.apiVersion,
    kind: raw.kind,
    metadata: metadata.name === name ? metadata : { ...metadata, name },
    raw,
    source,
    locate: locate3
  };
}
function checkName(metadata, kind, label, locate3, errors, warnings) {
  const rule = nameRule(kind);
  const invalid = (field, value, problems2) => errors.push(
    diagnostic(
      locate3(["metadata", field]),
      "error",
      "invalid-field",
      `The ${label} is invalid: metadata.${field}: Invalid value: ${JSON.stringify(value)}: ${problems2.join("; ")}`
    )
  );
  const generateName = metadata.generateName;
  if (generateName !== void 0 && generateName !== null) {
    if (typeof generateName !== "string") {
      invalid("generateName", generateName, ["must be a string"]);
      return void 0;
    }
    const problems2 = rule(generateName.replace(/-$/, "a"));
    if (problems2.length > 0) {
      invalid("generateName", generateName, problems2);
      return void 0;
    }
  }
  const name = metadata.name;
  if (name === void 0 || name === null || name === "") {
    if (typeof generateName === "string" && generateName !== "") {
      warnings.push(
        diagnostic(
          locate3(["metadata", "generateName"]),
          "warning",
          "missing-field",
          `${label} has no metadata.name; its generateName "${generateName}" is used as the name (the API server adds a random suffix to it)`
        )
      );
      return generateName;
    }
    errors.push(
      diagnostic(
        locate3(["metadata"]),
        "error",
        "missing-field",
        `${label} has no metadata.name; every object needs apiVersion, kind and metadata.name`
      )
    );
    return void 0;
  }
  if (typeof name !== "string") {
    invalid("name", name, [`must be a string, found ${typeName(name)}`]);
    return void 0;
  }
  const problems = rule(name);
  if (problems.length > 0) {
    invalid("name", name, problems);
    return void 0;
  }
  return name;
}
function checkNamespace2(metadata, label, locate3, errors) {
  const namespace = metadata.namespace;
  if (namespace === void 0 || namespace === null || namespace === "") return;
  const problems = typeof namespace === "string" ? dns1123Label(namespace) : [`must be a string, found ${typeName(namespace)}`];
  if (problems.length === 0) return;
  errors.push(
    diagnostic(
      locate3(["metadata", "namespace"]),
      "error",
      "invalid-field",
      `The ${label} is invalid: metadata.namespace: Invalid value: ${JSON.stringify(namespace)}: ${problems.join("; ")}`
    )
  );
}

// src/manifests/load.ts
var STDIN_NAME = "<stdin>";
var MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];
function atStart2(file) {
  return { file, line: 1, column: 1 };
}
function errorText(error) {
  const code = error?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EISDIR") return "is a directory";
  return error instanceof Error ? error.message : String(error);
}
function isManifestName(name) {
  return MANIFEST_EXTENSIONS.includes(path6.extname(name).toLowerCase());
}
function isSkipped(name) {
  return name.startsWith(".") && name !== "." && name !== ".." || name === "node_modules";
}
function hasGlobSyntax(input) {
  return /[*?[\]{}]/.test(input);
}
function byCodePoint(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
async function addFile(collector, display, absolute, found) {
  const identity = await realpath2(absolute).catch(() => absolute);
  if (collector.seen.has(identity)) return;
  collector.seen.add(identity);
  collector.sources.push({ kind: "file", display, absolute, found });
}
var DIRECTORY_RULES = {
  wants: (_display, name) => !isSkipped(name) && isManifestName(name),
  into: (_display, name) => isSkipped(name) ? null : DIRECTORY_RULES
};
function refused(display, refusal2, what = "cannot read") {
  const outside = refusal2.code === "outside-root";
  const message = outside || refusal2.code === "not-a-file" ? refusal2.message : `${what}: ${refusal2.message}`;
  return diagnostic(atStart2(display), "error", outside ? "outside-root" : "file-unreadable", message);
}
async function walk(collector, display, absolute, visited, rules, named2 = false) {
  const located = await locate(absolute, collector.scope);
  if (!located.ok) {
    collector.diagnostics.push(refused(display, located, "cannot read directory"));
    return 0;
  }
  if (visited.has(located.real)) return 0;
  visited.add(located.real);
  let entries;
  try {
    entries = await readdir3(located.real, { withFileTypes: true });
  } catch (error) {
    collector.diagnostics.push(
      diagnostic(atStart2(display), "error", "file-unreadable", `cannot read directory: ${errorText(error)}`)
    );
    return 0;
  }
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  const settings = folderSettings(collector.render, located.real, absolute, collector.scope);
  const folderKind = folderKindOf(
    entries.map((entry) => entry.name),
    settings
  );
  if (folderKind === "skip") return 0;
  if (folderKind === "helm" || folderKind === "kustomize") {
    if (!collector.seen.has(located.real)) {
      collector.seen.add(located.real);
      collector.sources.push({
        kind: "render",
        display,
        real: located.real,
        renderer: folderKind,
        settings,
        named: named2
      });
    }
    return 1;
  }
  let found = 0;
  for (const entry of entries) {
    const childDisplay = path6.join(display, entry.name);
    const childAbsolute = path6.join(located.real, entry.name);
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      const target = await stat4(childAbsolute).catch((error) => error);
      if (target instanceof Error) {
        if (target.code !== "ELOOP" || !rules.wants(childDisplay, entry.name)) continue;
      } else {
        isDirectory = target.isDirectory();
      }
    }
    if (isDirectory) {
      const inner = rules.into(childDisplay, entry.name);
      if (inner) found += await walk(collector, childDisplay, childAbsolute, visited, inner);
    } else if (rules.wants(childDisplay, entry.name)) {
      await addFile(collector, childDisplay, childAbsolute, true);
      found++;
    }
  }
  return found;
}
function globRules(pattern) {
  const segments = pattern.split(/[\\/]/);
  const literal = new Set(segments);
  const hidden = (name) => isSkipped(name) && !literal.has(name);
  const bySegment = !pattern.includes("{");
  const mayHoldMatches = (display) => {
    if (!bySegment) return true;
    const parts = display.split(/[\\/]/);
    for (let i = 0; i < parts.length; i++) {
      const part = segments[i];
      if (part === void 0) return false;
      if (part.includes("**")) return true;
      if (!path6.matchesGlob(parts[i], part)) return false;
    }
    return parts.length < segments.length;
  };
  const rules = {
    wants: (display, name) => !hidden(name) && isManifestName(name) && path6.matchesGlob(display, pattern),
    into: (display, name) => {
      if (hidden(name)) return null;
      if (path6.matchesGlob(display, pattern)) return DIRECTORY_RULES;
      return mayHoldMatches(display) ? rules : null;
    }
  };
  return rules;
}
async function expandGlob(collector, input) {
  const pattern = path6.normalize(input);
  const segments = pattern.split(/[\\/]/);
  const literalCount = segments.findIndex(hasGlobSyntax);
  const base = literalCount <= 0 ? "." : segments.slice(0, literalCount).join(path6.sep) || path6.sep;
  const absolute = path6.resolve(collector.cwd, base);
  const located = await locate(absolute, collector.scope);
  if (!located.ok) {
    if (located.code !== "missing")
      collector.diagnostics.push(refused(input, located, "cannot read directory"));
    return 0;
  }
  if (!located.directory) return 0;
  const display = literalCount <= 0 ? "" : base;
  return walk(collector, display, located.real, /* @__PURE__ */ new Set(), globRules(pattern));
}
async function collectInput(collector, input) {
  if (input === "-") {
    if (!collector.seen.has(STDIN_NAME)) {
      collector.seen.add(STDIN_NAME);
      collector.sources.push({ kind: "stdin" });
    }
    return;
  }
  const absolute = path6.resolve(collector.cwd, input);
  let info;
  let failure;
  try {
    info = await stat4(absolute);
  } catch (error) {
    failure = error;
  }
  const reported = collector.diagnostics.length;
  if (info?.isDirectory()) {
    const found = await walk(collector, input, absolute, /* @__PURE__ */ new Set(), DIRECTORY_RULES, true);
    if (found === 0 && collector.diagnostics.length === reported) {
      collector.diagnostics.push(
        diagnostic(
          atStart2(input),
          "warning",
          "no-files",
          `directory holds no ${MANIFEST_EXTENSIONS.join(", ")} files (hidden folders and node_modules are skipped)`
        )
      );
    }
    return;
  }
  if (info) {
    await addFile(collector, input, absolute, false);
    return;
  }
  if (failure?.code === "ENOENT" && hasGlobSyntax(input)) {
    const found = await expandGlob(collector, input);
    if (found === 0 && collector.diagnostics.length === reported) {
      collector.diagnostics.push(
        diagnostic(
          atStart2(input),
          "error",
          "no-files",
          `pattern matched no ${MANIFEST_EXTENSIONS.join(", ")} files`
        )
      );
    }
    return;
  }
  const code = failure?.code;
  collector.diagnostics.push(
    code === "ENOENT" || code === "ENOTDIR" ? diagnostic(atStart2(input), "error", "no-files", "no such file or directory") : diagnostic(atStart2(input), "error", "file-unreadable", `cannot read: ${errorText(failure)}`)
  );
}
function decode(display, bytes) {
  const decoded = decodeText(bytes);
  if (decoded.ok) return decoded;
  return {
    ok: false,
    diagnostic: diagnostic(atStart2(display), "error", "file-unreadable", decoded.why)
  };
}
async function readStream(display, stream, limit) {
  const chunks = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk);
      total += buffer.length;
      if (total > limit) {
        return { ok: false, diagnostic: fileTooLarge(atStart2(display), total, limit, true) };
      }
      chunks.push(buffer);
    }
  } catch (error) {
    return {
      ok: false,
      diagnostic: diagnostic(
        atStart2(display),
        "error",
        "file-unreadable",
        `cannot read: ${errorText(error)}`
      )
    };
  }
  return decode(display, Buffer.concat(chunks));
}
async function readSource(source, options, scope, limits) {
  if (source.kind === "stdin") {
    const stdin = options.stdin ?? process.stdin;
    return readStream(STDIN_NAME, stdin, limits.maxFileBytes);
  }
  const { display, absolute } = source;
  const read = await readContained(absolute, scope, limits.maxFileBytes);
  if (read.ok) return decode(display, read.bytes);
  if (read.code === "too-large") {
    return { ok: false, diagnostic: fileTooLarge(atStart2(display), read.size, limits.maxFileBytes) };
  }
  return { ok: false, diagnostic: refused(display, read) };
}
function excluded(display, patterns) {
  const file = path6.normalize(display);
  return patterns.some((p) => file === p || file.startsWith(`${p}${path6.sep}`) || path6.matchesGlob(file, p));
}
async function loadManifests(inputs, options = {}) {
  const limits = resolveLimits(options.limits);
  const cwd = options.cwd ?? process.cwd();
  const collector = {
    cwd,
    scope: options.scope ?? { root: cwd },
    sources: [],
    seen: /* @__PURE__ */ new Set(),
    diagnostics: [],
    render: options.render
  };
  const excludes = inputs.filter((i) => i.startsWith("!")).map((i) => path6.normalize(i.slice(1)));
  for (const input of inputs) if (!input.startsWith("!")) await collectInput(collector, input);
  if (excludes.length > 0)
    collector.sources = collector.sources.filter((s) => s.kind !== "file" || !excluded(s.display, excludes));
  const sources = await withoutBasesAndComponents(collector.sources, collector.scope);
  const diagnostics = collector.diagnostics;
  const objects = [];
  for (const source of sources) {
    if (source.kind === "render") {
      const rendered = await renderFolder({
        display: source.display,
        real: source.real,
        kind: source.renderer,
        settings: source.settings,
        options: options.render,
        scope: collector.scope,
        cwd,
        limits
      });
      diagnostics.push(...rendered.diagnostics);
      let pieces = rendered.texts;
      if (pieces.length > limits.maxDocuments) {
        diagnostics.push(
          diagnostic(
            atStart2(source.display),
            "error",
            "too-many-documents",
            `renders more than ${limits.maxDocuments} documents; only the first ${limits.maxDocuments} were read (raise limits.maxDocuments in the berth config)`
          )
        );
        pieces = pieces.slice(0, limits.maxDocuments);
      }
      const texts = /* @__PURE__ */ new Map();
      for (const { display: display2, text } of pieces) {
        const before = texts.get(display2) ?? "";
        texts.set(display2, before + text);
        const padding = "\n".repeat(lineCount(before));
        const result2 = parseManifests(padding + text, display2, limits);
        objects.push(...result2.objects);
        diagnostics.push(...result2.diagnostics);
      }
      for (const [display2, text] of texts) {
        if (options.sources && !options.sources.has(display2)) options.sources.set(display2, text);
      }
      continue;
    }
    const outcome = await readSource(source, options, collector.scope, limits);
    if (!outcome.ok) {
      diagnostics.push(outcome.diagnostic);
      continue;
    }
    const display = source.kind === "stdin" ? STDIN_NAME : source.display;
    if (source.kind === "file" && source.found && !mentionsKind(outcome.text)) {
      if (hasContent(outcome.text)) {
        diagnostics.push(
          diagnostic(
            atStart2(display),
            "warning",
            "not-a-manifest",
            "no apiVersion or kind anywhere in this file: not a Kubernetes manifest, skipped"
          )
        );
      }
      continue;
    }
    if (options.sources && !options.sources.has(display)) options.sources.set(display, outcome.text);
    const result = parseManifests(outcome.text, display, limits);
    objects.push(...result.objects);
    diagnostics.push(...result.diagnostics);
  }
  return { objects: dropDuplicates(objects, diagnostics), diagnostics };
}
function lineCount(text) {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
function mentionsKind(text) {
  return /(?:^|[\s{,[-])["']?(?:apiVersion|kind)["']?\s*:/m.test(text);
}
function hasContent(text) {
  return text.split("\n").some((line) => {
    const trimmed = line.trim();
    return trimmed !== "" && !trimmed.startsWith("#") && trimmed !== "---" && trimmed !== "...";
  });
}
async function withoutBasesAndComponents(sources, scope) {
  const kustomizations = sources.filter(
    (s) => s.kind === "render" && s.renderer === "kustomize"
  );
  if (kustomizations.every((s) => s.named)) return sources;
  const used = /* @__PURE__ */ new Set();
  for (const source of kustomizations) {
    for (const folder of await referencedFolders(source.real, scope)) used.add(folder);
  }
  const dropped = /* @__PURE__ */ new Set();
  for (const source of kustomizations) {
    if (source.named) continue;
    if (used.has(source.real) || await isComponent(source.real, scope)) dropped.add(source);
  }
  return sources.filter((s) => !dropped.has(s));
}
function loadManifestTexts(files, options = {}) {
  const limits = resolveLimits(options.limits);
  const diagnostics = [];
  const objects = [];
  for (const [display, given] of files) {
    const bytes = Buffer.from(given, "utf8");
    if (bytes.length > limits.maxFileBytes) {
      diagnostics.push(fileTooLarge(atStart2(display), bytes.length, limits.maxFileBytes));
      continue;
    }
    const outcome = decode(display, bytes);
    if (!outcome.ok) {
      diagnostics.push(outcome.diagnostic);
      continue;
    }
    if (options.sources && !options.sources.has(display)) options.sources.set(display, outcome.text);
    const result = parseManifests(outcome.text, display, limits);
    objects.push(...result.objects);
    diagnostics.push(...result.diagnostics);
  }
  return { objects: dropDuplicates(objects, diagnostics), diagnostics };
}

// src/schema/kubernetes.generated.ts
var KUBERNETES_SCHEMAS = '{"version":"v1.37.2","names":["apiVersion","kind","metadata","annotations","creationTimestamp","deletionGracePeriodSeconds","deletionTimestamp","finalizers","generateName","generation","labels","managedFields","fieldsType","fieldsV1","manager","operation","subresource","time","name","namespace","ownerReferences","blockOwnerDeletion","controller","uid","resourceVersion","selfLink","spec","failurePolicy","matchConditions","expression","matchConstraints","excludeResourceRules","apiGroups","apiVersions","operations","resourceNames","resources","scope","matchPolicy","namespaceSelector","matchExpressions","key","operator","values","matchLabels","objectSelector","resourceRules","mutations","applyConfiguration","jsonPatch","patchType","paramKind","reinvocationPolicy","variables","matchResources","paramRef","parameterNotFoundAction","selector","policyName","items","continue","remainingItemCount","shardInfo","webhooks","admissionReviewVersions","clientConfig","caBundle","service","path","port","url","rules","sideEffects","timeoutSeconds","auditAnnotations","valueExpression","validations","message","messageExpression","reason","status","conditions","lastTransitionTime","observedGeneration","type","typeChecking","expressionWarnings","fieldRef","warning","validationActions","commonEncodingVersion","storageVersions","apiServerID","decodableVersions","encodingVersion","servedVersions","data","revision","minReadySeconds","revisionHistoryLimit","template","activeDeadlineSeconds","affinity","nodeAffinity","preferredDuringSchedulingIgnoredDuringExecution","preference","matchFields","weight","requiredDuringSchedulingIgnoredDuringExecution","nodeSelectorTerms","podAffinity","podAffinityTerm","labelSelector","matchLabelKeys","mismatchLabelKeys","namespaces","topologyKey","podAntiAffinity","automountServiceAccountToken","containers","args","command","env","value","valueFrom","configMapKeyRef","optional","fieldPath","fileKeyRef","volumeName","resourceFieldRef","containerName","divisor","resource","secretKeyRef","envFrom","configMapRef","prefix","secretRef","image","imagePullPolicy","lifecycle","postStart","exec","httpGet","host","httpHeaders","protocol","scheme","sleep","seconds","tcpSocket","preStop","stopSignal","livenessProbe","failureThreshold","grpc","mode","initialDelaySeconds","periodSeconds","successThreshold","terminationGracePeriodSeconds","ports","containerPort","hostIP","hostPort","readinessProbe","resizePolicy","resourceName","restartPolicy","claims","request","limits","requests","restartPolicyRules","action","exitCodes","securityContext","allowPrivilegeEscalation","appArmorProfile","localhostProfile","capabilities","add","drop","privileged","procMount","readOnlyRootFilesystem","runAsGroup","runAsNonRoot","runAsUser","seLinuxOptions","level","role","user","seccompProfile","windowsOptions","gmsaCredentialSpec","gmsaCredentialSpecName","hostProcess","runAsUserName","startupProbe","stdin","stdinOnce","terminationMessagePath","terminationMessagePolicy","tty","volumeDevices","devicePath","volumeMounts","bindMountOptions","mountPath","mountPropagation","readOnly","recursiveReadOnly","subPath","subPathExpr","workingDir","dnsConfig","nameservers","options","searches","dnsPolicy","enableServiceLinks","ephemeralContainers","targetContainerName","evictionResponders","priority","hostAliases","hostnames","ip","hostIPC","hostNetwork","hostPID","hostUsers","hostname","hostnameOverride","imagePullSecrets","initContainers","nodeName","nodeSelector","os","overhead","preemptionPolicy","priorityClassName","readinessGates","conditionType","resourceClaims","resourceClaimName","resourceClaimTemplateName","runtimeClassName","schedulerName","schedulingGates","schedulingGroup","podGroupName","fsGroup","fsGroupChangePolicy","seLinuxChangePolicy","supplementalGroups","supplementalGroupsPolicy","sysctls","serviceAccount","serviceAccountName","setHostnameAsFQDN","shareProcessNamespace","subdomain","tolerations","effect","tolerationSeconds","topologySpreadConstraints","maxSkew","minDomains","nodeAffinityPolicy","nodeTaintsPolicy","whenUnsatisfiable","volumes","awsElasticBlockStore","fsType","partition","volumeID","azureDisk","cachingMode","diskName","diskURI","azureFile","secretName","shareName","cephfs","monitors","secretFile","cinder","configMap","defaultMode","defaultUser","csi","driver","nodePublishSecretRef","volumeAttributes","downwardAPI","emptyDir","medium","sizeLimit","ephemeral","volumeClaimTemplate","accessModes","dataSource","apiGroup","dataSourceRef","storageClassName","volumeAttributesClassName","volumeMode","fc","lun","targetWWNs","wwids","flexVolume","flocker","datasetName","datasetUUID","gcePersistentDisk","pdName","gitRepo","directory","repository","glusterfs","endpoints","hostPath","pullPolicy","reference","iscsi","chapAuthDiscovery","chapAuthSession","initiatorName","iqn","iscsiInterface","portals","targetPortal","nfs","server","persistentVolumeClaim","claimName","photonPersistentDisk","pdID","portworxVolume","projected","sources","clusterTrustBundle","signerName","podCertificate","certificateChainPath","credentialBundlePath","keyPath","keyType","maxExpirationSeconds","userAnnotations","secret","serviceAccountToken","audience","expirationSeconds","quobyte","group","registry","tenant","volume","rbd","keyring","pool","scaleIO","gateway","protectionDomain","sslEnabled","storageMode","storagePool","system","storageos","volumeNamespace","vsphereVolume","storagePolicyID","storagePolicyName","volumePath","updateStrategy","rollingUpdate","maxSurge","maxUnavailable","collisionCount","currentNumberScheduled","desiredNumberScheduled","numberAvailable","numberMisscheduled","numberReady","numberUnavailable","updatedNumberScheduled","paused","progressDeadlineSeconds","replicas","strategy","availableReplicas","lastUpdateTime","readyReplicas","terminatingReplicas","unavailableReplicas","updatedReplicas","fullyLabeledReplicas","ordinals","start","persistentVolumeClaimRetentionPolicy","whenDeleted","whenScaled","podManagementPolicy","serviceName","volumeClaimTemplates","allocatedResourceStatuses","allocatedResources","capacity","lastProbeTime","currentVolumeAttributesClassName","healthStatus","healthConditions","modifyVolumeStatus","targetVolumeAttributesClassName","phase","currentReplicas","currentRevision","updateRevision","userInfo","extra","groups","username","attestations","audiences","boundObjectRef","expirationTimestamp","token","authenticated","error","nonResourceAttributes","verb","resourceAttributes","fieldSelector","rawSelector","requirements","version","allowed","denied","evaluationError","incomplete","nonResourceRules","nonResourceURLs","verbs","maxReplicas","minReplicas","scaleTargetRef","targetCPUUtilizationPercentage","currentCPUUtilizationPercentage","desiredReplicas","lastScaleTime","behavior","scaleDown","policies","selectPolicy","stabilizationWindowSeconds","tolerance","scaleUp","metrics","containerResource","container","target","averageUtilization","averageValue","external","metric","object","describedObject","pods","currentMetrics","current","concurrencyPolicy","failedJobsHistoryLimit","jobTemplate","backoffLimit","backoffLimitPerIndex","completionMode","completions","managedBy","manualSelector","maxFailedIndexes","parallelism","podFailurePolicy","onExitCodes","onPodConditions","podReplacementPolicy","scheduling","disruptionMode","all","single","schedulingConstraints","topology","schedulingPolicy","basic","gang","minCount","successPolicy","succeededCount","succeededIndexes","suspend","ttlSecondsAfterFinished","schedule","startingDeadlineSeconds","successfulJobsHistoryLimit","timeZone","active","lastScheduleTime","lastSuccessfulTime","completedIndexes","completionTime","failed","failedIndexes","ready","startTime","succeeded","terminating","uncountedTerminatedPods","usages","certificate","trustBundle","nodeUID","podName","podUID","serviceAccountUID","stubPKCS10Request","unverifiedUserAnnotations","beginRefreshAt","certificateChain","notAfter","notBefore","pkixPublicKey","proofOfPossession","acquireTime","holderIdentity","leaseDurationSeconds","leaseTransitions","preferredHolder","renewTime","binaryVersion","emulationVersion","leaseName","pingTime","binaryData","immutable","subsets","addresses","targetRef","notReadyAddresses","appProtocol","count","eventTime","firstTimestamp","involvedObject","lastTimestamp","related","reportingComponent","reportingInstance","series","lastObservedTime","source","component","default","defaultRequest","max","maxLimitRequestRatio","min","configSource","kubeletConfigKey","externalID","podCIDR","podCIDRs","podPreemptionPolicy","disableResizePreemption","providerID","taints","timeAdded","unschedulable","address","allocatable","lastHeartbeatTime","config","assigned","lastKnownGood","daemonEndpoints","kubeletEndpoint","Port","declaredFeatures","features","images","names","sizeBytes","nodeInfo","architecture","bootID","containerRuntimeVersion","kernelVersion","kubeProxyVersion","kubeletVersion","machineID","operatingSystem","osImage","runningInUserNamespace","swap","systemUUID","runtimeHandlers","recursiveReadOnlyMounts","userNamespaces","volumesAttached","volumesInUse","secretNamespace","claimRef","controllerExpandSecretRef","controllerPublishSecretRef","nodeExpandSecretRef","nodeStageSecretRef","volumeHandle","endpointsNamespace","local","mountOptions","required","persistentVolumeReclaimPolicy","lastPhaseTransitionTime","containerStatuses","allocatedResourcesStatus","health","resourceID","containerID","imageID","lastState","running","startedAt","terminated","exitCode","finishedAt","signal","waiting","restartCount","started","state","linux","gid","volumeStatus","imageRef","ephemeralContainerStatuses","extendedResourceClaimStatus","requestMappings","requestName","hostIPs","initContainerStatuses","nodeAllocatableResourceClaimStatuses","mapping","quantity","perContainer","perPod","nominatedNodeName","podIP","podIPs","qosClass","resize","resourceClaimStatuses","volumeHealth","hard","scopeSelector","scopeName","scopes","used","stringData","allocateLoadBalancerNodePorts","clusterIP","clusterIPs","externalIPs","externalName","externalTrafficPolicy","healthCheckNodePort","internalTrafficPolicy","ipFamilies","ipFamilyPolicy","loadBalancerClass","loadBalancerIP","loadBalancerSourceRanges","nodePort","targetPort","publishNotReadyAddresses","sessionAffinity","sessionAffinityConfig","clientIP","trafficDistribution","loadBalancer","ingress","ipMode","secrets","addressType","serving","deprecatedTopology","hints","forNodes","forZones","zone","deprecatedCount","deprecatedFirstTimestamp","deprecatedLastTimestamp","deprecatedSource","note","regarding","reportingController","distinguisherMethod","matchingPrecedence","priorityLevelConfiguration","clusterScope","subjects","exempt","lendablePercent","nominalConcurrencyShares","limited","borrowingLimitPercent","limitResponse","queuing","handSize","queueLengthLimit","queues","pod","requesters","intent","responders","expectedCompletionTime","heartbeatTime","targetResponders","requester","parentRef","defaultBackend","number","ingressClassName","http","paths","backend","pathType","tls","hosts","parameters","egress","endPort","to","ipBlock","cidr","except","podSelector","from","policyTypes","cidrs","handler","podFixed","deleteOptions","dryRun","gracePeriodSeconds","ignoreStoreReadErrorWithClusterBreakingPotential","orphanDependents","preconditions","propagationPolicy","minAvailable","unhealthyPodEvictionPolicy","currentHealthy","desiredHealthy","disruptedPods","disruptionsAllowed","expectedPods","aggregationRule","clusterRoleSelectors","roleRef","opaque","extendedResourceName","selectors","cel","deviceSelector","device","taint","devices","constraints","distinctAttribute","matchAttribute","exactly","adminAccess","allocationMode","derivedAttributes","deviceClassName","firstAvailable","allocation","allocationTimestamp","results","bindingConditions","bindingFailureConditions","consumedCapacity","shareID","skipNodeOperations","networkData","hardwareAddress","interfaceName","ips","reservedFor","allNodes","allowMultipleAllocations","attributes","bool","bools","int","ints","string","strings","versions","bindsToNode","requestPolicy","validRange","step","validValues","consumesCounters","compatibilityGroups","counterSet","counters","nodeAllocatableResources","capacityKey","capacityMultiplier","deviceMultiplier","partitionTypeAttribute","perDeviceNodeSelection","resourceSliceCount","sharedCounters","defaultPartitionTypeAttribute","limit","poolName","poolCount","pools","allocatedDevices","availableDevices","partitionSummary","attribute","total","shareableSummary","available","consumed","fullyAvailableDevices","partiallyAvailableDevices","totalDevices","unavailableDevices","validationError","description","globalDefault","parentCompositePodGroupName","minGroupCount","workloadRef","templateName","workloadName","compositePodGroupTemplates","podGroupTemplates","controllerRef","attachRequired","fsGroupPolicy","nodeAllocatableUpdatePeriodSeconds","podInfoOnMount","preventPodSchedulingIfMissing","requiresRepublish","seLinuxMount","serviceAccountTokenInSecrets","storageCapacity","tokenRequests","volumeLifecycleModes","drivers","nodeID","topologyKeys","storageHealth","accessMode","maximumVolumeSize","nodeTopology","allowVolumeExpansion","allowedTopologies","matchLabelExpressions","provisioner","reclaimPolicy","volumeBindingMode","attacher","inlineVolumeSpec","persistentVolumeName","attachError","errorCode","attached","attachmentMetadata","detachError","driverName","conversion","webhook","conversionReviewVersions","categories","listKind","plural","shortNames","singular","preserveUnknownFields","additionalPrinterColumns","format","jsonPath","deprecated","deprecationWarning","schema","openAPIV3Schema","$ref","$schema","additionalItems","additionalProperties","allOf","anyOf","definitions","dependencies","enum","example","exclusiveMaximum","exclusiveMinimum","externalDocs","id","maxItems","maxLength","maxProperties","maximum","minItems","minLength","minProperties","minimum","multipleOf","not","nullable","oneOf","pattern","patternProperties","properties","title","uniqueItems","x-kubernetes-embedded-resource","x-kubernetes-int-or-string","x-kubernetes-list-map-keys","x-kubernetes-list-type","x-kubernetes-map-type","x-kubernetes-preserve-unknown-fields","x-kubernetes-validations","optionalOldSelf","rule","selectableFields","served","storage","subresources","scale","labelSelectorPath","specReplicasPath","statusReplicasPath","acceptedNames","storedVersions","groupPriorityMinimum","insecureSkipTLSVerify","versionPriority"],"types":[[0,0,1,1,1,2,2,26,13],"s",[0,3,3,4,4,5,5,6,4,7,6,8,1,9,5,10,3,11,9,18,1,19,1,20,12,24,1,25,1,23,1],[1,1],"d","l",[2,1],[0,0,1,12,1,13,8,14,1,15,1,16,1,17,4],"*",[2,7],[0,0,1,21,11,22,11,1,1,18,1,23,1],"b",[2,10],[0,27,1,28,15,30,16,47,25,51,26,52,1,53,28],[0,29,1,18,1],[2,14],[0,31,18,38,1,39,19,45,19,46,18],[0,32,6,33,6,34,6,35,6,36,6,37,1],[2,17],[0,40,21,44,3],[0,41,1,42,1,43,6],[2,20],[0,48,23,49,24,50,1],[0,29,1],[0,29,1],[2,22],[0,0,1,1,1],[0,29,1,18,1],[2,27],[0,0,1,1,1,2,2,26,30],[0,54,16,55,31,58,1],[0,18,1,19,1,56,1,57,19],[0,0,1,59,33,1,1,2,34],[2,29],[0,60,1,61,5,24,1,25,1,62,35],[0,57,1],[0,0,1,59,37,1,1,2,34],[2,0],[0,0,1,1,1,2,2,63,46],[0,64,6,65,40,27,1,28,15,38,1,18,1,39,19,45,19,52,1,71,45,72,1,73,43],[0,66,41,67,42,70,1],"y",[0,18,1,19,1,68,1,69,43],"i",[0,32,6,33,6,34,6,36,6,37,1],[2,44],[2,39],[0,0,1,59,48,1,1,2,34],[2,38],[0,0,1,1,1,2,2,26,50,80,55],[0,74,52,27,1,28,15,30,16,51,26,76,54,53,28],[0,41,1,75,1],[2,51],[0,29,1,77,1,78,1,79,1],[2,53],[0,81,57,83,5,85,58],[0,82,4,77,1,83,5,79,1,80,1,84,1],[2,56],[0,86,60],[0,87,1,88,1],[2,59],[0,0,1,1,1,2,2,26,62],[0,54,16,55,31,58,1,89,6],[0,0,1,59,64,1,1,2,34],[2,61],[0,0,1,59,66,1,1,2,34],[2,49],[0,0,1,1,1,2,2,63,69],[0,64,6,65,40,27,1,28,15,38,1,18,1,39,19,45,19,71,45,72,1,73,43],[2,68],[0,0,1,59,71,1,1,2,34],[2,67],[0,0,1,1,1,2,2,26,73],[0,27,1,28,75,30,76,47,82,51,83,52,1,53,85],[0,29,1,18,1],[2,74],[0,31,78,38,1,39,19,45,19,46,78],[0,32,6,33,6,34,6,35,6,36,6,37,1],[2,77],[0,48,80,49,81,50,1],[0,29,1],[0,29,1],[2,79],[0,0,1,1,1],[0,29,1,18,1],[2,84],[0,0,1,1,1,2,2,26,87],[0,54,76,55,88,58,1],[0,18,1,19,1,56,1,57,19],[0,0,1,59,90,1,1,2,34],[2,86],[0,0,1,59,92,1,1,2,34],[2,72],[0,0,1,1,1,2,2,26,94],[0,27,1,28,96,30,97,47,103,51,104,52,1,53,106],[0,29,1,18,1],[2,95],[0,31,99,38,1,39,19,45,19,46,99],[0,32,6,33,6,34,6,35,6,36,6,37,1],[2,98],[0,48,101,49,102,50,1],[0,29,1],[0,29,1],[2,100],[0,0,1,1,1],[0,29,1,18,1],[2,105],[0,0,1,1,1,2,2,26,108],[0,54,97,55,109,58,1],[0,18,1,19,1,56,1,57,19],[0,0,1,59,111,1,1,2,34],[2,107],[0,0,1,59,113,1,1,2,34],[2,93],[0,0,1,1,1,2,2,26,115,80,116],[0],[0,90,1,81,118,91,120],[0,82,4,77,1,83,5,79,1,80,1,84,1],[2,117],[0,92,1,93,6,94,1,95,6],[2,119],[0,0,1,59,122,1,1,2,34],[2,114],[0,0,1,96,8,1,1,2,2,97,5],[0,0,1,59,125,1,1,2,34],[2,123],[0,0,1,1,1,2,2,26,127,80,271],[0,98,43,99,43,57,19,100,128,379,269],[0,2,2,26,129],[0,101,5,102,130,118,11,119,192,217,193,221,1,222,11,223,197,225,199,227,201,230,11,231,11,232,11,233,11,234,1,235,1,236,203,237,192,238,1,239,3,240,204,241,177,242,1,226,43,243,1,244,206,246,208,36,174,169,1,249,1,250,1,251,210,252,211,177,212,260,1,261,1,262,11,263,11,264,1,161,5,265,217,268,219,274,268],[0,103,131,110,139,117,144],[0,104,136,108,137],[0,105,133,107,43],[0,40,135,106,135],[0,41,1,42,1,43,6],[2,134],[2,132],[0,109,138],[2,133],[0,104,142,108,143],[0,111,141,107,43],[0,112,19,113,6,114,6,39,19,115,6,116,1],[2,140],[2,141],[0,104,142,108,143],[0,120,6,121,6,122,154,135,158,139,1,140,1,141,159,154,168,18,1,162,171,166,168,167,173,36,174,169,1,174,181,177,182,200,168,201,11,202,11,203,1,204,1,205,11,206,189,208,191,216,1],[0,18,1,123,1,124,147],[0,125,148,87,149,128,150,130,151,134,153],[0,41,1,18,1,126,11],[0,0,1,127,1],[0,41,1,126,11,68,1,129,1],[0,131,1,132,152,133,1],"q",[0,41,1,18,1,126,11],[2,146],[0,136,156,137,1,138,157],[0,18,1,126,11],[0,18,1,126,11],[2,155],[0,142,160,152,160,153,1],[0,143,161,144,162,149,166,151,167],[0,121,6],[0,145,1,146,164,68,1,69,165,147,1,148,1],[0,18,1,123,1],[2,163],"x",[0,150,5],[0,145,1,69,165],[0,143,161,155,43,156,169,144,162,158,43,159,43,160,43,151,167,161,5,73,43],[0,157,1,69,43,67,1],[0,163,43,164,1,165,43,18,1,147,1],[2,170],[0,168,1,169,1],[2,172],[0,170,176,172,177,173,177],[0,18,1,171,1],[2,175],[1,152],[0,175,1,176,179],[0,42,1,43,180],[2,43],[2,178],[0,178,11,179,183,181,184,184,11,185,1,186,11,187,5,188,11,189,5,190,185,194,186,195,187],[0,180,1,84,1],[0,182,6,183,6],[0,191,1,192,1,84,1,193,1],[0,180,1,84,1],[0,196,1,197,1,198,11,199,1],[0,207,1,18,1],[2,188],[0,209,6,210,1,211,1,18,1,212,11,213,1,214,1,215,1],[2,190],[2,145],[0,218,6,219,195,220,6],[0,18,1,123,1],[2,194],[0,120,6,121,6,122,154,135,158,139,1,140,1,141,159,154,168,18,1,162,171,166,168,167,173,36,174,169,1,174,181,177,182,200,168,201,11,202,11,224,1,203,1,204,1,205,11,206,189,208,191,216,1],[2,196],[0,18,1,226,43],[2,198],[0,228,6,229,1],[2,200],[0,18,1],[2,202],[0,18,1],[0,245,1],[2,205],[0,18,1,247,1,248,1],[2,207],[0,18,1],[2,209],[0,253,1],[0,179,183,254,5,255,1,187,5,188,11,189,5,256,1,190,185,194,186,257,213,258,1,259,215,195,187],[2,5],[0,18,1,123,1],[2,214],[0,266,1,41,1,42,1,267,5,123,1],[2,216],[0,112,19,113,6,269,43,270,43,271,1,272,1,116,1,273,1],[2,218],[0,275,221,279,222,283,223,286,224,289,225,290,226,293,229,297,230,298,233,301,234,310,240,314,241,315,242,318,243,320,244,323,245,325,246,139,247,328,248,18,1,336,249,338,250,340,251,342,252,343,253,358,262,363,263,366,264,354,265,373,266,375,267],[0,276,1,277,43,212,11,278,1],[0,280,1,281,1,282,1,276,1,1,1,212,11],[0,212,11,284,1,285,1],[0,287,6,68,1,212,11,288,1,138,202,193,1],[0,276,1,212,11,138,202,278,1],[0,291,43,292,5,59,228,18,1,126,11],[0,41,1,157,43,68,1,193,5],[2,227],[0,294,1,276,1,295,202,212,11,296,3],[0,291,43,292,5,59,232],[0,87,149,157,43,68,1,130,151,193,5],[2,231],[0,299,1,157,43,300,152],[0,302,235],[0,2,2,26,236],[0,303,6,304,237,306,238,36,239,57,19,307,1,308,1,309,1,129,1],[0,305,1,1,1,18,1],[0,305,1,1,1,18,1,19,1],[0,172,177,173,177],[0,276,1,311,43,212,11,312,6,313,6],[0,294,1,276,1,219,3,212,11,138,202],[0,316,1,317,1],[0,276,1,277,43,319,1,212,11],[0,321,1,322,1,97,1],[0,324,1,68,1,212,11],[0,68,1,84,1],[0,326,1,327,1],[0,329,11,330,11,276,1,331,1,332,1,333,1,311,43,334,6,212,11,138,202,335,1],[0,68,1,212,11,337,1],[0,339,1,212,11],[0,276,1,341,1],[0,276,1,212,11,278,1],[0,291,43,292,5,344,261],[0,345,255,290,256,297,257,347,258,354,259,355,260],[0,112,19,18,1,126,11,68,1,346,1,193,5],[0,59,228,18,1,126,11],[0,59,232],[0,348,1,349,1,350,1,351,1,352,43,346,1,193,5,353,3],[0,59,228,18,1,126,11],[0,356,1,357,5,68,1,193,5],[2,254],[0,359,1,212,11,360,1,361,1,193,1,362,1],[0,276,1,139,1,364,1,287,6,365,1,212,11,138,202,193,1],[0,276,1,367,1,368,1,212,11,138,202,369,11,370,1,371,1,372,1,129,1],[0,291,43,292,5,59,228,126,11,284,1],[0,276,1,212,11,138,202,129,1,374,1],[0,276,1,376,1,377,1,378,1],[2,220],[0,380,270,84,1],[0,381,165,382,165],[0,383,43,81,273,384,43,385,43,386,43,387,43,388,43,389,43,83,5,390,43],[0,82,4,77,1,79,1,80,1,84,1],[2,272],[0,0,1,59,275,1,1,2,34],[2,126],[0,0,1,1,1,2,2,26,277,80,280],[0,98,43,391,11,392,43,393,43,99,43,57,19,394,278,100,128],[0,380,279,84,1],[0,381,165,382,165],[0,395,43,383,43,81,282,83,5,397,43,393,43,398,43,399,43,400,43],[0,82,4,396,4,77,1,79,1,80,1,84,1],[2,281],[0,0,1,59,284,1,1,2,34],[2,276],[0,0,1,1,1,2,2,26,286,80,287],[0,98,43,393,43,57,19,100,128],[0,395,43,81,289,401,43,83,5,397,43,393,43,398,43],[0,82,4,77,1,79,1,80,1,84,1],[2,288],[0,0,1,59,291,1,1,2,34],[2,285],[0,0,1,1,1,2,2,26,293,80,307],[0,98,43,402,294,404,295,407,1,393,43,99,43,57,19,408,1,100,128,379,296,409,306],[0,403,43],[0,405,1,406,1],[0,380,297,84,1],[0,382,165,277,43],[0,0,1,1,1,2,2,26,236,80,299],[0,303,6,410,3,411,177,412,177,81,301,414,1,415,302,417,305,419,1],[0,413,4,82,4,77,1,79,1,80,1,84,1],[2,300],[0,416,304,82,4],[0,77,1,79,1,80,1],[2,303],[0,80,1,418,1],[2,298],[0,395,43,383,43,81,309,420,43,421,1,83,5,397,43,393,43,422,1,400,43],[0,82,4,77,1,79,1,80,1,84,1],[2,308],[0,0,1,59,311,1,1,2,34],[2,292],[0,0,1,1,1,2,2,80,313],[0,423,314],[0,424,315,425,6,23,1,426,1],[1,6],[0,0,1,1,1,2,2,26,317,80,319],[0,427,315,428,6,429,318,357,5],[0,0,1,1,1,18,1,23,1],[0,430,4,431,1],[0,0,1,1,1,2,2,26,321,80,322],[0,428,6,431,1],[0,428,6,432,11,433,1,193,314],[0,0,1,1,1,2,2,26,324,80,331],[0,424,315,425,6,434,325,436,326,23,1,193,1],[0,68,1,435,1],[0,437,327,359,1,112,330,18,1,19,1,133,1,16,1,435,1,440,1],[0,438,1,439,329],[0,41,1,42,1,43,6],[2,328],[0,438,1,439,21],[0,441,11,442,11,443,1,79,1],[0,0,1,1,1,2,2,26,333,80,331],[0,434,325,436,326],[0,0,1,1,1,2,2,26,335,80,336],[0,19,1],[0,443,1,444,11,445,338,46,340],[0,446,6,447,6],[2,337],[0,32,6,35,6,36,6,447,6],[2,339],[0,0,1,1,1,2,2,26,324,80,331],[0,0,1,1,1,2,2,26,343,80,345],[0,448,43,449,43,450,344,451,43],[0,0,1,1,1,18,1],[0,452,43,420,43,453,43,454,4,83,5],[0,0,1,59,347,1,1,2,34],[2,342],[0,0,1,1,1,2,2,26,349,80,350],[0,393,43],[0,393,43,57,1],[0,0,1,1,1,2,2,26,352,80,367],[0,455,353,448,43,462,366,449,43,450,363],[0,456,354,461,354],[0,457,356,458,1,459,43,460,152],[0,159,43,84,1,123,43],[2,355],[0,463,358,468,360,470,362,472,364,133,365,84,1],[0,464,1,18,1,465,359],[0,466,43,467,152,84,1,123,152],[0,469,361,465,359],[0,18,1,57,19],[0,471,363,469,361,465,359],[0,0,1,1,1,18,1],[0,469,361,465,359],[0,18,1,465,359],[2,357],[0,81,369,473,377,420,43,453,43,454,4,83,5],[0,82,4,77,1,83,5,79,1,80,1,84,1],[2,368],[0,463,371,468,373,470,374,472,375,133,376,84,1],[0,464,1,474,372,18,1],[0,466,43,467,152,123,152],[0,474,372,469,361],[0,474,372,471,363,469,361],[0,474,372,469,361],[0,474,372,18,1],[2,370],[0,0,1,59,379,1,1,2,34],[2,351],[0,0,1,1,1,2,2,26,381,80,405],[0,475,1,476,43,477,382,505,1,506,5,507,43,503,11,508,1],[0,2,2,26,383],[0,101,5,478,43,479,43,480,1,481,43,482,1,483,11,484,43,485,43,486,384,489,1,490,390,57,19,500,402,503,11,100,128,504,43],[0,71,389],[0,175,1,487,386,488,388],[0,131,1,42,1,43,180],[0,80,1,84,1],[2,387],[2,385],[0,491,391,246,395,494,396,496,399],[0,492,392,493,393],[0],[0],[0,18,1,247,1,248,1],[2,394],[0,495,398],[0,41,1],[2,397],[0,497,400,498,401],[0],[0,499,43],[0,71,404],[0,501,43,502,1],[2,403],[0,509,407,510,4,511,4],[0,0,1,127,1,1,1,18,1,19,1,24,1,23,1],[2,406],[0,0,1,59,409,1,1,2,34],[2,380],[0,0,1,1,1,2,2,26,383,80,411],[0,509,43,512,1,513,4,81,413,514,43,515,1,516,43,517,4,518,43,519,43,520,414],[0,413,4,82,4,77,1,79,1,80,1,84,1],[2,412],[0,514,6,518,6],[0,0,1,59,416,1,1,2,34],[2,410],[0,0,1,1,1,2,2,26,418,80,419],[0,357,43,424,315,425,6,171,41,346,1,23,1,521,6,426,1],[0,522,41,81,421],[0,82,4,396,4,77,1,79,1,80,1,84,1],[2,420],[0,0,1,59,423,1,1,2,34],[2,417],[0,0,1,1,1,2,2,26,425],[0,346,1,523,1],[0,0,1,59,427,1,1,2,34],[2,424],[0,0,1,1,1,2,2,26,429,80,430],[0,352,43,238,1,524,1,525,1,526,1,261,1,527,1,346,1,528,41,529,3],[0,530,4,531,1,81,57,532,4,533,4],[0,0,1,59,432,1,1,2,34],[2,428],[0,0,1,1,1,2,2,26,434],[0,346,1,523,1],[0,0,1,59,436,1,1,2,34],[2,433],[0,0,1,1,1,2,2,26,438,80,439],[0,352,43,238,1,524,1,534,41,525,1,526,1,535,41,261,1,527,1,346,1,528,41,529,3],[0,530,4,531,1,81,57,532,4,533,4],[0,0,1,59,441,1,1,2,34],[2,437],[0,0,1,1,1,2,2,26,443],[0,536,4,537,1,538,43,539,43,540,1,541,4,394,1],[0,0,1,59,445,1,1,2,34],[2,442],[0,0,1,1,1,2,2,26,447],[0,542,1,543,1,544,1,545,4,541,4,394,1],[0,0,1,59,449,1,1,2,34],[2,446],[0,0,1,1,1,2,2,26,451],[0,542,1,543,1,544,1,545,4,541,4,394,1],[0,0,1,59,453,1,1,2,34],[2,450],[0,0,1,1,1,2,2,465,406],[0,0,1,81,457,1,1,2,2],[0,433,1,77,1,80,1,84,1],[2,456],[0,0,1,59,459,1,1,2,34],[2,455],[0,0,1,546,461,96,3,547,11,1,1,2,2],[1,41],[0,0,1,59,463,1,1,2,34],[2,460],[0,0,1,1,1,2,2,548,470],[0,549,467,551,467,162,469],[0,234,1,229,1,238,1,550,406],[2,466],[0,552,1,18,1,69,43,147,1],[2,468],[2,465],[0,0,1,59,472,1,1,2,34],[2,464],[0,175,1,0,1,553,43,554,4,555,4,556,406,1,1,557,4,77,1,2,2,79,1,558,406,559,1,560,1,561,474,563,475,84,1],[0,553,43,562,4],[0,564,1,145,1],[0,0,1,59,477,1,1,2,34],[2,473],[0,0,1,1,1,2,2,26,479],[0,172,481],[0,565,177,566,177,567,177,568,177,569,177,84,1],[2,480],[0,0,1,59,483,1,1,2,34],[2,478],[0,0,1,1,1,2,2,26,485,80,486],[0,7,6],[0,81,488,419,1],[0,82,4,77,1,79,1,80,1,84,1],[2,487],[0,0,1,59,490,1,1,2,34],[2,484],[0,0,1,1,1,2,2,26,492,80,498],[0,570,493,572,1,573,1,574,6,575,495,577,1,578,497,580,11],[0,290,494],[0,571,1,18,1,19,1,24,1,23,1],[0,576,6],[0,266,1,41,1,579,4,123,1],[2,496],[0,549,500,582,177,412,177,81,502,584,503,587,504,590,6,591,506,592,508,595,509,419,1,608,513,611,515,612,6],[0,581,1,84,1],[2,499],[0,583,4,82,4,77,1,79,1,80,1,84,1],[2,501],[0,509,493,585,493,433,1,586,493],[0,588,505],[0,589,43],[0,258,11],[0,593,6,594,5],[2,507],[0,596,1,597,1,598,1,599,1,600,1,601,1,602,1,603,1,604,1,605,11,606,510,607,1],[0,412,5],[0,591,512,18,1],[0,609,11,610,11],[2,511],[0,207,1,18,1],[2,514],[0,0,1,59,517,1,1,2,34],[2,491],[0,0,1,1,1,2,2,26,519,80,533],[0,303,6,275,221,279,222,283,520,412,177,286,521,289,523,614,406,293,524,310,240,314,525,315,242,318,243,323,526,325,246,328,527,621,528,622,6,336,249,103,529,624,1,340,251,342,252,358,262,363,530,366,531,307,1,373,532,308,1,309,1,375,267],[0,212,11,284,1,613,1,285,1],[0,287,6,68,1,212,11,288,1,138,522,193,1],[0,18,1,19,1],[0,276,1,212,11,138,522,278,1],[0,615,522,616,522,294,1,276,1,617,522,295,522,618,522,212,11,296,3,619,1],[0,294,1,276,1,219,3,212,11,138,522],[0,324,1,620,1,68,1,212,11],[0,329,11,330,11,276,1,331,1,332,1,333,1,311,43,334,6,212,11,138,522,335,1],[0,276,1,68,1],[0,623,137],[0,276,1,139,1,364,1,287,6,365,1,212,11,138,522,193,1],[0,276,1,367,1,368,1,212,11,138,522,369,11,370,1,371,1,372,1,129,1],[0,276,1,212,11,138,406,129,1,374,1],[0,625,4,77,1,419,1,79,1],[0,0,1,59,306,1,1,2,34],[0,0,1,59,536,1,1,2,34],[2,518],[0,0,1,1,1,2,2,26,129,80,538],[0,411,177,81,540,626,556,647,556,648,557,164,1,651,561,652,556,77,1,653,567,658,1,83,5,419,1,659,1,660,569,661,1,79,1,662,1,663,571,36,174,517,4,664,573],[0,413,4,82,4,77,1,83,5,79,1,80,1,84,1],[2,539],[0,411,177,627,545,630,1,139,1,631,1,632,546,18,1,516,11,36,174,640,43,641,11,642,546,153,1,193,550,208,555],[0,18,1,36,544],[0,628,1,77,1,629,1],[2,543],[2,542],[0,633,547,635,548,639,549],[0,634,4],[0,630,1,636,43,637,4,77,1,79,1,638,43,634,4],[0,77,1,79,1],[0,643,551],[0,644,5,257,213,23,5],[0,210,1,18,1,212,11,213,1,645,553],[0,139,554],[0,646,1],[2,552],[2,541],[0,649,559,247,1],[0,131,1,650,1,168,1],[2,558],[0,229,1],[2,560],[0,119,6,654,564,241,566,247,1],[0,18,1,655,152],[2,563],[0,18,1,656,152,657,152],[2,565],[2,562],[0,229,1],[2,568],[0,18,1,247,1],[2,570],[0,416,304,82,4,18,1],[2,572],[0,0,1,59,575,1,1,2,34],[2,537],[0,0,1,1,1,2,2,100,128],[0,0,1,59,578,1,1,2,34],[2,576],[0,0,1,1,1,2,2,26,580,80,581],[0,98,43,393,43,57,3,100,128],[0,395,43,81,583,401,43,83,5,397,43,393,43],[0,82,4,77,1,79,1,80,1,84,1],[2,582],[0,0,1,59,585,1,1,2,34],[2,579],[0,0,1,1,1,2,2,26,587,80,591],[0,665,177,666,588,668,6],[0,40,590],[0,42,1,667,1,43,6],[2,589],[0,665,177,669,177],[0,0,1,59,593,1,1,2,34],[2,586],[0,0,1,96,461,547,11,1,1,2,2,670,3,84,1],[0,0,1,59,596,1,1,2,34],[2,594],[0,0,1,1,1,2,2,26,598,80,603],[0,671,11,672,1,673,6,674,6,675,1,676,1,677,43,678,1,679,6,680,1,681,1,682,1,683,6,162,600,686,11,57,3,687,1,688,601,690,1,84,1],[0,552,1,18,1,684,43,69,43,147,1,685,165],[2,599],[0,689,602],[0,73,43],[0,81,57,691,604],[0,692,608],[0,234,1,229,1,693,1,162,607],[0,433,1,69,43,147,1],[2,606],[2,605],[0,0,1,118,11,236,203,1,1,2,2,694,407],[0,0,1,59,611,1,1,2,34],[2,609],[0,0,1,59,613,1,1,2,34],[2,597],[0,695,1,0,1,324,622,1,1,2,2,162,624],[0,549,6,81,616,697,3,698,617,234,1,238,1,550,406,701,1],[0,516,11,696,11,519,11],[0,699,619,700,621],[0,18,1],[2,618],[0,18,1],[2,620],[2,615],[0,552,1,18,1,69,43,147,1],[2,623],[0,0,1,59,626,1,1,2,34],[2,614],[0,175,1,0,1,702,43,703,4,704,4,705,475,554,4,1,1,2,2,706,1,79,1,707,406,558,406,708,1,560,1,561,628,84,1],[0,553,43,562,4],[0,0,1,59,630,1,1,2,34],[2,627],[0,0,1,1,1,2,2,26,632,80,646],[0,709,633,710,43,711,634,71,645],[0,84,1],[0,18,1],[0,445,637,46,639,713,644],[0,446,6,447,6],[2,636],[0,32,6,712,11,115,6,36,6,447,6],[2,638],[0,359,641,1,1,260,642,193,643],[0,18,1],[0,18,1,19,1],[0,18,1],[2,640],[2,635],[0,81,648],[0,82,4,77,1,79,1,80,1,84,1],[2,647],[0,0,1,59,650,1,1,2,34],[2,631],[0,0,1,1,1,2,2,26,652,80,657],[0,714,653,717,654,84,1],[0,715,43,716,43],[0,718,43,715,43,719,655,716,43],[0,720,656,84,1],[0,721,43,722,43,723,43],[0,81,659],[0,82,4,77,1,79,1,80,1,84,1],[2,658],[0,0,1,59,661,1,1,2,34],[2,651],[0,0,1,1,1,2,2,26,663,80,666],[0,465,664],[0,724,665],[0,18,1,23,1],[0,81,57,83,5,725,668,727,670,730,672],[0,726,1,18,1],[2,667],[0,513,4,728,4,729,4,77,1,18,1,517,4],[2,669],[0,18,1,226,43,642,1],[2,671],[0,0,1,59,674,1,1,2,34],[2,662],[0,0,1,1,1,2,2,26,676,80,679],[0,726,1,731,1,465,677],[0,724,678],[0,18,1,23,1],[0,81,57,83,5],[0,0,1,59,681,1,1,2,34],[2,675],[0,0,1,1,1,2,2,26,683],[0,732,684],[0,359,1,18,1,19,1,133,1],[0,0,1,59,686,1,1,2,34],[2,682],[0,0,1,1,1,2,2,26,688,80,699],[0,733,689,735,1,71,696,740,698],[0,133,237,67,690],[0,18,1,69,691],[0,18,1,734,43],[0,145,1,736,693],[0,737,695],[0,738,689,68,1,739,1],[2,694],[2,692],[0,741,6,284,1],[2,697],[0,691,700],[0,692,704],[0,234,1,229,1,162,703],[0,433,1,69,43,147,1],[2,702],[2,701],[0,0,1,1,1,2,2,26,706],[0,22,1,742,707],[0,305,1,1,1,18,1,19,1,37,1],[0,0,1,59,709,1,1,2,34],[2,705],[0,0,1,59,711,1,1,2,34],[2,687],[0,0,1,1,1,2,2,26,713],[0,743,720,692,722,749,19,751,6],[0,162,716,745,719],[0,744,43,69,165,147,1],[2,715],[0,746,718,39,19,749,19],[0,747,1,748,6],[2,717],[2,714],[0,750,719,162,716],[2,721],[0,0,1,59,724,1,1,2,34],[2,712],[0,0,1,1,1,2,2,26,726,80,727],[0,752,6],[0,81,57],[0,0,1,59,729,1,1,2,34],[2,725],[0,0,1,753,1,1,1,2,2,241,731,490,732],[0,754,177],[0,239,3,265,217],[0,0,1,59,734,1,1,2,34],[2,730],[0,0,1,755,736,1,1,2,2],[0,0,1,756,6,757,5,758,11,1,1,759,11,760,737,761,1],[0,24,1,23,1],[0,0,1,1,1,2,2,26,739,80,740],[0,382,165,762,165,57,19,763,1],[0,81,57,764,43,765,43,766,741,767,43,768,43,83,5],[1,4],[0,0,1,59,743,1,1,2,34],[2,738],[0,769,745,0,1,1,1,2,2,71,748],[0,770,746],[2,19],[0,32,6,446,6,35,6,36,6,447,6],[2,747],[0,0,1,1,1,2,2,771,750,713,752],[0,305,1,1,1,18,1],[0,305,1,1,1,18,1,19,1],[2,751],[0,0,1,59,754,1,1,2,34],[2,749],[0,0,1,59,756,1,1,2,34],[2,744],[0,0,1,1,1,2,2,71,748],[0,0,1,1,1,2,2,771,750,713,752],[0,0,1,59,760,1,1,2,34],[2,758],[0,0,1,59,762,1,1,2,34],[2,757],[0,0,1,1,1,2,2,26,764],[0,584,767,773,1,774,770],[0,772,766],[0,294,1,742,8],[2,765],[0,775,769],[0,29,1],[2,768],[0,0,1,59,772,1,1,2,34],[2,763],[0,0,1,1,1,2,2,26,774,80,777],[0,776,775,778,776],[0,777,1,294,1,365,1],[0,266,1,41,1,579,4,123,1],[0,81,57],[0,0,1,59,779,1,1,2,34],[2,773],[0,0,1,1,1,2,2,26,781,80,797],[0,779,782],[0,584,784,780,786,173,796],[0,772,766,173,6],[2,783],[0,781,1,782,1,173,6],[2,785],[0,783,788,788,795,18,1],[0,784,11,785,1,412,789,553,5,786,791,787,1,774,770,265,793],[0,173,177],[0,29,1,18,1],[2,790],[0,266,1,41,1,42,1,267,5,123,1],[2,792],[0,785,1,412,789,553,5,786,791,787,1,18,1,774,770,265,793],[2,794],[2,787],[0,789,798,779,806,801,808],[0,790,4,779,799,239,137],[0,584,801,791,803],[0,772,766,173,6,563,1],[2,800],[0,784,11,792,6,793,6,794,177,777,1,294,1,365,1,171,1,795,1,796,6,265,793],[2,802],[0,81,57,96,8,777,1,294,1,797,805,365,1,795,1],[0,798,1,799,1,800,6],[2,804],[0,305,1,18,1,133,1,23,1],[2,807],[0,0,1,59,810,1,1,2,34],[2,780],[0,0,1,1,1,2,2,26,812],[0,2,2,26,781],[0,0,1,59,814,1,1,2,34],[2,811],[0,0,1,1,1,2,2,26,816],[0,802,11,779,835,294,1,238,1,239,137,825,1,826,11,365,836,828,838,796,6],[0,802,11,803,11,804,820,792,6,793,6,812,11,412,825,817,829,18,1,821,833,238,1,239,137,578,834],[0,805,11,806,819,807,5,808,213,809,1,810,6,440,1,811,6],[2,11],[1,818],[0,813,822,123,152],[0,565,152,814,823,816,824],[0,567,152,569,152,815,152],[2,152],[1,821],[0,818,6,819,1,820,828],[0,123,152],[1,827],[2,826],[0,654,831,241,832],[0,822,1,823,152,824,152],[0,656,152,657,152],[1,830],[2,776],[2,817],[0,9,5,18,1,827,5],[0,820,828,18,1],[2,837],[0,0,1,59,840,1,1,2,34],[2,815],[0,0,1,1,1,2,2,26,842,80,845],[0,776,843,778,844],[0,777,1,294,1,365,1],[0,266,1,41,1,579,4,123,1],[0,81,57],[0,0,1,59,847,1,1,2,34],[2,841],[0,0,1,1,1,2,2,26,849,80,850],[0,829,1,294,1,830,43,831,1],[0,81,57,832,43,833,857],[0,834,43,835,43,294,1,9,5,238,1,836,853,831,1,827,43,839,854,844,43,845,43,846,1],[0,582,43,837,1,838,43,84,1],[2,852],[0,412,856,842,43,843,43],[0,840,152,841,152,18,1,838,152],[2,855],[2,851],[0,0,1,59,859,1,1,2,34],[2,848],[0,0,1,1,1,2,2,26,861],[0,584,864,773,1,774,867],[0,772,863],[0,294,1,742,8],[2,862],[0,775,866],[0,29,1],[2,865],[0,0,1,59,869,1,1,2,34],[2,860],[0,0,1,1,1,2,2,26,871,80,886],[0,779,872],[0,584,874,780,876,173,885],[0,772,863,173,6],[2,873],[0,781,1,782,1,173,6],[2,875],[0,784,11,785,1,412,878,553,5,786,880,787,1,788,884,18,1,774,867,265,883],[0,173,177],[0,29,1,18,1],[2,879],[0,785,1,412,878,553,5,786,880,787,1,18,1,774,867,265,883],[0,266,1,41,1,42,1,267,5,123,1],[2,882],[2,881],[2,877],[0,789,887,779,895,801,897],[0,790,4,779,888,239,137],[0,584,890,791,892],[0,772,863,173,6,563,1],[2,889],[0,784,11,792,6,793,6,794,177,777,1,294,1,365,1,171,1,795,1,796,6,265,883],[2,891],[0,81,57,96,8,777,1,294,1,797,894,365,1,795,1],[0,798,1,799,1,800,6],[2,893],[0,305,1,18,1,133,1,23,1],[2,896],[0,0,1,59,899,1,1,2,34],[2,870],[0,0,1,1,1,2,2,26,901],[0,2,2,26,871],[0,0,1,59,903,1,1,2,34],[2,900],[0,0,1,1,1,2,2,26,905],[0,802,11,779,924,294,1,238,1,239,137,825,1,826,11,365,925,828,927,796,6],[0,497,907,18,1],[0,802,11,803,11,804,909,792,6,793,6,812,11,412,913,817,917,821,921,238,1,239,137,578,923],[0,805,11,806,819,807,5,808,213,809,1,810,6,440,1,811,6],[1,908],[0,813,911,123,152],[0,565,152,814,912,816,824],[0,567,152,569,152,815,152],[1,910],[0,818,6,819,1,820,916],[0,123,152],[1,915],[2,914],[0,654,919,241,920],[0,822,1,823,152,824,152],[0,656,152,657,152],[1,918],[0,266,1,41,1,579,4,123,1],[2,922],[2,906],[0,9,5,18,1,827,5],[0,820,916,18,1],[2,926],[0,0,1,59,929,1,1,2,34],[2,904],[0,0,1,1,1,2,2,26,931],[0,584,934,773,1,774,937],[0,772,933],[0,294,1,742,8],[2,932],[0,775,936],[0,29,1],[2,935],[0,0,1,59,939,1,1,2,34],[2,930],[0,0,1,1,1,2,2,26,941,80,944],[0,776,942,778,943],[0,777,1,294,1,365,1],[0,266,1,41,1,579,4,123,1],[0,81,57],[0,0,1,59,946,1,1,2,34],[2,940],[0,0,1,1,1,2,2,26,948,80,964],[0,779,949],[0,584,951,780,953,173,963],[0,772,933,173,6],[2,950],[0,781,1,782,1,173,6],[2,952],[0,783,955,788,962,18,1],[0,784,11,785,1,412,956,553,5,786,958,787,1,774,937,265,960],[0,173,177],[0,29,1,18,1],[2,957],[0,266,1,41,1,42,1,267,5,123,1],[2,959],[0,785,1,412,956,553,5,786,958,787,1,18,1,774,937,265,960],[2,961],[2,954],[0,789,965,779,973,801,975],[0,790,4,779,966,239,137],[0,584,968,791,970],[0,772,933,173,6,563,1],[2,967],[0,784,11,792,6,793,6,794,177,777,1,294,1,365,1,171,1,795,1,796,6,265,960],[2,969],[0,81,57,96,8,777,1,294,1,797,972,365,1,795,1],[0,798,1,799,1,800,6],[2,971],[0,305,1,18,1,133,1,23,1],[2,974],[0,0,1,59,977,1,1,2,34],[2,947],[0,0,1,1,1,2,2,26,979],[0,2,2,26,948],[0,0,1,59,981,1,1,2,34],[2,978],[0,0,1,1,1,2,2,26,983],[0,802,11,779,1000,294,1,238,1,239,137,825,1,826,11,365,1001,828,1003,796,6],[0,802,11,803,11,804,986,792,6,793,6,812,11,412,990,817,994,18,1,821,998,238,1,239,137,578,999],[0,805,11,806,819,807,5,808,213,809,1,810,6,440,1,811,6],[1,985],[0,813,988,123,152],[0,565,152,814,989,816,824],[0,567,152,569,152,815,152],[1,987],[0,818,6,819,1,820,993],[0,123,152],[1,992],[2,991],[0,654,996,241,997],[0,822,1,823,152,824,152],[0,656,152,657,152],[1,995],[2,943],[2,984],[0,9,5,18,1,827,5],[0,820,993,18,1],[2,1002],[0,0,1,59,1005,1,1,2,34],[2,982],[0,0,1,847,1,848,11,1,1,2,2,242,1,123,43],[0,0,1,59,1008,1,1,2,34],[2,1006],[0,0,1,1,1,2,2,26,1010,80,1019],[0,491,1011,849,1,242,1,226,43,243,1,494,1014,496,1015,851,1018],[0,492,1012,493,1013],[0],[0],[0,495,398],[0,497,1016,498,1017],[0],[0,850,43],[0,852,1,853,1],[0,81,57],[0,0,1,59,1021,1,1,2,34],[2,1009],[0,0,1,1,1,2,2,26,1023,80,1033],[0,491,1024,849,1,242,1,226,43,243,1,246,1028,494,1029,496,1030,851,1018],[0,492,1025,493,1026],[0],[0],[0,18,1,247,1,248,1],[2,1027],[0,495,398],[0,497,1031,498,1032],[0],[0,499,43],[0,81,57,663,1035],[0,18,1,247,1],[2,1034],[0,0,1,59,1037,1,1,2,34],[2,1022],[0,0,1,1,1,2,2,26,1039],[0,854,1041,856,1044,855,1043],[0,854,1041,491,1011,18,1,855,1043,242,1,226,43,243,1,494,1014,496,1015],[2,1040],[0,491,1024,18,1,242,1,226,43,243,1,246,1028,494,1029,496,1030],[2,1042],[0,305,1,1,1,18,1],[0,0,1,59,1046,1,1,2,34],[2,1038],[0,0,1,1,1,2,2,26,1048,80,1061],[0,491,1049,849,1,242,1,226,43,243,1,246,1053,494,1054,496,1057,851,1060],[0,492,1050,493,1051],[0],[0],[0,18,1,247,1,248,1],[2,1052],[0,495,1056],[0,41,1],[2,1055],[0,497,1058,498,1059],[0],[0,499,43],[0,852,1,853,1],[0,81,57,663,1063],[0,18,1,247,1],[2,1062],[0,0,1,59,1065,1,1,2,34],[2,1047],[0,0,1,1,1,2,2,26,1067],[0,854,1069,856,1079,855,1074],[0,854,1069,491,1070,18,1,855,1074,242,1,226,43,243,1,494,1075,496,1076],[2,1068],[0,492,1071,493,1072],[0],[0],[0,491,1049,18,1,242,1,226,43,243,1,246,1053,494,1054,496,1057],[2,1073],[0,495,1056],[0,497,1077,498,1078],[0],[0,850,43],[0,305,1,1,1,18,1],[0,0,1,59,1081,1,1,2,34],[2,1066],[0,0,1,1,1,2,2,26,1083],[0,857,11,858,1,859,5,860,11,861,11,862,11,863,11,864,11,865,11,866,1085,867,6],[0,356,1,357,5],[2,1084],[0,0,1,59,1087,1,1,2,34],[2,1082],[0,0,1,1,1,2,2,26,1089,80,1093],[0,868,1092],[0,582,1091,18,1,869,1,870,6],[0,553,43],[2,1090],[0,871,1097],[0,416,1096,18,1],[0,872,1,82,4,77,1,79,1,80,1,309,1],[2,1095],[2,1094],[0,0,1,59,1099,1,1,2,34],[2,1088],[0,0,1,412,152,1,1,873,152,2,2,874,19,307,1],[0,0,1,59,1102,1,1,2,34],[2,1100],[0,875,11,876,1107,0,1,1,1,2,2,622,6,742,3,878,1,879,1,880,1],[0,877,1106],[0,41,1,43,6],[2,1105],[2,1104],[0,0,1,59,1109,1,1,2,34],[2,1103],[0,0,1,1,1,2,2,26,1111,80,1113],[0,881,1,238,1,563,1112],[0,882,519,883,1],[0,884,1114,886,11,887,3,888,1114],[0,885,43,77,1,17,4],[0,0,1,59,1116,1,1,2,34],[2,1110],[0,0,1,889,1,1,1,2,2,742,3],[0,0,1,59,1119,1,1,2,34],[2,1117],[0,0,1,1,1,2,2,26,1121,80,1123],[0,133,1122],[0,359,1,133,1],[0,81,57,24,1],[0,0,1,59,1125,1,1,2,34],[2,1120],[0,0,1,1,1,2,2,26,1127,80,1128],[0,133,1122],[0,81,57,24,1],[0,0,1,59,1130,1,1,2,34],[2,1126],[0,0,1,1,1,2,2,26,1132,80,1157],[0,890,1133,359,1,593,1137,898,11,37,1,811,1156],[0,394,1,891,1134],[0,65,1135,892,6],[0,66,41,67,1136,70,1],[0,18,1,19,1,68,1,69,43],[0,893,6,1,1,894,1,895,1,896,6,897,1],[0,899,1140,902,11,903,1,18,1,904,1141,946,1152,947,11,948,11,949,1153],[0,847,1,900,1,901,1,18,1,226,43,84,1],[2,1139],[0,905,1142],[0,906,1,907,1,908,8,909,8,910,1143,911,1143,565,8,912,1144,913,1145,847,1,914,1146,915,8,916,11,917,11,918,1147,900,1,919,1,59,8,920,5,921,5,922,5,923,1148,924,5,925,5,926,5,927,1148,928,1148,929,1142,930,11,931,1143,932,1,933,1144,934,1144,623,6,935,1,84,1,936,11,937,11,938,11,939,6,940,1,941,1,942,11,943,1150],[2,1142],[1,1142],[1,8],[2,8],[0,847,1,70,1],"n",[0,127,1,77,1,78,1,944,11,79,1,945,1],[2,1149],[0,901,1],[2,1151],[0,950,1154,80,1155],[0,951,1,952,1,953,1],[0],[2,1138],[0,954,1137,81,1159,83,5,955,6],[0,82,4,77,1,83,5,79,1,80,1,84,1],[2,1158],[0,0,1,59,1161,1,1,2,34],[2,1131],[0,0,1,1,1,2,2,26,1163,80,1165],[0,66,41,359,1,956,43,957,11,67,1164,440,1,958,43],[0,18,1,19,1,69,43],[0,81,1167],[0,82,4,77,1,79,1,80,1,84,1],[2,1166],[0,0,1,59,1169,1,1,2,34],[2,1162]],"kinds":{"admissionregistration.k8s.io/v1/MutatingAdmissionPolicy":0,"admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding":29,"admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBindingList":32,"admissionregistration.k8s.io/v1/MutatingAdmissionPolicyList":36,"admissionregistration.k8s.io/v1/MutatingWebhookConfiguration":38,"admissionregistration.k8s.io/v1/MutatingWebhookConfigurationList":47,"admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy":49,"admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding":61,"admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBindingList":63,"admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyList":65,"admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration":67,"admissionregistration.k8s.io/v1/ValidatingWebhookConfigurationList":70,"admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicy":72,"admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicyBinding":86,"admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicyBindingList":89,"admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicyList":91,"admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy":93,"admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicyBinding":107,"admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicyBindingList":110,"admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicyList":112,"internal.apiserver.k8s.io/v1alpha1/StorageVersion":114,"internal.apiserver.k8s.io/v1alpha1/StorageVersionList":121,"apps/v1/ControllerRevision":123,"apps/v1/ControllerRevisionList":124,"apps/v1/DaemonSet":126,"apps/v1/DaemonSetList":274,"apps/v1/Deployment":276,"apps/v1/DeploymentList":283,"apps/v1/ReplicaSet":285,"apps/v1/ReplicaSetList":290,"apps/v1/StatefulSet":292,"apps/v1/StatefulSetList":310,"authentication.k8s.io/v1/SelfSubjectReview":312,"authentication.k8s.io/v1/TokenRequest":316,"authentication.k8s.io/v1/TokenReview":320,"authorization.k8s.io/v1/LocalSubjectAccessReview":323,"authorization.k8s.io/v1/SelfSubjectAccessReview":332,"authorization.k8s.io/v1/SelfSubjectRulesReview":334,"authorization.k8s.io/v1/SubjectAccessReview":341,"autoscaling/v1/HorizontalPodAutoscaler":342,"autoscaling/v1/HorizontalPodAutoscalerList":346,"autoscaling/v1/Scale":348,"autoscaling/v2/HorizontalPodAutoscaler":351,"autoscaling/v2/HorizontalPodAutoscalerList":378,"batch/v1/CronJob":380,"batch/v1/CronJobList":408,"batch/v1/Job":410,"batch/v1/JobList":415,"certificates.k8s.io/v1/CertificateSigningRequest":417,"certificates.k8s.io/v1/CertificateSigningRequestList":422,"certificates.k8s.io/v1/ClusterTrustBundle":424,"certificates.k8s.io/v1/ClusterTrustBundleList":426,"certificates.k8s.io/v1/PodCertificateRequest":428,"certificates.k8s.io/v1/PodCertificateRequestList":431,"certificates.k8s.io/v1beta1/ClusterTrustBundle":433,"certificates.k8s.io/v1beta1/ClusterTrustBundleList":435,"certificates.k8s.io/v1beta1/PodCertificateRequest":437,"certificates.k8s.io/v1beta1/PodCertificateRequestList":440,"coordination.k8s.io/v1/Lease":442,"coordination.k8s.io/v1/LeaseList":444,"coordination.k8s.io/v1alpha2/LeaseCandidate":446,"coordination.k8s.io/v1alpha2/LeaseCandidateList":448,"coordination.k8s.io/v1beta1/LeaseCandidate":450,"coordination.k8s.io/v1beta1/LeaseCandidateList":452,"v1/Binding":454,"v1/ComponentStatus":455,"v1/ComponentStatusList":458,"v1/ConfigMap":460,"v1/ConfigMapList":462,"v1/Endpoints":464,"v1/EndpointsList":471,"v1/Event":473,"v1/EventList":476,"v1/LimitRange":478,"v1/LimitRangeList":482,"v1/Namespace":484,"v1/NamespaceList":489,"v1/Node":491,"v1/NodeList":516,"v1/PersistentVolume":518,"v1/PersistentVolumeClaim":298,"v1/PersistentVolumeClaimList":534,"v1/PersistentVolumeList":535,"v1/Pod":537,"v1/PodList":574,"v1/PodTemplate":576,"v1/PodTemplateList":577,"v1/ReplicationController":579,"v1/ReplicationControllerList":584,"v1/ResourceQuota":586,"v1/ResourceQuotaList":592,"v1/Secret":594,"v1/SecretList":595,"v1/Service":597,"v1/ServiceAccount":609,"v1/ServiceAccountList":610,"v1/ServiceList":612,"discovery.k8s.io/v1/EndpointSlice":614,"discovery.k8s.io/v1/EndpointSliceList":625,"events.k8s.io/v1/Event":627,"events.k8s.io/v1/EventList":629,"flowcontrol.apiserver.k8s.io/v1/FlowSchema":631,"flowcontrol.apiserver.k8s.io/v1/FlowSchemaList":649,"flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration":651,"flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfigurationList":660,"lifecycle.k8s.io/v1alpha1/Eviction":662,"lifecycle.k8s.io/v1alpha1/EvictionList":673,"lifecycle.k8s.io/v1alpha1/EvictionRequest":675,"lifecycle.k8s.io/v1alpha1/EvictionRequestList":680,"networking.k8s.io/v1/IPAddress":682,"networking.k8s.io/v1/IPAddressList":685,"networking.k8s.io/v1/Ingress":687,"networking.k8s.io/v1/IngressClass":705,"networking.k8s.io/v1/IngressClassList":708,"networking.k8s.io/v1/IngressList":710,"networking.k8s.io/v1/NetworkPolicy":712,"networking.k8s.io/v1/NetworkPolicyList":723,"networking.k8s.io/v1/ServiceCIDR":725,"networking.k8s.io/v1/ServiceCIDRList":728,"node.k8s.io/v1/RuntimeClass":730,"node.k8s.io/v1/RuntimeClassList":733,"policy/v1/Eviction":735,"policy/v1/PodDisruptionBudget":738,"policy/v1/PodDisruptionBudgetList":742,"rbac.authorization.k8s.io/v1/ClusterRole":744,"rbac.authorization.k8s.io/v1/ClusterRoleBinding":749,"rbac.authorization.k8s.io/v1/ClusterRoleBindingList":753,"rbac.authorization.k8s.io/v1/ClusterRoleList":755,"rbac.authorization.k8s.io/v1/Role":757,"rbac.authorization.k8s.io/v1/RoleBinding":758,"rbac.authorization.k8s.io/v1/RoleBindingList":759,"rbac.authorization.k8s.io/v1/RoleList":761,"resource.k8s.io/v1/DeviceClass":763,"resource.k8s.io/v1/DeviceClassList":771,"resource.k8s.io/v1/DeviceTaintRule":773,"resource.k8s.io/v1/DeviceTaintRuleList":778,"resource.k8s.io/v1/ResourceClaim":780,"resource.k8s.io/v1/ResourceClaimList":809,"resource.k8s.io/v1/ResourceClaimTemplate":811,"resource.k8s.io/v1/ResourceClaimTemplateList":813,"resource.k8s.io/v1/ResourceSlice":815,"resource.k8s.io/v1/ResourceSliceList":839,"resource.k8s.io/v1alpha3/DeviceTaintRule":841,"resource.k8s.io/v1alpha3/DeviceTaintRuleList":846,"resource.k8s.io/v1alpha3/ResourcePoolStatusRequest":848,"resource.k8s.io/v1alpha3/ResourcePoolStatusRequestList":858,"resource.k8s.io/v1beta1/DeviceClass":860,"resource.k8s.io/v1beta1/DeviceClassList":868,"resource.k8s.io/v1beta1/ResourceClaim":870,"resource.k8s.io/v1beta1/ResourceClaimList":898,"resource.k8s.io/v1beta1/ResourceClaimTemplate":900,"resource.k8s.io/v1beta1/ResourceClaimTemplateList":902,"resource.k8s.io/v1beta1/ResourceSlice":904,"resource.k8s.io/v1beta1/ResourceSliceList":928,"resource.k8s.io/v1beta2/DeviceClass":930,"resource.k8s.io/v1beta2/DeviceClassList":938,"resource.k8s.io/v1beta2/DeviceTaintRule":940,"resource.k8s.io/v1beta2/DeviceTaintRuleList":945,"resource.k8s.io/v1beta2/ResourceClaim":947,"resource.k8s.io/v1beta2/ResourceClaimList":976,"resource.k8s.io/v1beta2/ResourceClaimTemplate":978,"resource.k8s.io/v1beta2/ResourceClaimTemplateList":980,"resource.k8s.io/v1beta2/ResourceSlice":982,"resource.k8s.io/v1beta2/ResourceSliceList":1004,"scheduling.k8s.io/v1/PriorityClass":1006,"scheduling.k8s.io/v1/PriorityClassList":1007,"scheduling.k8s.io/v1alpha3/CompositePodGroup":1009,"scheduling.k8s.io/v1alpha3/CompositePodGroupList":1020,"scheduling.k8s.io/v1alpha3/PodGroup":1022,"scheduling.k8s.io/v1alpha3/PodGroupList":1036,"scheduling.k8s.io/v1alpha3/Workload":1038,"scheduling.k8s.io/v1alpha3/WorkloadList":1045,"scheduling.k8s.io/v1beta1/PodGroup":1047,"scheduling.k8s.io/v1beta1/PodGroupList":1064,"scheduling.k8s.io/v1beta1/Workload":1066,"scheduling.k8s.io/v1beta1/WorkloadList":1080,"storage.k8s.io/v1/CSIDriver":1082,"storage.k8s.io/v1/CSIDriverList":1086,"storage.k8s.io/v1/CSINode":1088,"storage.k8s.io/v1/CSINodeList":1098,"storage.k8s.io/v1/CSIStorageCapacity":1100,"storage.k8s.io/v1/CSIStorageCapacityList":1101,"storage.k8s.io/v1/StorageClass":1103,"storage.k8s.io/v1/StorageClassList":1108,"storage.k8s.io/v1/VolumeAttachment":1110,"storage.k8s.io/v1/VolumeAttachmentList":1115,"storage.k8s.io/v1/VolumeAttributesClass":1117,"storage.k8s.io/v1/VolumeAttributesClassList":1118,"storagemigration.k8s.io/v1/StorageVersionMigration":1120,"storagemigration.k8s.io/v1/StorageVersionMigrationList":1124,"storagemigration.k8s.io/v1beta1/StorageVersionMigration":1126,"storagemigration.k8s.io/v1beta1/StorageVersionMigrationList":1129,"apiextensions.k8s.io/v1/CustomResourceDefinition":1131,"apiextensions.k8s.io/v1/CustomResourceDefinitionList":1160,"apiregistration.k8s.io/v1/APIService":1162,"apiregistration.k8s.io/v1/APIServiceList":1168},"clusterScoped":["admissionregistration.k8s.io/v1/MutatingAdmissionPolicy","admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding","admissionregistration.k8s.io/v1/MutatingWebhookConfiguration","admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy","admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding","admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration","admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicy","admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicyBinding","admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicy","admissionregistration.k8s.io/v1beta1/MutatingAdmissionPolicyBinding","apiextensions.k8s.io/v1/CustomResourceDefinition","apiregistration.k8s.io/v1/APIService","authentication.k8s.io/v1/SelfSubjectReview","authentication.k8s.io/v1/TokenReview","authorization.k8s.io/v1/SelfSubjectAccessReview","authorization.k8s.io/v1/SelfSubjectRulesReview","authorization.k8s.io/v1/SubjectAccessReview","certificates.k8s.io/v1/CertificateSigningRequest","certificates.k8s.io/v1/ClusterTrustBundle","certificates.k8s.io/v1beta1/ClusterTrustBundle","flowcontrol.apiserver.k8s.io/v1/FlowSchema","flowcontrol.apiserver.k8s.io/v1/PriorityLevelConfiguration","internal.apiserver.k8s.io/v1alpha1/StorageVersion","networking.k8s.io/v1/IPAddress","networking.k8s.io/v1/IngressClass","networking.k8s.io/v1/ServiceCIDR","node.k8s.io/v1/RuntimeClass","rbac.authorization.k8s.io/v1/ClusterRole","rbac.authorization.k8s.io/v1/ClusterRoleBinding","resource.k8s.io/v1/DeviceClass","resource.k8s.io/v1/DeviceTaintRule","resource.k8s.io/v1/ResourceSlice","resource.k8s.io/v1alpha3/DeviceTaintRule","resource.k8s.io/v1alpha3/ResourcePoolStatusRequest","resource.k8s.io/v1beta1/DeviceClass","resource.k8s.io/v1beta1/ResourceSlice","resource.k8s.io/v1beta2/DeviceClass","resource.k8s.io/v1beta2/DeviceTaintRule","resource.k8s.io/v1beta2/ResourceSlice","scheduling.k8s.io/v1/PriorityClass","storage.k8s.io/v1/CSIDriver","storage.k8s.io/v1/CSINode","storage.k8s.io/v1/StorageClass","storage.k8s.io/v1/VolumeAttachment","storage.k8s.io/v1/VolumeAttributesClass","storagemigration.k8s.io/v1/StorageVersionMigration","storagemigration.k8s.io/v1beta1/StorageVersionMigration","v1/Namespace","v1/Node","v1/PersistentVolume"]}';

// src/schema/validate.ts
var MAX_ISSUES = 20;
var MAX_DEPTH2 = 200;
var bundle;
function schemas() {
  bundle ??= JSON.parse(KUBERNETES_SCHEMAS);
  return bundle;
}
function schemaVersion() {
  return schemas().version;
}
function hasBuiltinSchema(apiVersion, kind) {
  return Object.hasOwn(schemas().kinds, `${apiVersion}/${kind}`);
}
var clusterScoped;
function builtinClusterScoped(apiVersion, kind) {
  const b = schemas();
  clusterScoped ??= new Set(b.clusterScoped);
  const key = `${apiVersion}/${kind}`;
  if (clusterScoped.has(key)) return true;
  return Object.hasOwn(b.kinds, key) ? false : void 0;
}
function fieldPathText(path7) {
  let text = "";
  for (const segment of path7) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text;
}
function jsonType2(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return typeof value;
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
var MAX_SUGGESTION_CANDIDATES = 500;
function closest(name, known) {
  let best;
  let looked = 0;
  let bestDistance = Math.min(Math.max(1, Math.floor(name.length / 3)), name.length - 1) + 1;
  for (const candidate of known) {
    if (++looked > MAX_SUGGESTION_CANDIDATES) break;
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
function distance(a, b) {
  if (a.length > 64 || b.length > 64) return Number.POSITIVE_INFINITY;
  const rows = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0][j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}
var Collector = class {
  issues = [];
  dropped = 0;
  /** Whether a value of the wrong type was found, listed or not. */
  refused = false;
  add(issue) {
    if (issue.kind === "type") this.refused = true;
    if (this.issues.length < MAX_ISSUES) this.issues.push(issue);
    else this.dropped++;
  }
  unknown(path7, known) {
    const name = String(path7[path7.length - 1]);
    const meant = closest(name, known);
    this.add({
      kind: "unknown",
      path: path7,
      message: `unknown field "${fieldPathText(path7)}"${meant ? ` (did you mean "${meant}"?)` : ""}`
    });
  }
};
var GO_TYPES = {
  s: "string",
  d: "metav1.Time (an RFC 3339 time string)",
  y: "[]byte (a base64 string)",
  b: "bool",
  i: "int32",
  l: "int64",
  n: "float64",
  q: "resource.Quantity (a string or a number)",
  x: "intstr.IntOrString (an integer or a string)"
};
var RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
var INT32 = 2 ** 31;
var INT64 = 2 ** 63;
function scalarFits(code, value) {
  switch (code) {
    case "s":
    case "y":
      return typeof value === "string";
    case "d":
      return typeof value === "string" && RFC3339.test(value);
    case "b":
      return typeof value === "boolean";
    case "i":
      return typeof value === "number" && Number.isInteger(value) && value >= -INT32 && value < INT32;
    case "l":
      return typeof value === "number" && Number.isInteger(value) && value >= -INT64 && value < INT64;
    case "n":
      return typeof value === "number";
    case "q":
      return typeof value === "string" || typeof value === "number";
    case "x":
      return typeof value === "string" || typeof value === "number" && Number.isInteger(value) && value >= -INT32 && value < INT32;
    default:
      return true;
  }
}
function shown(value) {
  return jsonType2(value);
}
function checkBuiltin(b, typeId, value, path7, out) {
  if (value === null || path7.length > MAX_DEPTH2) return;
  const type = b.types[typeId];
  if (type === void 0 || type === "*") return;
  if (typeof type === "string") {
    if (!scalarFits(type, value)) {
      out.add({
        kind: "type",
        path: [...path7],
        message: `${fieldPathText(path7)}: cannot unmarshal ${shown(value)} into a field of type ${GO_TYPES[type]}`
      });
    }
    return;
  }
  const [shape, inner] = type;
  if (shape === 2) {
    if (!Array.isArray(value)) {
      wrongShape(path7, value, "a list", out);
      return;
    }
    value.forEach((item, i) => {
      path7.push(i);
      checkBuiltin(b, inner, item, path7, out);
      path7.pop();
    });
    return;
  }
  if (!isObject(value)) {
    wrongShape(path7, value, shape === 1 ? "a map" : "an object", out);
    return;
  }
  if (shape === 1) {
    for (const [key, item] of Object.entries(value)) {
      path7.push(key);
      checkBuiltin(b, inner, item, path7, out);
      path7.pop();
    }
    return;
  }
  const fields = structFields(b, typeId, type);
  for (const [key, item] of Object.entries(value)) {
    path7.push(key);
    const fieldType = fields.get(key);
    if (fieldType === void 0) out.unknown([...path7], fields.keys());
    else checkBuiltin(b, fieldType, item, path7, out);
    path7.pop();
  }
}
var fieldMaps = /* @__PURE__ */ new WeakMap();
function structFields(b, typeId, type) {
  let byType = fieldMaps.get(b);
  if (!byType) {
    byType = /* @__PURE__ */ new Map();
    fieldMaps.set(b, byType);
  }
  let fields = byType.get(typeId);
  if (!fields) {
    fields = /* @__PURE__ */ new Map();
    for (let i = 1; i + 1 < type.length; i += 2) fields.set(b.names[type[i]], type[i + 1]);
    byType.set(typeId, fields);
  }
  return fields;
}
function wrongShape(path7, value, expected, out) {
  out.add({
    kind: "type",
    path: [...path7],
    message: `${path7.length === 0 ? "the object" : fieldPathText(path7)}: cannot unmarshal ${shown(value)} where ${expected} is expected`
  });
}
function crdSchemas(crds) {
  const found = /* @__PURE__ */ new Map();
  for (const crd of crds) {
    const spec = crd.spec;
    if (!isObject(spec) || typeof spec.group !== "string" || !isObject(spec.names)) continue;
    const kind = spec.names.kind;
    if (typeof kind !== "string" || !Array.isArray(spec.versions)) continue;
    for (const version of spec.versions) {
      if (!isObject(version) || typeof version.name !== "string") continue;
      const schema = isObject(version.schema) ? version.schema.openAPIV3Schema : void 0;
      const key = `${spec.group}/${version.name}/${kind}`;
      if (isObject(schema) && !found.has(key)) found.set(key, schema);
    }
  }
  return found;
}
function schemaProperty(schema, name) {
  const properties = schema.properties;
  if (!isObject(properties) || !Object.hasOwn(properties, name)) return void 0;
  const property = properties[name];
  return isObject(property) ? property : void 0;
}
var namesOf = /* @__PURE__ */ new WeakMap();
function propertyNames(schema) {
  let names2 = namesOf.get(schema);
  if (!names2) {
    names2 = [];
    if (isObject(schema.properties))
      for (const name in schema.properties) {
        if (names2.length >= MAX_SUGGESTION_CANDIDATES) break;
        if (Object.hasOwn(schema.properties, name)) names2.push(name);
      }
    namesOf.set(schema, names2);
  }
  return names2;
}
function crdTypeFits(schema, value) {
  if (value === null) return schema.nullable === true;
  if (schema["x-kubernetes-int-or-string"] === true)
    return typeof value === "string" || typeof value === "number" && Number.isInteger(value);
  switch (schema.type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}
function crdTypeMessage(path7, schema, value) {
  const where = fieldPathText(path7);
  const expected = schema["x-kubernetes-int-or-string"] === true ? "integer or string" : String(schema.type);
  const got = value === null ? "null" : jsonType2(value) === "number" ? "number" : jsonType2(value);
  return `${where}: Invalid value: "${got}": ${where} in body must be of type ${expected}: "${got}"`;
}
function checkCustom(b, schema, value, path7, out, root) {
  if (path7.length > MAX_DEPTH2) return;
  if (!crdTypeFits(schema, value)) {
    out.add({ kind: "type", path: [...path7], message: crdTypeMessage(path7, schema, value) });
    return;
  }
  if (value !== null && !inEnum(schema, value)) {
    const where = fieldPathText(path7);
    const supported = schema.enum.slice(0, 10).map((v) => JSON.stringify(v));
    out.add({
      kind: "type",
      path: [...path7],
      message: `${where}: Unsupported value: supported values: ${supported.join(", ")}${schema.enum.length > 10 ? ", ..." : ""}`
    });
  }
  if (Array.isArray(value)) {
    const items2 = isObject(schema.items) ? schema.items : void 0;
    if (!items2) return;
    value.forEach((item, i) => {
      path7.push(i);
      checkCustom(b, items2, item, path7, out, false);
      path7.pop();
    });
    return;
  }
  if (!isObject(value)) return;
  if (Array.isArray(schema.required)) {
    for (const key of schema.required.slice(0, MAX_REQUIRED)) {
      if (typeof key !== "string") continue;
      const present = Object.hasOwn(value, key) && (value[key] !== null || schemaProperty(schema, key)?.nullable === true);
      if (!present) {
        const at2 = [...path7, key];
        out.add({
          kind: "type",
          path: path7.length === 0 ? [key] : [...path7],
          message: `${fieldPathText(at2)}: Required value`
        });
      }
    }
  }
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  const embedded = schema["x-kubernetes-embedded-resource"] === true;
  const additional = schema.additionalProperties;
  for (const [key, item] of Object.entries(value)) {
    path7.push(key);
    const property = schemaProperty(schema, key);
    if (property && item === null) {
    } else if ((root || embedded) && (key === "apiVersion" || key === "kind" || key === "metadata")) {
      if (key === "metadata") checkBuiltin(b, objectMetaType(b), item, path7, out);
    } else if (property) {
      checkCustom(b, property, item, path7, out, false);
    } else if (isObject(additional)) {
      if (item !== null) checkCustom(b, additional, item, path7, out, false);
    } else if (!preserve && additional !== true) {
      out.unknown([...path7], propertyNames(schema));
    }
    path7.pop();
  }
}
var MAX_ENUM = 1e3;
var MAX_REQUIRED = 1e3;
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value))
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  return JSON.stringify(value);
}
var enumTexts = /* @__PURE__ */ new WeakMap();
function inEnum(schema, value) {
  const allowed = schema.enum;
  if (!Array.isArray(allowed) || allowed.length === 0 || allowed.length > MAX_ENUM) return true;
  let texts = enumTexts.get(schema);
  if (!texts) {
    texts = new Set(allowed.map(canonicalJson));
    enumTexts.set(schema, texts);
  }
  return texts.has(canonicalJson(value));
}
function objectMetaType(b) {
  const pod = b.types[b.kinds["v1/Pod"]];
  if (!Array.isArray(pod)) throw new Error("the Kubernetes schemas have no Pod");
  for (let i = 1; i + 1 < pod.length; i += 2) if (b.names[pod[i]] === "metadata") return pod[i + 1];
  throw new Error("the Kubernetes schemas have no ObjectMeta");
}
function validateObject(raw, custom) {
  const b = schemas();
  const out = new Collector();
  const apiVersion = raw.apiVersion;
  const kind = raw.kind;
  if (typeof apiVersion !== "string" || typeof kind !== "string")
    return { issues: [], more: 0, refused: false, checked: "none" };
  const key = `${apiVersion}/${kind}`;
  if (Object.hasOwn(b.kinds, key)) {
    checkBuiltin(b, b.kinds[key], raw, [], out);
    return { issues: out.issues, more: out.dropped, refused: out.refused, checked: "builtin" };
  }
  const schema = custom?.get(key);
  if (!schema) return { issues: [], more: 0, refused: false, checked: "none" };
  checkCustom(b, schema, raw, [], out, true);
  return { issues: out.issues, more: out.dropped, refused: out.refused, checked: "crd" };
}

// src/cluster/load.ts
var import_yaml10 = __toESM(require_dist(), 1);

// src/cluster/fleet.ts
var import_yaml9 = __toESM(require_dist(), 1);
var FLEET_API_VERSION = "berth.dev/v1alpha1";
var MAX_FLEET_NODES = 1e4;
var FLEET_KEYS = /* @__PURE__ */ new Set([
  "apiVersion",
  "kind",
  "metadata",
  "region",
  "pools",
  "pods",
  "priorityClasses",
  "runtimeClasses",
  "resourceQuotas",
  "limitRanges",
  "podDisruptionBudgets",
  "namespaces"
]);
var POOL_KEYS = /* @__PURE__ */ new Set([
  "name",
  "count",
  "allocatable",
  "labels",
  "taints",
  "zones",
  "region",
  "unschedulable"
]);
var TAINT_EFFECTS = /* @__PURE__ */ new Set(["NoSchedule", "PreferNoSchedule", "NoExecute"]);
var OBJECT_LISTS = {
  priorityClasses: { kind: "PriorityClass", apiVersion: "scheduling.k8s.io/v1" },
  runtimeClasses: { kind: "RuntimeClass", apiVersion: "node.k8s.io/v1" },
  namespaces: { kind: "Namespace", apiVersion: "v1" },
  resourceQuotas: { kind: "ResourceQuota", apiVersion: "v1" },
  limitRanges: { kind: "LimitRange", apiVersion: "v1" },
  podDisruptionBudgets: { kind: "PodDisruptionBudget", apiVersion: "policy/v1" },
  pods: { kind: "Pod", apiVersion: "v1" }
};
var DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function isPlain(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function locate2(ctx, path7) {
  let node = ctx.doc.contents;
  let offset = ctx.doc.contents?.range?.[0] ?? 0;
  for (const key of path7) {
    if ((0, import_yaml9.isMap)(node)) {
      const pair = node.items.find((p) => p.key?.value === key);
      if (!pair) break;
      const keyNode = pair.key;
      offset = keyNode?.range?.[0] ?? offset;
      node = pair.value;
    } else if ((0, import_yaml9.isSeq)(node) && typeof key === "number") {
      const item = node.items[key];
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const { line, col } = ctx.lines.linePos(offset);
  return { file: ctx.file, line, column: col };
}
function report2(ctx, path7, severity, message) {
  ctx.diagnostics.push(diagnostic(locate2(ctx, path7), severity, "invalid-cluster", message));
}
function warnUnknownKeys(ctx, value, known, path7, what) {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      report2(
        ctx,
        [...path7, key],
        "warning",
        `unknown key ${JSON.stringify(key)} in ${what} is ignored (known: ${[...known].join(", ")})`
      );
    }
  }
}
function stringList(ctx, value, path7, what) {
  if (value === void 0 || value === null) return [];
  if (!Array.isArray(value)) {
    report2(ctx, path7, "error", `${what} must be a list of strings`);
    return [];
  }
  const out = [];
  value.forEach((v, i) => {
    if (typeof v === "string" && v !== "") out.push(v);
    else report2(ctx, [...path7, i], "error", `${what} must be a list of strings, found ${JSON.stringify(v)}`);
  });
  return out;
}
function labelMap(ctx, value, path7, what) {
  const out = {};
  if (value === void 0 || value === null) return out;
  if (!isPlain(value)) {
    report2(ctx, path7, "error", `${what} must be a mapping of strings`);
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") {
      report2(ctx, [...path7, k], "error", `${what} ${k} must be a string; quote it: "${String(v)}"`);
    } else report2(ctx, [...path7, k], "error", `${what} ${k} must be a string`);
  }
  return out;
}
function taintList(ctx, value, path7, pool) {
  if (value === void 0 || value === null) return [];
  if (!Array.isArray(value)) {
    report2(ctx, path7, "error", `pool ${pool}: taints must be a list`);
    return [];
  }
  const taints = [];
  value.forEach((t, i) => {
    const at2 = [...path7, i];
    if (!isPlain(t) || typeof t.key !== "string" || t.key === "") {
      report2(ctx, at2, "error", `pool ${pool}: a taint needs a key and an effect`);
      return;
    }
    if (typeof t.effect !== "string" || !TAINT_EFFECTS.has(t.effect)) {
      report2(
        ctx,
        [...at2, "effect"],
        "error",
        `pool ${pool}: taint ${t.key} has effect ${JSON.stringify(t.effect ?? null)}; it must be one of NoSchedule, PreferNoSchedule, NoExecute`
      );
      return;
    }
    if (t.value !== void 0 && t.value !== null && typeof t.value !== "string") {
      report2(ctx, [...at2, "value"], "error", `pool ${pool}: taint ${t.key} value must be a string`);
      return;
    }
    const taint = { key: t.key, effect: t.effect };
    if (typeof t.value === "string" && t.value !== "") taint.value = t.value;
    taints.push(taint);
  });
  return taints;
}
var NODE_RESOURCES = ["cpu", "memory", "ephemeral-storage", "pods"];
function nodeResourceName(resource) {
  return resource === "pods" || containerResourceNameProblems(resource).length === 0;
}
function readPool(ctx, value, index, region) {
  const path7 = ["pools", index];
  if (!isPlain(value)) {
    report2(ctx, path7, "error", "a pool must be a mapping with name, count and allocatable");
    return void 0;
  }
  warnUnknownKeys(ctx, value, POOL_KEYS, path7, "a pool");
  const name = value.name;
  if (typeof name !== "string" || name === "") {
    report2(ctx, path7, "error", "a pool needs a name");
    return void 0;
  }
  if (!DNS_LABEL.test(name) || name.length > 56) {
    report2(
      ctx,
      [...path7, "name"],
      "error",
      `pool name ${JSON.stringify(name)} must be lower case letters, digits and '-', start and end with a letter or digit, at most 56 characters (node names are <pool>-<n>)`
    );
    return void 0;
  }
  let ok = true;
  const count = value.count;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1) {
    report2(
      ctx,
      count === void 0 ? path7 : [...path7, "count"],
      "error",
      `pool ${name}: count must be a positive integer, found ${count === void 0 ? "nothing" : JSON.stringify(count)}`
    );
    ok = false;
  }
  let allocatable = {};
  if (value.allocatable === void 0 || value.allocatable === null) {
    report2(
      ctx,
      path7,
      "error",
      `pool ${name}: allocatable is required (cpu, memory and any other resource a node offers)`
    );
    ok = false;
  } else {
    const parsed = parseResourceMap(
      value.allocatable,
      (key) => locate2(ctx, key === "" ? [...path7, "allocatable"] : [...path7, "allocatable", key])
    );
    for (const d of parsed.diagnostics) ctx.diagnostics.push({ ...d, message: `pool ${name}: ${d.message}` });
    if (parsed.diagnostics.some((d) => d.severity === "error")) ok = false;
    allocatable = parsed.list;
    for (const resource of Object.keys(allocatable)) {
      if (nodeResourceName(resource)) continue;
      const meant = closest(resource, NODE_RESOURCES);
      report2(
        ctx,
        [...path7, "allocatable", resource],
        "error",
        `pool ${name}: allocatable ${JSON.stringify(resource)} is not a resource a node offers or a pod can request: Kubernetes takes cpu, memory, ephemeral-storage, pods, hugepages-<size> and domain-qualified extended resources (example.com/gpu)${meant ? `; did you mean ${JSON.stringify(meant)}?` : ""}`
      );
      ok = false;
    }
  }
  allocatable.pods ??= DEFAULT_NODE_PODS;
  const before = ctx.diagnostics.length;
  const labels = labelMap(ctx, value.labels, [...path7, "labels"], `pool ${name}: label`);
  const taints = taintList(ctx, value.taints, [...path7, "taints"], name);
  const zones = stringList(ctx, value.zones, [...path7, "zones"], `pool ${name}: zones`);
  let poolRegion = region;
  if (value.region !== void 0) {
    if (typeof value.region === "string" && value.region !== "") poolRegion = value.region;
    else report2(ctx, [...path7, "region"], "error", `pool ${name}: region must be a string`);
  }
  if (value.unschedulable !== void 0 && typeof value.unschedulable !== "boolean") {
    report2(ctx, [...path7, "unschedulable"], "error", `pool ${name}: unschedulable must be true or false`);
  }
  if (ctx.diagnostics.slice(before).some((d) => d.severity === "error")) ok = false;
  if (!ok) return void 0;
  const pool = {
    name,
    count,
    allocatable,
    labels,
    taints,
    zones,
    unschedulable: value.unschedulable === true,
    path: path7
  };
  if (poolRegion) pool.region = poolRegion;
  return pool;
}
function nodesOf(pool) {
  const nodes = [];
  for (let n = 1; n <= pool.count; n++) {
    const name = `${pool.name}-${n}`;
    const labels = {
      "kubernetes.io/os": "linux",
      ...pool.labels,
      "kubernetes.io/hostname": name,
      "berth.dev/pool": pool.name
    };
    const zone = pool.zones.length > 0 ? pool.zones[(n - 1) % pool.zones.length] : void 0;
    if (zone) labels["topology.kubernetes.io/zone"] = zone;
    if (pool.region) labels["topology.kubernetes.io/region"] = pool.region;
    nodes.push({
      name,
      labels,
      taints: pool.taints.map((t) => ({ ...t })),
      allocatable: { ...pool.allocatable },
      unschedulable: pool.unschedulable,
      pool: pool.name
    });
  }
  return nodes;
}
function embeddedObject(ctx, value, path7, list2, defaults) {
  if (!isPlain(value)) {
    report2(ctx, path7, "error", `${list2} items must be ${defaults.kind} objects`);
    return void 0;
  }
  const kind = value.kind ?? defaults.kind;
  if (kind !== defaults.kind) {
    report2(ctx, [...path7, "kind"], "error", `${list2} holds ${defaults.kind} objects, not ${String(kind)}`);
    return void 0;
  }
  const metadata = value.metadata;
  if (!isPlain(metadata) || typeof metadata.name !== "string" || metadata.name === "") {
    report2(ctx, path7, "error", `a ${defaults.kind} in ${list2} needs metadata.name`);
    return void 0;
  }
  const raw = { ...value, kind, apiVersion: value.apiVersion ?? defaults.apiVersion };
  const start = locate2(ctx, path7);
  return {
    apiVersion: String(raw.apiVersion),
    kind,
    metadata,
    raw,
    source: { ...start, document: 0 },
    locate: (sub) => locate2(ctx, [...path7, ...sub])
  };
}
function parseFleet(text, file) {
  const lines = new import_yaml9.LineCounter();
  const docs = (0, import_yaml9.parseAllDocuments)(text, { lineCounter: lines, schema: "core", uniqueKeys: true, merge: true });
  const cluster = emptyCluster();
  const diagnostics = [];
  const list2 = Array.isArray(docs) ? docs : [];
  const doc = list2[0];
  if (!doc) {
    diagnostics.push(
      diagnostic({ file, line: 1, column: 1 }, "error", "invalid-cluster", "fleet file is empty")
    );
    return { cluster, diagnostics };
  }
  const ctx = { file, doc, lines, diagnostics };
  for (const [i, extra] of list2.entries()) {
    if (i === 0) continue;
    const { line, col } = lines.linePos(extra.range[0]);
    diagnostics.push(
      diagnostic(
        { file, line, column: col },
        "warning",
        "invalid-cluster",
        "a fleet file holds one Fleet document; this document is ignored"
      )
    );
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lines.linePos(e.pos[0]);
      const code = e.code === "DUPLICATE_KEY" ? "yaml-duplicate-key" : "yaml-syntax";
      diagnostics.push(
        diagnostic({ file, line, column: col }, "error", code, e.message.split("\n")[0] ?? e.code)
      );
    }
    return { cluster, diagnostics };
  }
  let value;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.push(
      diagnostic(locate2(ctx, []), "error", "yaml-alias-limit", `fleet could not be read: ${message}`)
    );
    return { cluster, diagnostics };
  }
  if (!isPlain(value)) {
    report2(ctx, [], "error", "a fleet must be a mapping");
    return { cluster, diagnostics };
  }
  if (value.apiVersion !== FLEET_API_VERSION) {
    report2(
      ctx,
      ["apiVersion"],
      "error",
      `fleet apiVersion must be ${FLEET_API_VERSION}, found ${JSON.stringify(value.apiVersion)}`
    );
  }
  warnUnknownKeys(ctx, value, FLEET_KEYS, [], "the fleet");
  let region;
  if (value.region !== void 0) {
    if (typeof value.region === "string" && value.region !== "") region = value.region;
    else report2(ctx, ["region"], "error", "region must be a string");
  }
  const pools = value.pools;
  if (!Array.isArray(pools) || pools.length === 0) {
    report2(
      ctx,
      pools === void 0 ? [] : ["pools"],
      "error",
      "a fleet needs pools: a list of node pools with name, count and allocatable"
    );
  } else {
    const seen = /* @__PURE__ */ new Map();
    let total = 0;
    let overLimit = false;
    pools.forEach((raw, i) => {
      const pool = readPool(ctx, raw, i, region);
      if (!pool) return;
      const first = seen.get(pool.name);
      if (first !== void 0) {
        report2(
          ctx,
          [...pool.path, "name"],
          "error",
          `pool name ${pool.name} is used twice (first at pools[${first}]); pool names must be unique`
        );
        return;
      }
      seen.set(pool.name, i);
      total += pool.count;
      if (total > MAX_FLEET_NODES) {
        if (!overLimit) {
          report2(
            ctx,
            [...pool.path, "count"],
            "error",
            `fleet has ${total.toLocaleString("en-US")} nodes up to pool ${pool.name}, over the limit of ${MAX_FLEET_NODES.toLocaleString("en-US")}; this pool and the ones after it are left out`
          );
        }
        overLimit = true;
        return;
      }
      cluster.nodes.push(...nodesOf(pool));
    });
  }
  const objects = [];
  for (const [key, defaults] of Object.entries(OBJECT_LISTS)) {
    const items2 = value[key];
    if (items2 === void 0 || items2 === null) continue;
    if (!Array.isArray(items2)) {
      report2(ctx, [key], "error", `${key} must be a list of ${defaults.kind} objects`);
      continue;
    }
    items2.forEach((item, i) => {
      const object = embeddedObject(ctx, item, [key, i], key, defaults);
      if (object) objects.push(object);
    });
  }
  addObjects(cluster, objects, diagnostics);
  return { cluster, diagnostics };
}

// src/cluster/load.ts
var MAX_FLEET_TEXT = 4 * 1024 * 1024;
function firstDocument(text) {
  const separator = /^---/gm;
  let match = separator.exec(text);
  if (match && text.slice(0, match.index).trim() === "") match = separator.exec(text);
  return match ? text.slice(0, match.index) : text;
}
function isFleetText(text) {
  if (text.length > MAX_FLEET_TEXT) return false;
  const first = firstDocument(text);
  if (!first.includes("Fleet")) return false;
  const docs = (0, import_yaml10.parseAllDocuments)(first, { lineCounter: new import_yaml10.LineCounter(), schema: "core" });
  const doc = Array.isArray(docs) ? docs[0] : void 0;
  if (!doc) return false;
  const kind = doc.get("kind");
  const apiVersion = doc.get("apiVersion");
  return kind === "Fleet" && typeof apiVersion === "string" && apiVersion.startsWith("berth.dev/");
}
function loadClusterText(text, file) {
  let result;
  if (isFleetText(text)) {
    result = parseFleet(text, file);
  } else {
    const { objects, diagnostics } = parseManifests(text, file);
    const loaded = clusterFromObjects(objects);
    result = { cluster: loaded.cluster, diagnostics: [...diagnostics, ...loaded.diagnostics] };
  }
  if (result.cluster.nodes.length === 0) {
    const hint = `(a snapshot needs Node objects, a fleet needs pools; see ${FLEET_API_VERSION} Fleet)`;
    result.diagnostics.push(
      diagnostic({ file, line: 1, column: 1 }, "error", "invalid-cluster", `cluster has no nodes ${hint}`)
    );
  }
  return result;
}
async function loadClusterFile(path7, options = {}) {
  const read = await readContained(path7, options.scope ?? { root: process.cwd() });
  if (!read.ok) {
    const why = read.code === "missing" ? "no such file" : read.code === "too-large" ? "too large" : read.message === "is a directory" ? "it is a directory; give a snapshot or fleet file" : read.message;
    throw new BerthError("io", `cannot read cluster file ${path7}: ${why}`);
  }
  const decoded = decodeText(read.bytes);
  if (!decoded.ok) throw new BerthError("io", `cannot read cluster file ${path7}: ${decoded.why}`);
  options.sources?.set(path7, decoded.text);
  return loadClusterText(decoded.text, path7);
}

// src/cluster/source.ts
async function loadCluster(ref, options = {}) {
  if (ref.kind === "file") {
    const { cluster, diagnostics } = await loadClusterFile(ref.path, {
      ...options.scope ? { scope: options.scope } : {},
      ...options.sources ? { sources: options.sources } : {}
    });
    return { cluster, diagnostics, label: ref.path };
  }
  const { context } = ref;
  const { readLiveCluster } = await import("./live-4U7G4FA4.js");
  const read = await readLiveCluster({
    ...context !== void 0 ? { context } : {},
    ...options.kubeconfig ? { kubeconfig: options.kubeconfig } : {},
    ...options.env ? { env: options.env } : {}
  });
  return {
    cluster: read.cluster,
    diagnostics: read.diagnostics,
    label: `${read.source.context}@${read.source.host}`
  };
}

// src/timeline/types.ts
var TIMELINE_POLICIES = ["fifo", "edf", "critical-path"];
var ANNOTATION_DURATION = "berth.dev/expected-duration";
var ANNOTATION_DEADLINE = "berth.dev/deadline";
var ANNOTATION_AFTER = "berth.dev/after";

// src/admission/quantity-format.ts
function formatOf(text) {
  const parsed = parseQuantity(text);
  return parsed.ok ? parsed.q.format : "DecimalSI";
}
function addAmounts(a, b) {
  if (!a) return { ...b };
  return { value: a.value + b.value, format: a.value === 0 ? b.format : a.format };
}
function maxAmount(a, b) {
  if (!a || b.value > a.value) return { ...b };
  return a;
}
var DECIMAL_SUFFIXES = {
  [-9]: "n",
  [-6]: "u",
  [-3]: "m",
  0: "",
  3: "k",
  6: "M",
  9: "G",
  12: "T",
  15: "P",
  18: "E"
};
var BINARY_SUFFIXES = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
function removeFactors(value, base) {
  let times = 0;
  let v = value;
  while (v !== 0n && v % base === 0n) {
    v /= base;
    times++;
  }
  return [v, times];
}
function quantityString(amount, milli) {
  const { value } = amount;
  if (value === 0) return "0";
  const scale = milli ? -3 : 0;
  let format = amount.format;
  if (format === "BinarySI") {
    const whole = milli ? value / 1e3 : value;
    if (Math.abs(whole) < 1024 || !Number.isInteger(whole)) format = "DecimalSI";
    else {
      const [mantissa2, exponent2] = removeFactors(BigInt(whole), 1024n);
      const suffix2 = BINARY_SUFFIXES[exponent2];
      if (suffix2 !== void 0) return `${mantissa2}${suffix2}`;
      format = "DecimalSI";
    }
  }
  let [mantissa, times] = removeFactors(BigInt(value), 10n);
  let exponent = scale + times;
  const rem = exponent % 3;
  if (rem === 1 || rem === -2) {
    mantissa *= 10n;
    exponent -= 1;
  } else if (rem === 2 || rem === -1) {
    mantissa *= 100n;
    exponent -= 2;
  }
  if (format === "DecimalExponent") return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = DECIMAL_SUFFIXES[exponent];
  return suffix !== void 0 ? `${mantissa}${suffix}` : `${mantissa}e${exponent}`;
}
function roundTrip(amount, milli) {
  return { value: amount.value, format: formatOf(quantityString(amount, milli)) };
}

// src/admission/pod-resources.ts
function isMilliResource(name) {
  const base = name.startsWith("requests.") ? name.slice(9) : name.startsWith("limits.") ? name.slice(7) : name;
  return base === "cpu";
}
function amountsOf(map) {
  const out = /* @__PURE__ */ new Map();
  if (!map) return out;
  for (const [name, raw] of Object.entries(map)) {
    const parsed = parseResourceAmount(name, raw);
    if (parsed.ok) out.set(name, { value: parsed.value, format: formatOf(raw) });
  }
  return out;
}
function limitRangeDefaults(item, key) {
  const out = /* @__PURE__ */ new Map();
  for (const [name, value] of Object.entries(item[key] ?? {})) {
    let text = item.text?.[key]?.[name];
    for (const source of ["default", "max", "min"]) {
      if (text !== void 0) break;
      if (item[source]?.[name] === value) text = item.text?.[source]?.[name];
    }
    out.set(name, { value, format: formatOf(text ?? String(value)) });
  }
  return out;
}
function admitContainer(c, init, limitRanges) {
  const requests = amountsOf(c.resources?.requests);
  const limits = amountsOf(c.resources?.limits);
  for (const [name, amount] of limits) if (!requests.has(name)) requests.set(name, { ...amount });
  for (const lr of limitRanges) {
    for (const item of lr.limits) {
      if (item.type !== "Container") continue;
      for (const [name, amount] of limitRangeDefaults(item, "default")) {
        if (!limits.has(name)) limits.set(name, amount);
      }
      for (const [name, amount] of limitRangeDefaults(item, "defaultRequest")) {
        if (!requests.has(name)) requests.set(name, amount);
      }
    }
  }
  return { name: c.name ?? "", sidecar: init && c.restartPolicy === "Always", init, requests, limits };
}
function admittedContainers(spec, limitRanges) {
  return [
    ...(spec.containers ?? []).map((c) => admitContainer(c, false, limitRanges)),
    ...(spec.initContainers ?? []).map((c) => admitContainer(c, true, limitRanges))
  ];
}
function addInto(list2, add) {
  for (const [name, amount] of add) list2.set(name, addAmounts(list2.get(name), amount));
}
function maxInto(list2, other) {
  for (const [name, amount] of other) list2.set(name, maxAmount(list2.get(name), amount));
}
function podTotal(containers, pick) {
  const total = /* @__PURE__ */ new Map();
  const sidecars = /* @__PURE__ */ new Map();
  const initPeak = /* @__PURE__ */ new Map();
  for (const c of containers) {
    if (!c.init) addInto(total, c[pick]);
  }
  for (const c of containers) {
    if (!c.init) continue;
    if (c.sidecar) {
      addInto(total, c[pick]);
      addInto(sidecars, c[pick]);
      maxInto(initPeak, sidecars);
    } else {
      const moment = /* @__PURE__ */ new Map();
      addInto(moment, c[pick]);
      addInto(moment, sidecars);
      maxInto(initPeak, moment);
    }
  }
  maxInto(total, initPeak);
  return total;
}
function podUsageTotals(spec, containers) {
  const requests = podTotal(containers, "requests");
  const limits = podTotal(containers, "limits");
  const podLevelRequests = amountsOf(spec.resources?.requests);
  const podLevelLimits = amountsOf(spec.resources?.limits);
  for (const name of ["cpu", "memory"]) {
    const req = podLevelRequests.get(name) ?? podLevelLimits.get(name);
    if (req) requests.set(name, req);
    const lim = podLevelLimits.get(name);
    if (lim) limits.set(name, lim);
  }
  const overhead = amountsOf(spec.overhead);
  addInto(requests, overhead);
  for (const [name, amount] of overhead) {
    const current = limits.get(name);
    if (current) limits.set(name, addAmounts(current, amount));
  }
  return { requests, limits };
}

// src/admission/limit-ranger.ts
function enforcedAmounts(item, bound2) {
  const values = item[bound2] ?? {};
  return Object.keys(values).sort().map((name) => {
    const value = values[name] ?? 0;
    return [name, { value, format: formatOf(item.text?.[bound2]?.[name] ?? String(value)) }];
  });
}
function show(amount, name) {
  return quantityString(amount, isMilliResource(name));
}
function minConstraint(type, name, enforced, requests, limits) {
  const req = requests.get(name);
  const lim = limits.get(name);
  const min = show(enforced, name);
  if (!req) return `minimum ${name} usage per ${type} is ${min}.  No request is specified`;
  if (req.value < enforced.value)
    return `minimum ${name} usage per ${type} is ${min}, but request is ${show(req, name)}`;
  if (lim && lim.value < enforced.value)
    return `minimum ${name} usage per ${type} is ${min}, but limit is ${show(lim, name)}`;
  return void 0;
}
function maxConstraint(type, name, enforced, requests, limits) {
  const req = requests.get(name);
  const lim = limits.get(name);
  const max = show(enforced, name);
  if (!lim) return `maximum ${name} usage per ${type} is ${max}.  No limit is specified`;
  if (lim.value > enforced.value)
    return `maximum ${name} usage per ${type} is ${max}, but limit is ${show(lim, name)}`;
  if (req && req.value > enforced.value)
    return `maximum ${name} usage per ${type} is ${max}, but request is ${show(req, name)}`;
  return void 0;
}
function ratioConstraint(type, name, enforced, requests, limits) {
  const req = requests.get(name);
  const lim = limits.get(name);
  const ratio = quantityString(enforced, true);
  if (!req || req.value === 0) {
    return `${name} max limit to request ratio per ${type} is ${ratio}, but no request is specified or request is 0`;
  }
  if (!lim || lim.value === 0) {
    return `${name} max limit to request ratio per ${type} is ${ratio}, but no limit is specified or limit is 0`;
  }
  const observed = lim.value / req.value;
  if (observed * 1e3 > enforced.value) {
    return `${name} max limit to request ratio per ${type} is ${ratio}, but provided ratio is ${observed.toFixed(6)}`;
  }
  return void 0;
}
function checkItem(item, type, requests, limits, errors) {
  for (const [name, enforced] of enforcedAmounts(item, "min")) {
    const e = minConstraint(type, name, enforced, requests, limits);
    if (e) errors.push(e);
  }
  for (const [name, enforced] of enforcedAmounts(item, "max")) {
    const e = maxConstraint(type, name, enforced, requests, limits);
    if (e) errors.push(e);
  }
  for (const [name, enforced] of enforcedAmounts(item, "maxLimitRequestRatio")) {
    const e = ratioConstraint(type, name, enforced, requests, limits);
    if (e) errors.push(e);
  }
}
function aggregate(errors) {
  const unique = [...new Set(errors)];
  if (unique.length === 0) return void 0;
  if (unique.length === 1) return unique[0];
  return `[${unique.join(", ")}]`;
}
function limitRangeViolation(limitRange, containers) {
  const errors = [];
  for (const item of limitRange.limits) {
    if (item.type === "Container") {
      for (const c of containers) checkItem(item, "Container", c.requests, c.limits, errors);
    } else if (item.type === "Pod") {
      checkItem(item, "Pod", podTotal(containers, "requests"), podTotal(containers, "limits"), errors);
    }
  }
  return aggregate(errors);
}
function checkLimitRanges(limitRanges, containers) {
  for (const lr of limitRanges) {
    const violation = limitRangeViolation(lr, containers);
    if (violation) return violation;
  }
  return void 0;
}

// src/admission/quota.ts
var POD_RESOURCES = /* @__PURE__ */ new Set([
  "count/pods",
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods"
]);
var MUST_SPECIFY = /* @__PURE__ */ new Set([
  "cpu",
  "memory",
  "requests.cpu",
  "requests.memory",
  "limits.cpu",
  "limits.memory"
]);
function isExtended(name) {
  return name.includes("/") && !name.includes("kubernetes.io/");
}
function podQuotaResources(hard) {
  const out = /* @__PURE__ */ new Set();
  for (const name of hard) {
    if (POD_RESOURCES.has(name)) out.add(name);
    else if (name.startsWith("hugepages-") || name.startsWith("requests.hugepages-")) out.add(name);
    else if (name.startsWith("requests.") && isExtended(name)) out.add(name);
  }
  return [...out].sort();
}
function crossNamespace(terms) {
  return (terms ?? []).some((t) => (t.namespaces?.length ?? 0) > 0 || t.namespaceSelector != null);
}
function crossNamespaceWeighted(terms) {
  return crossNamespace((terms ?? []).map((t) => t.podAffinityTerm));
}
function isBestEffort(pod) {
  const level = pod.spec.resources;
  for (const name of ["cpu", "memory"]) {
    if (level?.requests?.[name] !== void 0 || level?.limits?.[name] !== void 0) return false;
    for (const c of pod.containers) if (c.requests.has(name) || c.limits.has(name)) return false;
  }
  return true;
}
function matchesScope(req, pod) {
  switch (req.scopeName) {
    case "Terminating":
      return (pod.spec.activeDeadlineSeconds ?? -1) >= 0;
    case "NotTerminating":
      return !((pod.spec.activeDeadlineSeconds ?? -1) >= 0);
    case "BestEffort":
      return isBestEffort(pod);
    case "NotBestEffort":
      return !isBestEffort(pod);
    case "PriorityClass": {
      const has2 = pod.priorityClassName !== "";
      const values = req.values ?? [];
      switch (req.operator) {
        case "Exists":
          return has2;
        case "DoesNotExist":
          return !has2;
        case "In":
          return has2 && values.includes(pod.priorityClassName);
        case "NotIn":
          return !has2 || !values.includes(pod.priorityClassName);
        default:
          return false;
      }
    }
    case "CrossNamespacePodAffinity": {
      const a = pod.spec.affinity;
      return crossNamespace(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution) || crossNamespaceWeighted(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution) || crossNamespace(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution) || crossNamespaceWeighted(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
    }
    default:
      return false;
  }
}
function scopeRequirements(quota) {
  return [
    ...quota.scopes.map((scopeName) => ({ scopeName, operator: "Exists" })),
    ...quota.scopeSelector ?? []
  ];
}
function quotaMatches(quota, pod) {
  if (podQuotaResources(Object.keys(quota.hard)).length === 0) return false;
  return scopeRequirements(quota).every((r) => matchesScope(r, pod));
}
function podQuotaUsage(pod) {
  const { requests, limits } = podUsageTotals(pod.spec, pod.containers);
  const usage3 = /* @__PURE__ */ new Map();
  usage3.set("count/pods", { value: 1, format: "DecimalSI" });
  usage3.set("pods", { value: 1, format: "DecimalSI" });
  for (const name of ["cpu", "memory", "ephemeral-storage"]) {
    const req = requests.get(name);
    if (req) {
      usage3.set(name, req);
      usage3.set(`requests.${name}`, req);
    }
    const lim = limits.get(name);
    if (lim) usage3.set(`limits.${name}`, lim);
  }
  for (const [name, req] of requests) {
    if (name.startsWith("hugepages-")) {
      usage3.set(name, req);
      usage3.set(`requests.${name}`, req);
    } else if (isExtended(name) && !name.startsWith("requests.")) {
      usage3.set(`requests.${name}`, req);
    }
  }
  return usage3;
}
function containerUsageNames(c) {
  const names2 = /* @__PURE__ */ new Set(["pods"]);
  for (const name of ["cpu", "memory", "ephemeral-storage"]) {
    if (c.requests.has(name)) {
      names2.add(name);
      names2.add(`requests.${name}`);
    }
    if (c.limits.has(name)) names2.add(`limits.${name}`);
  }
  return names2;
}
function missingRequirements(quota, pod) {
  const required = podQuotaResources(Object.keys(quota.hard)).filter((n) => MUST_SPECIFY.has(n));
  if (required.length === 0) return void 0;
  const missing = /* @__PURE__ */ new Map();
  for (const c of pod.containers) {
    const has2 = containerUsageNames(c);
    for (const name of required) {
      if (has2.has(name)) continue;
      const names2 = missing.get(name) ?? /* @__PURE__ */ new Set();
      names2.add(c.name);
      missing.set(name, names2);
    }
  }
  if (missing.size === 0) return void 0;
  const parts = [...missing.keys()].sort().map((name) => `${name} for: ${[...missing.get(name) ?? []].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}
function hardAmount(quota, name) {
  const value = quota.hard[name] ?? 0;
  return roundTrip(
    { value, format: formatOf(quota.hardText?.[name] ?? String(value)) },
    isMilliResource(name)
  );
}
function prettyPrint(list2, names2) {
  return [...names2].sort().map(
    (name) => `${name}=${quantityString(list2.get(name) ?? { value: 0, format: "DecimalSI" }, isMilliResource(name))}`
  ).join(",");
}
function initialQuotaState(quota, pods) {
  const tracked = podQuotaResources(Object.keys(quota.hard));
  let used = new Map(tracked.map((n) => [n, { value: 0, format: "DecimalSI" }]));
  const selectors = scopeRequirements(quota);
  for (const pod of pods) {
    if (!selectors.every((r) => matchesScope(r, pod))) continue;
    used = addUsage(used, podQuotaUsage(pod), tracked);
  }
  const stored = /* @__PURE__ */ new Map();
  for (const [name, amount] of used) stored.set(name, roundTrip(amount, isMilliResource(name)));
  return { quota, used: stored };
}
function addUsage(used, usage3, tracked) {
  const next = new Map(used);
  for (const name of tracked) {
    const add = usage3.get(name);
    if (add && add.value !== 0) next.set(name, addAmounts(next.get(name), add));
  }
  return next;
}
function checkQuotas(states, pod) {
  const interesting = [];
  for (const state of states) {
    if (!quotaMatches(state.quota, pod)) continue;
    const missing = missingRequirements(state.quota, pod);
    if (missing) return { allowed: false, reason: `failed quota: ${state.quota.name}: ${missing}` };
    interesting.push(state);
  }
  const usage3 = podQuotaUsage(pod);
  const charges = [];
  for (const state of interesting) {
    const hardNames = Object.keys(state.quota.hard);
    const requested = /* @__PURE__ */ new Map();
    for (const name of hardNames) {
      const amount = usage3.get(name);
      if (amount && amount.value !== 0) requested.set(name, amount);
    }
    if (requested.size === 0) continue;
    const exceeded = [];
    for (const [name, amount] of requested) {
      const used = state.used.get(name)?.value ?? 0;
      if (used + amount.value > (state.quota.hard[name] ?? 0)) exceeded.push(name);
    }
    if (exceeded.length > 0) {
      const hard = new Map(exceeded.map((n) => [n, hardAmount(state.quota, n)]));
      return {
        allowed: false,
        reason: `exceeded quota: ${state.quota.name}, requested: ${prettyPrint(requested, exceeded)}, used: ${prettyPrint(state.used, exceeded)}, limited: ${prettyPrint(hard, exceeded)}`
      };
    }
    charges.push({ state, usage: requested });
  }
  return { allowed: true, charges };
}
function chargeQuotas(charges) {
  for (const { state, usage: usage3 } of charges) {
    const next = addUsage(state.used, usage3, [...usage3.keys()]);
    state.used = new Map([...next].map(([n, a]) => [n, roundTrip(a, isMilliResource(n))]));
  }
}

// src/admission/index.ts
function byNamespace(items2) {
  const out = /* @__PURE__ */ new Map();
  for (const item of items2) {
    const list2 = out.get(item.namespace) ?? [];
    list2.push(item);
    out.set(item.namespace, list2);
  }
  return out;
}
function defaultClass(classes) {
  let best;
  for (const pc of classes) {
    if (pc.globalDefault && (!best || pc.value < best.value)) best = pc;
  }
  return best?.name ?? "";
}
function quotaPod(pod, limitRanges, defaultPriorityClass) {
  return {
    spec: pod.spec,
    containers: admittedContainers(pod.spec, limitRanges),
    priorityClassName: pod.spec.priorityClassName || defaultPriorityClass
  };
}
function createAdmissionState(cluster) {
  const defaultPriorityClass = defaultClass(cluster.priorityClasses);
  const podsByNs = byNamespace([...cluster.pods, ...cluster.pendingPods]);
  const quotas = /* @__PURE__ */ new Map();
  const sorted = [...cluster.quotas].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const quota of sorted) {
    const existing = (podsByNs.get(quota.namespace) ?? []).map((p) => quotaPod(p, [], ""));
    const list2 = quotas.get(quota.namespace) ?? [];
    list2.push(initialQuotaState(quota, existing));
    quotas.set(quota.namespace, list2);
  }
  const limitRanges = byNamespace(
    [...cluster.limitRanges].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
  return { quotas, limitRanges, defaultPriorityClass };
}
function evaluate(pod, state) {
  if (pod.admissionError) return { allowed: false, reason: pod.admissionError };
  const limitRanges = state.limitRanges.get(pod.namespace) ?? [];
  const qp = quotaPod(pod, limitRanges, state.defaultPriorityClass);
  const violation = checkLimitRanges(limitRanges, qp.containers);
  if (violation) return { allowed: false, reason: violation };
  if (pod.admissionValidationError) return { allowed: false, reason: pod.admissionValidationError };
  return checkQuotas(state.quotas.get(pod.namespace) ?? [], qp);
}
function admitAndRecord(pod, state) {
  const decision = evaluate(pod, state);
  if (!decision.allowed) return { allowed: false, reason: decision.reason };
  chargeQuotas(decision.charges);
  return { allowed: true };
}

// src/manifests/kinds.ts
var BUILTIN_KINDS = /* @__PURE__ */ new Set([
  // core/v1
  "Binding",
  "ComponentStatus",
  "ConfigMap",
  "Endpoints",
  "Event",
  "LimitRange",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Pod",
  "PodTemplate",
  "ReplicationController",
  "ResourceQuota",
  "Secret",
  "Service",
  "ServiceAccount",
  // apps, batch, autoscaling, policy
  "ControllerRevision",
  "DaemonSet",
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "CronJob",
  "Job",
  "HorizontalPodAutoscaler",
  "PodDisruptionBudget",
  // networking, discovery
  "Ingress",
  "IngressClass",
  "IPAddress",
  "NetworkPolicy",
  "ServiceCIDR",
  "EndpointSlice",
  // rbac, authentication, authorization, certificates
  "ClusterRole",
  "ClusterRoleBinding",
  "Role",
  "RoleBinding",
  "TokenRequest",
  "TokenReview",
  "SelfSubjectReview",
  "LocalSubjectAccessReview",
  "SelfSubjectAccessReview",
  "SelfSubjectRulesReview",
  "SubjectAccessReview",
  "CertificateSigningRequest",
  "ClusterTrustBundle",
  "PodCertificateRequest",
  // storage, scheduling, node, coordination
  "CSIDriver",
  "CSINode",
  "CSIStorageCapacity",
  "StorageClass",
  "VolumeAttachment",
  "VolumeAttributesClass",
  "StorageVersionMigration",
  "PriorityClass",
  "RuntimeClass",
  "Lease",
  "LeaseCandidate",
  // admission, extensions, aggregation, flow control, internal
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "CustomResourceDefinition",
  "APIService",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "StorageVersion",
  // resource.k8s.io (dynamic resource allocation)
  "DeviceClass",
  "DeviceTaintRule",
  "ResourceClaim",
  "ResourceClaimTemplate",
  "ResourceSlice"
]);
var BUILTIN_GROUP = /^(|apps|batch|autoscaling|policy|extensions|[a-z0-9.-]*\.k8s\.io)$/;
function isBuiltinKind(kind, group) {
  return BUILTIN_KINDS.has(kind) && (group === void 0 || BUILTIN_GROUP.test(group));
}
function definedKinds(objects, clusterDefinitions) {
  const defined = /* @__PURE__ */ new Set();
  const raws = [
    ...objects.filter((o) => o.kind === "CustomResourceDefinition").map((o) => o.raw),
    ...clusterDefinitions
  ];
  for (const raw of raws) {
    const spec = raw.spec;
    if (typeof spec?.group === "string" && typeof spec.names?.kind === "string")
      defined.add(`${spec.group}/${spec.names.kind}`);
  }
  return defined;
}
function groupOf(apiVersion) {
  const slash = apiVersion.lastIndexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
function unknownKindWarnings(objects, definitions, reported = /* @__PURE__ */ new Set(), clusterDefinitions = []) {
  const defined = definedKinds(definitions, clusterDefinitions);
  const warnings = [];
  for (const o of objects) {
    const group = groupOf(o.apiVersion);
    if (reported.has(o) || isBuiltinKind(o.kind, group) || defined.has(`${group}/${o.kind}`)) continue;
    warnings.push(
      diagnostic(
        o.source,
        "warning",
        "unsupported-kind",
        `${describeObject(o.kind, o.metadata.name)}: unknown kind ${o.kind} (${o.apiVersion}), not validated or simulated: it is not built into Kubernetes and no CustomResourceDefinition among the manifests or in the cluster defines it`
      )
    );
  }
  return warnings;
}

// src/model/resources.ts
function addInto2(target, add, times = 1) {
  for (const [name, value] of Object.entries(add)) {
    target[name] = (target[name] ?? 0) + value * times;
  }
  return target;
}
function sumResources(lists) {
  const total = {};
  for (const list2 of lists) addInto2(total, list2);
  return total;
}
function compact(list2) {
  const out = {};
  for (const name of Object.keys(list2).sort()) {
    const value = list2[name];
    if (value) out[name] = value;
  }
  return out;
}
function usageBy(pods, key) {
  const out = /* @__PURE__ */ new Map();
  for (const pod of pods) {
    const k = key(pod);
    if (k === void 0) continue;
    let entry = out.get(k);
    if (!entry) {
      entry = { requests: {}, limits: {}, count: 0 };
      out.set(k, entry);
    }
    addInto2(entry.requests, pod.requests);
    addInto2(entry.limits, pod.limits);
    entry.count++;
  }
  return out;
}

// src/scheduler/framework/interfaces.ts
var Status = class {
  code;
  reasons;
  /** Set by the runtime to the plugin that returned this status. */
  plugin;
  constructor(code, ...reasons) {
    this.code = code;
    this.reasons = reasons;
    this.plugin = void 0;
  }
  isSuccess() {
    return this.code === "Success";
  }
  /** Unschedulable or UnschedulableAndUnresolvable: the pod does not fit, which is not an error. */
  isRejected() {
    return this.code === "Unschedulable" || this.code === "UnschedulableAndUnresolvable";
  }
  message() {
    return this.reasons.join(", ");
  }
  withPlugin(plugin) {
    this.plugin = plugin;
    return this;
  }
};
var unschedulable = (...reasons) => new Status("Unschedulable", ...reasons);
var unresolvable = (...reasons) => new Status("UnschedulableAndUnresolvable", ...reasons);
var skip = () => new Status("Skip");
var errorStatus = (message) => new Status("Error", message);
var CycleState = class _CycleState {
  data = /* @__PURE__ */ new Map();
  /** Filter plugins whose PreFilter returned Skip for this pod. */
  skipFilterPlugins = /* @__PURE__ */ new Set();
  /** Score plugins whose PreScore returned Skip for this pod. */
  skipScorePlugins = /* @__PURE__ */ new Set();
  read(key) {
    return this.data.get(key);
  }
  write(key, value) {
    this.data.set(key, value);
  }
  delete(key) {
    this.data.delete(key);
  }
  clone() {
    const copy = new _CycleState();
    for (const [key, value] of this.data) copy.data.set(key, value.clone ? value.clone() : value);
    for (const name of this.skipFilterPlugins) copy.skipFilterPlugins.add(name);
    for (const name of this.skipScorePlugins) copy.skipScorePlugins.add(name);
    return copy;
  }
};
var preFilterStateKey = (plugin) => `PreFilter${plugin}`;
var preScoreStateKey = (plugin) => `PreScore${plugin}`;
function readState(state, key) {
  return state.read(key) ?? errorStatus(`error reading "${key}" from cycleState: not found`);
}
function readScoreState(state, key, pod, compute) {
  return state.read(key) ?? compute(pod);
}
var DEFAULT_MILLI_CPU_REQUEST = 100;
var DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;
var MAX_NODE_SCORE = 100;
function podHostPorts(pod) {
  const out = [];
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  }
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy !== "Always") continue;
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  }
  return out;
}
function portKey(p) {
  return [p.hostIP || "0.0.0.0", `${p.protocol ?? "TCP"}/${p.hostPort}`];
}
function nonZeroRequest(pod) {
  const cpu = pod.requests.cpu ?? 0;
  const memory = pod.requests.memory ?? 0;
  const defaults = pod.nonZeroDefaults;
  if (defaults) return { cpu: cpu + defaults.cpu, memory: memory + defaults.memory };
  return {
    cpu: cpu > 0 ? cpu : DEFAULT_MILLI_CPU_REQUEST,
    memory: memory > 0 ? memory : DEFAULT_MEMORY_REQUEST
  };
}
function hasAffinity(pod) {
  const a = pod.spec.affinity;
  return !!(a?.podAffinity || a?.podAntiAffinity);
}
function hasRequiredAntiAffinity(pod) {
  return (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0;
}
var ChangeLog = class {
  buffer = new Int32Array(1024);
  /** The pod each entry added (+1) or removed (-1), so a counter can apply the change alone. */
  pods = [];
  signs = new Int8Array(1024);
  /** Entries written so far; a reader's position is a value of this. */
  length = 0;
  record(nodeIndex, pod, sign) {
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
      const signs = new Int8Array(this.signs.length * 2);
      signs.set(this.signs);
      this.signs = signs;
    }
    this.pods[this.length] = pod;
    this.signs[this.length] = sign;
    this.buffer[this.length++] = nodeIndex;
  }
  /** The pod of entry `i`. */
  podAt(i) {
    return this.pods[i];
  }
  /** +1 when entry `i` added its pod, -1 when it removed it. */
  signAt(i) {
    return this.signs[i];
  }
  /** The node index of entry `i` (0 <= i < length). */
  at(i) {
    return this.buffer[i];
  }
};
var NodeInfo = class _NodeInfo {
  node;
  pods = [];
  /** Pods on the node with pod affinity or anti-affinity (for InterPodAffinity). */
  podsWithAffinity = [];
  /** Pods on the node with required anti-affinity (for InterPodAffinity). */
  podsWithRequiredAntiAffinity = [];
  /** Sum of the pods' requests (never includes `pods`; the count is `pods.length`). */
  requested = {};
  /** Sum of the pods' requests with upstream's non-zero defaults, for scoring. */
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  /** Sum of the pods' limits, for reporting. */
  limits = {};
  usedPorts = /* @__PURE__ */ new Map();
  /** Bumped on every change, so a plugin may cache per-node results. */
  generation = 0;
  /** Position in the snapshot's node list (-1 for a copy outside it). */
  index = -1;
  /**
   * The snapshot's array of generations by node index, kept in step so hot loops can
   * check every node's generation without touching every NodeInfo.
   */
  generationSink;
  /** The snapshot's change log, told of every change to this node. */
  changeLog;
  constructor(node) {
    this.node = node;
  }
  get name() {
    return this.node.name;
  }
  /** Allocatable pods (110 when the node does not say, as the kubelet defaults). */
  get allowedPodNumber() {
    return this.node.allocatable.pods ?? 110;
  }
  addPod(pod) {
    this.pods.push(pod);
    if (hasAffinity(pod)) this.podsWithAffinity.push(pod);
    if (hasRequiredAntiAffinity(pod)) this.podsWithRequiredAntiAffinity.push(pod);
    this.update(pod, 1);
  }
  /** Removes the pod with the same key; returns false when it is not on the node. */
  removePod(pod) {
    const i = this.pods.findIndex((p) => p.key === pod.key);
    if (i < 0) return false;
    const [removed] = this.pods.splice(i, 1);
    const a = this.podsWithAffinity.findIndex((p) => p.key === pod.key);
    if (a >= 0) this.podsWithAffinity.splice(a, 1);
    const r = this.podsWithRequiredAntiAffinity.findIndex((p) => p.key === pod.key);
    if (r >= 0) this.podsWithRequiredAntiAffinity.splice(r, 1);
    this.update(removed, -1);
    return true;
  }
  update(pod, sign) {
    for (const name in pod.requests) {
      if (name === "pods") continue;
      this.requested[name] = (this.requested[name] ?? 0) + sign * pod.requests[name];
    }
    for (const name in pod.limits) {
      if (name === "pods") continue;
      this.limits[name] = (this.limits[name] ?? 0) + sign * pod.limits[name];
    }
    const nz = nonZeroRequest(pod);
    this.nonZeroCpu += sign * nz.cpu;
    this.nonZeroMemory += sign * nz.memory;
    for (const port of podHostPorts(pod)) {
      const [ip, key] = portKey(port);
      let set = this.usedPorts.get(ip);
      if (sign === 1) {
        if (!set) {
          set = /* @__PURE__ */ new Set();
          this.usedPorts.set(ip, set);
        }
        set.add(key);
      } else {
        set?.delete(key);
        if (set?.size === 0) this.usedPorts.delete(ip);
      }
    }
    this.generation++;
    if (this.index >= 0) {
      if (this.generationSink) this.generationSink[this.index] = this.generation;
      this.changeLog?.record(this.index, pod, sign);
    }
  }
  /** An independent copy for dry runs (preemption). */
  clone() {
    const copy = new _NodeInfo(this.node);
    copy.pods = this.pods.slice();
    copy.podsWithAffinity = this.podsWithAffinity.slice();
    copy.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    copy.requested = { ...this.requested };
    copy.limits = { ...this.limits };
    copy.nonZeroCpu = this.nonZeroCpu;
    copy.nonZeroMemory = this.nonZeroMemory;
    copy.usedPorts = new Map([...this.usedPorts].map(([ip, set]) => [ip, new Set(set)]));
    copy.generation = this.generation;
    return copy;
  }
};
function isNodeLocal(plugin) {
  return plugin.locality === "node" || plugin.locality === "node-static";
}
function isNodeStatic(plugin) {
  return plugin.locality === "node-static";
}
function staticFilterKey(pod) {
  const spec = pod.spec;
  return JSON.stringify([spec.tolerations, spec.nodeName, spec.nodeSelector, spec.affinity?.nodeAffinity]);
}
function isDomainStructured(plugin) {
  return typeof plugin.domainStructure === "function";
}
function implementing(method) {
  return (p) => typeof p[method] === "function";
}
var isQueueSort = implementing("less");
var isPreEnqueue = implementing("preEnqueue");
var isPreFilter = implementing("preFilter");
var isFilter = implementing("filter");
var isPostFilter = implementing("postFilter");
var isPreScore = implementing("preScore");
var isScore = implementing("score");
var isReserve = implementing("reserve");

// src/scheduler/class-cache.ts
var MAX_CLASSES = 16;
function equivalenceKey(pod) {
  return JSON.stringify([
    pod.namespace,
    pod.labels,
    pod.spec,
    pod.requests,
    pod.priority,
    pod.workload?.kind,
    pod.ownerReferences
  ]);
}
function newClassCache(nodeCount, scorePlugins) {
  return {
    cut: -1,
    staticStatus: void 0,
    staticEnd: 0,
    synced: -1,
    statusGen: new Float64Array(nodeCount).fill(-1),
    status: new Array(nodeCount).fill(null),
    pass: new Uint8Array(nodeCount),
    passCount: 0,
    passList: new Int32Array(nodeCount),
    passNodes: [],
    passDirty: true,
    raw: new Array(scorePlugins).fill(void 0),
    rawGen: new Array(scorePlugins).fill(void 0),
    choice: void 0,
    prefixEpoch: 0,
    grouped: void 0
  };
}
function normalizeOne(raw, max, reverse) {
  if (max === 0) return reverse ? MAX_NODE_SCORE : raw;
  const score = Math.trunc(MAX_NODE_SCORE * raw / max);
  return reverse ? MAX_NODE_SCORE - score : score;
}
function localTotal(sc, k) {
  let sum = 0;
  for (let a = 0; a < sc.plugins.length; a++) {
    let score = sc.raw[a][k];
    const norm = sc.norm[a];
    if (norm !== 0) score = normalizeOne(score, sc.maxes[a], norm === 2);
    sum += score * sc.weights[a];
  }
  return sum;
}
var ClassCaches = class {
  framework;
  snapshot;
  nodeCount;
  classes = /* @__PURE__ */ new Map();
  /** Static filter results by skipped plugins and staticFilterKey(), shared by classes. */
  staticResults = /* @__PURE__ */ new Map();
  /** Marks nodes already collected from the change log in one pass. */
  seen;
  seenStamp = 0;
  /** The nodes changedSince() collected, then any addChanged() added. */
  changed;
  constructor(framework, snapshot) {
    this.framework = framework;
    this.snapshot = snapshot;
    this.nodeCount = snapshot.nodeInfos.length;
    const n = Math.max(1, this.nodeCount);
    this.seen = new Int32Array(n);
    this.changed = new Int32Array(n);
  }
  classFor(key) {
    let cls = this.classes.get(key);
    if (cls) {
      this.classes.delete(key);
    } else {
      if (this.classes.size >= MAX_CLASSES) {
        const oldest = this.classes.keys().next().value;
        if (oldest !== void 0) this.classes.delete(oldest);
      }
      cls = newClassCache(this.nodeCount, this.framework.scorePlugins.length);
    }
    this.classes.set(key, cls);
    return cls;
  }
  /** Position of the first filter plugin that runs for this pod and is not node-local. */
  prefixCut(state) {
    const plugins = this.framework.filterPlugins;
    for (let i = 0; i < plugins.length; i++) {
      const plugin = plugins[i];
      if (!isNodeLocal(plugin) && !state.skipFilterPlugins.has(plugin.name)) return i;
    }
    return plugins.length;
  }
  /**
   * Indices of the nodes changed since log position `from`, each once, into `this.changed`;
   * returns how many, or -1 when so many changed that looking at every node is cheaper.
   */
  changedSince(from) {
    const log = this.snapshot.changes;
    if (from < 0 || log.length - from > this.nodeCount) return -1;
    const stamp = ++this.seenStamp;
    const seen = this.seen;
    let count = 0;
    for (let i = from; i < log.length; i++) {
      const k = log.at(i);
      if (seen[k] === stamp) continue;
      seen[k] = stamp;
      this.changed[count++] = k;
    }
    return count;
  }
  /** Adds the nodes of `list` the last changedSince() did not collect to `this.changed`, after `count`; returns the new count. */
  addChanged(count, list2) {
    const stamp = this.seenStamp;
    const seen = this.seen;
    for (const k of list2) {
      if (seen[k] === stamp) continue;
      seen[k] = stamp;
      this.changed[count++] = k;
    }
    return count;
  }
  /**
   * The leading static filter plugins' status on every node, for pods whose static key
   * and skipped plugins are this pod's: the first of [0, end) that rejects, as
   * runFilterPluginsRange gives.
   */
  staticStatuses(state, pod, end) {
    const plugins = this.framework.filterPlugins;
    let skips = "";
    for (let i = 0; i < end; i++)
      skips += state.skipFilterPlugins.has(plugins[i].name) ? 1 : 0;
    const key = `${skips}\0${staticFilterKey(pod)}`;
    let statuses = this.staticResults.get(key);
    if (!statuses) {
      if (this.staticResults.size >= MAX_CLASSES) this.staticResults.clear();
      const infos = this.snapshot.nodeInfos;
      statuses = new Array(this.nodeCount);
      for (let k = 0; k < this.nodeCount; k++)
        statuses[k] = this.framework.runFilterPluginsRange(state, pod, infos[k], 0, end);
      this.staticResults.set(key, statuses);
    }
    return statuses;
  }
  evalPrefix(cls, state, pod, k) {
    const staticStatus = cls.staticStatus?.[k] ?? null;
    const status = staticStatus ?? this.framework.runFilterPluginsRange(
      state,
      pod,
      this.snapshot.nodeInfos[k],
      cls.staticEnd,
      cls.cut
    );
    cls.status[k] = status;
    cls.statusGen[k] = this.snapshot.generations[k];
    const pass = status === null ? 1 : 0;
    if (cls.pass[k] !== pass) {
      cls.pass[k] = pass;
      cls.passCount += pass === 1 ? 1 : -1;
      cls.passDirty = true;
    }
  }
  /** Brings the class's prefix results up to date with the nodes as they are now. */
  syncPrefix(cls, state, pod, cut) {
    if (cls.cut !== cut) {
      const plugins = this.framework.filterPlugins;
      let end = 0;
      while (end < cut && isNodeStatic(plugins[end])) end++;
      cls.staticEnd = end;
      cls.staticStatus = end > 0 ? this.staticStatuses(state, pod, end) : void 0;
      cls.cut = cut;
      cls.synced = -1;
      cls.choice = void 0;
      cls.prefixEpoch++;
    }
    const count = this.changedSince(cls.synced);
    if (count < 0) {
      for (let k = 0; k < this.nodeCount; k++) this.evalPrefix(cls, state, pod, k);
    } else {
      const gens = this.snapshot.generations;
      for (let i = 0; i < count; i++) {
        const k = this.changed[i];
        if (cls.statusGen[k] !== gens[k]) this.evalPrefix(cls, state, pod, k);
      }
    }
    cls.synced = this.snapshot.changes.length;
    if (cls.passDirty) {
      const infos = this.snapshot.nodeInfos;
      let j = 0;
      for (let k = 0; k < this.nodeCount; k++) {
        if (cls.pass[k] === 0) continue;
        cls.passList[j] = k;
        cls.passNodes[j] = infos[k];
        j++;
      }
      cls.passNodes.length = j;
      cls.passDirty = false;
    }
  }
  /** The class's raw scores of score plugin `p`, and the generation each holds for. */
  rawArrays(cls, p) {
    let raw = cls.raw[p];
    let rawGen = cls.rawGen[p];
    if (!raw || !rawGen) {
      raw = new Float64Array(this.nodeCount);
      rawGen = new Float64Array(this.nodeCount).fill(-1);
      cls.raw[p] = raw;
      cls.rawGen[p] = rawGen;
    }
    return [raw, rawGen];
  }
  /** The score plugins in `mask` (bit p: framework.scorePlugins[p]) with the class's raw score arrays. */
  localScores(cls, mask) {
    const scorePlugins = this.framework.scorePlugins;
    const active = [];
    for (let p = 0; p < scorePlugins.length; p++) if (mask & 1 << p) active.push(p);
    const plugins = active.map((p) => scorePlugins[p].plugin);
    return {
      active,
      plugins,
      weights: Float64Array.from(active, (p) => scorePlugins[p].weight),
      norm: Int8Array.from(
        plugins,
        (pl) => pl.normalizeScore && pl.defaultNormalize ? pl.defaultNormalize.reverse ? 2 : 1 : 0
      ),
      raw: active.map((p) => this.rawArrays(cls, p)[0]),
      rawGen: active.map((p) => this.rawArrays(cls, p)[1]),
      maxes: new Float64Array(active.length).fill(Number.NaN)
    };
  }
  /** Brings node k's raw scores up to date with the node. */
  refreshScores(state, pod, sc, k) {
    const gen = this.snapshot.generations[k];
    for (let a = 0; a < sc.plugins.length; a++) {
      const rawGen = sc.rawGen[a];
      if (rawGen[k] === gen) continue;
      sc.raw[a][k] = sc.plugins[a].score(
        state,
        pod,
        this.snapshot.nodeInfos[k]
      );
      rawGen[k] = gen;
    }
  }
  /**
   * Score plugin `p`'s raw scores of `nodes` into `scores`, from the class's cache:
   * only nodes changed since the class last scored them are scored again.
   */
  cachedScores(cls, state, pod, p, nodes, scores) {
    const [raw, rawGen] = this.rawArrays(cls, p);
    const plugin = this.framework.scorePlugins[p].plugin;
    const gens = this.snapshot.generations;
    for (let i = 0; i < nodes.length; i++) {
      const info = nodes[i];
      const k = info.index;
      const gen = gens[k];
      if (rawGen[k] !== gen) {
        raw[k] = plugin.score(state, pod, info);
        rawGen[k] = gen;
      }
      scores[i] = raw[k];
    }
  }
};

// src/scheduler/framework/fit-error.ts
function byteOrder(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function reasonHistogram(nodeNames, nodeToStatus) {
  const counts = /* @__PURE__ */ new Map();
  for (const name of nodeNames) {
    const status = nodeToStatus.get(name);
    if (!status) continue;
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byteOrder);
}
var NO_NODES_AVAILABLE = "no nodes available to schedule pods";
function fitErrorMessage(nodeNames, diagnosis) {
  if (nodeNames.length === 0) return NO_NODES_AVAILABLE;
  let msg = `0/${nodeNames.length} nodes are available:`;
  if (diagnosis.preFilterMsg) {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const histogram = reasonHistogram(nodeNames, diagnosis.nodeToStatus);
    if (histogram.length > 0) msg += ` ${histogram.join(", ")}.`;
  }
  if (diagnosis.postFilterMsg) msg += ` ${diagnosis.postFilterMsg}`;
  return msg;
}

// src/scheduler/framework/runtime.ts
var NodeStatusMap = class {
  statuses = /* @__PURE__ */ new Map();
  absentStatus;
  get(nodeName) {
    return this.statuses.get(nodeName) ?? this.absentStatus;
  }
};
var Framework = class {
  snapshot;
  cluster;
  options;
  queueSort;
  preEnqueuePlugins = [];
  preFilterPlugins = [];
  filterPlugins = [];
  postFilterPlugins = [];
  preScorePlugins = [];
  scorePlugins = [];
  reservePlugins = [];
  /** Profile entries with no plugin in the registry (not built yet, or unknown). */
  missingPlugins = [];
  constructor(profile, registry2, snapshot, cluster, options = {}) {
    this.snapshot = snapshot;
    this.cluster = cluster;
    this.options = options;
    const disabled = new Set(options.disabledPlugins ?? []);
    let queueSort;
    for (const config of profile.plugins) {
      if (disabled.has(config.name)) continue;
      const factory = registry2[config.name];
      if (!factory) {
        this.missingPlugins.push(config.name);
        continue;
      }
      const plugin = factory(this);
      if (isQueueSort(plugin) && !queueSort) queueSort = plugin;
      if (isPreEnqueue(plugin)) this.preEnqueuePlugins.push(plugin);
      if (isPreFilter(plugin)) this.preFilterPlugins.push(plugin);
      if (isFilter(plugin)) this.filterPlugins.push(plugin);
      if (isPostFilter(plugin)) this.postFilterPlugins.push(plugin);
      if (isPreScore(plugin)) this.preScorePlugins.push(plugin);
      if (isScore(plugin)) {
        const weight = options.pluginWeights?.[config.name] ?? config.weight ?? 1;
        if (weight > 0) this.scorePlugins.push({ plugin, weight });
      }
      if (isReserve(plugin)) this.reservePlugins.push(plugin);
    }
    this.queueSort = queueSort;
  }
  runPreEnqueuePlugins(pod) {
    for (const pl of this.preEnqueuePlugins) {
      const status = pl.preEnqueue(pod);
      if (status && !status.isSuccess()) return status.withPlugin(pl.name);
    }
    return null;
  }
  runPreFilterPlugins(state, pod) {
    let nodeNames;
    const narrowingPlugins = [];
    for (const pl of this.preFilterPlugins) {
      const { result, status } = pl.preFilter(state, pod, this.snapshot.nodeInfos);
      if (status && status.code === "Skip") {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (status && !status.isSuccess()) {
        const failed = status.isRejected() ? status : new Status("Error", `running PreFilter plugin "${pl.name}": ${status.message()}`);
        return { status: failed.withPlugin(pl.name), nodeNames: void 0, narrowingPlugins };
      }
      if (result?.nodeNames) {
        narrowingPlugins.push(pl.name);
        nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => result.nodeNames?.has(n))) : new Set(result.nodeNames);
        if (nodeNames.size === 0) {
          const message = narrowingPlugins.length === 1 ? `node(s) didn't satisfy plugin ${narrowingPlugins[0]}` : `node(s) didn't satisfy plugin(s) [${narrowingPlugins.join(" ")}] simultaneously`;
          return {
            status: unschedulable(message).withPlugin(pl.name),
            nodeNames: void 0,
            narrowingPlugins
          };
        }
      }
    }
    return { status: null, nodeNames, narrowingPlugins };
  }
  /** The first Filter plugin that rejects the pod on the node, or null when all accept. */
  runFilterPlugins(state, pod, nodeInfo) {
    return this.runFilterPluginsRange(state, pod, nodeInfo, 0, this.filterPlugins.length);
  }
  /**
   * As runFilterPlugins, for the filter plugins at positions [from, to) only: running
   * [0, k) then [k, n) gives the status running [0, n) gives.
   */
  runFilterPluginsRange(state, pod, nodeInfo, from, to) {
    const plugins = this.filterPlugins;
    const skipped = state.skipFilterPlugins;
    const anySkipped = skipped.size > 0;
    for (let i = from; i < to; i++) {
      const pl = plugins[i];
      if (anySkipped && skipped.has(pl.name)) continue;
      const status = pl.filter(state, pod, nodeInfo);
      if (status !== null && status.code !== "Success") {
        if (!status.isRejected()) {
          return new Status("Error", `running "${pl.name}" filter plugin: ${status.message()}`).withPlugin(
            pl.name
          );
        }
        return status.withPlugin(pl.name);
      }
    }
    return null;
  }
  /**
   * Filter plugins [from, to) over `nodes`, plugin by plugin: the nodes that pass are
   * moved, in order, to the front of `nodes` and counted in the return value; every
   * other node's status is written to `statuses` at its index in the snapshot. A node's
   * status is the first plugin that rejects it, exactly as runFilterPluginsRange gives.
   * Plugins with `filterNodes` see the surviving nodes at once.
   */
  runFilterPluginsOnNodes(state, pod, nodes, from, to, statuses) {
    const plugins = this.filterPlugins;
    const skipped = state.skipFilterPlugins;
    let count = nodes.length;
    const batch = this.batchStatuses;
    for (let p = from; p < to && count > 0; p++) {
      const pl = plugins[p];
      if (skipped.has(pl.name)) continue;
      if (pl.filterNodes) {
        if (batch.length < count) batch.length = count;
        pl.filterNodes(state, pod, nodes, count, batch);
      }
      let kept = 0;
      for (let i = 0; i < count; i++) {
        const info = nodes[i];
        const status = pl.filterNodes ? batch[i] ?? null : pl.filter(state, pod, info);
        if (status === null || status.code === "Success") {
          nodes[kept++] = info;
          continue;
        }
        statuses[info.index] = status.isRejected() ? status.withPlugin(pl.name) : new Status("Error", `running "${pl.name}" filter plugin: ${status.message()}`).withPlugin(
          pl.name
        );
      }
      count = kept;
    }
    nodes.length = count;
    return count;
  }
  batchStatuses = [];
  runPreFilterExtensionAddPod(state, podToSchedule, podToAdd, nodeInfo) {
    return this.runPreFilterExtension("addPod", state, podToSchedule, podToAdd, nodeInfo);
  }
  runPreFilterExtensionRemovePod(state, podToSchedule, podToRemove, nodeInfo) {
    return this.runPreFilterExtension("removePod", state, podToSchedule, podToRemove, nodeInfo);
  }
  runPreFilterExtension(op, state, podToSchedule, pod, nodeInfo) {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const status = ext[op](state, podToSchedule, pod, nodeInfo);
      if (status && !status.isSuccess()) return status.withPlugin(pl.name);
    }
    return null;
  }
  /** PostFilter plugins run until one succeeds or returns UnschedulableAndUnresolvable. */
  runPostFilterPlugins(state, pod, filtered) {
    const reasons = [];
    for (const pl of this.postFilterPlugins) {
      const { result, status } = pl.postFilter(state, pod, filtered);
      if (status === null || status.isSuccess())
        return { result, status: new Status("Success").withPlugin(pl.name) };
      if (status.code === "UnschedulableAndUnresolvable")
        return { result, status: status.withPlugin(pl.name) };
      if (status.code === "Error") return { result, status: status.withPlugin(pl.name) };
      reasons.push(...status.reasons);
    }
    return { result: void 0, status: unschedulable(...reasons) };
  }
  runPreScorePlugins(state, pod, nodes, weights) {
    for (const pl of this.preScorePlugins) {
      const status = pl.preScore(state, pod, nodes, weights);
      if (status && status.code === "Skip") {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      if (status && !status.isSuccess()) return status.withPlugin(pl.name);
    }
    return null;
  }
  /**
   * Total weighted score per node (`totals[i]` for `nodes[i]`): each plugin scores every
   * node, normalises, and its scores are multiplied by its weight and added up.
   *
   * `raw`, when given, writes plugin `p`'s raw scores of `nodes` in place of calling its
   * `score` node by node (see RawScores): the scheduler passes its cache of node-local
   * scores and the plugins' batch `scoreNodes`, which must give the same numbers.
   * `scratch` (at least `nodes.length` long) saves allocating the per-plugin scores.
   */
  runScorePlugins(state, pod, nodes, totals, raw, scratch2) {
    totals.fill(0, 0, nodes.length);
    const scores = scratch2 ? scratch2.subarray(0, nodes.length) : new Float64Array(nodes.length);
    const plugins = this.scorePlugins;
    for (let p = 0; p < plugins.length; p++) {
      const { plugin, weight } = plugins[p];
      if (state.skipScorePlugins.has(plugin.name)) continue;
      if (raw) {
        if (!raw(p, plugin, nodes, scores)) continue;
      } else
        for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i]);
      if (plugin.normalizeScore) {
        const status = plugin.normalizeScore(state, pod, scores, nodes);
        if (status && !status.isSuccess()) return status.withPlugin(plugin.name);
      }
      for (let i = 0; i < nodes.length; i++)
        totals[i] = totals[i] + scores[i] * weight;
    }
    return null;
  }
  runReservePlugins(state, pod, nodeName) {
    for (let i = 0; i < this.reservePlugins.length; i++) {
      const pl = this.reservePlugins[i];
      const status = pl.reserve(state, pod, nodeName);
      if (status && !status.isSuccess()) {
        for (let j = i; j >= 0; j--) this.reservePlugins[j]?.unreserve?.(state, pod, nodeName);
        return status.withPlugin(pl.name);
      }
    }
    return null;
  }
  newCycleState() {
    return new CycleState();
  }
};
function absentNodesStatus(narrowingPlugins) {
  return unresolvable(`node(s) didn't satisfy plugin(s) [${[...narrowingPlugins].sort().join(" ")}]`);
}

// src/scheduler/framework/snapshot.ts
var ClusterSnapshot = class {
  nodeInfos;
  namespaceLabels;
  byName = /* @__PURE__ */ new Map();
  /** NodeInfo.generation by node index. */
  generations;
  /** Each node's position in name order, so ties compare two integers. */
  nameRank;
  /** Every change to a node's pods, in order, so caches can catch up on just those nodes. */
  changes = new ChangeLog();
  constructor(cluster) {
    this.nodeInfos = cluster.nodes.map((n) => new NodeInfo(n));
    this.generations = new Float64Array(this.nodeInfos.length);
    this.nameRank = new Int32Array(this.nodeInfos.length);
    this.nodeInfos.forEach((info, i) => {
      info.index = i;
      info.generationSink = this.generations;
      info.changeLog = this.changes;
      this.byName.set(info.node.name, info);
    });
    const order = this.nodeInfos.map((_, i) => i);
    order.sort((a, b) => {
      const x = this.nodeInfos[a].node.name;
      const y = this.nodeInfos[b].node.name;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    order.forEach((nodeIndex, rank) => {
      this.nameRank[nodeIndex] = rank;
    });
    this.namespaceLabels = cluster.namespaces ?? {};
    for (const pod of cluster.pods) {
      if (!pod.nodeName) continue;
      this.byName.get(pod.nodeName)?.addPod(pod);
    }
  }
  get(nodeName) {
    return this.byName.get(nodeName);
  }
  havePodsWithAffinity() {
    return this.nodeInfos.filter((n) => n.podsWithAffinity.length > 0);
  }
  havePodsWithRequiredAntiAffinity() {
    return this.nodeInfos.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  }
};

// src/k8s/node-affinity.ts
var NODE_NAME_FIELD = "metadata.name";
var DECIMAL_INTEGER = /^[+-]?[0-9]+$/;
var INT64_MIN = -(2n ** 63n);
var INT64_MAX = 2n ** 63n - 1n;
function parseInt64(value) {
  if (!DECIMAL_INTEGER.test(value)) return void 0;
  const n = BigInt(value);
  if (n < INT64_MIN || n > INT64_MAX) return void 0;
  return n;
}
function nodeSelectorRequirementMatches(req, labels) {
  const values = req.values ?? [];
  const present = Object.hasOwn(labels, req.key);
  switch (req.operator) {
    case "In":
      if (values.length === 0) return void 0;
      return present && values.includes(labels[req.key]);
    case "NotIn":
      if (values.length === 0) return void 0;
      return !present || !values.includes(labels[req.key]);
    case "Exists":
      if (values.length > 0) return void 0;
      return present;
    case "DoesNotExist":
      if (values.length > 0) return void 0;
      return !present;
    case "Gt":
    case "Lt": {
      if (values.length !== 1) return void 0;
      const bound2 = parseInt64(values[0]);
      if (bound2 === void 0) return void 0;
      if (!present) return false;
      const actual = parseInt64(labels[req.key]);
      if (actual === void 0) return false;
      return req.operator === "Gt" ? actual > bound2 : actual < bound2;
    }
    default:
      return void 0;
  }
}
function fieldRequirementMatches(req, node) {
  if (req.key !== NODE_NAME_FIELD) return void 0;
  if (req.operator !== "In" && req.operator !== "NotIn") return void 0;
  if ((req.values ?? []).length !== 1) return void 0;
  return nodeSelectorRequirementMatches(req, { [NODE_NAME_FIELD]: node.name });
}
function nodeSelectorTermMatches(term, node) {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  for (const req of expressions) {
    if (nodeSelectorRequirementMatches(req, node.labels) !== true) return false;
  }
  for (const req of fields) {
    if (fieldRequirementMatches(req, node) !== true) return false;
  }
  return true;
}
function nodeSelectorTermsMatch(terms, node) {
  if (!terms) return false;
  for (const term of terms) {
    if (nodeSelectorTermMatches(term, node)) return true;
  }
  return false;
}
function podMatchesRequiredNodeAffinity(spec, node) {
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return nodeSelectorTermsMatch(required.nodeSelectorTerms, node);
}
function podMatchesNodeSelectorAndAffinity(spec, node) {
  return mapSubsetOf(spec.nodeSelector, node.labels) && podMatchesRequiredNodeAffinity(spec, node);
}

// src/k8s/taints.ts
var STRICT_DECIMAL_INTEGER = /^(0|-?[1-9][0-9]*)$/;
function strictInt64(value) {
  if (value === void 0 || !STRICT_DECIMAL_INTEGER.test(value)) return void 0;
  return parseInt64(value);
}
function tolerationTolerates(toleration, taint) {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator) {
    case void 0:
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    case "Lt":
    case "Gt": {
      const bound2 = strictInt64(toleration.value);
      const actual = strictInt64(taint.value);
      if (bound2 === void 0 || actual === void 0) return false;
      return toleration.operator === "Lt" ? actual < bound2 : actual > bound2;
    }
    default:
      return false;
  }
}
function tolerationsTolerate(tolerations, taint) {
  if (!tolerations) return false;
  for (const toleration of tolerations) {
    if (tolerationTolerates(toleration, taint)) return true;
  }
  return false;
}
var scheduleBlockingTaint = (taint) => taint.effect === "NoSchedule" || taint.effect === "NoExecute";
function taintEffectIn(...effects) {
  return (taint) => effects.includes(taint.effect);
}
function findUntoleratedTaint(taints, tolerations, effectFilter) {
  if (!taints) return void 0;
  for (const taint of taints) {
    if (effectFilter && !effectFilter(taint)) continue;
    if (!tolerationsTolerate(tolerations, taint)) return taint;
  }
  return void 0;
}

// src/scheduler/names.ts
var names = selfNamed(
  "PrioritySort",
  "SchedulingGates",
  "NodeUnschedulable",
  "NodeName",
  "TaintToleration",
  "NodeAffinity",
  "NodePorts",
  "NodeResourcesFit",
  "PodTopologySpread",
  "InterPodAffinity",
  "DefaultPreemption",
  "NodeResourcesBalancedAllocation"
);
function selfNamed(...list2) {
  return Object.freeze(Object.fromEntries(list2.map((name) => [name, name])));
}

// src/scheduler/plugins/normalize.ts
function defaultNormalizeScore(maxPriority, reverse, scores) {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++)
    if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let score = Math.trunc(maxPriority * scores[i] / maxCount);
    if (reverse) score = maxPriority - score;
    scores[i] = score;
  }
}

// src/scheduler/plugins/node-affinity.ts
var ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
var ERR_REASON_CONFLICT = "pod affinity terms conflict";
var PRE_SCORE_KEY = preScoreStateKey(names.NodeAffinity);
function preScoreState(pod) {
  const terms = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return { preferred: terms.filter((t) => t.weight !== 0) };
}
function preFilterNodeNames(pod) {
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return void 0;
  const union = /* @__PURE__ */ new Set();
  for (const term of terms) {
    let termNames;
    for (const req of term.matchFields ?? []) {
      if (req.key !== NODE_NAME_FIELD || req.operator !== "In") continue;
      const values = new Set(req.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => values.has(n))) : values;
    }
    if (!termNames) return void 0;
    for (const n of termNames) union.add(n);
  }
  return union;
}
var NodeAffinity = class {
  name = names.NodeAffinity;
  locality = "node-static";
  defaultNormalize = { reverse: false };
  preFilter(_state, pod) {
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !pod.spec.nodeSelector) return { status: skip() };
    const nodeNames = preFilterNodeNames(pod);
    if (nodeNames === void 0) return { status: null };
    if (nodeNames.size === 0) return { status: unresolvable(ERR_REASON_CONFLICT) };
    return { result: { nodeNames }, status: null };
  }
  filter(_state, pod, nodeInfo) {
    const node = nodeInfo.node;
    if (mapSubsetOf(pod.spec.nodeSelector, node.labels) && podMatchesRequiredNodeAffinity(pod.spec, node))
      return null;
    return unresolvable(ERR_REASON_POD);
  }
  preScore(state, pod) {
    const data = preScoreState(pod);
    if (data.preferred.length === 0) return skip();
    state.write(PRE_SCORE_KEY, data);
    return null;
  }
  score(state, pod, nodeInfo) {
    const { preferred } = readScoreState(state, PRE_SCORE_KEY, pod, preScoreState);
    let total = 0;
    for (const term of preferred) {
      if (nodeSelectorTermMatches(term.preference, nodeInfo.node)) total += term.weight;
    }
    return total;
  }
  normalizeScore(_state, _pod, scores) {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    return null;
  }
};

// src/scheduler/plugins/node-ports.ts
var ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
var BIND_ALL = "0.0.0.0";
var PRE_FILTER_KEY = preFilterStateKey(names.NodePorts);
function wantedPorts(pod) {
  const out = [];
  const hostNetwork = pod.spec.hostNetwork === true;
  const add = (port) => {
    const hostPort = port.hostPort || (hostNetwork ? port.containerPort : 0) || 0;
    if (hostPort <= 0) return;
    out.push({ ip: port.hostIP || BIND_ALL, key: `${port.protocol || "TCP"}/${hostPort}` });
  };
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy !== "Always") continue;
    for (const port of c.ports ?? []) add(port);
  }
  for (const c of pod.spec.containers ?? []) for (const port of c.ports ?? []) add(port);
  return out;
}
function portConflicts(used, wanted) {
  if (wanted.ip === BIND_ALL) {
    for (const keys of used.values()) if (keys.has(wanted.key)) return true;
    return false;
  }
  return (used.get(BIND_ALL)?.has(wanted.key) ?? false) || (used.get(wanted.ip)?.has(wanted.key) ?? false);
}
function fitsPorts(ports, nodeInfo) {
  const used = nodeInfo.usedPorts;
  if (used.size === 0) return true;
  for (const port of ports) if (portConflicts(used, port)) return false;
  return true;
}
function podFitsPorts(pod, nodeInfo) {
  return nodeInfo.usedPorts.size === 0 || fitsPorts(wantedPorts(pod), nodeInfo);
}
var NodePorts = class {
  name = names.NodePorts;
  locality = "node";
  preFilter(state, pod) {
    const ports = wantedPorts(pod);
    if (ports.length === 0) return { status: skip() };
    const data = { ports };
    state.write(PRE_FILTER_KEY, data);
    return { status: null };
  }
  filter(state, _pod, nodeInfo) {
    const data = readState(state, PRE_FILTER_KEY);
    if (data instanceof Status) return data;
    return fitsPorts(data.ports, nodeInfo) ? null : unschedulable(ERR_REASON_NODE_PORTS);
  }
};

// src/scheduler/plugins/node-resources-fit.ts
var PRE_FILTER_KEY2 = preFilterStateKey(names.NodeResourcesFit);
var PRE_SCORE_KEY2 = preScoreStateKey(names.NodeResourcesFit);
var DEFAULT_SCORING_RESOURCES = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 }
];
var DEFAULT_SHAPE = [
  { utilization: 0, score: 0 },
  { utilization: 100, score: 10 }
];
var MAX_CUSTOM_PRIORITY_SCORE = 10;
var MAX_UTILIZATION = 100;
function requestEntries(pod) {
  const entries = [];
  for (const name in pod.requests) {
    const amount = pod.requests[name];
    if (name === "pods" || amount <= 0) continue;
    entries.push({ name, amount, reason: `Insufficient ${name}` });
  }
  const rank = (n) => n === "cpu" ? 0 : n === "memory" ? 1 : n === "ephemeral-storage" ? 2 : 3;
  entries.sort((a, b) => rank(a.name) - rank(b.name));
  return entries;
}
function fitsRequest(entries, nodeInfo) {
  const out = [];
  const allowed = nodeInfo.allowedPodNumber;
  if (nodeInfo.pods.length + 1 > allowed) {
    out.push({
      resource: "pods",
      reason: "Too many pods",
      requested: 1,
      used: nodeInfo.pods.length,
      capacity: allowed,
      unresolvable: false
    });
  }
  const allocatable = nodeInfo.node.allocatable;
  for (const e of entries) {
    const capacity2 = allocatable[e.name] ?? 0;
    const used = nodeInfo.requested[e.name] ?? 0;
    if (e.amount > capacity2 - used) {
      out.push({
        resource: e.name,
        reason: e.reason,
        requested: e.amount,
        used,
        capacity: capacity2,
        unresolvable: e.amount > capacity2
      });
    }
  }
  return out;
}
var div = (a, b) => Math.trunc(a / b);
function leastRequestedScore(requested, capacity2) {
  if (capacity2 === 0 || requested > capacity2) return 0;
  return div((capacity2 - requested) * MAX_NODE_SCORE, capacity2);
}
function mostRequestedScore(requested, capacity2) {
  if (capacity2 === 0) return 0;
  return div(Math.min(requested, capacity2) * MAX_NODE_SCORE, capacity2);
}
function brokenLinear(shape) {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const point = shape[i];
      if (p <= point.utilization) {
        if (i === 0) return point.score;
        const prev = shape[i - 1];
        return prev.score + Math.trunc(
          (point.score - prev.score) * (p - prev.utilization) / (point.utilization - prev.utilization)
        );
      }
    }
    return shape[shape.length - 1].score;
  };
}
function weightedScorer(weights, resourceScore, ratio = false) {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = weights[i];
      const score = resourceScore(requested[i], allocatable[i]);
      if (ratio && !(score > 0)) continue;
      nodeScore += score * weight;
      weightSum += weight;
    }
    if (weightSum === 0) return 0;
    return ratio ? Math.round(nodeScore / weightSum) : div(nodeScore, weightSum);
  };
}
function requestedToCapacityRatioScorer(weights, shape) {
  const scaled = shape.map((p) => ({
    utilization: p.utilization,
    score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE)
  }));
  const raw = brokenLinear(scaled);
  const resourceScore = (requested, capacity2) => capacity2 === 0 || requested > capacity2 ? raw(MAX_UTILIZATION) : raw(div(requested * MAX_UTILIZATION, capacity2));
  return weightedScorer(weights, resourceScore, true);
}
function buildScorer(strategy, weights, shape) {
  switch (strategy) {
    case "MostAllocated":
      return weightedScorer(weights, mostRequestedScore);
    case "RequestedToCapacityRatio":
      return requestedToCapacityRatioScorer(weights, shape && shape.length > 0 ? shape : DEFAULT_SHAPE);
    default:
      return weightedScorer(weights, leastRequestedScore);
  }
}
var NodeResourcesFit = class {
  name = names.NodeResourcesFit;
  locality = "node";
  resources;
  scorer;
  // Reused for every node scored: the score loop allocates nothing.
  requestedBuf;
  allocatableBuf;
  constructor(options = {}) {
    this.resources = options.scoringResources && options.scoringResources.length > 0 ? options.scoringResources : DEFAULT_SCORING_RESOURCES;
    const weights = this.resources.map((r) => r.weight);
    this.scorer = buildScorer(
      options.scoringStrategy ?? "LeastAllocated",
      weights,
      options.requestedToCapacityRatioShape
    );
    this.requestedBuf = new Float64Array(this.resources.length);
    this.allocatableBuf = new Float64Array(this.resources.length);
  }
  preFilter(state, pod) {
    const data = { entries: requestEntries(pod) };
    state.write(PRE_FILTER_KEY2, data);
    return { status: null };
  }
  filter(state, _pod, nodeInfo) {
    const data = readState(state, PRE_FILTER_KEY2);
    if (data instanceof Status) return data;
    const { entries } = data;
    const allocatable = nodeInfo.node.allocatable;
    let fits = nodeInfo.pods.length + 1 <= nodeInfo.allowedPodNumber;
    for (let i = 0; fits && i < entries.length; i++) {
      const e = entries[i];
      if (e.amount > (allocatable[e.name] ?? 0) - (nodeInfo.requested[e.name] ?? 0)) fits = false;
    }
    if (fits) return null;
    const insufficient = fitsRequest(entries, nodeInfo);
    const code = insufficient.some((r) => r.unresolvable) ? "UnschedulableAndUnresolvable" : "Unschedulable";
    return new Status(code, ...insufficient.map((r) => r.reason));
  }
  preScoreState = (pod) => {
    const nz = nonZeroRequest(pod);
    const podRequests = this.resources.map(
      (r) => r.name === "cpu" ? nz.cpu : r.name === "memory" ? nz.memory : pod.requests[r.name] ?? 0
    );
    return { podRequests };
  };
  preScore(state, pod) {
    state.write(PRE_SCORE_KEY2, this.preScoreState(pod));
    return null;
  }
  score(state, pod, nodeInfo) {
    const { podRequests } = readScoreState(state, PRE_SCORE_KEY2, pod, this.preScoreState);
    const allocatable = nodeInfo.node.allocatable;
    const requested = this.requestedBuf;
    const alloc = this.allocatableBuf;
    for (let i = 0; i < this.resources.length; i++) {
      const name = this.resources[i].name;
      const podRequest = podRequests[i];
      requested[i] = 0;
      alloc[i] = 0;
      let nodeRequested;
      if (name === "cpu") nodeRequested = nodeInfo.nonZeroCpu;
      else if (name === "memory") nodeRequested = nodeInfo.nonZeroMemory;
      else if (name === "ephemeral-storage") nodeRequested = nodeInfo.requested[name] ?? 0;
      else {
        if (podRequest === 0) continue;
        if (!Object.hasOwn(allocatable, name)) continue;
        nodeRequested = nodeInfo.requested[name] ?? 0;
      }
      const capacity2 = allocatable[name] ?? 0;
      if (capacity2 === 0) continue;
      alloc[i] = capacity2;
      requested[i] = nodeRequested + podRequest;
    }
    return this.scorer(requested, alloc);
  }
};

// src/scheduler/kubelet.ts
var rejected = (reason, message) => ({
  admitted: false,
  reason,
  message: `Pod was rejected: ${message}`
});
function kubeletAdmit(pod, nodeInfo) {
  const node = nodeInfo.node;
  const entries = requestEntries(pod).filter(
    (e) => !isExtendedResourceName(e.name) || Object.hasOwn(node.allocatable, e.name)
  );
  const [short] = fitsRequest(entries, nodeInfo);
  if (short) {
    return rejected(
      `OutOf${short.resource}`,
      `Node didn't have enough resource: ${short.resource}, requested: ${short.requested}, used: ${short.used}, capacity: ${short.capacity}`
    );
  }
  if (!podMatchesNodeSelectorAndAffinity(pod.spec, node)) {
    return rejected("NodeAffinity", `Predicate NodeAffinity failed: ${ERR_REASON_POD}`);
  }
  if (!podFitsPorts(pod, nodeInfo)) {
    return rejected("NodePorts", `Predicate NodePorts failed: ${ERR_REASON_NODE_PORTS}`);
  }
  if (findUntoleratedTaint(node.taints, pod.spec.tolerations, taintEffectIn("NoExecute"))) {
    return rejected("TaintToleration", "Predicate TaintToleration failed: node(s) had untolerated taint(s)");
  }
  return { admitted: true };
}

// src/scheduler/profile.ts
var defaultProfile = {
  plugins: [
    { name: names.SchedulingGates },
    { name: names.PrioritySort },
    { name: names.NodeUnschedulable },
    { name: names.NodeName },
    { name: names.TaintToleration, weight: 3 },
    { name: names.NodeAffinity, weight: 2 },
    { name: names.NodePorts },
    { name: names.NodeResourcesFit, weight: 1 },
    { name: names.PodTopologySpread, weight: 2 },
    { name: names.InterPodAffinity, weight: 2 },
    { name: names.DefaultPreemption },
    { name: names.NodeResourcesBalancedAllocation, weight: 1 }
  ]
};

// src/scheduler/queue.ts
function queueComparator(framework) {
  const sort = framework.queueSort;
  return (a, b) => {
    if (sort) return sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : a.order - b.order;
    return b.pod.priority - a.pod.priority || a.order - b.order;
  };
}
function requeue(queue, from, more, compare) {
  const added = more.slice().sort(compare);
  const merged = queue.slice(0, from);
  let i = from;
  let j = 0;
  while (i < queue.length || j < added.length) {
    if (j >= added.length || i < queue.length && compare(queue[i], added[j]) <= 0)
      merged.push(queue[i++]);
    else merged.push(added[j++]);
  }
  return merged;
}
var SchedulingQueue = class {
  compare;
  queue;
  /** Position of the next pod to pop. */
  next = 0;
  /**
   * Pods no node could take. As upstream moves unschedulable pods back to its active
   * queue when a pod is deleted, an eviction puts them back in the queue, in queue
   * order among the pods still waiting.
   */
  unschedulable = [];
  constructor(framework, pods) {
    this.compare = queueComparator(framework);
    this.queue = pods.map((pod, order) => ({ pod, order })).sort(this.compare);
  }
  pop() {
    return this.queue[this.next++];
  }
  /** The pod found no node: it waits for a pod to be deleted. */
  addUnschedulable(queued) {
    this.unschedulable.push(queued);
  }
  /** Pods were deleted while `current` was scheduled: every other waiting pod goes back in. */
  moveAllToActive(current) {
    if (!this.unschedulable.some((w) => w !== current)) return;
    const retry = this.unschedulable.filter((w) => w !== current);
    this.unschedulable = this.unschedulable.filter((w) => w === current);
    this.queue = requeue(this.queue, this.next, retry, this.compare);
  }
};

// src/scheduler/plugins/default-preemption.ts
var ERR_REASON_NOT_ELIGIBLE_NEVER = "not eligible due to preemptionPolicy=Never.";
var ERR_REASON_NO_VICTIMS = "No preemption victims found for incoming pod";
var ERR_REASON_NOT_HELPFUL = "Preemption is not helpful for scheduling";
var PRIORITY_OFFSET = 2 ** 31;
function startTime(pod) {
  return pod.createdAt ?? Number.POSITIVE_INFINITY;
}
function moreImportant(a, b) {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a) < startTime(b);
}
function byImportance(a, b) {
  if (moreImportant(a, b)) return -1;
  if (moreImportant(b, a)) return 1;
  return 0;
}
function preemptionPolicy(pod, handle) {
  if (pod.spec.preemptionPolicy) return pod.spec.preemptionPolicy;
  const className = pod.spec.priorityClassName;
  const pc = className ? handle.cluster.priorityClasses.find((c) => c.name === className) : handle.cluster.priorityClasses.find((c) => c.globalDefault);
  return pc?.preemptionPolicy ?? "PreemptLowerPriority";
}
function resolveIntOrPercent(value, total) {
  if (typeof value === "number") return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (m) return Math.ceil(Number(m[1]) * total / 100);
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}
function pdbSelects(pdb, pod) {
  if (pdb.namespace !== pod.namespace) return false;
  const sel = pdb.selector;
  if (!sel) return false;
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)
    return false;
  return labelSelectorMatches(sel, pod.labels);
}
function disruptionsAllowed(pdbs, nodeInfos) {
  return pdbs.map((pdb) => {
    let healthy = 0;
    for (const info of nodeInfos) for (const p of info.pods) if (pdbSelects(pdb, p)) healthy++;
    let desired;
    if (pdb.minAvailable !== void 0) desired = resolveIntOrPercent(pdb.minAvailable, healthy);
    else if (pdb.maxUnavailable !== void 0)
      desired = healthy - resolveIntOrPercent(pdb.maxUnavailable, healthy);
    else desired = healthy;
    return Math.max(0, healthy - desired);
  });
}
function splitByPDBViolation(pods, pdbs, allowed) {
  const budget = allowed.slice();
  const violating = [];
  const nonViolating = [];
  for (const pod of pods) {
    let violated = false;
    if (Object.keys(pod.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (!pdbSelects(pdb, pod)) return;
        budget[i] = budget[i] - 1;
        if (budget[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}
function pickOneNodeForPreemption(candidates) {
  if (candidates.length === 0) return void 0;
  let remaining = [...candidates].sort((a, b) => a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
  const scoreFuncs = [
    (c) => -c.numPDBViolations,
    (c) => -(c.victims[0]?.priority ?? 0),
    (c) => -c.victims.reduce((sum, p) => sum + p.priority + PRIORITY_OFFSET, 0),
    (c) => -c.victims.length,
    (c) => {
      const top = c.victims[0]?.priority;
      let earliest = Number.POSITIVE_INFINITY;
      for (const p of c.victims) if (p.priority === top) earliest = Math.min(earliest, startTime(p));
      return earliest;
    }
  ];
  for (const f of scoreFuncs) {
    let best = Number.NEGATIVE_INFINITY;
    let selected = [];
    for (const c of remaining) {
      const s = f(c);
      if (s > best) {
        best = s;
        selected = [c];
      } else if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}
function hasLowerPriorityPod(nodeInfo, priority) {
  for (const p of nodeInfo.pods) if (p.priority < priority) return true;
  return false;
}
var NodeStatuses = class {
  statuses = /* @__PURE__ */ new Map();
  absentStatus = unresolvable(ERR_REASON_NOT_HELPFUL);
  get(nodeName) {
    return this.statuses.get(nodeName) ?? this.absentStatus;
  }
};
var DefaultPreemption = class {
  name = names.DefaultPreemption;
  handle;
  constructor(handle) {
    this.handle = handle;
  }
  postFilter(state, pod, filtered) {
    if (preemptionPolicy(pod, this.handle) === "Never") {
      return { status: unschedulable(`preemption: ${ERR_REASON_NOT_ELIGIBLE_NEVER}`) };
    }
    const allNodes = this.handle.snapshot.nodeInfos;
    const nodeNames = allNodes.map((n) => n.node.name);
    const statuses = new NodeStatuses();
    const potential = allNodes.filter((n) => filtered.get(n.node.name)?.code === "Unschedulable");
    const candidates = [];
    if (potential.length > 0) {
      const pdbs = this.handle.cluster.pdbs ?? [];
      const allowed = pdbs.length > 0 ? disruptionsAllowed(pdbs, allNodes) : [];
      for (const nodeInfo of potential) {
        if (!hasLowerPriorityPod(nodeInfo, pod.priority)) {
          statuses.statuses.set(nodeInfo.node.name, unresolvable(ERR_REASON_NO_VICTIMS));
          continue;
        }
        const outcome = this.selectVictimsOnNode(state.clone(), pod, nodeInfo.clone(), pdbs, allowed);
        if ("victims" in outcome) {
          candidates.push({ node: nodeInfo.node.name, ...outcome });
        } else {
          statuses.statuses.set(nodeInfo.node.name, outcome.status);
        }
      }
    }
    const best = pickOneNodeForPreemption(candidates);
    if (!best) {
      const diagnosis = { nodeToStatus: statuses };
      return { status: unschedulable(`preemption: ${fitErrorMessage(nodeNames, diagnosis)}`) };
    }
    return { result: { nominatedNodeName: best.node, victims: best.victims }, status: null };
  }
  /**
   * The fewest pods to evict from the node so the pod fits, or why none will do.
   * `nodeInfo` and `state` are copies: the dry run changes them freely.
   */
  selectVictimsOnNode(state, pod, nodeInfo, pdbs, allowed) {
    const handle = this.handle;
    const potential = [];
    for (const p of nodeInfo.pods.slice()) {
      if (p.priority < pod.priority) {
        potential.push(p);
        nodeInfo.removePod(p);
        const s = handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
        if (s && !s.isSuccess()) return { status: s };
      }
    }
    if (potential.length === 0) return { status: unresolvable(ERR_REASON_NO_VICTIMS) };
    const fits = handle.runFilterPlugins(state, pod, nodeInfo);
    if (fits !== null && !fits.isSuccess()) return { status: fits };
    potential.sort(byImportance);
    const { violating, nonViolating } = splitByPDBViolation(potential, pdbs, allowed);
    const victims = [];
    let numPDBViolations = 0;
    const reprieve = (p) => {
      nodeInfo.addPod(p);
      handle.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
      const s = handle.runFilterPlugins(state, pod, nodeInfo);
      if (s === null || s.isSuccess()) return true;
      nodeInfo.removePod(p);
      handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
      victims.push(p);
      return false;
    };
    for (const p of violating) if (!reprieve(p)) numPDBViolations++;
    for (const p of nonViolating) reprieve(p);
    if (violating.length > 0 && nonViolating.length > 0) victims.sort(byImportance);
    if (victims.length === 0) {
      return { status: errorStatus(`expected at least one victim pod on node "${nodeInfo.node.name}"`) };
    }
    return { victims, numPDBViolations };
  }
};

// src/scheduler/plugins/topology-counts.ts
var MAX_CACHE_ENTRIES = 512;
function forEachChangedNode(nodeInfos, generations, seen, recount, log, cursor) {
  const gens = generations && generations.length === nodeInfos.length ? generations : void 0;
  if (gens && log && cursor) {
    const from = cursor.position;
    cursor.position = log.length;
    if (from >= 0 && log.length - from <= nodeInfos.length) {
      for (let j = from; j < log.length; j++) {
        const i = log.at(j);
        const gen = gens[i];
        if (seen[i] === gen) continue;
        recount(i, nodeInfos[i]);
        seen[i] = gen;
      }
      return;
    }
  }
  for (let i = 0; i < nodeInfos.length; i++) {
    const gen = gens ? gens[i] : nodeInfos[i].generation;
    if (seen[i] === gen) continue;
    recount(i, nodeInfos[i]);
    seen[i] = gen;
  }
}
function countingExtensions(key, update) {
  const apply = (state, podToSchedule, pod, nodeInfo, delta2) => {
    const data = readState(state, key);
    if (data instanceof Status) return data;
    update(data, pod, podToSchedule, nodeInfo, delta2);
    return null;
  };
  return {
    addPod: (state, podToSchedule, podToAdd, nodeInfo) => apply(state, podToSchedule, podToAdd, nodeInfo, 1),
    removePod: (state, podToSchedule, podToRemove, nodeInfo) => apply(state, podToSchedule, podToRemove, nodeInfo, -1)
  };
}
function filterNodesByIndex(key, plugin, prepare) {
  return (state, pod, nodes, count, statuses) => {
    const data = readState(state, key);
    if (data instanceof Status) {
      statuses.fill(data, 0, count);
      return;
    }
    const check = prepare(data);
    for (let i = 0; i < count; i++) {
      const nodeInfo = nodes[i];
      const k = nodeInfo.index;
      statuses[i] = k < 0 ? plugin.filter(state, pod, nodeInfo) : check(k);
    }
  };
}
function snapshotGenerations(snapshot) {
  const generations = snapshot.generations;
  return generations instanceof Float64Array ? generations : void 0;
}
var PodsByLabel = class {
  byPair = /* @__PURE__ */ new Map();
  position = -1;
  /** Brings the index up to the log's end; false when there is no log to follow. */
  sync(nodeInfos, log) {
    if (!log) return false;
    if (this.position < 0) {
      for (let i = 0; i < nodeInfos.length; i++)
        for (const pod of nodeInfos[i].pods) this.add(pod, i);
    } else {
      for (let j = this.position; j < log.length; j++) {
        if (log.signAt(j) > 0) this.add(log.podAt(j), log.at(j));
        else this.remove(log.podAt(j), log.at(j));
      }
    }
    this.position = log.length;
    return true;
  }
  add(pod, node) {
    for (const key in pod.labels) {
      const pair = `${key}\0${pod.labels[key]}`;
      let pods = this.byPair.get(pair);
      if (!pods) {
        pods = /* @__PURE__ */ new Map();
        this.byPair.set(pair, pods);
      }
      const nodes = pods.get(pod);
      if (nodes) nodes.push(node);
      else pods.set(pod, [node]);
    }
  }
  remove(pod, node) {
    for (const key in pod.labels) {
      const pods = this.byPair.get(`${key}\0${pod.labels[key]}`);
      const nodes = pods?.get(pod);
      if (!pods || !nodes) continue;
      const at2 = nodes.indexOf(node);
      if (at2 >= 0) nodes.splice(at2, 1);
      if (nodes.length === 0) pods.delete(pod);
    }
  }
  /** Pods carrying `key: value`, each with the nodes it is on. */
  pods(key, value) {
    return this.byPair.get(`${key}\0${value}`);
  }
};
function requiredPair(selector) {
  const matchLabels = selector?.matchLabels;
  if (!matchLabels) return void 0;
  for (const key in matchLabels) return [key, matchLabels[key]];
  return void 0;
}
var NodeMatchCounts = class {
  counts;
  /** Sum of `counts`. */
  total = 0;
  /** Nodes whose count is not zero. */
  nonzero = /* @__PURE__ */ new Set();
  /**
   * Nodes whose count changed after seeding, in order (repeats allowed), so domain sums
   * built on this counter visit only those.
   */
  changed = [];
  matcher;
  /** Generation each node was counted at; -1 (never) at first. */
  seen;
  cursor = { position: -1 };
  constructor(matcher, size) {
    this.matcher = matcher;
    this.counts = new Int32Array(size);
    this.seen = new Float64Array(size).fill(-1);
  }
  /**
   * Counts from scratch over `pods` only (every pod the matcher could select), as of
   * the log's current end, instead of over every pod on every node.
   */
  seed(pods, generations, log) {
    const { counts, matcher } = this;
    if (pods) {
      for (const [pod, nodes] of pods) {
        if (!matcher(pod)) continue;
        for (const i of nodes) {
          counts[i] = counts[i] + 1;
          this.nonzero.add(i);
        }
        this.total += nodes.length;
      }
    }
    this.seen.set(generations);
    this.cursor.position = log.length;
  }
  /** Recounts the nodes whose pods changed since the last sync. */
  sync(nodeInfos, generations, log) {
    const { counts, matcher } = this;
    const from = this.cursor.position;
    if (generations && generations.length === nodeInfos.length && log && from >= 0) {
      if (log.length - from <= nodeInfos.length) {
        const seen = this.seen;
        for (let j = from; j < log.length; j++) {
          const i = log.at(j);
          if (matcher(log.podAt(j))) {
            const sign = log.signAt(j);
            const count = counts[i] + sign;
            counts[i] = count;
            this.total += sign;
            this.changed.push(i);
            if (count !== 0) this.nonzero.add(i);
            else this.nonzero.delete(i);
          }
          seen[i] = generations[i];
        }
        this.cursor.position = log.length;
        return;
      }
    }
    forEachChangedNode(
      nodeInfos,
      generations,
      this.seen,
      (i, nodeInfo) => {
        let count = 0;
        for (const pod of nodeInfo.pods) if (matcher(pod)) count++;
        this.total += count - counts[i];
        if (counts[i] !== count) this.changed.push(i);
        counts[i] = count;
        if (count !== 0) this.nonzero.add(i);
        else this.nonzero.delete(i);
      },
      log,
      this.cursor
    );
  }
};
var DomainCounts = class {
  byValue = /* @__PURE__ */ new Map();
  /** Sum over every domain. */
  total = 0;
  /** The values whose count is not zero. */
  nonzero = /* @__PURE__ */ new Set();
  counter;
  eligible;
  values;
  applied;
  /**
   * @param eligible indices of the nodes that count
   * @param values the topology value of every node (by index); '' stands for a missing label
   */
  constructor(counter, eligible, values) {
    this.counter = counter;
    this.eligible = eligible;
    this.values = values;
    this.applied = new Int32Array(values.length);
    for (const i of eligible) this.byValue.set(values[i] ?? "", 0);
  }
  /** Applies the changes of the counter (synced first by the caller) to the domain sums. */
  sync() {
    const counts = this.counter.counts;
    const { eligible, applied, values } = this;
    const changed = this.counter.changed;
    if (this.position >= 0) {
      const isEligible = this.isEligible;
      for (let j = this.position; j < changed.length; j++) {
        const i = changed[j];
        if (isEligible[i] === 0) continue;
        const delta2 = counts[i] - applied[i];
        if (delta2 === 0) continue;
        this.apply(values[i] ?? "", delta2);
        applied[i] = counts[i];
      }
      this.position = changed.length;
      return;
    }
    for (let k = 0; k < eligible.length; k++) {
      const i = eligible[k];
      const delta2 = counts[i] - applied[i];
      if (delta2 === 0) continue;
      this.apply(values[i] ?? "", delta2);
      applied[i] = counts[i];
    }
    this.isEligible = new Uint8Array(values.length);
    for (const i of eligible) this.isEligible[i] = 1;
    this.position = changed.length;
  }
  apply(value, delta2) {
    const count = this.byValue.get(value) + delta2;
    this.byValue.set(value, count);
    this.total += delta2;
    if (count !== 0) this.nonzero.add(value);
    else this.nonzero.delete(value);
  }
  /** How far `counter.changed` has been applied; -1 before the first full pass. */
  position = -1;
  isEligible;
};
function keyDomains(nodeInfos, key) {
  const ids = new Int32Array(nodeInfos.length);
  const idOf = /* @__PURE__ */ new Map();
  const first = [];
  let perNode = true;
  for (let i = 0; i < nodeInfos.length; i++) {
    const labels = nodeInfos[i].node.labels;
    if (!Object.hasOwn(labels, key)) {
      ids[i] = -1;
      continue;
    }
    const value = labels[key];
    let id = idOf.get(value);
    if (id === void 0) {
      id = idOf.size;
      idOf.set(value, id);
      first.push(i);
    } else perNode = false;
    ids[i] = id;
  }
  return { ids, idOf, perNode, nodeOf: perNode ? Int32Array.from(first) : new Int32Array(0) };
}
var TopologyCounts = class {
  nodeInfos = [];
  generations;
  log;
  counters = /* @__PURE__ */ new Map();
  domains = /* @__PURE__ */ new Map();
  valuesByKey = /* @__PURE__ */ new Map();
  eligibleSets = /* @__PURE__ */ new Map();
  keyDomains = /* @__PURE__ */ new Map();
  podsByLabel = new PodsByLabel();
  /**
   * Starts afresh when the node list is not the one the caches were built for.
   * `generations` is the snapshot's generations array when it has one.
   */
  use(nodeInfos, generations, log) {
    if (nodeInfos === this.nodeInfos) return;
    this.nodeInfos = nodeInfos;
    this.generations = generations;
    this.log = log;
    this.counters.clear();
    this.domains.clear();
    this.valuesByKey.clear();
    this.eligibleSets.clear();
    this.keyDomains.clear();
    this.podsByLabel = new PodsByLabel();
  }
  /** The key's domains numbered over the current node list (node labels never change). */
  domainsOfKey(key) {
    let domains = this.keyDomains.get(key);
    if (!domains) {
      domains = keyDomains(this.nodeInfos, key);
      this.keyDomains.set(key, domains);
    }
    return domains;
  }
  get nodes() {
    return this.nodeInfos;
  }
  /**
   * The counter for `signature`, synced; `matcher` is used only to build a new one.
   * `selects`, when given, is a selector every pod the matcher accepts satisfies: a new
   * counter then starts from the pods carrying one of its labels.
   */
  counter(signature, matcher, selects) {
    let counter = this.counters.get(signature);
    if (!counter) {
      if (this.counters.size >= MAX_CACHE_ENTRIES) {
        this.counters.clear();
        this.domains.clear();
      }
      counter = new NodeMatchCounts(matcher, this.nodeInfos.length);
      this.counters.set(signature, counter);
      const pair = requiredPair(selects);
      const { generations, log } = this;
      if (pair && generations && generations.length === this.nodeInfos.length && log && this.podsByLabel.sync(this.nodeInfos, log)) {
        counter.seed(this.podsByLabel.pods(pair[0], pair[1]), generations, log);
      }
    }
    counter.sync(this.nodeInfos, this.generations, this.log);
    return counter;
  }
  /** Topology values of every node for `key` (undefined where the label is missing). */
  values(key) {
    let values = this.valuesByKey.get(key);
    if (!values) {
      values = this.nodeInfos.map(
        (n) => Object.hasOwn(n.node.labels, key) ? n.node.labels[key] : void 0
      );
      this.valuesByKey.set(key, values);
    }
    return values;
  }
  /** Indices of the nodes passing `test`, computed once per signature (node labels never change). */
  eligible(signature, test) {
    let set = this.eligibleSets.get(signature);
    if (!set) {
      if (this.eligibleSets.size >= MAX_CACHE_ENTRIES) this.eligibleSets.clear();
      const indices = [];
      for (let i = 0; i < this.nodeInfos.length; i++)
        if (test(this.nodeInfos[i])) indices.push(i);
      set = Int32Array.from(indices);
      this.eligibleSets.set(signature, set);
    }
    return set;
  }
  /** Matching pods per topology value over the eligible nodes, synced. */
  domainCounts(counterSignature, matcher, eligibleSignature, eligible, topologyKey, selects) {
    const counter = this.counter(counterSignature, matcher, selects);
    const key = `${counterSignature}\0${eligibleSignature}\0${topologyKey}`;
    let domains = this.domains.get(key);
    if (!domains || domains.counter !== counter) {
      if (this.domains.size >= MAX_CACHE_ENTRIES) this.domains.clear();
      domains = new DomainCounts(counter, eligible, this.values(topologyKey));
      this.domains.set(key, domains);
    }
    domains.sync();
    return domains;
  }
};

// src/scheduler/plugins/inter-pod-affinity.ts
var ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
var ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
var ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
var HARD_POD_AFFINITY_WEIGHT = 1;
var NO_LABELS = Object.freeze({});
function makeTerm(selector, namespaces, namespaceSelector, topologyKey) {
  const signature = JSON.stringify([selector, [...namespaces].sort(), namespaceSelector, topologyKey]);
  return { selector, namespaces, namespaceSelector, topologyKey, signature };
}
function affinityTerm(pod, term) {
  const listed = term.namespaces ?? [];
  const namespaces = listed.length === 0 && !term.namespaceSelector ? /* @__PURE__ */ new Set([pod.namespace]) : new Set(listed);
  return makeTerm(
    mergeLabelKeys(term.labelSelector, pod.labels, term.matchLabelKeys, term.mismatchLabelKeys),
    namespaces,
    term.namespaceSelector ?? null,
    term.topologyKey
  );
}
function termMatches(term, pod, namespaceLabels) {
  const inNamespace = term.namespaces.has(pod.namespace) || term.namespaceSelector !== null && labelSelectorMatches(term.namespaceSelector, namespaceLabels);
  return inNamespace && labelSelectorMatches(term.selector, pod.labels);
}
function allTermsMatch(terms, pod) {
  if (terms.length === 0) return false;
  for (const term of terms) if (!termMatches(term, pod, NO_LABELS)) return false;
  return true;
}
var termsCache = /* @__PURE__ */ new WeakMap();
function podTerms(pod) {
  let terms = termsCache.get(pod);
  if (terms) return terms;
  const affinity = pod.spec.affinity;
  const weighted = (list2) => (list2 ?? []).map((w) => ({ term: affinityTerm(pod, w.podAffinityTerm), weight: w.weight }));
  terms = {
    requiredAffinity: (affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (t) => affinityTerm(pod, t)
    ),
    requiredAntiAffinity: (affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t)),
    preferredAffinity: weighted(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(
      affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution
    )
  };
  termsCache.set(pod, terms);
  return terms;
}
function resolveNamespaces(term, namespaceLabels) {
  const selector = term.namespaceSelector;
  if (selector === null || labelSelectorIsEmpty(selector)) return term;
  const namespaces = new Set(term.namespaces);
  for (const name in namespaceLabels) {
    if (labelSelectorMatches(selector, namespaceLabels[name])) namespaces.add(name);
  }
  return makeTerm(term.selector, namespaces, null, term.topologyKey);
}
var PairCounts = class _PairCounts {
  shared = /* @__PURE__ */ new Map();
  sharedNonZero = /* @__PURE__ */ new Map();
  delta;
  total = 0;
  addShared(key, byValue, total, nonzero) {
    const list2 = this.shared.get(key);
    if (list2) list2.push(byValue);
    else this.shared.set(key, [byValue]);
    const nz = this.sharedNonZero.get(key);
    if (nz) nz.push(nonzero);
    else this.sharedNonZero.set(key, [nonzero]);
    this.total += total;
  }
  /** Calls `add` with (at least) every value of `key` whose count may not be zero. */
  forEachNonZero(key, add) {
    for (const nonzero of this.sharedNonZero.get(key) ?? []) for (const value of nonzero.keys()) add(value);
    const d = this.delta?.get(key);
    if (d) {
      for (const [value, n] of d) if (n !== 0) add(value);
    }
  }
  add(key, value, delta2) {
    this.delta ??= /* @__PURE__ */ new Map();
    let values = this.delta.get(key);
    if (!values) {
      values = /* @__PURE__ */ new Map();
      this.delta.set(key, values);
    }
    values.set(value, (values.get(value) ?? 0) + delta2);
    this.total += delta2;
  }
  get(key, value) {
    let n = 0;
    const list2 = this.shared.get(key);
    if (list2) for (const byValue of list2) n += byValue.get(value) ?? 0;
    const d = this.delta?.get(key)?.get(value);
    return d === void 0 ? n : n + d;
  }
  /** Every key with a count, shared or changed by a dry run. */
  keys() {
    const keys = new Set(this.shared.keys());
    if (this.delta) for (const key of this.delta.keys()) keys.add(key);
    return keys;
  }
  /**
   * Writes `get(key, value)` for every domain of `key` into `out` (by domain number),
   * which must be zeroed and at least as long as the number of domains.
   */
  fill(key, domains, out) {
    const add = (byValue) => {
      for (const [value, n] of byValue) {
        if (n === 0) continue;
        const id = domains.idOf.get(value);
        if (id !== void 0) out[id] = out[id] + n;
      }
    };
    const list2 = this.shared.get(key);
    if (list2) for (const byValue of list2) add(byValue);
    const d = this.delta?.get(key);
    if (d) add(d);
  }
  /** Whether some topology pair of the node's labels has a positive count. */
  anyPositive(labels) {
    for (const key of this.shared.keys()) {
      if (Object.hasOwn(labels, key) && this.get(key, labels[key]) > 0) return true;
    }
    if (this.delta) {
      for (const key of this.delta.keys()) {
        if (Object.hasOwn(labels, key) && this.get(key, labels[key]) > 0) return true;
      }
    }
    return false;
  }
  clone() {
    const copy = new _PairCounts();
    for (const [key, list2] of this.shared) copy.shared.set(key, list2.slice());
    for (const [key, list2] of this.sharedNonZero) copy.sharedNonZero.set(key, list2.slice());
    if (this.delta) copy.delta = new Map([...this.delta].map(([k, v]) => [k, new Map(v)]));
    copy.total = this.total;
    return copy;
  }
};
var PRE_FILTER_KEY3 = preFilterStateKey(names.InterPodAffinity);
var PRE_SCORE_KEY3 = preScoreStateKey(names.InterPodAffinity);
var nothingToScore = () => ({ sources: [] });
var SYNCED_KEY = `Synced${names.InterPodAffinity}`;
var SOURCES_KEY = `Sources${names.InterPodAffinity}`;
var PreFilterState = class _PreFilterState {
  pod;
  namespaceLabels;
  /** The incoming pod's required terms, namespaceSelector resolved. */
  affinityTerms;
  antiAffinityTerms;
  /** Existing pods matching all of the incoming pod's affinity terms. */
  affinityCounts;
  /** Existing pods matching one of the incoming pod's anti-affinity terms. */
  antiAffinityCounts;
  /** Existing pods whose required anti-affinity terms match the incoming pod. */
  existingAntiAffinityCounts;
  /** The incoming pod matches all its own affinity terms. */
  matchesOwnAffinity;
  constructor(pod, namespaceLabels, affinityTerms, antiAffinityTerms, counts) {
    this.pod = pod;
    this.namespaceLabels = namespaceLabels;
    this.affinityTerms = affinityTerms;
    this.antiAffinityTerms = antiAffinityTerms;
    [this.affinityCounts, this.antiAffinityCounts, this.existingAntiAffinityCounts] = counts;
    this.matchesOwnAffinity = allTermsMatch(affinityTerms, pod);
  }
  clone() {
    return new _PreFilterState(this.pod, this.namespaceLabels, this.affinityTerms, this.antiAffinityTerms, [
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
      this.existingAntiAffinityCounts.clone()
    ]);
  }
  /** Upstream's updateWithPod: follow a pod added to (+1) or removed from (-1) a node. */
  update(updated, nodeInfo, multiplier) {
    const labels = nodeInfo.node.labels;
    for (const term of podTerms(updated).requiredAntiAffinity) {
      if (Object.hasOwn(labels, term.topologyKey) && termMatches(term, this.pod, this.namespaceLabels)) {
        this.existingAntiAffinityCounts.add(term.topologyKey, labels[term.topologyKey], multiplier);
      }
    }
    if (allTermsMatch(this.affinityTerms, updated)) {
      for (const key of new Set(this.affinityTerms.map((t) => t.topologyKey))) {
        if (Object.hasOwn(labels, key)) this.affinityCounts.add(key, labels[key], multiplier);
      }
    }
    for (const term of this.antiAffinityTerms) {
      if (Object.hasOwn(labels, term.topologyKey) && termMatches(term, updated, NO_LABELS)) {
        this.antiAffinityCounts.add(term.topologyKey, labels[term.topologyKey], multiplier);
      }
    }
  }
};
var REQUIRED_ANTI = 0;
var REQUIRED_AFFINITY = 1;
var PREFERRED = 2;
var ExistingTermsIndex = class {
  entries = /* @__PURE__ */ new Map();
  nodeInfos = [];
  perNode = [];
  /** Generation each node was indexed at; -1 (never) at first. */
  seen = new Float64Array(0);
  cursor = { position: -1 };
  sync(nodeInfos, generations, log) {
    if (nodeInfos !== this.nodeInfos) {
      this.nodeInfos = nodeInfos;
      this.entries.clear();
      this.perNode = nodeInfos.map(() => []);
      this.seen = new Float64Array(nodeInfos.length).fill(-1);
      this.cursor.position = -1;
    }
    forEachChangedNode(
      nodeInfos,
      generations,
      this.seen,
      (i, nodeInfo) => this.recount(i, nodeInfo),
      log,
      this.cursor
    );
  }
  recount(i, nodeInfo) {
    for (const c of this.perNode[i]) {
      const left = c.entry.byValue.get(c.value) - c.count;
      if (left === 0) c.entry.byValue.delete(c.value);
      else c.entry.byValue.set(c.value, left);
      c.entry.total -= c.count;
    }
    if (nodeInfo.podsWithAffinity.length === 0) {
      if (this.perNode[i].length > 0) this.perNode[i] = [];
      return;
    }
    const contributions = [];
    const labels = nodeInfo.node.labels;
    const add = (term, kind, factor) => {
      if (!Object.hasOwn(labels, term.topologyKey)) return;
      const key = `${kind}\0${factor}\0${term.signature}`;
      let entry = this.entries.get(key);
      if (!entry) {
        entry = { term, kind, factor, byValue: /* @__PURE__ */ new Map(), total: 0 };
        this.entries.set(key, entry);
      }
      const value = labels[term.topologyKey];
      entry.byValue.set(value, (entry.byValue.get(value) ?? 0) + 1);
      entry.total++;
      const existing = contributions.find((c) => c.entry === entry);
      if (existing) existing.count++;
      else contributions.push({ entry, value, count: 1 });
    };
    for (const pod of nodeInfo.podsWithAffinity) {
      const terms = podTerms(pod);
      for (const t of terms.requiredAntiAffinity) add(t, REQUIRED_ANTI, 1);
      for (const t of terms.requiredAffinity) add(t, REQUIRED_AFFINITY, HARD_POD_AFFINITY_WEIGHT);
      for (const w of terms.preferredAffinity) add(w.term, PREFERRED, w.weight);
      for (const w of terms.preferredAntiAffinity) add(w.term, PREFERRED, -w.weight);
    }
    this.perNode[i] = contributions;
  }
};
var InterPodAffinity = class {
  name = names.InterPodAffinity;
  handle;
  cache = new TopologyCounts();
  index = new ExistingTermsIndex();
  constructor(handle) {
    this.handle = handle;
  }
  /** Brings the caches up to date; once per cycle, as nodes only change between cycles. */
  nodes(state) {
    const snapshot = this.handle.snapshot;
    if (state.read(SYNCED_KEY)) return snapshot.nodeInfos;
    state.write(SYNCED_KEY, {});
    const generations = snapshotGenerations(snapshot);
    this.cache.use(snapshot.nodeInfos, generations, snapshot.changes);
    this.index.sync(snapshot.nodeInfos, generations, snapshot.changes);
    return snapshot.nodeInfos;
  }
  namespaceLabels(pod) {
    return this.handle.snapshot.namespaceLabels[pod.namespace] ?? NO_LABELS;
  }
  /** Existing pods selected by `matcher`, per value of `key`, over the nodes that carry the key. */
  domainsOf(signature, matcher, key, selects) {
    const eligible = this.cache.eligible(`has\0${key}`, (n) => Object.hasOwn(n.node.labels, key));
    return this.cache.domainCounts(signature, matcher, `has\0${key}`, eligible, key, selects);
  }
  preFilter(state, pod) {
    this.nodes(state);
    const terms = podTerms(pod);
    const namespaceLabels = this.namespaceLabels(pod);
    const allNamespaces = this.handle.snapshot.namespaceLabels;
    const existing = new PairCounts();
    for (const entry of this.index.entries.values()) {
      if (entry.kind !== REQUIRED_ANTI || entry.total === 0) continue;
      if (termMatches(entry.term, pod, namespaceLabels)) {
        existing.addShared(entry.term.topologyKey, entry.byValue, entry.total, entry.byValue);
      }
    }
    const affinityTerms = terms.requiredAffinity.map((t) => resolveNamespaces(t, allNamespaces));
    const antiAffinityTerms = terms.requiredAntiAffinity.map((t) => resolveNamespaces(t, allNamespaces));
    if (existing.total === 0 && affinityTerms.length === 0 && antiAffinityTerms.length === 0) {
      return { status: skip() };
    }
    const affinity = new PairCounts();
    if (affinityTerms.length > 0) {
      const signature = `all\0${affinityTerms.map((t) => t.signature).join("\0")}`;
      const matcher = (p) => allTermsMatch(affinityTerms, p);
      for (const key of new Set(affinityTerms.map((t) => t.topologyKey))) {
        const domains = this.domainsOf(signature, matcher, key, affinityTerms[0]?.selector);
        affinity.addShared(key, domains.byValue, domains.total, domains.nonzero);
      }
    }
    const anti = new PairCounts();
    for (const term of antiAffinityTerms) {
      const domains = this.domainsOf(
        `one\0${term.signature}`,
        (p) => termMatches(term, p, NO_LABELS),
        term.topologyKey,
        term.selector
      );
      anti.addShared(term.topologyKey, domains.byValue, domains.total, domains.nonzero);
    }
    state.write(
      PRE_FILTER_KEY3,
      new PreFilterState(pod, namespaceLabels, affinityTerms, antiAffinityTerms, [affinity, anti, existing])
    );
    return { status: null };
  }
  preFilterExtensions() {
    return countingExtensions(
      PRE_FILTER_KEY3,
      (data, pod, _podToSchedule, nodeInfo, delta2) => data.update(pod, nodeInfo, delta2)
    );
  }
  filter(state, _pod, nodeInfo) {
    const data = readState(state, PRE_FILTER_KEY3);
    if (data instanceof Status) return data;
    const labels = nodeInfo.node.labels;
    if (data.affinityTerms.length > 0) {
      let podsExist = true;
      for (const term of data.affinityTerms) {
        const key = term.topologyKey;
        if (!Object.hasOwn(labels, key)) return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
        if (data.affinityCounts.get(key, labels[key]) <= 0) podsExist = false;
      }
      if (!podsExist && !(data.affinityCounts.total === 0 && data.matchesOwnAffinity)) {
        return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
      }
    }
    if (data.antiAffinityCounts.total > 0) {
      for (const term of data.antiAffinityTerms) {
        const key = term.topologyKey;
        if (Object.hasOwn(labels, key) && data.antiAffinityCounts.get(key, labels[key]) > 0) {
          return unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
        }
      }
    }
    if (data.existingAntiAffinityCounts.anyPositive(labels)) {
      return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    }
    return null;
  }
  /** Typed arrays reused from cycle to cycle, handed out in order by `buffer`. */
  buffers = [];
  buffersUsed = 0;
  /** A zeroed array of at least `size` entries, valid until the next batch call. */
  buffer(size) {
    let buf = this.buffers[this.buffersUsed];
    if (!buf || buf.length < size) {
      buf = new Float64Array(Math.max(size, 16));
      this.buffers[this.buffersUsed] = buf;
    } else buf.fill(0, 0, size);
    this.buffersUsed++;
    return buf;
  }
  /** Counts of `pairs` for `key` by domain, with the key's domain numbers. */
  byDomain(pairs, key) {
    const domains = this.cache.domainsOfKey(key);
    const counts = this.buffer(domains.idOf.size);
    pairs.fill(key, domains, counts);
    return { ids: domains.ids, counts };
  }
  /**
   * As `filter` on each node, with every count looked up once per domain instead of
   * once per node: the check of a node reads typed arrays only.
   */
  filterNodes = filterNodesByIndex(
    PRE_FILTER_KEY3,
    this,
    (data) => this.checkByIndex(data)
  );
  /** This cycle's `filter`, for the snapshot node at index k. */
  checkByIndex(data) {
    this.buffersUsed = 0;
    const affinity = data.affinityTerms.map((t) => this.byDomain(data.affinityCounts, t.topologyKey));
    const anti = data.antiAffinityCounts.total > 0 ? data.antiAffinityTerms.map((t) => this.byDomain(data.antiAffinityCounts, t.topologyKey)) : [];
    const existing = [...data.existingAntiAffinityCounts.keys()].map(
      (key) => this.byDomain(data.existingAntiAffinityCounts, key)
    );
    const ownAffinityEnough = data.affinityCounts.total === 0 && data.matchesOwnAffinity;
    return (k) => {
      if (affinity.length > 0) {
        let podsExist = true;
        for (const a of affinity) {
          const id = a.ids[k];
          if (id < 0) return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
          if (a.counts[id] <= 0) podsExist = false;
        }
        if (!podsExist && !ownAffinityEnough) return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
      }
      for (const a of anti) {
        const id = a.ids[k];
        if (id >= 0 && a.counts[id] > 0) {
          return unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
        }
      }
      for (const e of existing) {
        const id = e.ids[k];
        if (id >= 0 && e.counts[id] > 0) {
          return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
        }
      }
      return null;
    };
  }
  /** What the pod's score adds up, per domain: its own preferred terms and existing pods' terms that select it. */
  scoreSources(state, pod) {
    const cached = state.read(SOURCES_KEY);
    if (cached) return cached.sources;
    this.nodes(state);
    const terms = podTerms(pod);
    const namespaceLabels = this.namespaceLabels(pod);
    const allNamespaces = this.handle.snapshot.namespaceLabels;
    const sources = [];
    const own = (list2, sign) => {
      for (const { term, weight } of list2) {
        const resolved = resolveNamespaces(term, allNamespaces);
        const domains = this.domainsOf(
          `one\0${resolved.signature}`,
          (p) => termMatches(resolved, p, NO_LABELS),
          resolved.topologyKey,
          resolved.selector
        );
        if (domains.total !== 0)
          sources.push({
            key: resolved.topologyKey,
            byValue: domains.byValue,
            factor: sign * weight,
            nonzero: domains.nonzero
          });
      }
    };
    own(terms.preferredAffinity, 1);
    own(terms.preferredAntiAffinity, -1);
    for (const entry of this.index.entries.values()) {
      if (entry.kind === REQUIRED_ANTI || entry.total === 0) continue;
      if (termMatches(entry.term, pod, namespaceLabels)) {
        sources.push({
          key: entry.term.topologyKey,
          byValue: entry.byValue,
          factor: entry.factor,
          nonzero: entry.byValue
        });
      }
    }
    const cache = { sources };
    state.write(SOURCES_KEY, cache);
    return sources;
  }
  /**
   * Keys: those of the pod's required terms, of existing pods' anti-affinity terms
   * that select it, and of every score source. A node whose domain of such a key is
   * its own (hostname) is special when a count there is not zero.
   */
  domainStructure(state, pod) {
    this.nodes(state);
    const keys = /* @__PURE__ */ new Set();
    const special = [];
    const addValue = (key) => {
      const domains = this.cache.domainsOfKey(key);
      if (!domains.perNode) return void 0;
      return (value) => {
        const id = domains.idOf.get(value);
        if (id !== void 0) special.push(domains.nodeOf[id]);
      };
    };
    const data = state.read(PRE_FILTER_KEY3);
    if (data) {
      for (const counts of [data.affinityCounts, data.antiAffinityCounts, data.existingAntiAffinityCounts]) {
        for (const key of counts.keys()) {
          keys.add(key);
          const add = addValue(key);
          if (add) counts.forEachNonZero(key, add);
        }
      }
    }
    for (const source of this.scoreSources(state, pod)) {
      keys.add(source.key);
      const add = addValue(source.key);
      if (add) for (const value of source.nonzero.keys()) add(value);
    }
    return { keys: [...keys], special };
  }
  preScore(state, pod, nodes) {
    if (nodes.length === 0) return skip();
    const sources = this.scoreSources(state, pod);
    if (sources.length === 0) return skip();
    const data = { sources };
    state.write(PRE_SCORE_KEY3, data);
    return null;
  }
  score(state, pod, nodeInfo) {
    const { sources } = readScoreState(state, PRE_SCORE_KEY3, pod, nothingToScore);
    const labels = nodeInfo.node.labels;
    let score = 0;
    for (const s of sources) {
      if (!Object.hasOwn(labels, s.key)) continue;
      const n = s.byValue.get(labels[s.key]);
      if (n) score += s.factor * n;
    }
    return score;
  }
  /**
   * As `score` on each node: each source's weighted count per domain is computed once,
   * then added up node by node in the sources' order, so the sums are the same floats.
   */
  scoreNodes(state, pod, nodes, scores) {
    const data = readScoreState(state, PRE_SCORE_KEY3, pod, nothingToScore);
    this.buffersUsed = 0;
    const sources = data.sources.map((s) => {
      const domains = this.cache.domainsOfKey(s.key);
      const weighted = this.buffer(domains.idOf.size);
      for (const [value, n] of s.byValue) {
        if (!n) continue;
        const id = domains.idOf.get(value);
        if (id !== void 0) weighted[id] = s.factor * n;
      }
      return { ids: domains.ids, weighted };
    });
    for (let i = 0; i < nodes.length; i++) {
      const nodeInfo = nodes[i];
      const k = nodeInfo.index;
      if (k < 0) {
        scores[i] = this.score(state, pod, nodeInfo);
        continue;
      }
      let score = 0;
      for (const s of sources) {
        const id = s.ids[k];
        if (id >= 0) {
          const w = s.weighted[id];
          if (w !== 0) score += w;
        }
      }
      scores[i] = score;
    }
  }
  /**
   * Scaled between the lowest and the highest node: trunc(100 * ((s - min) / (max - min))),
   * in upstream's order of operations, which decides how a fraction like 0.29 truncates.
   */
  normalizeScore(state, _pod, scores) {
    const data = readState(state, PRE_SCORE_KEY3);
    if (data instanceof Status) return data;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const s of scores) {
      if (s > max) max = s;
      if (s < min) min = s;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
    }
    return null;
  }
};

// src/scheduler/plugins/node-name.ts
var ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
var NodeName = class {
  name = names.NodeName;
  locality = "node-static";
  filter(_state, pod, nodeInfo) {
    const wanted = pod.spec.nodeName;
    if (!wanted || wanted === nodeInfo.node.name) return null;
    return unresolvable(ERR_REASON_NODE_NAME);
  }
};

// src/scheduler/plugins/node-resources-balanced-allocation.ts
var BALANCED_RESOURCES = ["cpu", "memory"];
var PRE_SCORE_KEY4 = preScoreStateKey(names.NodeResourcesBalancedAllocation);
function preScoreState2(pod) {
  return { podRequests: BALANCED_RESOURCES.map((r) => pod.requests[r] ?? 0) };
}
function balancedResourceScore(requested, allocatable) {
  if (scratch.length < requested.length) scratch = new Float64Array(requested.length);
  let n = 0;
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    const alloc = allocatable[i];
    if (alloc === 0) continue;
    const fraction = Math.min(requested[i] / alloc, 1);
    total += fraction;
    scratch[n++] = fraction;
  }
  let std = 0;
  if (n === 2) {
    std = Math.abs((scratch[0] - scratch[1]) / 2);
  } else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (scratch[i] - mean) * (scratch[i] - mean);
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}
var scratch = new Float64Array(4);
var NodeResourcesBalancedAllocation = class {
  name = names.NodeResourcesBalancedAllocation;
  locality = "node";
  requested = new Array(BALANCED_RESOURCES.length).fill(0);
  allocatable = new Array(BALANCED_RESOURCES.length).fill(0);
  preScore(state, pod) {
    const data = preScoreState2(pod);
    if (data.podRequests.every((r) => r === 0)) return skip();
    state.write(PRE_SCORE_KEY4, data);
    return null;
  }
  score(state, pod, nodeInfo) {
    const { podRequests } = readScoreState(state, PRE_SCORE_KEY4, pod, preScoreState2);
    const { requested, allocatable } = this;
    const nodeAllocatable = nodeInfo.node.allocatable;
    for (let i = 0; i < BALANCED_RESOURCES.length; i++) {
      const resource = BALANCED_RESOURCES[i];
      const alloc = nodeAllocatable[resource] ?? 0;
      allocatable[i] = alloc;
      requested[i] = alloc === 0 ? 0 : (nodeInfo.requested[resource] ?? 0) + podRequests[i];
    }
    return balancedResourceScore(requested, allocatable);
  }
};

// src/scheduler/plugins/node-unschedulable.ts
var ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
var UNSCHEDULABLE_TAINT = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };
var NodeUnschedulable = class {
  name = names.NodeUnschedulable;
  locality = "node-static";
  filter(_state, pod, nodeInfo) {
    if (!nodeInfo.node.unschedulable) return null;
    if (tolerationsTolerate(pod.spec.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return unresolvable(ERR_REASON_UNSCHEDULABLE);
  }
};

// src/scheduler/plugins/pod-topology-spread.ts
var ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
var ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
var LabelHostname = "kubernetes.io/hostname";
var LabelTopologyZone = "topology.kubernetes.io/zone";
var SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: LabelHostname, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LabelTopologyZone, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 }
];
var SPREAD_OWNER_KINDS = /* @__PURE__ */ new Set(["ReplicaSet", "StatefulSet", "ReplicationController", "Deployment"]);
var PER_POD_LABELS = /* @__PURE__ */ new Set([
  "statefulset.kubernetes.io/pod-name",
  "apps.kubernetes.io/pod-index",
  "controller-revision-hash"
]);
function resolveConstraints(constraints, labels, action) {
  const out = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: mergeLabelKeys(c.labelSelector, labels, c.matchLabelKeys),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? "Honor",
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? "Ignore"
    });
  }
  return out;
}
function defaultSpreadSelector(pod) {
  const owned = pod.workload !== void 0 && SPREAD_OWNER_KINDS.has(pod.workload.kind) || (pod.ownerReferences ?? []).some((o) => o.controller === true && SPREAD_OWNER_KINDS.has(o.kind ?? ""));
  if (!owned) return null;
  const matchLabels = {};
  let any = false;
  for (const key in pod.labels) {
    if (PER_POD_LABELS.has(key)) continue;
    matchLabels[key] = pod.labels[key];
    any = true;
  }
  return any ? { matchLabels } : null;
}
function spreadConstraints(pod, action) {
  const own = pod.spec.topologySpreadConstraints ?? [];
  if (own.length > 0) return resolveConstraints(own, pod.labels, action);
  const constraints = resolveConstraints(SYSTEM_DEFAULT_CONSTRAINTS, pod.labels, action);
  if (constraints.length === 0) return [];
  const selector = defaultSpreadSelector(pod);
  if (!selector) return [];
  for (const c of constraints) c.selector = selector;
  return constraints;
}
function hasAllKeys(labels, constraints) {
  for (const c of constraints) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}
function includesNode(c, pod, nodeInfo) {
  if (c.nodeAffinityPolicy === "Honor" && !podMatchesNodeSelectorAndAffinity(pod.spec, nodeInfo.node))
    return false;
  if (c.nodeTaintsPolicy === "Honor" && findUntoleratedTaint(nodeInfo.node.taints, pod.spec.tolerations, scheduleBlockingTaint)) {
    return false;
  }
  return true;
}
function minMatch(counts, minDomains) {
  if (counts.size < minDomains) return 0;
  let min = 2 ** 31 - 1;
  for (const n of counts.values()) if (n < min) min = n;
  return min;
}
var PRE_FILTER_KEY4 = preFilterStateKey(names.PodTopologySpread);
var PRE_SCORE_KEY5 = preScoreStateKey(names.PodTopologySpread);
var nothingToScore2 = () => ({ constraints: [], spread: [], requireAllTopologies: false });
var PreFilterState2 = class _PreFilterState {
  constraints;
  owned;
  constructor(constraints, owned) {
    this.constraints = constraints;
    this.owned = owned;
  }
  clone() {
    this.owned = false;
    return new _PreFilterState(
      this.constraints.map((c) => ({ ...c })),
      false
    );
  }
  update(updated, preemptor, nodeInfo, delta2) {
    if (updated.namespace !== preemptor.namespace) return;
    const labels = nodeInfo.node.labels;
    if (!hasAllKeys(
      labels,
      this.constraints.map((c) => c.constraint)
    ))
      return;
    if (!this.owned) {
      for (const c of this.constraints) {
        c.counts = new Map(c.counts);
        c.nonzero = void 0;
      }
      this.owned = true;
    }
    for (const c of this.constraints) {
      const constraint = c.constraint;
      if (!labelSelectorMatches(constraint.selector, updated.labels)) continue;
      if (!includesNode(constraint, preemptor, nodeInfo)) continue;
      const value = labels[constraint.topologyKey];
      c.counts.set(value, (c.counts.get(value) ?? 0) + delta2);
      c.min = minMatch(c.counts, constraint.minDomains);
    }
  }
};
var PodTopologySpread = class {
  name = names.PodTopologySpread;
  handle;
  cache = new TopologyCounts();
  indexByName = /* @__PURE__ */ new Map();
  constructor(handle) {
    this.handle = handle;
  }
  keyIds = /* @__PURE__ */ new Map();
  stamp = new Int32Array(0);
  stampValue = 0;
  idsOf(key) {
    let entry = this.keyIds.get(key);
    if (!entry) {
      const nodeInfos = this.handle.snapshot.nodeInfos;
      const has2 = new Uint8Array(nodeInfos.length);
      const ids = new Int32Array(nodeInfos.length);
      const values = [];
      const byValue = /* @__PURE__ */ new Map();
      nodeInfos.forEach((n, k) => {
        const labels = n.node.labels;
        has2[k] = Object.hasOwn(labels, key) ? 1 : 0;
        const v = labels[key] ?? "";
        let id = byValue.get(v);
        if (id === void 0) {
          id = values.length;
          values.push(v);
          byValue.set(v, id);
        }
        ids[k] = id;
      });
      entry = { has: has2, ids, values };
      this.keyIds.set(key, entry);
      if (this.stamp.length < nodeInfos.length + 1) this.stamp = new Int32Array(nodeInfos.length + 1);
    }
    return entry;
  }
  useSnapshot() {
    const nodeInfos = this.handle.snapshot.nodeInfos;
    if (nodeInfos !== this.cache.nodes) {
      this.keyIds.clear();
      this.cache.use(nodeInfos, snapshotGenerations(this.handle.snapshot), this.handle.snapshot.changes);
      this.indexByName = new Map(nodeInfos.map((n, i) => [n.name, i]));
    }
    return nodeInfos;
  }
  /**
   * Matching pods per domain for one constraint, over the nodes that count: those that
   * carry every key in `keys` and pass the constraint's inclusion policies.
   */
  domains(pod, c, keys) {
    const selector = c.selector;
    const namespace = pod.namespace;
    const selectorSignature = `${namespace}\0${JSON.stringify(selector)}`;
    const counts = selector !== null && !labelSelectorIsEmpty(selector);
    const matcher = counts ? (p) => p.namespace === namespace && labelSelectorMatches(selector, p.labels) : () => false;
    const affinity = c.nodeAffinityPolicy === "Honor" ? JSON.stringify([
      pod.spec.nodeSelector,
      pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ]) : "*";
    const taints = c.nodeTaintsPolicy === "Honor" ? JSON.stringify(pod.spec.tolerations ?? []) : "*";
    const keyList = keys ? keys.map((k) => k.topologyKey) : [c.topologyKey];
    const eligibleSignature = `${keyList.join(",")}|${affinity}|${taints}|${keys ? "all" : "own"}`;
    const eligible = this.cache.eligible(eligibleSignature, (nodeInfo) => {
      const labels = nodeInfo.node.labels;
      if (keys ? !hasAllKeys(labels, keys) : !Object.hasOwn(labels, c.topologyKey)) return false;
      return includesNode(c, pod, nodeInfo);
    });
    return this.cache.domainCounts(
      selectorSignature,
      matcher,
      eligibleSignature,
      eligible,
      c.topologyKey,
      counts ? selector : null
    );
  }
  preFilter(state, pod) {
    const constraints = spreadConstraints(pod, "DoNotSchedule");
    if (constraints.length === 0) return { status: skip() };
    this.useSnapshot();
    const counted = constraints.map((c) => {
      const { byValue, nonzero } = this.domains(pod, c, constraints);
      return {
        constraint: c,
        counts: byValue,
        min: minMatch(byValue, c.minDomains),
        selfMatch: labelSelectorMatches(c.selector, pod.labels) ? 1 : 0,
        nonzero
      };
    });
    state.write(PRE_FILTER_KEY4, new PreFilterState2(counted, false));
    return { status: null };
  }
  preFilterExtensions() {
    return countingExtensions(
      PRE_FILTER_KEY4,
      (data, pod, podToSchedule, nodeInfo, delta2) => data.update(pod, podToSchedule, nodeInfo, delta2)
    );
  }
  filter(state, _pod, nodeInfo) {
    const data = readState(state, PRE_FILTER_KEY4);
    if (data instanceof Status) return data;
    const labels = nodeInfo.node.labels;
    for (const c of data.constraints) {
      const key = c.constraint.topologyKey;
      if (!Object.hasOwn(labels, key)) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      const matchNum = c.counts.get(labels[key]) ?? 0;
      if (matchNum + c.selfMatch - c.min > c.constraint.maxSkew)
        return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return null;
  }
  /**
   * Keys: every constraint's, both actions. A node whose count is its own (hostname,
   * or any key with one node per domain) is special when that count is not zero:
   * every other node of its group counts zero there.
   */
  domainStructure(state, pod) {
    this.useSnapshot();
    const keys = /* @__PURE__ */ new Set();
    const special = [];
    const addValues = (key, values) => {
      const domains = this.cache.domainsOfKey(key);
      if (!domains.perNode) return;
      for (const value of values) {
        const id = domains.idOf.get(value);
        if (id !== void 0) special.push(domains.nodeOf[id]);
      }
    };
    const filter = state.read(PRE_FILTER_KEY4);
    for (const c of filter?.constraints ?? []) {
      const key = c.constraint.topologyKey;
      keys.add(key);
      if (c.nonzero) addValues(key, c.nonzero);
      else for (const [value, n] of c.counts) if (n !== 0) addValues(key, [value]);
    }
    const constraints = spreadConstraints(pod, "ScheduleAnyway");
    const own = (pod.spec.topologySpreadConstraints ?? []).length > 0;
    for (const c of constraints) {
      keys.add(c.topologyKey);
      if (c.topologyKey === LabelHostname) {
        for (const k of this.hostnameCounter(pod, c).nonzero) special.push(k);
      } else if (this.cache.domainsOfKey(c.topologyKey).perNode) {
        addValues(c.topologyKey, this.domains(pod, c, own ? constraints : null).nonzero);
      }
    }
    return { keys: [...keys], special };
  }
  /** Matching pods per node for a hostname constraint, synced. */
  hostnameCounter(pod, c) {
    const selector = c.selector;
    const namespace = pod.namespace;
    const counts = selector !== null && !labelSelectorIsEmpty(selector);
    return this.cache.counter(
      `${namespace}\0${JSON.stringify(selector)}`,
      counts ? (p) => p.namespace === namespace && labelSelectorMatches(selector, p.labels) : () => false,
      counts ? selector : null
    );
  }
  preScore(state, pod, nodes, weights) {
    if (nodes.length === 0) return skip();
    const own = (pod.spec.topologySpreadConstraints ?? []).length > 0;
    const constraints = spreadConstraints(pod, "ScheduleAnyway");
    if (constraints.length === 0) return skip();
    this.useSnapshot();
    const requireAllTopologies = own;
    const scored = [];
    let ignored = 0;
    const idx = this.indicesOf(nodes, nodes.length);
    if (this.lackingBuf.length < nodes.length) this.lackingBuf = new Uint8Array(nodes.length);
    const lacking = this.lackingBuf;
    lacking.fill(0, 0, nodes.length);
    if (requireAllTopologies) {
      for (const c of constraints) {
        const { has: has2 } = this.idsOf(c.topologyKey);
        for (let i = 0; i < nodes.length; i++) if (has2[idx[i]] === 0) lacking[i] = 1;
      }
      for (let i = 0; i < nodes.length; i++)
        if (lacking[i] === 1) ignored += weights ? weights[i] : 1;
    }
    let represented = nodes.length;
    if (weights) {
      represented = 0;
      for (let i = 0; i < nodes.length; i++) represented += weights[i];
    }
    for (const c of constraints) {
      let size;
      const entry = { constraint: c, weight: 0 };
      if (c.topologyKey === LabelHostname) {
        size = represented - ignored;
        entry.perNode = this.hostnameCounter(pod, c).counts;
      } else if (weights && this.cache.domainsOfKey(c.topologyKey).perNode) {
        const { has: has2 } = this.idsOf(c.topologyKey);
        size = 0;
        let unlabelled = 0;
        for (let i = 0; i < nodes.length; i++) {
          if (lacking[i] === 1) continue;
          if (has2[idx[i]] === 1) size += weights[i];
          else unlabelled = 1;
        }
        size += unlabelled;
        entry.domains = this.domains(pod, c, requireAllTopologies ? constraints : null);
      } else {
        const { ids } = this.idsOf(c.topologyKey);
        const stamp = this.stamp;
        const mark = ++this.stampValue;
        size = 0;
        for (let i = 0; i < nodes.length; i++) {
          if (lacking[i] === 1) continue;
          const id = ids[idx[i]];
          if (stamp[id] !== mark) {
            stamp[id] = mark;
            size++;
          }
        }
        entry.domains = this.domains(pod, c, requireAllTopologies ? constraints : null);
      }
      entry.weight = Math.log(size + 2);
      scored.push(entry);
    }
    const data = { constraints: scored, spread: constraints, requireAllTopologies };
    state.write(PRE_SCORE_KEY5, data);
    return null;
  }
  score(state, pod, nodeInfo) {
    const data = readScoreState(state, PRE_SCORE_KEY5, pod, nothingToScore2);
    const labels = nodeInfo.node.labels;
    if (data.requireAllTopologies && !hasAllKeys(labels, data.spread)) return 0;
    let score = 0;
    for (const c of data.constraints) {
      const key = c.constraint.topologyKey;
      if (!Object.hasOwn(labels, key)) continue;
      let count;
      if (c.perNode) {
        const i = nodeInfo.index >= 0 ? nodeInfo.index : this.indexByName.get(nodeInfo.name) ?? -1;
        count = c.perNode[i] ?? 0;
      } else count = c.domains?.byValue.get(labels[key]) ?? 0;
      score += count * c.weight + (c.constraint.maxSkew - 1);
    }
    return Math.round(score);
  }
  /** Node indices of `nodes` (reused buffer); -1 marks a copy outside the snapshot. */
  indexBuf = new Int32Array(0);
  /** 1 where a node is left out of scoring for lacking a key (reused buffer). */
  lackingBuf = new Uint8Array(0);
  indicesOf(nodes, count) {
    if (this.indexBuf.length < count) this.indexBuf = new Int32Array(count);
    const idx = this.indexBuf;
    for (let i = 0; i < count; i++) idx[i] = nodes[i].index;
    return idx;
  }
  /** Per position, whether the node lacks one of the constraints' keys when every key is required. */
  lackingOf(data, nodes, idx) {
    if (this.lackingBuf.length < nodes.length) this.lackingBuf = new Uint8Array(nodes.length);
    const lacking = this.lackingBuf;
    lacking.fill(0, 0, nodes.length);
    if (!data.requireAllTopologies) return lacking;
    for (const c of data.spread) {
      const { has: has2 } = this.idsOf(c.topologyKey);
      for (let i = 0; i < nodes.length; i++) {
        const k = idx[i];
        if (k < 0) {
          if (!hasAllKeys(nodes[i].node.labels, data.spread)) lacking[i] = 1;
        } else if (has2[k] === 0) lacking[i] = 1;
      }
    }
    return lacking;
  }
  /**
   * As `filter` on each node: the counts are read once per domain into a typed array,
   * then each node is checked constraint by constraint, in the same order.
   */
  filterNodes = filterNodesByIndex(
    PRE_FILTER_KEY4,
    this,
    (data) => this.checkByIndex(data)
  );
  /** This cycle's `filter`, for the snapshot node at index k. */
  checkByIndex(data) {
    const cs = data.constraints.map((c) => {
      const e = this.idsOf(c.constraint.topologyKey);
      const byId = new Float64Array(e.values.length);
      for (let id = 0; id < e.values.length; id++) byId[id] = c.counts.get(e.values[id]) ?? 0;
      return {
        has: e.has,
        ids: e.ids,
        byId,
        selfMatch: c.selfMatch,
        min: c.min,
        maxSkew: c.constraint.maxSkew
      };
    });
    return (k) => {
      for (const c of cs) {
        if (c.has[k] === 0) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
        if (c.byId[c.ids[k]] + c.selfMatch - c.min > c.maxSkew) {
          return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
        }
      }
      return null;
    };
  }
  /**
   * As `score` on each node. Constraint by constraint, each adds its term to every
   * node's sum in one loop over typed arrays; the terms are added in the order `score`
   * adds them, so the sums are the same floats.
   */
  scoreNodes(state, pod, nodes, scores) {
    const data = readScoreState(state, PRE_SCORE_KEY5, pod, nothingToScore2);
    const n = nodes.length;
    scores.fill(0, 0, n);
    const idx = this.indicesOf(nodes, n);
    for (const c of data.constraints) {
      const e = this.idsOf(c.constraint.topologyKey);
      const has2 = e.has;
      const weight = c.weight;
      const extra = c.constraint.maxSkew - 1;
      if (c.perNode) {
        const perNode = c.perNode;
        for (let i = 0; i < n; i++) {
          const k = idx[i];
          if (k < 0 || has2[k] === 0) continue;
          scores[i] = scores[i] + (perNode[k] * weight + extra);
        }
      } else {
        const term = new Float64Array(e.values.length);
        for (let id = 0; id < e.values.length; id++)
          term[id] = (c.domains?.byValue.get(e.values[id]) ?? 0) * weight + extra;
        const ids = e.ids;
        for (let i = 0; i < n; i++) {
          const k = idx[i];
          if (k < 0 || has2[k] === 0) continue;
          scores[i] = scores[i] + term[ids[k]];
        }
      }
    }
    const lacking = this.lackingOf(data, nodes, idx);
    for (let i = 0; i < n; i++) {
      if (idx[i] < 0) scores[i] = this.score(state, pod, nodes[i]);
      else scores[i] = lacking[i] === 1 ? 0 : Math.round(scores[i]);
    }
  }
  /**
   * Fewer matching pods is better: score = 100 * (max + min - s) / max (integer
   * division), every node 100 when the maximum is 0, and 0 for nodes missing a key.
   */
  normalizeScore(state, _pod, scores, nodes) {
    const data = readState(state, PRE_SCORE_KEY5);
    if (data instanceof Status) return data;
    const lacking = this.lackingOf(data, nodes, this.indicesOf(nodes, nodes.length));
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (lacking[i] === 1) continue;
      const s = scores[i];
      if (s < min) min = s;
      if (s > max) max = s;
    }
    for (let i = 0; i < scores.length; i++) {
      if (lacking[i] === 1) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc(MAX_NODE_SCORE * (max + min - scores[i]) / max);
    }
    return null;
  }
};

// src/scheduler/plugins/priority-sort.ts
var PrioritySort = class {
  name = names.PrioritySort;
  less(a, b) {
    if (a.pod.priority !== b.pod.priority) return a.pod.priority > b.pod.priority;
    return a.order < b.order;
  }
};

// src/scheduler/plugins/scheduling-gates.ts
var SchedulingGates = class {
  name = names.SchedulingGates;
  preEnqueue(pod) {
    const gates = pod.spec.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(" ")}]`);
  }
};

// src/scheduler/plugins/taint-toleration.ts
var PRE_SCORE_KEY6 = preScoreStateKey(names.TaintToleration);
function preScoreState3(pod) {
  const tolerations = (pod.spec.tolerations ?? []).filter(
    (t) => !t.effect || t.effect === "PreferNoSchedule"
  );
  return { tolerationsPreferNoSchedule: tolerations };
}
var ERR_REASON_NOT_MATCH = "node(s) had untolerated taint(s)";
var TaintToleration = class {
  name = names.TaintToleration;
  locality = "node-static";
  defaultNormalize = { reverse: true };
  filter(_state, pod, nodeInfo) {
    const taint = findUntoleratedTaint(nodeInfo.node.taints, pod.spec.tolerations, scheduleBlockingTaint);
    if (!taint) return null;
    return unresolvable(ERR_REASON_NOT_MATCH);
  }
  preScore(state, pod) {
    state.write(PRE_SCORE_KEY6, preScoreState3(pod));
    return null;
  }
  score(state, pod, nodeInfo) {
    const tolerations = readScoreState(
      state,
      PRE_SCORE_KEY6,
      pod,
      preScoreState3
    ).tolerationsPreferNoSchedule;
    let intolerable = 0;
    for (const taint of nodeInfo.node.taints) {
      if (taint.effect === "PreferNoSchedule" && !tolerationsTolerate(tolerations, taint)) intolerable++;
    }
    return intolerable;
  }
  normalizeScore(_state, _pod, scores) {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return null;
  }
};

// src/scheduler/registry.ts
var registry = {
  [names.PrioritySort]: () => new PrioritySort(),
  [names.SchedulingGates]: () => new SchedulingGates(),
  [names.NodeUnschedulable]: () => new NodeUnschedulable(),
  [names.NodeName]: () => new NodeName(),
  [names.TaintToleration]: () => new TaintToleration(),
  [names.NodeAffinity]: () => new NodeAffinity(),
  [names.NodeResourcesFit]: (handle) => new NodeResourcesFit(handle.options),
  [names.DefaultPreemption]: (handle) => new DefaultPreemption(handle),
  [names.NodePorts]: () => new NodePorts(),
  [names.PodTopologySpread]: (handle) => new PodTopologySpread(handle),
  [names.InterPodAffinity]: (handle) => new InterPodAffinity(handle),
  [names.NodeResourcesBalancedAllocation]: () => new NodeResourcesBalancedAllocation()
};

// src/scheduler/framework/tournament.ts
var Tournament = class {
  values;
  rank;
  /** Leaves start at `leaves`; node i plays children 2i and 2i+1; each holds the winning entry or -1. */
  tree;
  leaves;
  constructor(size, rank) {
    let leaves = 1;
    while (leaves < size) leaves *= 2;
    this.leaves = leaves;
    this.rank = rank;
    this.values = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.tree = new Int32Array(2 * leaves).fill(-1);
    for (let i = 0; i < size; i++) this.tree[leaves + i] = i;
  }
  winner(a, b) {
    if (a < 0) return b;
    if (b < 0) return a;
    const va = this.values[a];
    const vb = this.values[b];
    if (va > vb) return a;
    if (vb > va) return b;
    return this.rank[a] <= this.rank[b] ? a : b;
  }
  /** Sets entry `i` and replays its path to the root. */
  set(i, value) {
    this.values[i] = value;
    const tree = this.tree;
    for (let p = this.leaves + i >> 1; p >= 1; p >>= 1) {
      tree[p] = this.winner(tree[2 * p], tree[2 * p + 1]);
    }
  }
  /** Replays every match after `values` were written directly. */
  rebuild() {
    const tree = this.tree;
    for (let p = this.leaves - 1; p >= 1; p--) {
      tree[p] = this.winner(tree[2 * p], tree[2 * p + 1]);
    }
  }
  /** The winning entry, or -1 when every value is -Infinity. */
  best() {
    const i = this.tree[1];
    if (i < 0) return -1;
    return this.values[i] === Number.NEGATIVE_INFINITY ? -1 : i;
  }
  /** The winning value (-Infinity when none). */
  bestValue() {
    const i = this.best();
    return i < 0 ? Number.NEGATIVE_INFINITY : this.values[i];
  }
};

// src/scheduler/framework/domain-groups.ts
function partitionNodes(nodeInfos, keys, nameRank) {
  const n = nodeInfos.length;
  let groupOf3 = new Int32Array(n);
  let groups = n > 0 ? 1 : 0;
  for (const key of keys) {
    const domains = keyDomains(nodeInfos, key);
    const next = new Int32Array(n);
    const ids = /* @__PURE__ */ new Map();
    const width = domains.perNode ? 2 : domains.idOf.size + 1;
    for (let k = 0; k < n; k++) {
      const id = domains.ids[k];
      const value = domains.perNode ? id >= 0 ? 1 : 0 : id + 1;
      const combined = groupOf3[k] * width + value;
      let group = ids.get(combined);
      if (group === void 0) {
        group = ids.size;
        ids.set(combined, group);
      }
      next[k] = group;
    }
    groupOf3 = next;
    groups = ids.size;
  }
  const sizes = new Int32Array(groups);
  for (let k = 0; k < n; k++) {
    const g = groupOf3[k];
    sizes[g] = sizes[g] + 1;
  }
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(groups);
  const pos = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const g = groupOf3[k];
    const at2 = fill[g];
    members[g][at2] = k;
    pos[k] = at2;
    fill[g] = at2 + 1;
  }
  const ranks = members.map((list2) => list2.map((k) => nameRank[k]));
  return { groupOf: groupOf3, pos, members, ranks };
}
var GroupTournaments = class {
  trees;
  part;
  constructor(part) {
    this.part = part;
    this.trees = part.ranks.map((ranks) => new Tournament(ranks.length, ranks));
  }
  /** Writes node k's value without replaying (call rebuild() after writing many). */
  write(k, value) {
    const tree = this.trees[this.part.groupOf[k]];
    tree.values[this.part.pos[k]] = value;
  }
  value(k) {
    const tree = this.trees[this.part.groupOf[k]];
    return tree.values[this.part.pos[k]];
  }
  set(k, value) {
    const tree = this.trees[this.part.groupOf[k]];
    const at2 = this.part.pos[k];
    if (tree.values[at2] !== value) tree.set(at2, value);
  }
  rebuild() {
    for (const tree of this.trees) tree.rebuild();
  }
  /** The best node of group g, or -1 when every value there is -Infinity. */
  best(g) {
    const at2 = this.trees[g].best();
    return at2 < 0 ? -1 : this.part.members[g][at2];
  }
  bestValue(g) {
    return this.trees[g].bestValue();
  }
};

// src/scheduler/outcome.ts
function preScoreError(status) {
  return { kind: "error", message: `running PreScore plugin "${status.plugin}": ${status.message()}` };
}
function scoreError(status) {
  return { kind: "error", message: `running Score plugin "${status.plugin}": ${status.message()}` };
}
function selectHost(nodes, totals, rank) {
  let best = 0;
  let bestTotal = totals[0];
  let bestRank = rank[nodes[0].index];
  for (let i = 1; i < nodes.length; i++) {
    const t = totals[i];
    if (t < bestTotal) continue;
    const r = rank[nodes[i].index];
    if (t > bestTotal || r < bestRank) {
      best = i;
      bestTotal = t;
      bestRank = r;
    }
  }
  return best;
}

// src/scheduler/grouped-choice.ts
var GroupedChoice = class {
  caches;
  /** Partitions of the nodes by key set (node labels never change). */
  partitions = /* @__PURE__ */ new Map();
  /** The plugins that are not node-local, each once. */
  structured;
  /** Whether the grouped choice may be used at all with this profile. */
  usable;
  /** Some score plugin is not node-local. */
  nonLocalScore;
  totals;
  scores;
  constructor(caches) {
    this.caches = caches;
    const framework = caches.framework;
    const n = Math.max(1, caches.nodeCount);
    this.totals = new Float64Array(n);
    this.scores = new Float64Array(n);
    let usable = framework.scorePlugins.length <= 31;
    const structured = /* @__PURE__ */ new Set();
    for (const { plugin } of framework.scorePlugins) {
      if (isNodeLocal(plugin)) {
        if (plugin.normalizeScore && !plugin.defaultNormalize) usable = false;
      } else if (isDomainStructured(plugin)) structured.add(plugin);
      else usable = false;
    }
    for (const plugin of framework.filterPlugins) {
      if (!isNodeLocal(plugin) && isDomainStructured(plugin)) structured.add(plugin);
    }
    this.structured = [...structured];
    this.usable = usable;
    this.nonLocalScore = framework.scorePlugins.some(({ plugin }) => !isNodeLocal(plugin));
  }
  /**
   * The cycle from Filter on, by domain group: returns undefined, having changed nothing
   * the other paths read, when this pod is better served by them (no plugin reads a
   * domain, too many groups) or when at most one node is feasible (the every-node path
   * then gives each node's reason, or takes the one node unscored).
   */
  choose(state, pod, cls, cut, restActive) {
    const structure = this.structure(state, pod, cut, restActive);
    if (!structure) return void 0;
    const { g, count, full } = this.follow(cls, structure);
    const cycle = { state, pod, cls, g };
    const candidates = this.candidates(cycle, structure.part, cut, restActive);
    let feasible = 0;
    for (const w of candidates.weights) feasible += w;
    if (feasible <= 1) {
      g.scores = void 0;
      return void 0;
    }
    const framework = this.caches.framework;
    const preScore = framework.runPreScorePlugins(
      state,
      pod,
      candidates.nodes,
      Int32Array.from(candidates.weights)
    );
    if (preScore) {
      g.scores = void 0;
      return preScoreError(preScore);
    }
    const sc = this.localPart(cycle, count, full, candidates);
    const status = framework.runScorePlugins(
      state,
      pod,
      candidates.nodes,
      this.totals,
      this.nonLocal(state, pod),
      this.scores
    );
    if (status) return scoreError(status);
    const best = this.best(sc, candidates);
    if (best < 0) return void 0;
    return { kind: "scheduled", node: this.caches.snapshot.nodeInfos[best], state };
  }
  partitionFor(keys, partKey) {
    let part = this.partitions.get(partKey);
    if (!part) {
      if (this.partitions.size >= MAX_CLASSES) this.partitions.clear();
      const snapshot = this.caches.snapshot;
      part = partitionNodes(snapshot.nodeInfos, keys, snapshot.nameRank);
      this.partitions.set(partKey, part);
    }
    return part;
  }
  /** The partition by the domains the non-local plugins read for this pod, or undefined when grouping does not serve. */
  structure(state, pod, cut, restActive) {
    const filters = this.caches.framework.filterPlugins;
    for (let i = cut; i < filters.length; i++) {
      const plugin = filters[i];
      if (state.skipFilterPlugins.has(plugin.name)) continue;
      if (isNodeLocal(plugin) || !isDomainStructured(plugin)) return void 0;
    }
    const keySet = /* @__PURE__ */ new Set();
    const specials = [];
    for (const plugin of this.structured) {
      const structure = plugin.domainStructure(state, pod);
      if (!structure) return void 0;
      for (const key of structure.keys) keySet.add(key);
      for (const k of structure.special) specials.push(k);
    }
    if (!restActive && keySet.size === 0 && specials.length === 0) return void 0;
    const keys = [...keySet].sort();
    const partKey = keys.join("\0");
    const part = this.partitionFor(keys, partKey);
    if (part.members.length > Math.max(16, this.caches.nodeCount / 4)) return void 0;
    return { partKey, part, specials };
  }
  /**
   * Brings the class's group membership up to date: which nodes the prefix accepts and
   * are not special. Returns the nodes whose membership or scores may have changed
   * (changed since the last sync, or special now or before) in `caches.changed`, and
   * how many (`full` when every node must be looked at).
   */
  follow(cls, { partKey, part, specials }) {
    const caches = this.caches;
    const n = caches.nodeCount;
    let g = cls.grouped;
    if (!g || g.partKey !== partKey || g.epoch !== cls.prefixEpoch) {
      g = {
        partKey,
        part,
        epoch: cls.prefixEpoch,
        inTree: new Uint8Array(n),
        count: new Int32Array(part.members.length),
        special: new Uint8Array(n),
        specialList: [],
        synced: -1,
        scores: void 0
      };
      cls.grouped = g;
    }
    let count = caches.changedSince(g.synced);
    if (count >= 0) count = caches.addChanged(caches.addChanged(count, g.specialList), specials);
    for (const k of g.specialList) g.special[k] = 0;
    const specialList = [];
    for (const k of specials) {
      if (g.special[k] === 1) continue;
      g.special[k] = 1;
      specialList.push(k);
    }
    g.specialList = specialList;
    const full = count < 0;
    if (full) {
      g.inTree.fill(0);
      g.count.fill(0);
      for (let k = 0; k < n; k++) follow(cls, g, k);
    } else for (let i = 0; i < count; i++) follow(cls, g, caches.changed[i]);
    g.synced = caches.snapshot.changes.length;
    return { g, count, full };
  }
  /** The rest of the filters on one node per group and on each special node. */
  candidates(cycle, part, cut, restActive) {
    const { state, pod, cls, g } = cycle;
    const framework = this.caches.framework;
    const infos = this.caches.snapshot.nodeInfos;
    const end = framework.filterPlugins.length;
    const out = { nodes: [], group: [], weights: [] };
    for (let group = 0; group < part.members.length; group++) {
      const size = g.count[group];
      if (size === 0) continue;
      const members = part.members[group];
      let rep = -1;
      for (let j = 0; j < members.length; j++) {
        if (g.special[members[j]] === 0) {
          rep = members[j];
          break;
        }
      }
      const info = infos[rep];
      if (restActive && framework.runFilterPluginsRange(state, pod, info, cut, end) !== null) continue;
      out.nodes.push(info);
      out.group.push(group);
      out.weights.push(size);
    }
    for (const k of g.specialList) {
      if (cls.pass[k] !== 1) continue;
      const info = infos[k];
      if (restActive && framework.runFilterPluginsRange(state, pod, info, cut, end) !== null) continue;
      out.nodes.push(info);
      out.group.push(-1);
      out.weights.push(1);
    }
    return out;
  }
  /** The node-local part of every node's total, kept per group for the active node-local plugins. */
  localPart(cycle, count, full, candidates) {
    const { state, cls, g } = cycle;
    const caches = this.caches;
    const n = caches.nodeCount;
    const dirty = caches.changed;
    const scorePlugins = caches.framework.scorePlugins;
    let mask = 0;
    for (let p = 0; p < scorePlugins.length; p++) {
      const { plugin } = scorePlugins[p];
      if (isNodeLocal(plugin) && !state.skipScorePlugins.has(plugin.name)) mask |= 1 << p;
    }
    let sc = g.scores;
    const rebuild = full || !sc || sc.mask !== mask;
    if (rebuild || !sc) {
      const local = caches.localScores(cls, mask);
      sc = {
        ...local,
        mask,
        maxTrees: Array.from(local.norm, (kind) => kind === 0 ? void 0 : new GroupTournaments(g.part)),
        totals: new GroupTournaments(g.part)
      };
      g.scores = sc;
      for (let k = 0; k < n; k++) this.refreshRaw(cycle, sc, k, false);
      for (const maxTree of sc.maxTrees) maxTree?.rebuild();
    } else {
      for (let i = 0; i < count; i++) this.refreshRaw(cycle, sc, dirty[i], true);
    }
    const { nodes, group } = candidates;
    for (let v = 0; v < nodes.length; v++) {
      if (group[v] !== -1) continue;
      this.refreshRaw(cycle, sc, nodes[v].index, true);
    }
    let maxChanged = false;
    for (let a = 0; a < sc.plugins.length; a++) {
      const maxTree = sc.maxTrees[a];
      if (!maxTree) continue;
      const raw = sc.raw[a];
      let max = 0;
      for (let v = 0; v < nodes.length; v++) {
        const gr = group[v];
        const value = gr >= 0 ? maxTree.bestValue(gr) : raw[nodes[v].index];
        if (value > max) max = value;
      }
      if (sc.maxes[a] !== max) {
        sc.maxes[a] = max;
        maxChanged = true;
      }
    }
    if (rebuild || maxChanged) {
      for (let k = 0; k < n; k++)
        sc.totals.write(k, g.inTree[k] === 1 ? localTotal(sc, k) : Number.NEGATIVE_INFINITY);
      sc.totals.rebuild();
    } else {
      for (let i = 0; i < count; i++) {
        const k = dirty[i];
        sc.totals.set(k, g.inTree[k] === 1 ? localTotal(sc, k) : Number.NEGATIVE_INFINITY);
      }
    }
    return sc;
  }
  /** Node k's raw node-local scores, when the prefix accepts it; `replay` keeps the maximum trees current. */
  refreshRaw({ state, pod, cls, g }, sc, k, replay) {
    if (cls.pass[k] === 1) this.caches.refreshScores(state, pod, sc, k);
    for (let a = 0; a < sc.plugins.length; a++) {
      const maxTree = sc.maxTrees[a];
      if (!maxTree) continue;
      const value = g.inTree[k] === 1 ? sc.raw[a][k] : Number.NEGATIVE_INFINITY;
      if (replay) maxTree.set(k, value);
      else maxTree.write(k, value);
    }
  }
  /** Raw scores for runScorePlugins: the non-local plugins only (batch form when they have one). */
  nonLocal(state, pod) {
    return (_p, plugin, nodes, scores) => {
      if (isNodeLocal(plugin)) return false;
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, nodes, scores);
      else for (let v = 0; v < nodes.length; v++) scores[v] = plugin.score(state, pod, nodes[v]);
      return true;
    };
  }
  /** The best node: each group's best by the node-local part, plus the group's non-local part; ties by name. */
  best(sc, { nodes, group }) {
    const rank = this.caches.snapshot.nameRank;
    const totals = this.totals;
    let best = -1;
    let bestTotal = Number.NEGATIVE_INFINITY;
    let bestRank = 0;
    for (let v = 0; v < nodes.length; v++) {
      const gr = group[v];
      let k;
      let total;
      if (gr >= 0) {
        k = sc.totals.best(gr);
        total = sc.totals.bestValue(gr) + totals[v];
      } else {
        k = nodes[v].index;
        total = localTotal(sc, k) + totals[v];
      }
      if (k < 0) continue;
      const r = rank[k];
      if (best < 0 || total > bestTotal || total === bestTotal && r < bestRank) {
        best = k;
        bestTotal = total;
        bestRank = r;
      }
    }
    return best;
  }
};
function follow(cls, g, k) {
  const inTree = cls.pass[k] === 1 && g.special[k] === 0 ? 1 : 0;
  if (g.inTree[k] === inTree) return;
  g.inTree[k] = inTree;
  const group = g.part.groupOf[k];
  g.count[group] = g.count[group] + (inTree === 1 ? 1 : -1);
}

// src/scheduler/tournament-choice.ts
function tournamentEligible(caches, state) {
  const scorePlugins = caches.framework.scorePlugins;
  if (scorePlugins.length > 31) return false;
  for (const { plugin } of scorePlugins) {
    if (state.skipScorePlugins.has(plugin.name)) continue;
    if (!isNodeLocal(plugin)) return false;
    if (plugin.normalizeScore && !plugin.defaultNormalize) return false;
  }
  return true;
}
function choiceFor(caches, state, cls) {
  const scorePlugins = caches.framework.scorePlugins;
  let mask = 0;
  for (let p = 0; p < scorePlugins.length; p++) {
    if (!state.skipScorePlugins.has(scorePlugins[p].plugin.name)) mask |= 1 << p;
  }
  if (cls.choice && cls.choice.mask === mask) return cls.choice;
  const n = caches.nodeCount;
  const rank = caches.snapshot.nameRank;
  const local = caches.localScores(cls, mask);
  const choice = {
    ...local,
    mask,
    maxTrees: Array.from(local.norm, (kind) => kind === 0 ? void 0 : new Tournament(n, rank)),
    totals: new Tournament(n, rank),
    synced: -1
  };
  cls.choice = choice;
  return choice;
}
function refreshRaw(caches, state, pod, cls, choice, k, replay) {
  const feasible = cls.pass[k] === 1;
  if (feasible) caches.refreshScores(state, pod, choice, k);
  for (let a = 0; a < choice.active.length; a++) {
    const maxTree = choice.maxTrees[a];
    if (!maxTree) continue;
    const value = feasible ? choice.raw[a][k] : Number.NEGATIVE_INFINITY;
    if (!replay) maxTree.values[k] = value;
    else if (maxTree.values[k] !== value) maxTree.set(k, value);
  }
}
function totalOf(cls, choice, k) {
  return cls.pass[k] === 0 ? Number.NEGATIVE_INFINITY : localTotal(choice, k);
}
function takeMaxes(choice) {
  let changed = false;
  for (let a = 0; a < choice.active.length; a++) {
    const maxTree = choice.maxTrees[a];
    if (!maxTree) continue;
    const max = Math.max(0, maxTree.bestValue());
    if (choice.maxes[a] !== max) {
      choice.maxes[a] = max;
      changed = true;
    }
  }
  return changed;
}
function rebuildTotals(nodeCount, cls, choice) {
  const values = choice.totals.values;
  for (let k = 0; k < nodeCount; k++) values[k] = totalOf(cls, choice, k);
  choice.totals.rebuild();
}
function selectByTournament(caches, state, pod, cls) {
  const n = caches.nodeCount;
  const choice = choiceFor(caches, state, cls);
  const count = caches.changedSince(choice.synced);
  if (count < 0) {
    for (let k = 0; k < n; k++) refreshRaw(caches, state, pod, cls, choice, k, false);
    for (const maxTree of choice.maxTrees) maxTree?.rebuild();
    takeMaxes(choice);
    rebuildTotals(n, cls, choice);
  } else {
    const changed = caches.changed;
    for (let i = 0; i < count; i++) refreshRaw(caches, state, pod, cls, choice, changed[i], true);
    if (takeMaxes(choice)) rebuildTotals(n, cls, choice);
    else
      for (let i = 0; i < count; i++) {
        const k = changed[i];
        const total = totalOf(cls, choice, k);
        if (choice.totals.values[k] !== total) choice.totals.set(k, total);
      }
  }
  choice.synced = caches.snapshot.changes.length;
  return caches.snapshot.nodeInfos[choice.totals.best()];
}

// src/scheduler/schedule-one.ts
var Scheduler = class {
  framework;
  snapshot;
  useCache;
  paths;
  caches;
  grouped;
  totals;
  scores;
  /** Per node, the status of the filter plugins after the prefix, for the pod being scheduled. */
  restStatus;
  constructor(framework, snapshot, useCache, paths) {
    this.framework = framework;
    this.snapshot = snapshot;
    this.useCache = useCache;
    this.paths = paths;
    this.caches = new ClassCaches(framework, snapshot);
    this.grouped = new GroupedChoice(this.caches);
    const n = Math.max(1, snapshot.nodeInfos.length);
    this.totals = new Float64Array(n);
    this.scores = new Float64Array(n);
    this.restStatus = new Array(n).fill(null);
  }
  /** One cycle for `pod`; `key` is its equivalence key (used only when the cache is on). */
  scheduleOne(pod, key) {
    const framework = this.framework;
    const state = framework.newCycleState();
    const pre = framework.runPreFilterPlugins(state, pod);
    if (pre.status) {
      const statuses = new NodeStatusMap();
      statuses.absentStatus = pre.status;
      return { kind: "unschedulable", statuses, preFilterMsg: pre.status.message(), state };
    }
    if (!this.useCache || pre.nodeNames) return this.scheduleEveryNode(pod, state, pre);
    return this.scheduleCached(pod, state, this.caches.classFor(key));
  }
  /** The reference cycle: every plugin on every candidate node, nothing remembered. */
  scheduleEveryNode(pod, state, pre) {
    const framework = this.framework;
    const statuses = new NodeStatusMap();
    let candidates = this.snapshot.nodeInfos;
    if (pre.nodeNames) {
      candidates = this.snapshot.nodeInfos.filter((n) => pre.nodeNames?.has(n.node.name));
      statuses.absentStatus = absentNodesStatus(pre.narrowingPlugins);
    }
    const feasible = [];
    for (const info of candidates) {
      const status = framework.runFilterPlugins(state, pod, info);
      if (status === null) feasible.push(info);
      else statuses.statuses.set(info.node.name, status);
    }
    if (feasible.length === 0) return { kind: "unschedulable", statuses, state };
    if (feasible.length === 1) return { kind: "scheduled", node: feasible[0], state };
    const preScore = framework.runPreScorePlugins(state, pod, feasible);
    if (preScore) return preScoreError(preScore);
    if (this.paths) this.paths.everyNode++;
    const scoreStatus = framework.runScorePlugins(state, pod, feasible, this.totals);
    if (scoreStatus) return scoreError(scoreStatus);
    return this.scheduled(feasible, state);
  }
  /** The cycle from Filter on through the class's cache: the reference's answer, computed incrementally. */
  scheduleCached(pod, state, cls) {
    const framework = this.framework;
    const caches = this.caches;
    const cut = caches.prefixCut(state);
    caches.syncPrefix(cls, state, pod, cut);
    const restActive = cut < framework.filterPlugins.length;
    if (this.grouped.usable && (restActive || this.grouped.nonLocalScore)) {
      const outcome = this.grouped.choose(state, pod, cls, cut, restActive);
      if (outcome) {
        if (outcome.kind === "scheduled" && this.paths) this.paths.grouped++;
        return outcome;
      }
    }
    let feasible = cls.passNodes;
    if (restActive) {
      feasible = cls.passNodes.slice();
      framework.runFilterPluginsOnNodes(
        state,
        pod,
        feasible,
        cut,
        framework.filterPlugins.length,
        this.restStatus
      );
    }
    if (feasible.length === 0) {
      const statuses = new NodeStatusMap();
      const infos = this.snapshot.nodeInfos;
      for (let k = 0; k < infos.length; k++) {
        const status = cls.pass[k] === 1 ? this.restStatus[k] : cls.status[k];
        if (status) statuses.statuses.set(infos[k].node.name, status);
      }
      return { kind: "unschedulable", statuses, state };
    }
    if (feasible.length === 1) return { kind: "scheduled", node: feasible[0], state };
    const preScore = framework.runPreScorePlugins(state, pod, feasible);
    if (preScore) return preScoreError(preScore);
    if (!restActive && tournamentEligible(caches, state)) {
      if (this.paths) this.paths.tournament++;
      return { kind: "scheduled", node: selectByTournament(caches, state, pod, cls), state };
    }
    const raw = (p, plugin, nodes, scores) => {
      if (isNodeLocal(plugin)) caches.cachedScores(cls, state, pod, p, nodes, scores);
      else if (plugin.scoreNodes) plugin.scoreNodes(state, pod, nodes, scores);
      else for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i]);
      return true;
    };
    const scoreStatus = framework.runScorePlugins(state, pod, feasible, this.totals, raw, this.scores);
    if (scoreStatus) return scoreError(scoreStatus);
    if (this.paths) this.paths.scored++;
    return this.scheduled(feasible, state);
  }
  scheduled(feasible, state) {
    const best = selectHost(feasible, this.totals, this.snapshot.nameRank);
    return { kind: "scheduled", node: feasible[best], state };
  }
};

// src/scheduler/simulate.ts
function nodeReasons(names2, statuses) {
  const out = {};
  for (const name of names2) {
    const status = statuses.get(name);
    if (status) out[name] = [...status.reasons];
  }
  return out;
}
function usage(info) {
  const requested = { ...info.requested, pods: info.pods.length };
  return {
    name: info.node.name,
    allocatable: { ...info.node.allocatable },
    requested,
    limits: { ...info.limits },
    pods: info.pods.map((p) => p.key)
  };
}
function simulate(cluster, pods, options = {}, config = {}) {
  return new Simulation(cluster, options, config).run(pods);
}
var Simulation = class {
  options;
  snapshot;
  framework;
  nodeNames;
  useCache;
  scheduler;
  placements = [];
  evictions = [];
  /** Where each pod's placement is, so a pod tried again replaces its own entry. */
  slot = /* @__PURE__ */ new Map();
  lastFailure;
  queue;
  constructor(cluster, options, config) {
    this.options = options;
    this.snapshot = new ClusterSnapshot(cluster);
    this.framework = new Framework(
      config.profile ?? defaultProfile,
      config.registry ?? registry,
      this.snapshot,
      cluster,
      options
    );
    this.nodeNames = this.snapshot.nodeInfos.map((n) => n.node.name);
    this.useCache = config.equivalenceCache ?? true;
    this.scheduler = new Scheduler(this.framework, this.snapshot, this.useCache, config.paths);
  }
  run(pods) {
    const queue = new SchedulingQueue(this.framework, pods);
    this.queue = queue;
    for (let queued = queue.pop(); queued; queued = queue.pop()) {
      const evictedBefore = this.evictions.length;
      this.schedulePod(queued);
      if (this.evictions.length > evictedBefore) queue.moveAllToActive(queued);
    }
    return {
      placements: this.placements,
      evictions: this.evictions,
      nodes: this.snapshot.nodeInfos.map(usage)
    };
  }
  place(queued, placement) {
    const at2 = this.slot.get(queued);
    if (at2 === void 0) {
      this.slot.set(queued, this.placements.length);
      this.placements.push(placement);
    } else this.placements[at2] = placement;
  }
  unschedulable(queued, placement) {
    this.place(queued, placement);
    this.queue?.addUnschedulable(queued);
  }
  /** The API server's validation, admission and the scheduling gates, the first time a pod is queued. */
  schedulePod(queued) {
    const pod = queued.pod;
    if (this.slot.has(queued)) {
      this.scheduleAdmitted(queued);
      return;
    }
    if (pod.spec.nodeName && (pod.spec.schedulingGates ?? []).length > 0) {
      this.place(queued, {
        pod,
        node: null,
        reason: `Pod "${pod.name}" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared`,
        status: "rejected"
      });
      return;
    }
    if (this.options.admit) {
      const verdict = this.options.admit(pod);
      if (!verdict.allowed) {
        const reason = verdict.reason ?? "rejected by admission";
        this.place(queued, { pod, node: null, reason, status: "rejected" });
        return;
      }
    }
    const gate = this.framework.runPreEnqueuePlugins(pod);
    if (gate) {
      this.place(queued, { pod, node: null, reason: gatedReason(pod, gate), status: "gated" });
      return;
    }
    this.scheduleAdmitted(queued);
  }
  scheduleAdmitted(queued) {
    const pod = queued.pod;
    if (pod.spec.nodeName) {
      this.bindNamed(queued, pod.spec.nodeName);
      return;
    }
    const key = this.useCache ? equivalenceKey(pod) : "";
    const last = this.lastFailure;
    if (last && last.key === key && last.position === this.snapshot.changes.length) {
      const { reason, nodeReasons: nodeReasons2 } = last;
      this.unschedulable(queued, { pod, node: null, reason, nodeReasons: nodeReasons2, status: "unschedulable" });
      return;
    }
    this.lastFailure = void 0;
    const outcome = this.scheduler.scheduleOne(pod, key);
    if (outcome.kind === "scheduled") {
      const error = bind(this.framework, outcome.state, outcome.node, pod);
      this.place(
        queued,
        error ? { pod, node: null, reason: error, status: "unschedulable" } : { pod, node: outcome.node.node.name, reason: null, status: "scheduled" }
      );
      return;
    }
    if (outcome.kind === "error") {
      this.place(queued, { pod, node: null, reason: outcome.message, status: "unschedulable" });
      return;
    }
    this.postFilter(queued, key, outcome.state, outcome.statuses, outcome.preFilterMsg);
  }
  /**
   * No node fits: PostFilter (preemption) may evict pods from one node, and the next cycle
   * tries that nominated node first and takes it when the pod fits there now.
   */
  postFilter(queued, key, state, statuses, preFilterMsg) {
    const { framework, snapshot } = this;
    const pod = queued.pod;
    const post = framework.runPostFilterPlugins(state, pod, statuses);
    const nominated = post.status.isSuccess() ? post.result?.nominatedNodeName : void 0;
    const target = nominated ? snapshot.get(nominated) : void 0;
    if (target) {
      const victims = post.result?.victims ?? [];
      for (const victim of victims) {
        target.removePod(victim);
        this.evictions.push({ pod: victim.key, node: target.node.name, preemptor: pod.key });
      }
      const next = framework.newCycleState();
      const pre = framework.runPreFilterPlugins(next, pod);
      const fits = pre.status === null && (!pre.nodeNames || pre.nodeNames.has(target.node.name));
      if (fits && framework.runFilterPlugins(next, pod, target) === null && !bind(framework, next, target, pod)) {
        const node = target.node.name;
        this.place(queued, {
          pod,
          node,
          reason: null,
          status: "scheduled",
          victims: victims.map((v) => v.key)
        });
        return;
      }
    }
    const postFilterMsg = post.status.isSuccess() ? void 0 : post.status.message();
    const reason = fitErrorMessage(this.nodeNames, { nodeToStatus: statuses, preFilterMsg, postFilterMsg });
    const reasons = nodeReasons(this.nodeNames, statuses);
    this.unschedulable(queued, { pod, node: null, reason, nodeReasons: reasons, status: "unschedulable" });
    if (this.useCache && !target) {
      this.lastFailure = { key, position: snapshot.changes.length, reason, nodeReasons: reasons };
    }
  }
  /**
   * A pod that names its node never reaches kube-scheduler: it is bound as created, and
   * the node's kubelet admits it or rejects it (kubelet.ts). A node the cluster does
   * not have never runs it, and the pod garbage collector deletes it.
   */
  bindNamed(queued, nodeName) {
    const pod = queued.pod;
    const info = this.snapshot.get(nodeName);
    if (!info) {
      this.place(queued, {
        pod,
        node: null,
        reason: `spec.nodeName is "${nodeName}", a node the cluster does not have: the pod never starts and is deleted by the pod garbage collector (PodGC: node no longer exists)`,
        status: "unschedulable"
      });
      return;
    }
    const verdict = kubeletAdmit(pod, info);
    if (!verdict.admitted) {
      const reason = `${verdict.reason}: ${verdict.message}`;
      this.place(queued, { pod, node: null, reason, status: "unschedulable" });
      return;
    }
    const error = bind(this.framework, this.framework.newCycleState(), info, pod);
    this.place(
      queued,
      error ? { pod, node: null, reason: error, status: "unschedulable" } : { pod, node: nodeName, reason: null, status: "scheduled" }
    );
  }
};
function gatedReason(pod, gate) {
  if (gate.plugin !== names.SchedulingGates) return gate.message();
  const gates = (pod.spec.schedulingGates ?? []).map((g) => g.name);
  return `SchedulingGated: Scheduling is blocked due to non-empty scheduling gates (${gates.join(", ")})`;
}
function bind(framework, state, info, pod) {
  const bound2 = { ...pod, nodeName: info.node.name };
  info.addPod(bound2);
  const status = framework.runReservePlugins(state, bound2, info.node.name);
  if (!status) return void 0;
  info.removePod(bound2);
  return `running Reserve plugin "${status.plugin}": ${status.message()}`;
}

// src/schema/check.ts
function checkSchemas(objects, definitions) {
  const custom = crdSchemas(definitions);
  const diagnostics = [];
  const refused2 = /* @__PURE__ */ new Set();
  for (const o of objects) {
    const result = validateObject(o.raw, custom);
    if (result.checked === "none") continue;
    const label = describeObject(o.kind, o.metadata.name);
    if (result.refused) refused2.add(o);
    for (const issue of result.issues) {
      const error = issue.kind === "type";
      diagnostics.push(
        diagnostic(
          o.locate(issue.path),
          error ? "error" : "warning",
          error ? "invalid-type" : "unknown-field",
          `${label}: ${issue.message}${error ? ": the API server refuses the object" : ""}`
        )
      );
    }
    if (result.more > 0) {
      const unlisted = result.refused && !result.issues.some((i) => i.kind === "type");
      diagnostics.push(
        diagnostic(
          o.source,
          unlisted ? "error" : "warning",
          unlisted ? "invalid-type" : "unknown-field",
          `${label}: ${result.more} more schema problems not listed${unlisted ? ", among them a value of the wrong type: the API server refuses the object" : ""}`
        )
      );
    }
  }
  return { diagnostics, refused: refused2 };
}
function definitionsIn(objects) {
  return objects.filter((o) => o.kind === "CustomResourceDefinition" && o.apiVersion === "apiextensions.k8s.io/v1").map((o) => o.raw);
}
function needsDefinitions(objects) {
  const defined = /* @__PURE__ */ new Set();
  for (const raw of definitionsIn(objects)) {
    const spec = raw.spec;
    if (typeof spec?.group === "string" && typeof spec.names?.kind === "string")
      defined.add(`${spec.group}/${spec.names.kind}`);
  }
  return objects.some((o) => {
    if (hasBuiltinSchema(o.apiVersion, o.kind)) return false;
    const slash = o.apiVersion.lastIndexOf("/");
    return !defined.has(`${slash === -1 ? "" : o.apiVersion.slice(0, slash)}/${o.kind}`);
  });
}

// src/timeline/duration.ts
var UNITS = /* @__PURE__ */ new Map([
  ["ns", 1n],
  ["us", 1000n],
  ["µs", 1000n],
  // U+00B5 micro sign
  ["μs", 1000n],
  // U+03BC Greek small letter mu
  ["ms", 1000000n],
  ["s", 1000000000n],
  ["m", 60000000000n],
  ["h", 3600000000000n]
]);
var TWO_POW_63 = 1n << 63n;
var INT64_MAX2 = TWO_POW_63 - 1n;
var isDigit = (c) => c !== void 0 && c >= "0" && c <= "9";
function quote(s) {
  return JSON.stringify(s);
}
function parseGoDuration(input) {
  const invalid = { ok: false, error: `time: invalid duration ${quote(input)}` };
  let s = input;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, nanoseconds: 0n };
  if (s === "") return invalid;
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    if (!(s[i] === "." || isDigit(s[i]))) return invalid;
    const intStart = i;
    let whole = 0n;
    while (isDigit(s[i])) {
      whole = whole * 10n + BigInt(Number(s[i]));
      if (whole > TWO_POW_63) return invalid;
      i++;
    }
    const sawInteger = i > intStart;
    let fraction = 0n;
    let scale = 1;
    let sawFraction = false;
    if (s[i] === ".") {
      i++;
      const fracStart = i;
      let overflow = false;
      while (isDigit(s[i])) {
        if (!overflow) {
          if (fraction > INT64_MAX2 / 10n) {
            overflow = true;
          } else {
            const next = fraction * 10n + BigInt(Number(s[i]));
            if (next > TWO_POW_63) overflow = true;
            else {
              fraction = next;
              scale *= 10;
            }
          }
        }
        i++;
      }
      sawFraction = i > fracStart;
    }
    if (!sawInteger && !sawFraction) return invalid;
    const unitStart = i;
    while (i < s.length && s[i] !== "." && !isDigit(s[i])) i++;
    if (i === unitStart) return { ok: false, error: `time: missing unit in duration ${quote(input)}` };
    const unitName = s.slice(unitStart, i);
    const unit = UNITS.get(unitName);
    if (unit === void 0) {
      return { ok: false, error: `time: unknown unit ${quote(unitName)} in duration ${quote(input)}` };
    }
    if (whole > TWO_POW_63 / unit) return invalid;
    let value = whole * unit;
    if (fraction > 0n) {
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > TWO_POW_63) return invalid;
    }
    total += value;
    if (total > TWO_POW_63) return invalid;
  }
  if (negative) return { ok: true, nanoseconds: -total };
  if (total > INT64_MAX2) return invalid;
  return { ok: true, nanoseconds: total };
}
function nanosToMillis(nanoseconds) {
  const ms = nanoseconds / 1000000n;
  return Number(nanoseconds % 1000000n > 0n ? ms + 1n : ms);
}
function formatDuration(ms) {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms));
  if (rest === 0) return "0s";
  const hours = Math.floor(rest / 36e5);
  rest -= hours * 36e5;
  const minutes = Math.floor(rest / 6e4);
  rest -= minutes * 6e4;
  const seconds2 = rest / 1e3;
  let out = sign;
  if (hours > 0) out += `${hours}h`;
  if (minutes > 0 || hours > 0 && seconds2 > 0) out += `${minutes}m`;
  if (seconds2 > 0) out += `${Number.isInteger(seconds2) ? seconds2 : seconds2.toFixed(3).replace(/0+$/, "")}s`;
  return out;
}

// src/timeline/filter-fitter.ts
function schedulerFitter(cluster, options = {}) {
  const framework = new Framework(defaultProfile, registry, new ClusterSnapshot(cluster), cluster, {
    ...options,
    disabledPlugins: [...options.disabledPlugins ?? [], names.NodeResourcesFit]
  });
  const cycles = /* @__PURE__ */ new WeakMap();
  const cycleFor = (pod) => {
    let cycle = cycles.get(pod);
    if (cycle) return cycle;
    const state = new CycleState();
    const pre = framework.runPreFilterPlugins(state, pod);
    cycle = {
      state,
      rejected: pre.status && !pre.status.isSuccess() ? pre.status.reasons : null,
      narrowed: pre.nodeNames ? { nodes: pre.nodeNames, reasons: absentNodesStatus(pre.narrowingPlugins).reasons } : null
    };
    cycles.set(pod, cycle);
    return cycle;
  };
  const runningAntiAffinity = framework.snapshot.havePodsWithRequiredAntiAffinity().length > 0;
  return {
    key(pod) {
      const spec = pod.spec;
      const selfSelecting = runningAntiAffinity || spec.affinity?.podAffinity !== void 0 || spec.affinity?.podAntiAffinity !== void 0 || (spec.topologySpreadConstraints?.length ?? 0) > 0;
      return JSON.stringify([
        pod.namespace,
        selfSelecting ? pod.labels : null,
        spec.nodeName,
        spec.nodeSelector,
        spec.affinity,
        spec.tolerations,
        spec.topologySpreadConstraints,
        podHostPorts(pod)
      ]);
    },
    staticReasons(pod, node) {
      const cycle = cycleFor(pod);
      if (cycle.rejected) return [...cycle.rejected];
      if (cycle.narrowed && !cycle.narrowed.nodes.has(node.name)) return [...cycle.narrowed.reasons];
      const info = framework.snapshot.get(node.name) ?? new NodeInfo(node);
      const status = framework.runFilterPlugins(cycle.state, pod, info);
      return status ? [...status.reasons] : [];
    }
  };
}
function bareCluster(nodes) {
  return {
    nodes,
    pods: [],
    pendingPods: [],
    quotas: [],
    limitRanges: [],
    priorityClasses: [],
    pdbs: [],
    namespaces: {}
  };
}
function resourceReasons(pod, free) {
  const node = { name: "", labels: {}, taints: [], allocatable: { ...free }, unschedulable: false };
  return fitsRequest(requestEntries(pod), new NodeInfo(node)).map((r) => r.reason);
}
function fitErrorFromReasons(nodes, perNode) {
  const statuses = new NodeStatusMap();
  nodes.forEach((node, i) => {
    const reasons = perNode[i] ?? [];
    if (reasons.length > 0) statuses.statuses.set(node.name, unschedulable(...reasons));
  });
  return fitErrorMessage(
    nodes.map((n) => n.name),
    { nodeToStatus: statuses }
  );
}

// src/workloads/template.ts
var DEFAULT_POD_LIMITS = Object.freeze({
  maxPods: 2e5,
  maxPodsPerWorkload: 1e5
});
function isPlainObject3(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function describe(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}
function getPath(raw, path7) {
  let current = raw;
  for (const key of path7) {
    if (typeof key === "number") {
      if (!Array.isArray(current)) return void 0;
      current = current[key];
    } else {
      if (!isPlainObject3(current)) return void 0;
      current = current[key];
    }
  }
  return current;
}
function dotted(path7) {
  return path7.map((p, i) => typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`).join("");
}
var FieldReader = class {
  diagnostics = [];
  object;
  constructor(object) {
    this.object = object;
  }
  get(path7) {
    return getPath(this.object.raw, path7);
  }
  invalid(path7, message) {
    this.diagnostics.push(diagnostic(this.object.locate(path7), "error", "invalid-field", message));
  }
  missing(path7, message) {
    this.diagnostics.push(diagnostic(this.object.locate(path7), "error", "missing-field", message));
  }
  tooMany(path7, message) {
    this.diagnostics.push(diagnostic(this.object.locate(path7), "error", "too-many-pods", message));
  }
  /** A non-negative int32, or the default when absent (or null, as the API reads null). */
  count(path7, fallback) {
    const v = this.get(path7);
    if (v === void 0 || v === null) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      this.invalid(path7, `${dotted(path7)} must be an integer, not ${describe(v)}`);
      return void 0;
    }
    if (v < 0) {
      this.invalid(path7, `${dotted(path7)}: must be greater than or equal to 0`);
      return void 0;
    }
    if (v > 2 ** 31 - 1) {
      this.invalid(path7, `${dotted(path7)} must fit in 32 bits`);
      return void 0;
    }
    return v;
  }
  integer(path7) {
    const v = this.get(path7);
    if (v === void 0 || v === null) return void 0;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      this.invalid(path7, `${dotted(path7)} must be an integer, not ${describe(v)}`);
      return void 0;
    }
    return v;
  }
  bool(path7) {
    const v = this.get(path7);
    if (v === void 0 || v === null) return void 0;
    if (typeof v !== "boolean") {
      this.invalid(path7, `${dotted(path7)} must be true or false, not ${describe(v)}`);
      return void 0;
    }
    return v;
  }
  string(path7) {
    const v = this.get(path7);
    if (v === void 0 || v === null) return void 0;
    if (typeof v !== "string") {
      this.invalid(path7, `${dotted(path7)} must be a string, not ${describe(v)}`);
      return void 0;
    }
    return v;
  }
  /** A mapping of strings (labels, annotations, nodeSelector); false when malformed. */
  stringMap(path7) {
    const v = this.get(path7);
    if (v === void 0 || v === null) return void 0;
    if (!isPlainObject3(v)) {
      this.invalid(path7, `${dotted(path7)} must be a mapping, not ${describe(v)}`);
      return false;
    }
    let ok = true;
    for (const [key, value] of Object.entries(v)) {
      if (typeof value !== "string") {
        this.invalid([...path7, key], `${dotted([...path7, key])} must be a string, not ${describe(value)}`);
        ok = false;
      }
    }
    return ok ? v : false;
  }
  /** A list of mappings; false when malformed. */
  objectList(path7) {
    const v = this.get(path7);
    if (v === void 0 || v === null) return void 0;
    if (!Array.isArray(v)) {
      this.invalid(path7, `${dotted(path7)} must be a list, not ${describe(v)}`);
      return false;
    }
    let ok = true;
    v.forEach((item, i) => {
      if (!isPlainObject3(item)) {
        this.invalid([...path7, i], `${dotted([...path7, i])} must be a mapping, not ${describe(item)}`);
        ok = false;
      }
    });
    return ok ? v : false;
  }
  stringList(path7) {
    const v = this.get(path7);
    if (v === void 0 || v === null) return;
    if (!Array.isArray(v)) {
      this.invalid(path7, `${dotted(path7)} must be a list, not ${describe(v)}`);
      return;
    }
    v.forEach((item, i) => {
      if (typeof item !== "string")
        this.invalid([...path7, i], `${dotted([...path7, i])} must be a string, not ${describe(item)}`);
    });
  }
  mapping(path7) {
    const v = this.get(path7);
    if (v === void 0 || v === null) return void 0;
    if (!isPlainObject3(v)) {
      this.invalid(path7, `${dotted(path7)} must be a mapping, not ${describe(v)}`);
      return false;
    }
    return v;
  }
};
function items(reader, path7) {
  const list2 = reader.objectList(path7);
  return list2 ? list2.map((_, i) => [...path7, i]) : [];
}
function checkRequirements(reader, path7) {
  for (const at2 of items(reader, path7)) {
    if (reader.string([...at2, "key"]) === void 0)
      reader.missing([...at2, "key"], `${dotted([...at2, "key"])} is required`);
    if (reader.string([...at2, "operator"]) === void 0) {
      reader.missing([...at2, "operator"], `${dotted([...at2, "operator"])} is required`);
    }
    reader.stringList([...at2, "values"]);
  }
}
function checkLabelSelector(reader, path7) {
  if (!reader.mapping(path7)) return;
  reader.stringMap([...path7, "matchLabels"]);
  checkRequirements(reader, [...path7, "matchExpressions"]);
}
function checkNodeSelectorTerm(reader, path7) {
  if (!reader.mapping(path7)) return;
  checkRequirements(reader, [...path7, "matchExpressions"]);
  checkRequirements(reader, [...path7, "matchFields"]);
}
function checkPodAffinityTerm(reader, path7) {
  if (!reader.mapping(path7)) return;
  if (reader.string([...path7, "topologyKey"]) === void 0) {
    reader.missing([...path7, "topologyKey"], `${dotted([...path7, "topologyKey"])} is required`);
  }
  checkLabelSelector(reader, [...path7, "labelSelector"]);
  checkLabelSelector(reader, [...path7, "namespaceSelector"]);
  reader.stringList([...path7, "namespaces"]);
  reader.stringList([...path7, "matchLabelKeys"]);
  reader.stringList([...path7, "mismatchLabelKeys"]);
}
function checkAffinity(reader, path7) {
  if (!reader.mapping(path7)) return;
  const nodeAffinity = [...path7, "nodeAffinity"];
  if (reader.mapping(nodeAffinity)) {
    const required = [...nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution"];
    if (reader.mapping(required)) {
      for (const term of items(reader, [...required, "nodeSelectorTerms"]))
        checkNodeSelectorTerm(reader, term);
    }
    for (const at2 of items(reader, [...nodeAffinity, "preferredDuringSchedulingIgnoredDuringExecution"])) {
      reader.integer([...at2, "weight"]);
      checkNodeSelectorTerm(reader, [...at2, "preference"]);
    }
  }
  for (const kind of ["podAffinity", "podAntiAffinity"]) {
    const at2 = [...path7, kind];
    if (!reader.mapping(at2)) continue;
    for (const term of items(reader, [...at2, "requiredDuringSchedulingIgnoredDuringExecution"])) {
      checkPodAffinityTerm(reader, term);
    }
    for (const weighted of items(reader, [...at2, "preferredDuringSchedulingIgnoredDuringExecution"])) {
      reader.integer([...weighted, "weight"]);
      checkPodAffinityTerm(reader, [...weighted, "podAffinityTerm"]);
    }
  }
}
function checkTolerations(reader, path7) {
  for (const at2 of items(reader, path7)) {
    for (const field of ["key", "operator", "value", "effect"]) reader.string([...at2, field]);
    reader.integer([...at2, "tolerationSeconds"]);
  }
}
function checkSpreadConstraints(reader, path7) {
  for (const at2 of items(reader, path7)) {
    reader.integer([...at2, "maxSkew"]);
    reader.integer([...at2, "minDomains"]);
    reader.string([...at2, "topologyKey"]);
    reader.string([...at2, "whenUnsatisfiable"]);
    checkLabelSelector(reader, [...at2, "labelSelector"]);
    reader.stringList([...at2, "matchLabelKeys"]);
  }
}
function readTemplate(reader, at2) {
  const before = reader.diagnostics.length;
  const templatePath2 = at2;
  if (at2.length > 0) {
    const found = reader.mapping(templatePath2);
    if (found === false) return void 0;
    if (found === void 0) {
      reader.missing(templatePath2, `${dotted(templatePath2)} is required`);
      return void 0;
    }
  }
  const specPath = [...at2, "spec"];
  const spec = reader.mapping(specPath);
  if (spec === void 0) {
    reader.missing(specPath, `${dotted(specPath)} is required`);
    return void 0;
  }
  const labels = reader.stringMap([...at2, "metadata", "labels"]);
  const annotations = reader.stringMap([...at2, "metadata", "annotations"]);
  if (spec === false) return void 0;
  const containers = reader.objectList([...specPath, "containers"]);
  if (containers === void 0 || containers && containers.length === 0) {
    reader.missing(
      [...specPath, "containers"],
      `${dotted([...specPath, "containers"])}: at least one container is required`
    );
  }
  reader.objectList([...specPath, "initContainers"]);
  for (const list2 of ["containers", "initContainers"]) {
    const items2 = reader.get([...specPath, list2]);
    if (!Array.isArray(items2)) continue;
    items2.forEach((item, i) => {
      if (isPlainObject3(item)) {
        reader.mapping([...specPath, list2, i, "resources"]);
        reader.string([...specPath, list2, i, "restartPolicy"]);
      }
    });
  }
  reader.stringMap([...specPath, "nodeSelector"]);
  checkTolerations(reader, [...specPath, "tolerations"]);
  checkSpreadConstraints(reader, [...specPath, "topologySpreadConstraints"]);
  reader.objectList([...specPath, "schedulingGates"]);
  checkAffinity(reader, [...specPath, "affinity"]);
  reader.mapping([...specPath, "resources"]);
  reader.mapping([...specPath, "overhead"]);
  reader.string([...specPath, "nodeName"]);
  reader.string([...specPath, "priorityClassName"]);
  reader.string([...specPath, "schedulerName"]);
  reader.bool([...specPath, "hostNetwork"]);
  if (reader.diagnostics.length > before) return void 0;
  const metadata = reader.mapping([...at2, "metadata"]);
  const template = {
    ...metadata ? { metadata } : {},
    spec
  };
  return { labels: labels || {}, annotations: annotations || {}, spec, template };
}
function podBudget(reader, limits, planned) {
  return (path7, count) => {
    const field = dotted(path7);
    if (count > limits.maxPodsPerWorkload) {
      reader.tooMany(
        path7,
        `${field}: ${count} pods is more than berth plans for one workload (limits.maxPodsPerWorkload: ${limits.maxPodsPerWorkload}); the workload is left out of the plan`
      );
      return false;
    }
    if (planned + count > limits.maxPods) {
      reader.tooMany(
        path7,
        `${field}: ${count} more pods would take the plan past limits.maxPods (${limits.maxPods}, ${planned} planned before this workload); the workload is left out of the plan`
      );
      return false;
    }
    return true;
  };
}

// src/workloads/kinds.ts
var KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
function apiGroup(apiVersion) {
  const slash = apiVersion.lastIndexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
function groupKind(group, kind) {
  return group === "" ? kind : `${group}/${kind}`;
}
var BUILTIN_WORKLOADS = {
  Pod: "Pod",
  ReplicationController: "ReplicationController",
  "apps/Deployment": "Deployment",
  "apps/ReplicaSet": "ReplicaSet",
  "apps/StatefulSet": "StatefulSet",
  "apps/DaemonSet": "DaemonSet",
  // Served before Kubernetes 1.16; still written in old manifests.
  "extensions/Deployment": "Deployment",
  "extensions/ReplicaSet": "ReplicaSet",
  "extensions/DaemonSet": "DaemonSet",
  "batch/Job": "Job",
  "batch/CronJob": "CronJob"
};
function builtinWorkloadKind(object) {
  return BUILTIN_WORKLOADS[groupKind(apiGroup(object.apiVersion), object.kind)];
}
var numbered = (name) => (i) => `${name}-${i + 1}`;
function jobPods(reader, jobPath) {
  const parallelism = reader.count([...jobPath, "parallelism"], 1);
  const completions = reader.count([...jobPath, "completions"], Number.POSITIVE_INFINITY);
  if (parallelism === void 0 || completions === void 0) return void 0;
  return {
    count: Math.min(parallelism, completions),
    path: [...jobPath, parallelism <= completions ? "parallelism" : "completions"]
  };
}
var rollout = {
  read(reader, object) {
    if (reader.get(["spec", "template"]) === void 0 && reader.get(["spec", "workloadRef"]) !== void 0) {
      return {
        groups: [],
        batch: false,
        unsupported: "its pod template is in the Deployment spec.workloadRef names, which berth does not follow"
      };
    }
    const replicas = reader.count(["spec", "replicas"], 1);
    if (replicas === void 0) return void 0;
    return {
      groups: [
        {
          templatePath: ["spec", "template"],
          count: replicas,
          countPath: ["spec", "replicas"],
          name: numbered(object.metadata.name)
        }
      ],
      batch: false,
      selector: reader.get(["spec", "selector"])
    };
  }
};
var jobSet = {
  read(reader, object, kueue) {
    const name = object.metadata.name;
    const list2 = reader.objectList(["spec", "replicatedJobs"]);
    if (list2 === false) return void 0;
    const suspended = !kueue && reader.bool(["spec", "suspend"]) === true;
    const groups = [];
    for (const [i, item] of (list2 ?? []).entries()) {
      const at2 = ["spec", "replicatedJobs", i];
      const rjob = typeof item.name === "string" ? item.name : `${i}`;
      const replicas = reader.count([...at2, "replicas"], 1);
      const pods = jobPods(reader, [...at2, "template", "spec"]);
      if (replicas === void 0 || pods === void 0) return void 0;
      const perJob = pods.count;
      groups.push({
        templatePath: [...at2, "template", "spec", "template"],
        count: suspended ? 0 : replicas * perJob,
        countPath: replicas > 1 ? [...at2, "replicas"] : pods.path,
        // The Job is `<jobset>-<replicatedJob>-<index>`; its pods are numbered within it.
        name: (p) => `${name}-${rjob}-${Math.floor(p / perJob)}-${p % perJob + 1}`,
        labels: (p) => ({
          "jobset.sigs.k8s.io/jobset-name": name,
          "jobset.sigs.k8s.io/replicatedjob-name": rjob,
          "jobset.sigs.k8s.io/job-index": String(Math.floor(p / perJob))
        })
      });
    }
    return { groups, batch: true };
  }
};
var volcanoJob = {
  read(reader, object) {
    const name = object.metadata.name;
    const list2 = reader.objectList(["spec", "tasks"]);
    if (list2 === false) return void 0;
    const jobPriority = reader.string(["spec", "priorityClassName"]);
    const schedulerName = reader.string(["spec", "schedulerName"]) || "volcano";
    const groups = [];
    let total = 0;
    for (const [i, item] of (list2 ?? []).entries()) {
      const at2 = ["spec", "tasks", i];
      const task = typeof item.name === "string" && item.name !== "" ? item.name : `default${i}`;
      const replicas = reader.count([...at2, "replicas"], 0);
      if (replicas === void 0) return void 0;
      total += replicas;
      groups.push({
        templatePath: [...at2, "template"],
        count: replicas,
        countPath: [...at2, "replicas"],
        // MakePodName: `<job>-<task>-<index>`.
        name: (p) => `${name}-${task}-${p}`,
        labels: () => ({ "volcano.sh/job-name": name, "volcano.sh/task-spec": task }),
        podDefaults: { schedulerName, ...jobPriority ? { priorityClassName: jobPriority } : {} }
      });
    }
    const minAvailable = reader.count(["spec", "minAvailable"], 0);
    if (minAvailable === void 0) return void 0;
    return { groups, batch: true, gang: minAvailable === 0 ? total : Math.min(minAvailable, total) };
  }
};
function replicaSpecs(field, defaultReplicas) {
  return {
    read(reader, object, kueue) {
      const name = object.metadata.name;
      const specs = reader.mapping(["spec", field]);
      if (specs === false) return void 0;
      if (specs === void 0) {
        reader.missing(["spec", field], `spec.${field} is required`);
        return void 0;
      }
      const suspended = !kueue && reader.bool(["spec", "runPolicy", "suspend"]) === true;
      const groups = [];
      for (const type of Object.keys(specs)) {
        const at2 = ["spec", field, type];
        if (reader.mapping(at2) === false) return void 0;
        const replicas = reader.count([...at2, "replicas"], defaultReplicas(type, object.apiVersion));
        if (replicas === void 0) return void 0;
        const role = type.toLowerCase();
        groups.push({
          templatePath: [...at2, "template"],
          count: suspended ? 0 : replicas,
          countPath: [...at2, "replicas"],
          // The operator names pods `<job>-<replica type>-<index>`.
          name: (p) => `${name}-${role}-${p}`,
          labels: () => ({
            "training.kubeflow.org/job-name": name,
            "training.kubeflow.org/replica-type": role
          })
        });
      }
      return { groups, batch: true };
    }
  };
}
var RELOADER_RESOURCES = {
  requests: { cpu: "10m", memory: "50Mi" },
  limits: { cpu: "10m", memory: "50Mi" }
};
function mergeContainers(operator, user) {
  const out = operator.map((c) => ({ ...c }));
  if (!Array.isArray(user)) return out;
  for (const item of user) {
    if (!isPlainObject3(item)) continue;
    const mine = item;
    const same = out.find((c) => c.name === mine.name);
    if (!same) {
      out.push(mine);
      continue;
    }
    const resources = { ...same.resources ?? {} };
    for (const key of ["requests", "limits"]) {
      const theirs = mine.resources?.[key];
      if (isPlainObject3(theirs)) resources[key] = { ...resources[key] ?? {}, ...theirs };
    }
    Object.assign(same, mine, { resources });
  }
  return out;
}
function operatorPodSpec(reader, main, defaultMemory, initReloader) {
  const before = reader.diagnostics.length;
  const resources = reader.mapping(["spec", "resources"]);
  reader.objectList(["spec", "containers"]);
  reader.objectList(["spec", "initContainers"]);
  reader.stringMap(["spec", "nodeSelector"]);
  checkTolerations(reader, ["spec", "tolerations"]);
  checkSpreadConstraints(reader, ["spec", "topologySpreadConstraints"]);
  checkAffinity(reader, ["spec", "affinity"]);
  reader.string(["spec", "priorityClassName"]);
  reader.bool(["spec", "hostNetwork"]);
  if (reader.diagnostics.length > before) return void 0;
  const mainResources = {
    ...resources || {}
  };
  const requests = isPlainObject3(mainResources.requests) ? mainResources.requests : void 0;
  if (defaultMemory && !(requests && "memory" in requests))
    mainResources.requests = { ...requests ?? {}, memory: defaultMemory };
  const containers = [{ name: main, resources: mainResources }];
  const thanos = reader.get(["spec", "thanos"]);
  if (main === "prometheus" && isPlainObject3(thanos)) {
    containers.push({
      name: "thanos-sidecar",
      resources: thanos.resources ?? {}
    });
  }
  containers.push({ name: "config-reloader", resources: RELOADER_RESOURCES });
  const initContainers = initReloader ? [{ name: "init-config-reloader", resources: RELOADER_RESOURCES }] : [];
  const spec = {
    containers: mergeContainers(containers, reader.get(["spec", "containers"])),
    initContainers: mergeContainers(initContainers, reader.get(["spec", "initContainers"]))
  };
  for (const field of [
    "nodeSelector",
    "tolerations",
    "affinity",
    "topologySpreadConstraints",
    "priorityClassName",
    "hostNetwork"
  ]) {
    const value = reader.get(["spec", field]);
    if (value !== void 0 && value !== null) spec[field] = value;
  }
  return spec;
}
function operatorKind(prefix, main, defaultMemory, initReloader, sharded) {
  return {
    read(reader, object) {
      const name = object.metadata.name;
      const replicas = reader.integer(["spec", "replicas"]);
      const perShard = replicas === void 0 ? 1 : replicas < 0 ? sharded ? 1 : 0 : replicas;
      const shardsWritten = sharded ? reader.integer(["spec", "shards"]) : void 0;
      const shards = shardsWritten !== void 0 && shardsWritten > 1 ? shardsWritten : 1;
      const spec = operatorPodSpec(reader, main, defaultMemory, initReloader);
      if (!spec) return void 0;
      const podLabels = reader.get(["spec", "podMetadata", "labels"]);
      const labels = {
        ...isPlainObject3(podLabels) ? podLabels : {},
        "app.kubernetes.io/name": main === "thanos-ruler" ? "thanos-ruler" : main,
        "app.kubernetes.io/instance": name,
        "app.kubernetes.io/managed-by": "prometheus-operator",
        [main === "thanos-ruler" ? "thanos-ruler" : main]: name
      };
      const template = { labels, annotations: {}, spec, template: { metadata: { labels }, spec } };
      const statefulSet = (shard) => shard === 0 ? `${prefix}-${name}` : `${prefix}-${name}-shard-${shard}`;
      const shardOf = (p) => perShard === 0 ? 0 : Math.floor(p / perShard);
      const podName = (p) => `${statefulSet(shardOf(p))}-${p - shardOf(p) * perShard}`;
      const groups = [
        {
          templatePath: ["spec"],
          template,
          locate: (path7) => path7[0] === "containers" && path7[1] === 0 ? ["spec", "resources", ...path7.slice(3)] : ["spec"],
          count: perShard * shards,
          countPath: sharded && shards > 1 ? ["spec", "shards"] : ["spec", "replicas"],
          name: podName,
          labels: (p) => ({
            ...labels,
            ...sharded ? { "operator.prometheus.io/shard": String(shardOf(p)) } : {},
            "statefulset.kubernetes.io/pod-name": podName(p)
          })
        }
      ];
      const reloader = initReloader ? "config-reloader and init-config-reloader" : "config-reloader";
      const mainDefault = defaultMemory ? ` (${defaultMemory} memory requested when spec.resources requests none)` : "";
      return {
        groups,
        batch: false,
        notes: [
          {
            path: ["spec"],
            message: `${object.kind} ${object.metadata.namespace ?? "default"}/${name}: ${sharded ? `${shards} shard(s) × ${perShard}` : perShard} pod(s) estimated as prometheus-operator builds them: ${main} with spec.resources${mainDefault}, ${reloader} at the operator's default 10m cpu / 50Mi memory (its --config-reloader-cpu-request and --config-reloader-memory-request flags change them)`
          }
        ]
      };
    }
  };
}
var scaledJob = {
  read(reader, object) {
    const pods = jobPods(reader, ["spec", "jobTargetRef"]);
    if (pods === void 0) return void 0;
    return {
      groups: [
        {
          templatePath: ["spec", "jobTargetRef", "template"],
          count: pods.count,
          countPath: pods.path,
          name: numbered(object.metadata.name)
        }
      ],
      batch: true
    };
  }
};
var kueueJob = {
  read(reader, object) {
    const pods = jobPods(reader, ["spec"]);
    if (pods === void 0) return void 0;
    return {
      groups: [
        {
          templatePath: ["spec", "template"],
          count: pods.count,
          countPath: pods.path,
          name: numbered(object.metadata.name)
        }
      ],
      batch: true,
      selector: reader.get(["spec", "selector"])
    };
  }
};
var KUBEFLOW_DEFAULT = () => 1;
var READERS = {
  "argoproj.io/Rollout": rollout,
  "jobset.x-k8s.io/JobSet": jobSet,
  "batch.volcano.sh/Job": volcanoJob,
  "kubeflow.org/PyTorchJob": replicaSpecs("pytorchReplicaSpecs", KUBEFLOW_DEFAULT),
  "kubeflow.org/TFJob": replicaSpecs("tfReplicaSpecs", KUBEFLOW_DEFAULT),
  // mpi-operator v2beta1 defaults: Launcher 1, Worker 0; the training-operator's v1 MPIJob: 1.
  "kubeflow.org/MPIJob": replicaSpecs(
    "mpiReplicaSpecs",
    (type, apiVersion) => apiVersion.endsWith("/v2beta1") && type === "Worker" ? 0 : 1
  ),
  "monitoring.coreos.com/Prometheus": operatorKind("prometheus", "prometheus", void 0, true, true),
  "monitoring.coreos.com/Alertmanager": operatorKind("alertmanager", "alertmanager", "200Mi", true, false),
  "monitoring.coreos.com/ThanosRuler": operatorKind("thanos-ruler", "thanos-ruler", "200Mi", false, false),
  "keda.sh/ScaledJob": scaledJob
};
var SUPPORTED_CUSTOM_KINDS = Object.keys(READERS);
function declaredReader(declared) {
  return {
    read(reader, object) {
      const path7 = declared.replicas;
      const replicas = path7 ? reader.count(path7, 1) : 1;
      if (replicas === void 0) return void 0;
      return {
        groups: [
          {
            templatePath: declared.template,
            count: replicas,
            countPath: path7 ?? declared.template,
            name: numbered(object.metadata.name)
          }
        ],
        batch: declared.batch
      };
    }
  };
}
function workloadKindName(object) {
  const builtin = builtinWorkloadKind(object);
  if (builtin) return builtin;
  const group = apiGroup(object.apiVersion);
  return group === "" ? object.kind : `${object.kind}.${group}`;
}
var TEMPLATELESS_POD_KINDS = /* @__PURE__ */ new Set([
  // Strimzi: brokers and controllers (KafkaNodePool replicas), Connect, MirrorMaker 2, Bridge.
  "kafka.strimzi.io/Kafka",
  "kafka.strimzi.io/KafkaNodePool",
  "kafka.strimzi.io/KafkaConnect",
  "kafka.strimzi.io/KafkaMirrorMaker2",
  "kafka.strimzi.io/KafkaBridge",
  // Kubeflow Spark operator: a driver and executors.
  "sparkoperator.k8s.io/SparkApplication",
  "sparkoperator.k8s.io/ScheduledSparkApplication",
  // CloudNativePG: `instances` PostgreSQL pods.
  "postgresql.cnpg.io/Cluster",
  // Apache Flink operator: a job manager and task managers.
  "flink.apache.org/FlinkDeployment",
  // Elastic: each nodeSet's `count` pods (its podTemplate may hold no containers).
  "elasticsearch.k8s.elastic.co/Elasticsearch"
]);
function kueueQueue(object) {
  const queue = object.metadata.labels?.[KUEUE_QUEUE_LABEL];
  return typeof queue === "string" && queue !== "" ? queue : void 0;
}
var POD_TEMPLATE_DEPTH = 8;
var POD_TEMPLATE_NODES = 1e4;
function hasPodTemplate(raw) {
  let budget = POD_TEMPLATE_NODES;
  const visit2 = (node, depth) => {
    if (budget-- <= 0 || depth > POD_TEMPLATE_DEPTH || node === null || typeof node !== "object")
      return false;
    const children = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node)) {
      const spec = node.spec;
      if (spec && typeof spec === "object" && Array.isArray(spec.containers))
        return true;
    }
    return children.some((child) => visit2(child, depth + 1));
  };
  return visit2(raw.spec, 0);
}
function matchWorkloadKind(object, declared = []) {
  const group = apiGroup(object.apiVersion);
  const key = groupKind(group, object.kind);
  const kueue = kueueQueue(object) !== void 0;
  const builtin = BUILTIN_WORKLOADS[key];
  if (builtin === "Job" && kueue) return { type: "custom", kind: builtin, reader: kueueJob, kueue };
  if (builtin) return { type: "builtin", kind: builtin };
  const mine = declared.find((d) => d.group === group && d.kind === object.kind);
  const reader = mine ? declaredReader(mine) : READERS[key];
  if (reader) return { type: "custom", kind: workloadKindName(object), reader, kueue };
  if (hasPodTemplate(object.raw)) return { type: "unknown", groupKind: key };
  return TEMPLATELESS_POD_KINDS.has(key) ? { type: "unknown", groupKind: key, templateless: true } : void 0;
}

// src/timeline/cron.ts
var MINUTES = { min: 0, max: 59 };
var HOURS = { min: 0, max: 23 };
var DAYS_OF_MONTH = { min: 1, max: 31 };
var MONTHS = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12
  }
};
var DAYS_OF_WEEK = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 }
};
function bitsBetween(min, max, step) {
  let bits = 0n;
  for (let i = min; i <= max; i += step) bits |= 1n << BigInt(i);
  return bits;
}
var all = (b) => bitsBetween(b.min, b.max, 1);
var CronSyntaxError = class extends Error {
};
function parseNumber(text, bounds) {
  const named2 = bounds.names?.[text.toLowerCase()];
  if (named2 !== void 0) return named2;
  if (!/^[0-9]+$/.test(text)) throw new CronSyntaxError(`failed to parse int from ${text}`);
  return Number(text);
}
function parseRange(expr, bounds) {
  const rangeAndStep = expr.split("/");
  if (rangeAndStep.length > 2) throw new CronSyntaxError(`too many slashes: ${expr}`);
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  if (lowAndHigh.length > 2) throw new CronSyntaxError(`too many hyphens: ${expr}`);
  const single = lowAndHigh.length === 1;
  let start;
  let end;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseNumber(lowAndHigh[0] ?? "", bounds);
    end = single ? start : parseNumber(lowAndHigh[1] ?? "", bounds);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1] ?? "", { min: 0, max: 0 });
    if (step <= 0) throw new CronSyntaxError(`step of range should be a positive number: ${expr}`);
    if (single) end = bounds.max;
    if (step > 1) star = false;
  }
  if (start < bounds.min)
    throw new CronSyntaxError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max)
    throw new CronSyntaxError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end)
    throw new CronSyntaxError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  return { bits: bitsBetween(start, end, step), star };
}
function parseField(field, bounds) {
  let bits = 0n;
  let star = false;
  for (const piece of field.split(",")) {
    if (piece === "") continue;
    const range = parseRange(piece, bounds);
    bits |= range.bits;
    star ||= range.star;
  }
  if (bits === 0n) throw new CronSyntaxError(`empty field: ${field}`);
  return { bits, star };
}
function isKnownTimeZone(zone) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
function parseCron(spec, timeZone) {
  let text = spec.trim();
  let zone = timeZone ?? "UTC";
  let zoneFromSchedule = false;
  const prefix = /^(CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (prefix) {
    zone = prefix[2] ?? zone;
    zoneFromSchedule = true;
    text = text.slice(prefix[0].length).trim();
  }
  if (!isKnownTimeZone(zone)) return { ok: false, error: `unknown time zone ${zone}` };
  if (text === "") return { ok: false, error: "empty spec string" };
  try {
    if (text.startsWith("@")) {
      const schedule = parseDescriptor(text, zone);
      return { ok: true, schedule, zoneFromSchedule };
    }
    const fields = text.split(/\s+/);
    if (fields.length !== 5) {
      return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: ${text}` };
    }
    const [minute, hour, dom, month, dow] = fields;
    const d = parseField(dom, DAYS_OF_MONTH);
    const w = parseField(dow, DAYS_OF_WEEK);
    return {
      ok: true,
      zoneFromSchedule,
      schedule: {
        minutes: parseField(minute, MINUTES).bits,
        hours: parseField(hour, HOURS).bits,
        daysOfMonth: d.bits,
        months: parseField(month, MONTHS).bits,
        daysOfWeek: w.bits,
        domStar: d.star,
        dowStar: w.star,
        timeZone: zone
      }
    };
  } catch (error) {
    if (error instanceof CronSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}
function parseDescriptor(text, zone) {
  const at2 = (minutes, hours, dom, months, dow, star) => ({
    minutes,
    hours,
    daysOfMonth: dom,
    months,
    daysOfWeek: dow,
    domStar: star[0],
    dowStar: star[1],
    timeZone: zone
  });
  switch (text) {
    case "@yearly":
    case "@annually":
      return at2(1n, 1n, 1n << 1n, 1n << 1n, all(DAYS_OF_WEEK), [false, true]);
    case "@monthly":
      return at2(1n, 1n, 1n << 1n, all(MONTHS), all(DAYS_OF_WEEK), [false, true]);
    case "@weekly":
      return at2(1n, 1n, all(DAYS_OF_MONTH), all(MONTHS), 1n, [true, false]);
    case "@daily":
    case "@midnight":
      return at2(1n, 1n, all(DAYS_OF_MONTH), all(MONTHS), all(DAYS_OF_WEEK), [true, true]);
    case "@hourly":
      return at2(1n, all(HOURS), all(DAYS_OF_MONTH), all(MONTHS), all(DAYS_OF_WEEK), [true, true]);
  }
  if (text.startsWith("@every ")) {
    const parsed = parseGoDuration(text.slice("@every ".length).trim());
    if (!parsed.ok) throw new CronSyntaxError(`failed to parse duration ${text}: ${parsed.error}`);
    const seconds2 = Number(parsed.nanoseconds / 1000000000n);
    const everyMs = Math.max(1, seconds2) * 1e3;
    return { ...at2(0n, 0n, 0n, 0n, 0n, [true, true]), everyMs };
  }
  throw new CronSyntaxError(`unrecognized descriptor: ${text}`);
}
function offsetFinder(zone) {
  if (zone === "UTC" || zone === "Etc/UTC") return () => 0;
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric"
  });
  const cache = /* @__PURE__ */ new Map();
  return (instant) => {
    const slot = Math.floor(instant / 9e5);
    const cached = cache.get(slot);
    if (cached !== void 0) return cached;
    const parts = {};
    for (const part of format.formatToParts(new Date(slot * 9e5))) {
      if (part.type !== "literal") parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0
    );
    const offset = wall - slot * 9e5;
    cache.set(slot, offset);
    return offset;
  };
}
var has = (bits, n) => (bits >> BigInt(n) & 1n) === 1n;
function cronFireTimes(schedule, from, to, limit = 1e5) {
  const out = [];
  if (schedule.everyMs !== void 0) {
    for (let t2 = Math.floor(from / 1e3) * 1e3 + schedule.everyMs; t2 < to && out.length < limit; t2 += schedule.everyMs) {
      if (t2 >= from) out.push(t2);
    }
    return out;
  }
  const offsetAt = offsetFinder(schedule.timeZone);
  let t = Math.ceil(from / 6e4) * 6e4;
  while (t < to && out.length < limit) {
    const wall = new Date(t + offsetAt(t));
    const month = wall.getUTCMonth() + 1;
    const dom = wall.getUTCDate();
    const dow = wall.getUTCDay();
    const hour = wall.getUTCHours();
    const minute = wall.getUTCMinutes();
    const domMatch = has(schedule.daysOfMonth, dom);
    const dowMatch = has(schedule.daysOfWeek, dow);
    const dayMatch = schedule.domStar || schedule.dowStar ? domMatch && dowMatch : domMatch || dowMatch;
    if (!has(schedule.months, month) || !dayMatch || !has(schedule.hours, hour)) {
      t += (60 - minute) * 6e4;
      continue;
    }
    if (has(schedule.minutes, minute)) out.push(t);
    t += 6e4;
  }
  return out;
}

// src/timeline/cycles.ts
function findCycles(jobs) {
  const n = jobs.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = [];
  const components = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, edge] = frame;
      if (edge === 0 && index[v] === -1) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const deps = jobs[v]?.after ?? [];
      if (edge < deps.length) {
        frame[1] = edge + 1;
        const w = deps[edge];
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]], low[v]);
      if (low[v] === index[v]) {
        const component = [];
        let w;
        do {
          w = stack.pop();
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        const selfLoop = component.length === 1 && (jobs[v]?.after.includes(v) ?? false);
        if (component.length > 1 || selfLoop) components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components.map((component) => concreteCycle(jobs, component)).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}
function concreteCycle(jobs, component) {
  const members = new Set(component);
  const start = component[0];
  const previous = /* @__PURE__ */ new Map();
  const queue = [];
  for (const w of jobs[start]?.after ?? []) {
    if (!members.has(w) || previous.has(w)) continue;
    previous.set(w, start);
    queue.push(w);
  }
  while (queue.length > 0) {
    const v = queue.shift();
    if (v === start) break;
    for (const w of jobs[v]?.after ?? []) {
      if (!members.has(w) || previous.has(w)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  const path7 = [];
  let at2 = previous.get(start);
  while (at2 !== void 0 && at2 !== start) {
    path7.push(at2);
    at2 = previous.get(at2);
  }
  return [start, ...path7.reverse()];
}

// src/timeline/jobs.ts
var RFC33392 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;
function parseRfc3339(text) {
  const m = RFC33392.exec(text.trim());
  if (!m) return void 0;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return void 0;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return void 0;
  const fraction = m[7] ? Number(`0${m[7]}`) * 1e3 : 0;
  let offset = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return void 0;
    offset = (m[9] === "-" ? -1 : 1) * (oh * 60 + om) * 6e4;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  return utc + Math.round(fraction) - offset;
}
function getPath2(raw, path7) {
  let at2 = raw;
  for (const key of path7) {
    if (at2 === null || typeof at2 !== "object") return void 0;
    at2 = at2[key];
  }
  return at2;
}
var asNumber = (v) => typeof v === "number" && Number.isFinite(v) ? v : void 0;
function jobSpecPath(kind) {
  return kind === "Job" ? ["spec"] : ["spec", "jobTemplate", "spec"];
}
function batchKind(object) {
  const kind = builtinWorkloadKind(object);
  return kind === "Job" || kind === "CronJob" ? kind : void 0;
}
function isTimelineJob(object, batch) {
  return (batchKind(object) !== void 0 || batch?.has(object) === true) && typeof object.metadata.annotations?.[ANNOTATION_DURATION] === "string";
}
function namespaceOf(object) {
  return object.metadata.namespace || "default";
}
function readTimelineJobs(objects, workloads = [], waitingJobs) {
  const diagnostics = [];
  const podsByWorkload = /* @__PURE__ */ new Map();
  const customBatch = /* @__PURE__ */ new Map();
  for (const w of workloads) {
    const first = w.pods[0];
    const key = `${w.kind}/${w.namespace}/${w.name}`;
    if (first && !podsByWorkload.has(key)) podsByWorkload.set(key, first);
    if (w.batch && w.object && batchKind(w.object) === void 0) customBatch.set(w.object, w);
  }
  const jobs = [];
  const afterNames = [];
  const batchObjects = /* @__PURE__ */ new Map();
  for (const object of objects) {
    const custom = customBatch.get(object);
    const kind = batchKind(object) ?? custom?.kind;
    if (kind === void 0) continue;
    const r = jobReader(object, kind, diagnostics);
    const key = `${r.namespace}/${r.name}`;
    if (!batchObjects.has(key)) batchObjects.set(key, object);
    const annotations = object.metadata.annotations ?? {};
    const durationText = annotations[ANNOTATION_DURATION];
    let durationMs2;
    let durationAssumed = false;
    if (typeof durationText === "string") durationMs2 = readDuration(r, durationText);
    else if (waitingJobs?.waiting.has(`${kind}/${key}`)) {
      durationMs2 = waitingJobs.defaultDurationMs;
      durationAssumed = true;
      r.report(
        ["metadata"],
        "warning",
        `${kind} ${key} is batch work on the timeline (some of the change's batch work waits for capacity) and has no ${ANNOTATION_DURATION}: the timeline assumes it runs for ${formatDuration(durationMs2)} (timeline.defaultDuration); annotate it with its expected duration.`
      );
    } else continue;
    if (durationMs2 === void 0) continue;
    const deadline = readDeadline(r, annotations[ANNOTATION_DEADLINE]);
    const extra = durationAssumed ? { durationAssumed: true } : {};
    if (custom) {
      const first = custom.pods[0];
      if (!first) continue;
      const requests = {};
      for (const p of custom.pods)
        for (const [r2, v] of Object.entries(p.requests)) requests[r2] = Math.max(requests[r2] ?? 0, v);
      const pod2 = { ...first, requests };
      jobs.push({
        index: jobs.length,
        object,
        kind,
        namespace: r.namespace,
        name: r.name,
        durationMs: durationMs2,
        deadline,
        after: [],
        pod: pod2,
        // A gang starts with its minAvailable pods; other work with all of them.
        pods: custom.gang ?? custom.pods.length,
        ...extra
      });
      afterNames.push(parseAfter(annotations[ANNOTATION_AFTER]));
      continue;
    }
    const specPath = jobSpecPath(r.kind);
    const jobSpec = getPath2(object.raw, specPath);
    if (isSuspended(r, jobSpec, specPath)) continue;
    const pods = podCount(r, jobSpec, specPath);
    if (pods === 0) continue;
    checkActiveDeadline(r, jobSpec, specPath, durationMs2);
    const cron = r.kind === "CronJob" ? readCron(r) : void 0;
    if (cron === null) continue;
    const pod = podsByWorkload.get(`${r.kind}/${key}`) ?? templatePod(r, jobSpec, specPath, workloads.length > 0);
    jobs.push({
      index: jobs.length,
      object,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      durationMs: durationMs2,
      deadline,
      after: [],
      pod,
      pods,
      ...cron ? { cron } : {},
      ...extra
    });
    afterNames.push(parseAfter(annotations[ANNOTATION_AFTER]));
  }
  linkAfter(jobs, afterNames, batchObjects, diagnostics);
  markCycles(jobs, diagnostics);
  return { jobs, diagnostics };
}
function jobReader(object, kind, diagnostics) {
  return {
    object,
    kind,
    namespace: namespaceOf(object),
    name: object.metadata.name,
    report(path7, severity, message) {
      diagnostics.push(diagnostic(object.locate(path7), severity, "timeline", message));
    }
  };
}
var annotationPath = (name) => ["metadata", "annotations", name];
function readDuration(r, durationText) {
  const parsed = parseGoDuration(durationText.trim());
  if (parsed.ok && parsed.nanoseconds > 0n) return nanosToMillis(parsed.nanoseconds);
  const why = parsed.ok ? "it must be longer than zero" : parsed.error;
  r.report(
    annotationPath(ANNOTATION_DURATION),
    "error",
    `${r.kind} ${r.namespace}/${r.name}: ${ANNOTATION_DURATION} ${JSON.stringify(durationText)} is not a duration (${why}); write it as Go does, e.g. 45m, 1h30m or 1.5h. The job is left off the timeline.`
  );
  return void 0;
}
function readDeadline(r, deadlineText) {
  if (typeof deadlineText !== "string") return null;
  const relative = parseGoDuration(deadlineText.trim());
  const absolute = parseRfc3339(deadlineText);
  if (relative.ok && relative.nanoseconds >= 0n) return { relativeMs: nanosToMillis(relative.nanoseconds) };
  if (absolute !== void 0) return { absoluteMs: absolute };
  r.report(
    annotationPath(ANNOTATION_DEADLINE),
    "error",
    `${r.kind} ${r.namespace}/${r.name}: ${ANNOTATION_DEADLINE} ${JSON.stringify(deadlineText)} is neither a duration after the job's release (4h) nor an RFC 3339 time (2025-01-31T06:00:00Z); the job is planned without a deadline.`
  );
  return null;
}
function isSuspended(r, jobSpec, specPath) {
  const cronSuspended = r.kind === "CronJob" && getPath2(r.object.raw, ["spec", "suspend"]) === true;
  if (kueueQueue(r.object) !== void 0) return false;
  if (getPath2(jobSpec, ["suspend"]) !== true && !cronSuspended) return false;
  r.report(
    cronSuspended ? ["spec", "suspend"] : [...specPath, "suspend"],
    "warning",
    `${r.kind} ${r.namespace}/${r.name} is suspended: it creates no pods, so it is left off the timeline.`
  );
  return true;
}
function podCount(r, jobSpec, specPath) {
  const parallelism = asNumber(getPath2(jobSpec, ["parallelism"])) ?? 1;
  const completions = asNumber(getPath2(jobSpec, ["completions"]));
  const pods = Math.max(
    0,
    Math.floor(completions === void 0 ? parallelism : Math.min(parallelism, completions))
  );
  if (pods === 0) {
    r.report(
      [...specPath, "parallelism"],
      "warning",
      `${r.kind} ${r.namespace}/${r.name} runs no pods (parallelism or completions is 0), so it is left off the timeline.`
    );
  }
  return pods;
}
function checkActiveDeadline(r, jobSpec, specPath, durationMs2) {
  const activeDeadline = asNumber(getPath2(jobSpec, ["activeDeadlineSeconds"]));
  if (activeDeadline === void 0 || activeDeadline * 1e3 >= durationMs2) return;
  r.report(
    [...specPath, "activeDeadlineSeconds"],
    "warning",
    `${r.kind} ${r.namespace}/${r.name}: activeDeadlineSeconds ${activeDeadline} (${formatDuration(activeDeadline * 1e3)}) is shorter than its expected duration ${formatDuration(durationMs2)}: Kubernetes would kill the job before it finishes.`
  );
}
function readCron(r) {
  const { namespace, name } = r;
  const raw = r.object.raw;
  const scheduleText = getPath2(raw, ["spec", "schedule"]);
  const timeZone = getPath2(raw, ["spec", "timeZone"]);
  if (typeof scheduleText !== "string") {
    r.report(
      ["spec", "schedule"],
      "error",
      `CronJob ${namespace}/${name} has no spec.schedule; it is left off the timeline.`
    );
    return null;
  }
  const schedule = parseCron(scheduleText, typeof timeZone === "string" ? timeZone : void 0);
  if (!schedule.ok) {
    const path7 = schedule.error.startsWith("unknown time zone") && typeof timeZone === "string" && !/TZ=/.test(scheduleText) ? ["spec", "timeZone"] : ["spec", "schedule"];
    r.report(
      path7,
      "error",
      `CronJob ${namespace}/${name}: schedule ${JSON.stringify(scheduleText)}: ${schedule.error}; it is left off the timeline.`
    );
    return null;
  }
  if (schedule.zoneFromSchedule) {
    r.report(
      ["spec", "schedule"],
      typeof timeZone === "string" ? "error" : "warning",
      typeof timeZone === "string" ? `CronJob ${namespace}/${name}: cannot use both timeZone field and TZ or CRON_TZ in schedule; the schedule's zone is used here.` : `CronJob ${namespace}/${name}: TZ or CRON_TZ in the schedule is not officially supported (the API server refuses it on new CronJobs); use spec.timeZone instead.`
    );
  }
  const policyText = getPath2(raw, ["spec", "concurrencyPolicy"]);
  let concurrency = "Allow";
  if (policyText === "Forbid" || policyText === "Replace" || policyText === "Allow") concurrency = policyText;
  else if (policyText !== void 0) {
    r.report(
      ["spec", "concurrencyPolicy"],
      "error",
      `CronJob ${namespace}/${name}: concurrencyPolicy must be Allow, Forbid or Replace; Allow is assumed.`
    );
  }
  const sds = asNumber(getPath2(raw, ["spec", "startingDeadlineSeconds"]));
  return {
    schedule: schedule.schedule,
    concurrency,
    startingDeadlineMs: sds === void 0 ? null : sds * 1e3
  };
}
function templatePod(r, jobSpec, specPath, expanded) {
  const { kind, namespace, name } = r;
  const template = getPath2(jobSpec, ["template"]);
  if (expanded) {
    r.report(
      [...specPath, "template"],
      "warning",
      `${kind} ${namespace}/${name}: no pods were expanded for it, so its pods count as requesting nothing.`
    );
  }
  return {
    namespace,
    name: `${name}-pod`,
    key: `${namespace}/${name}-pod`,
    labels: template?.metadata?.labels ?? {},
    annotations: {},
    workload: { kind, name },
    spec: template?.spec ?? {},
    requests: {},
    limits: {},
    priority: 0
  };
}
function parseAfter(afterText) {
  if (typeof afterText !== "string") return [];
  return afterText.split(",").map((s) => s.trim()).filter((s) => s !== "");
}
function linkAfter(jobs, afterNames, batchObjects, diagnostics) {
  const byName = /* @__PURE__ */ new Map();
  for (const job of jobs) {
    const key = `${job.namespace}/${job.name}`;
    if (!byName.has(key)) byName.set(key, job.index);
  }
  for (const job of jobs) {
    for (const dep of afterNames[job.index] ?? []) {
      const key = `${job.namespace}/${dep}`;
      const target = byName.get(key);
      if (target !== void 0) {
        if (!job.after.includes(target)) job.after.push(target);
        continue;
      }
      const known = batchObjects.get(key);
      diagnostics.push(
        diagnostic(
          job.object.locate(annotationPath(ANNOTATION_AFTER)),
          known ? "warning" : "error",
          "timeline",
          known ? `${job.kind} ${job.namespace}/${job.name}: ${known.kind} ${key} in ${ANNOTATION_AFTER} has no ${ANNOTATION_DURATION}, so it is not on the timeline; the dependency is ignored.` : `${job.kind} ${job.namespace}/${job.name}: unknown dependency ${JSON.stringify(dep)} in ${ANNOTATION_AFTER}: no Job or CronJob ${key} with ${ANNOTATION_DURATION} in the manifests; the dependency is ignored.`
        )
      );
    }
  }
}
function markCycles(jobs, diagnostics) {
  for (const cycle of findCycles(jobs)) {
    const names2 = cycle.map((i) => `${jobs[i]?.namespace}/${jobs[i]?.name}`);
    const text = [...names2, names2[0]].join(" -> ");
    for (const i of cycle) {
      const job = jobs[i];
      if (job) job.blocked = `dependency cycle ${text}`;
    }
    const first = jobs[cycle[0] ?? 0];
    if (first) {
      diagnostics.push(
        diagnostic(
          first.object.locate(annotationPath(ANNOTATION_AFTER)),
          "error",
          "timeline",
          `dependency cycle in ${ANNOTATION_AFTER}: ${text}; these jobs can never start.`
        )
      );
    }
  }
}

// src/timeline/kueue.ts
function isKueue(object, kind) {
  return object.kind === kind && apiGroup(object.apiVersion) === "kueue.x-k8s.io";
}
var get = (value, ...path7) => {
  let at2 = value;
  for (const key of path7) {
    if (at2 === null || typeof at2 !== "object" || Array.isArray(at2)) return void 0;
    at2 = at2[key];
  }
  return at2;
};
var list = (value) => Array.isArray(value) ? value : [];
function readClusterQueue(object, diagnostics) {
  const spec = object.raw.spec;
  const cohort = get(spec, "cohortName") ?? get(spec, "cohort");
  const quota = {
    name: object.metadata.name,
    cohort: typeof cohort === "string" && cohort !== "" ? cohort : null,
    nominal: {},
    borrowingLimit: {}
  };
  list(get(spec, "resourceGroups")).forEach((group, g) => {
    list(get(group, "flavors")).forEach((flavor, f) => {
      list(get(flavor, "resources")).forEach((resource, r) => {
        const name = get(resource, "name");
        if (typeof name !== "string") return;
        for (const field of ["nominalQuota", "borrowingLimit"]) {
          const raw = get(resource, field);
          if (raw === void 0) continue;
          const parsed = parseResourceAmount(name, raw);
          const path7 = ["spec", "resourceGroups", g, "flavors", f, "resources", r, field];
          if (!parsed.ok) {
            diagnostics.push(
              diagnostic(
                object.locate(path7),
                "error",
                "invalid-quantity",
                `ClusterQueue ${quota.name}: ${field} ${parsed.error}`
              )
            );
            continue;
          }
          const into = field === "nominalQuota" ? quota.nominal : quota.borrowingLimit;
          into[name] = (into[name] ?? 0) + parsed.value;
        }
      });
    });
  });
  return quota;
}
function readKueueAdmission(objects, jobs, diagnostics) {
  const managed = jobs.filter((j) => kueueQueue(j.object) !== void 0);
  if (managed.length === 0) return void 0;
  const clusterQueues = [];
  const byName = /* @__PURE__ */ new Map();
  const localQueues = /* @__PURE__ */ new Map();
  for (const object of objects) {
    if (isKueue(object, "ClusterQueue") && !byName.has(object.metadata.name)) {
      byName.set(object.metadata.name, clusterQueues.length);
      clusterQueues.push(readClusterQueue(object, diagnostics));
    } else if (isKueue(object, "LocalQueue")) {
      const target = get(object.raw.spec, "clusterQueue");
      const key = `${object.metadata.namespace || "default"}/${object.metadata.name}`;
      if (typeof target === "string" && !localQueues.has(key)) localQueues.set(key, target);
    }
  }
  const queueOf = jobs.map((job) => {
    const queue = kueueQueue(job.object);
    if (queue === void 0) return -1;
    const cq = localQueues.get(`${job.namespace}/${queue}`);
    const index = cq === void 0 ? void 0 : byName.get(cq);
    if (index === void 0) {
      diagnostics.push(
        diagnostic(
          job.object.locate(["metadata", "labels", "kueue.x-k8s.io/queue-name"]),
          "warning",
          "timeline",
          `${job.kind} ${job.namespace}/${job.name}: ${cq === void 0 ? `LocalQueue ${job.namespace}/${queue}` : `ClusterQueue ${cq}`} is neither among the manifests nor in the cluster snapshot, so its Kueue quota is not modelled on the timeline`
        )
      );
      return -1;
    }
    return index;
  });
  if (queueOf.every((q) => q === -1)) return void 0;
  const need = jobs.map((job) => {
    const total = {};
    for (const [r, v] of Object.entries(job.pod.requests)) total[r] = v * job.pods;
    return total;
  });
  return { clusterQueues, queueOf, need };
}
var QuotaLedger = class {
  model;
  used;
  constructor(model) {
    this.model = model;
    this.used = model.clusterQueues.map(() => ({}));
  }
  /** Why the job is not admitted now (its ClusterQueue's quota), or null when it is or no quota applies. */
  refuses(job) {
    const q = this.model.queueOf[job] ?? -1;
    if (q === -1) return null;
    const cq = this.model.clusterQueues[q];
    const need = this.model.need[job] ?? {};
    const cohort = cq.cohort === null ? [q] : this.cohortOf(cq.cohort);
    for (const [resource, amount] of Object.entries(need)) {
      if (amount <= 0) continue;
      const nominal = cq.nominal[resource];
      if (nominal === void 0) return `its ClusterQueue ${cq.name} has no quota for ${resource}`;
      const used = this.used[q]?.[resource] ?? 0;
      const limit = cq.cohort === null ? 0 : cq.borrowingLimit[resource] ?? Number.POSITIVE_INFINITY;
      if (used + amount > nominal + limit)
        return `ClusterQueue ${cq.name} has too little ${resource} quota left`;
      if (cq.cohort !== null) {
        let cohortNominal = 0;
        let cohortUsed = 0;
        for (const i of cohort) {
          cohortNominal += this.model.clusterQueues[i]?.nominal[resource] ?? 0;
          cohortUsed += this.used[i]?.[resource] ?? 0;
        }
        if (cohortUsed + amount > cohortNominal)
          return `cohort ${cq.cohort} has too little ${resource} quota left to lend to ClusterQueue ${cq.name}`;
      }
    }
    return null;
  }
  /** Whether the job could be admitted with nothing else running. */
  neverAdmits(job) {
    const saved = this.used.map((u) => ({ ...u }));
    for (const u of this.used) for (const k of Object.keys(u)) u[k] = 0;
    const why = this.refuses(job);
    saved.forEach((u, i) => {
      this.used[i] = u;
    });
    return why;
  }
  charge(job, sign) {
    const q = this.model.queueOf[job] ?? -1;
    if (q === -1) return;
    const used = this.used[q];
    for (const [resource, amount] of Object.entries(this.model.need[job] ?? {}))
      used[resource] = (used[resource] ?? 0) + sign * amount;
  }
  cohortOf(cohort) {
    const out = [];
    this.model.clusterQueues.forEach((c, i) => {
      if (c.cohort === cohort) out.push(i);
    });
    return out;
  }
};

// src/timeline/problem.ts
var MAX_RUNS_PER_CRONJOB = 5e3;
function buildProblem(jobs, nodesIn, used, options) {
  const diagnostics = [];
  const { startMs, horizonMs } = options;
  const nodes = [...nodesIn].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const { runs, runsOfJob } = draftRuns(jobs, startMs, horizonMs, diagnostics);
  linkDependencies(jobs, runs, runsOfJob, diagnostics);
  const { order, dependents } = topologicalOrder(runs);
  const cap = capacity(jobs, nodes, used);
  const checks = staticChecks(jobs, nodes, cap, options.fitter);
  const neverFits = jobs.map((job, j) => neverFitsReason(job, j, nodes, cap, checks));
  pathFigures(runs, runsOfJob, order, dependents, neverFits);
  const { lowerBound, chainEnd } = lowerBoundOf(runs, nodes, cap);
  return {
    problem: {
      startMs,
      horizonMs,
      jobs,
      runs,
      nodes,
      resources: cap.resources,
      podsIndex: cap.podsIndex,
      free: cap.free,
      requests: cap.requests,
      feasible: checks.feasible,
      shape: checks.shape,
      neverFits,
      lowerBound: Math.ceil(lowerBound),
      criticalPath: criticalPathTo(runs, chainEnd)
    },
    diagnostics
  };
}
function draftRuns(jobs, startMs, horizonMs, diagnostics) {
  const drafts = [];
  const runsOfJob = jobs.map(() => []);
  for (const job of jobs) {
    if (!job.cron) {
      drafts.push({ job, run: null, release: 0 });
      continue;
    }
    const times = cronFireTimes(job.cron.schedule, startMs, startMs + horizonMs, MAX_RUNS_PER_CRONJOB + 1);
    if (times.length > MAX_RUNS_PER_CRONJOB) {
      times.length = MAX_RUNS_PER_CRONJOB;
      diagnostics.push(
        diagnostic(
          job.object.locate(["spec", "schedule"]),
          "warning",
          "timeline",
          `CronJob ${job.namespace}/${job.name} runs more than ${MAX_RUNS_PER_CRONJOB} times inside the horizon; only the first ${MAX_RUNS_PER_CRONJOB} runs are planned (shorten --horizon to see them all).`
        )
      );
    }
    times.forEach((t, i) => {
      drafts.push({ job, run: i + 1, release: t - startMs });
    });
  }
  drafts.sort((a, b) => a.release - b.release || a.job.index - b.job.index || (a.run ?? 0) - (b.run ?? 0));
  const runs = drafts.map((d, id) => {
    runsOfJob[d.job.index]?.push(id);
    let deadline = null;
    if (d.job.deadline) {
      deadline = "relativeMs" in d.job.deadline ? d.release + d.job.deadline.relativeMs : d.job.deadline.absoluteMs - startMs;
    }
    return {
      id,
      job: d.job,
      run: d.run,
      key: d.run === null ? `${d.job.namespace}/${d.job.name}` : `${d.job.namespace}/${d.job.name}#${d.run}`,
      release: d.release,
      duration: d.job.durationMs,
      deadline,
      deps: [],
      blocked: d.job.blocked ?? null,
      remaining: 0,
      earliestFinish: 0,
      guaranteed: false
    };
  });
  return { runs, runsOfJob };
}
function linkDependencies(jobs, runs, runsOfJob, diagnostics) {
  const warnedNoRuns = /* @__PURE__ */ new Set();
  for (const run of runs) {
    for (const depJob of run.job.after) {
      const depRuns = runsOfJob[depJob] ?? [];
      if (depRuns.length === 0) {
        const dep = jobs[depJob];
        const warnKey = `${run.job.index}/${depJob}`;
        if (dep && !warnedNoRuns.has(warnKey)) {
          warnedNoRuns.add(warnKey);
          diagnostics.push(
            diagnostic(
              run.job.object.locate(["metadata", "annotations", ANNOTATION_AFTER]),
              "warning",
              "timeline",
              `${run.job.kind} ${run.job.namespace}/${run.job.name} waits for CronJob ${dep.namespace}/${dep.name}, which has no run inside the horizon; the dependency is taken as met.`
            )
          );
        }
        continue;
      }
      let chosen = depRuns[0];
      for (const candidate of depRuns) {
        if ((runs[candidate]?.release ?? Number.POSITIVE_INFINITY) <= run.release) chosen = candidate;
      }
      if (!run.deps.includes(chosen)) run.deps.push(chosen);
    }
  }
}
function topologicalOrder(runs) {
  const dependents = runs.map(() => []);
  const waiting = new Int32Array(runs.length);
  for (const run of runs) {
    waiting[run.id] = run.deps.length;
    for (const d of run.deps) dependents[d]?.push(run.id);
  }
  const order = [];
  for (const run of runs) if (run.deps.length === 0 && run.blocked === null) order.push(run.id);
  for (let i = 0; i < order.length; i++) {
    for (const next of dependents[order[i]] ?? []) {
      waiting[next] = waiting[next] - 1;
      if (waiting[next] === 0 && runs[next]?.blocked === null) order.push(next);
    }
  }
  const reached = new Uint8Array(runs.length);
  for (const id of order) reached[id] = 1;
  for (const run of runs) {
    if (reached[run.id] || run.blocked !== null) continue;
    const stuck = run.deps.find((d) => !reached[d]);
    run.blocked = `waits for ${runs[stuck ?? 0]?.key}, which can never start`;
  }
  return { order, dependents };
}
function capacity(jobs, nodes, used) {
  const resourceSet = /* @__PURE__ */ new Set(["pods", "cpu", "memory"]);
  for (const node of nodes) for (const r of Object.keys(node.allocatable)) resourceSet.add(r);
  for (const job of jobs) for (const r of Object.keys(job.pod.requests)) if (r !== "pods") resourceSet.add(r);
  const resources = [...resourceSet];
  const R = resources.length;
  const podsIndex = resources.indexOf("pods");
  const free = new Float64Array(nodes.length * R);
  nodes.forEach((node, n) => {
    const usedHere = used[node.name] ?? {};
    resources.forEach((r, i) => {
      const allocatable = r === "pods" ? node.allocatable.pods ?? 110 : node.allocatable[r] ?? 0;
      free[n * R + i] = Math.max(0, allocatable - (usedHere[r] ?? 0));
    });
  });
  const requests = jobs.map((job) => {
    const list2 = [{ index: podsIndex, amount: 1 }];
    for (const [r, amount] of Object.entries(job.pod.requests)) {
      if (r !== "pods" && amount > 0) list2.push({ index: resources.indexOf(r), amount });
    }
    return list2;
  });
  return { resources, podsIndex, free, requests };
}
function staticChecks(jobs, nodes, cap, fitter) {
  const feasibleByConstraints = /* @__PURE__ */ new Map();
  const staticReasons = [];
  const constraintsOf = [];
  const feasible = jobs.map((job, j) => {
    const constraintKey = fitter.key?.(job.pod) ?? `job ${j}`;
    let entry = feasibleByConstraints.get(constraintKey);
    if (!entry) {
      const reasons = nodes.map((node) => fitter.staticReasons(job.pod, node));
      const ok = [];
      reasons.forEach((r, n) => {
        if (r.length === 0) ok.push(n);
      });
      entry = { id: feasibleByConstraints.size, nodes: Int32Array.from(ok), reasons };
      feasibleByConstraints.set(constraintKey, entry);
    }
    staticReasons[j] = entry.reasons;
    constraintsOf[j] = entry.id;
    return entry.nodes;
  });
  const shapeIds = /* @__PURE__ */ new Map();
  const shape = jobs.map((_job, j) => {
    const key = JSON.stringify([constraintsOf[j], cap.requests[j]]);
    let id = shapeIds.get(key);
    if (id === void 0) {
      id = shapeIds.size;
      shapeIds.set(key, id);
    }
    return id;
  });
  return { feasible, staticReasons, shape };
}
function neverFitsReason(job, j, nodes, cap, checks) {
  const { free, resources } = cap;
  const R = resources.length;
  const list2 = cap.requests[j] ?? [];
  let fits = 0;
  for (const n of checks.feasible[j] ?? []) {
    fits += podsThatFit(free, n * R, list2);
    if (fits >= job.pods) return null;
  }
  if (fits > 0) {
    return `its ${job.pods} pods must run together but at most ${fits} fit at once on the capacity left for batch work`;
  }
  const perNode = nodes.map((_node, n) => {
    const reasons = checks.staticReasons[j]?.[n] ?? [];
    if (reasons.length > 0) return reasons;
    const freeHere = {};
    resources.forEach((r, i) => {
      freeHere[r] = free[n * R + i];
    });
    return resourceReasons(job.pod, freeHere);
  });
  return fitErrorFromReasons(nodes, perNode);
}
function pathFigures(runs, runsOfJob, order, dependents, neverFits) {
  for (let i = order.length - 1; i >= 0; i--) {
    const run = runs[order[i]];
    let tail = 0;
    for (const next of dependents[run.id] ?? []) {
      const r = runs[next];
      if (r.blocked === null) tail = Math.max(tail, r.remaining);
    }
    run.remaining = run.duration + tail;
  }
  for (const id of order) {
    const run = runs[id];
    let begin = run.release;
    for (const d of run.deps) begin = Math.max(begin, runs[d].earliestFinish);
    run.earliestFinish = begin + run.duration;
    const cron = run.job.cron;
    const runsOfThis = runsOfJob[run.job.index] ?? [];
    const keptByCron = !cron || cron.concurrency === "Allow" || cron.concurrency === "Forbid" && runsOfThis[0] === id || cron.concurrency === "Replace" && runsOfThis[runsOfThis.length - 1] === id;
    run.guaranteed = keptByCron && neverFits[run.job.index] === null && run.deps.every((d) => runs[d].guaranteed);
  }
}
function lowerBoundOf(runs, nodes, cap) {
  const R = cap.resources.length;
  let chainBound = 0;
  let chainEnd = -1;
  const work = new Float64Array(R);
  for (const run of runs) {
    if (!run.guaranteed) continue;
    if (run.earliestFinish > chainBound) {
      chainBound = run.earliestFinish;
      chainEnd = run.id;
    }
    for (const { index, amount } of cap.requests[run.job.index] ?? []) {
      work[index] = work[index] + amount * run.job.pods * run.duration;
    }
  }
  let lowerBound = chainBound;
  for (let i = 0; i < R; i++) {
    if (work[i] === 0) continue;
    let total = 0;
    for (let n = 0; n < nodes.length; n++) total += cap.free[n * R + i];
    if (total > 0) lowerBound = Math.max(lowerBound, work[i] / total);
  }
  return { lowerBound, chainEnd };
}
function criticalPathTo(runs, chainEnd) {
  const criticalPath = [];
  for (let at2 = chainEnd; at2 !== -1; ) {
    const run = runs[at2];
    criticalPath.push(at2);
    const start = run.earliestFinish - run.duration;
    let previous = -1;
    for (const d of run.deps) {
      const dep = runs[d];
      if (previous === -1 && dep.guaranteed && dep.earliestFinish === start) previous = d;
    }
    at2 = previous;
  }
  return criticalPath.reverse();
}
function podsThatFit(free, offset, requests) {
  let count = Number.POSITIVE_INFINITY;
  for (const { index, amount } of requests) {
    const n = Math.floor(free[offset + index] / amount);
    if (n < count) count = n;
    if (count <= 0) return 0;
  }
  return count;
}

// src/timeline/event-simulation.ts
var FUTURE = 0;
var WAITING = 1;
var RUNNING = 2;
var DONE = 3;
var SKIPPED = 4;
var REPLACED = 5;
var FINISH_EVENT = 0;
var RELEASE_EVENT = 1;
function policyOrder(runs, policy) {
  const ids = runs.map((r) => r.id);
  const deadline = (r) => r.deadline ?? Number.POSITIVE_INFINITY;
  if (policy === "edf") {
    ids.sort((a, b) => {
      const ra = runs[a];
      const rb = runs[b];
      return deadline(ra) - deadline(rb) || rb.remaining - ra.remaining || a - b;
    });
  } else if (policy === "critical-path") {
    ids.sort((a, b) => {
      const ra = runs[a];
      const rb = runs[b];
      return rb.remaining - ra.remaining || deadline(ra) - deadline(rb) || a - b;
    });
  }
  return ids;
}
var EventQueue = class {
  times = [];
  keys = [];
  get size() {
    return this.times.length;
  }
  peekTime() {
    return this.times[0];
  }
  push(time, kind, run) {
    const key = run * 2 + kind;
    this.times.push(time);
    this.keys.push(key);
    let i = this.times.length - 1;
    while (i > 0) {
      const parent = i - 1 >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** Pops the earliest event as `run * 2 + kind`. */
  pop() {
    const top = this.keys[0];
    const lastTime = this.times.pop();
    const lastKey = this.keys.pop();
    if (this.times.length > 0) {
      this.times[0] = lastTime;
      this.keys[0] = lastKey;
      let i = 0;
      for (; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.times.length && this.less(l, m)) m = l;
        if (r < this.times.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
  less(a, b) {
    const ta = this.times[a];
    const tb = this.times[b];
    if (ta !== tb) return ta < tb;
    const ka = this.keys[a];
    const kb = this.keys[b];
    const kindA = ka & 1;
    const kindB = kb & 1;
    if (kindA !== kindB) return kindA < kindB;
    return ka < kb;
  }
  swap(a, b) {
    const t = this.times[a];
    this.times[a] = this.times[b];
    this.times[b] = t;
    const k = this.keys[a];
    this.keys[a] = this.keys[b];
    this.keys[b] = k;
  }
};
function simulateTimeline(problem, policy) {
  return new TimelineSimulation(problem, policy).run();
}
var TimelineSimulation = class {
  problem;
  policy;
  runs;
  /** Resources per node in `free`. */
  R;
  /** Free capacity, node by node (`free[n * R + i]`), and summed over the cluster. */
  free;
  totalFree;
  /** Each run's position in the policy's order. */
  rank;
  /** FUTURE, WAITING, RUNNING, DONE, SKIPPED or REPLACED, per run. */
  state;
  outcomes;
  releasedAt;
  /** The run a skipped or replaced run was merged into (-1: none), and the reverse. */
  mergedInto;
  mergedFrom;
  /**
   * Per CronJob: the run that is active (Forbid/Replace allow one), runs whose tick came
   * while it was (Forbid), and runs that were dropped and wait for a later run to stand for them.
   */
  active;
  pending;
  orphans;
  events = new EventQueue();
  /** Released, dependencies finished, not started; sorted by rank. */
  waitingList = [];
  inList;
  /** Who to look at when a run finishes: its dependents, and those of the runs it stands for. */
  dependents;
  /**
   * Per shape, an upper bound on how many of its pods fit in the whole cluster, valid
   * as of `boundAt` in the log of nodes where capacity was freed. Starts only take
   * capacity away, so the bound stays true until a node in the log frees some; then
   * adding what those nodes fit now keeps it true. A run needing more pods than the
   * bound is turned away without scanning every node (the benchmark's hot path).
   */
  bound;
  boundAt;
  freedLog = [];
  masks;
  /**
   * Per shape, the position in its node list before which no node takes one more pod
   * (as of `cursorAt` in the freed log): first fit fills the front nodes, and without
   * this every start would walk past all of them again.
   */
  cursor;
  cursorAt;
  /** Kueue's quota in use, when the problem has quotas; and why each run was last refused admission. */
  ledger;
  refusedBy;
  constructor(problem, policy) {
    const { runs, jobs, resources, shape } = problem;
    this.problem = problem;
    this.policy = policy;
    this.runs = runs;
    const R = resources.length;
    this.R = R;
    this.free = Float64Array.from(problem.free);
    this.totalFree = new Float64Array(R);
    for (let n = 0; n < problem.nodes.length; n++) {
      for (let i = 0; i < R; i++)
        this.totalFree[i] = this.totalFree[i] + this.free[n * R + i];
    }
    this.rank = new Int32Array(runs.length);
    policyOrder(runs, policy).forEach((id, position) => {
      this.rank[id] = position;
    });
    this.state = new Uint8Array(runs.length);
    this.outcomes = runs.map((r) => ({
      start: null,
      finish: null,
      status: "not-started",
      reason: r.blocked,
      placement: [],
      standsFor: r.id
    }));
    this.releasedAt = new Float64Array(runs.length);
    this.mergedInto = new Int32Array(runs.length).fill(-1);
    this.mergedFrom = runs.map(() => []);
    this.active = new Int32Array(jobs.length).fill(-1);
    this.pending = jobs.map(() => []);
    this.orphans = jobs.map(() => []);
    for (const run of runs) if (run.blocked === null) this.events.push(run.release, RELEASE_EVENT, run.id);
    this.inList = new Uint8Array(runs.length);
    this.dependents = runs.map(() => []);
    for (const run of runs) for (const d of run.deps) this.dependents[d]?.push(run.id);
    const shapeCount = shape.reduce((m, v) => Math.max(m, v + 1), 0);
    this.bound = new Float64Array(shapeCount).fill(Number.POSITIVE_INFINITY);
    this.boundAt = new Int32Array(shapeCount);
    this.masks = new Array(shapeCount);
    this.cursor = new Int32Array(shapeCount);
    this.cursorAt = new Int32Array(shapeCount);
    this.ledger = problem.admission ? new QuotaLedger(problem.admission) : void 0;
    this.refusedBy = runs.map(() => null);
  }
  run() {
    while (this.events.size > 0) this.instant(this.events.peekTime());
    this.explain();
    return this.summary();
  }
  /** Every event at `now` (finishes first, then releases), then the starts they allow. */
  instant(now) {
    const { events, state, rank, waitingList, inList } = this;
    let freed = false;
    const fresh = [];
    while (events.size > 0 && events.peekTime() === now) {
      const event = events.pop();
      const id = event >> 1;
      if ((event & 1) === FINISH_EVENT) {
        if (state[id] !== RUNNING) continue;
        this.finish(id, now, fresh);
        freed = true;
      } else if (this.tick(id, now, fresh)) {
        freed = true;
      }
    }
    const candidates = freed ? waitingList.slice() : fresh.sort((a, b) => rank[a] - rank[b]);
    let started = false;
    for (const id of candidates) {
      if (state[id] !== WAITING) continue;
      const run = this.runs[id];
      if (!this.depsDone(run)) continue;
      if (this.tryStart(run, now)) {
        inList[id] = 0;
        started = true;
      }
    }
    if (started) {
      let kept = 0;
      for (const id of waitingList) if (inList[id]) waitingList[kept++] = id;
      waitingList.length = kept;
    }
  }
  /** A run finished: its capacity is freed, its dependents may be ready, and a CronJob may create a missed run. */
  finish(id, now, fresh) {
    const { state, runs, outcomes, active, pending } = this;
    const run = runs[id];
    const outcome = outcomes[id];
    state[id] = DONE;
    outcome.finish = now;
    outcome.status = "completed";
    this.freeUp(id);
    this.wakeDependents(id);
    const job = run.job.index;
    const cron = run.job.cron;
    if (!cron || active[job] !== id) return;
    active[job] = -1;
    const missedTicks = pending[job] ?? [];
    pending[job] = [];
    const latest = missedTicks[missedTicks.length - 1];
    if (latest === void 0) return;
    const late = cron.startingDeadlineMs !== null && runs[latest].release + cron.startingDeadlineMs < now;
    for (const m of missedTicks) {
      if (m === latest && !late) continue;
      state[m] = SKIPPED;
      const o = outcomes[m];
      o.status = "skipped";
      if (late) {
        o.reason = `not created: run #${runs[id]?.run} was still active at its scheduled time and startingDeadlineSeconds had passed when it finished (concurrencyPolicy Forbid)`;
        this.orphans[job].push(m);
      } else {
        this.merge(m, latest);
        o.reason = `not created: an earlier run was still active at its scheduled time (concurrencyPolicy Forbid); run #${runs[latest]?.run} was created in its place`;
      }
    }
    if (!late) {
      outcomes[latest].reason = `created late, when run #${runs[id]?.run} finished (concurrencyPolicy Forbid)`;
      this.release(latest, now, fresh);
    }
  }
  /**
   * A run's release time (or CronJob tick) came. Under Forbid it waits while another run
   * of its CronJob is active; under Replace that run is killed. Returns true when killing
   * a running run freed capacity.
   */
  tick(id, now, fresh) {
    const { state, runs, outcomes, active } = this;
    const run = runs[id];
    const job = run.job.index;
    const cron = run.job.cron;
    let freed = false;
    if (cron && cron.concurrency !== "Allow" && active[job] !== -1) {
      const current = active[job];
      if (cron.concurrency === "Forbid") {
        this.pending[job]?.push(id);
        return false;
      }
      const o = outcomes[current];
      if (state[current] === RUNNING) {
        this.freeUp(current);
        freed = true;
        o.finish = now;
      } else {
        this.removeWaiting(current);
      }
      state[current] = REPLACED;
      o.status = "replaced";
      o.reason = `killed at the scheduled time of run #${run.run}, which replaced it (concurrencyPolicy Replace)`;
      this.merge(current, id);
    }
    this.release(id, now, fresh);
    return freed;
  }
  release(id, now, fresh) {
    const run = this.runs[id];
    this.state[id] = WAITING;
    this.releasedAt[id] = now;
    const job = run.job.index;
    if (run.job.cron) {
      this.active[job] = id;
      for (const o of this.orphans[job] ?? []) this.merge(o, id);
      this.orphans[job] = [];
    }
    if (this.depsDone(run)) {
      this.insertWaiting(id);
      fresh.push(id);
    }
  }
  /** A run finished: dependents whose last dependency it was become ready. */
  wakeDependents(finished) {
    const { state, inList, runs } = this;
    const stack = [finished];
    while (stack.length > 0) {
      const at2 = stack.pop();
      for (const next of this.dependents[at2] ?? []) {
        if (state[next] === WAITING && !inList[next] && this.depsDone(runs[next]))
          this.insertWaiting(next);
      }
      for (const m of this.mergedFrom[at2] ?? []) stack.push(m);
    }
  }
  merge(from, into) {
    this.mergedInto[from] = into;
    this.mergedFrom[into]?.push(from);
  }
  /** The run that stands for `id` (itself unless it was merged into a later one). */
  resolve(id) {
    let at2 = id;
    while (this.mergedInto[at2] !== -1) at2 = this.mergedInto[at2];
    return at2;
  }
  depsDone(run) {
    for (const d of run.deps) if (this.state[this.resolve(d)] !== DONE) return false;
    return true;
  }
  insertWaiting(id) {
    const { rank, waitingList } = this;
    const key = rank[id];
    let lo = 0;
    let hi = waitingList.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (rank[waitingList[mid]] < key) lo = mid + 1;
      else hi = mid;
    }
    waitingList.splice(lo, 0, id);
    this.inList[id] = 1;
  }
  removeWaiting(id) {
    const at2 = this.waitingList.indexOf(id);
    if (at2 !== -1) this.waitingList.splice(at2, 1);
    this.inList[id] = 0;
  }
  freeUp(id) {
    const { free, totalFree, R } = this;
    this.ledger?.charge(this.runs[id].job.index, -1);
    const list2 = this.problem.requests[this.runs[id].job.index] ?? [];
    for (const [n, count] of this.outcomes[id]?.placement ?? []) {
      this.freedLog.push(n);
      for (const { index, amount } of list2) {
        free[n * R + index] = free[n * R + index] + amount * count;
        totalFree[index] = totalFree[index] + amount * count;
      }
    }
  }
  maskOf(j) {
    const s = this.problem.shape[j];
    let mask = this.masks[s];
    if (!mask) {
      mask = new Uint8Array(this.problem.nodes.length);
      for (const n of this.problem.feasible[j] ?? []) mask[n] = 1;
      this.masks[s] = mask;
    }
    return mask;
  }
  /** Starts the run when all its pods fit at once (first fit over its feasible nodes). */
  tryStart(run, now) {
    const j = run.job.index;
    if (this.problem.neverFits[j] !== null) return false;
    const refused2 = this.ledger?.refuses(j) ?? null;
    if (refused2 !== null) {
      this.refusedBy[run.id] = refused2;
      return false;
    }
    const list2 = this.problem.requests[j] ?? [];
    const need = run.job.pods;
    for (const { index, amount } of list2) {
      if (amount * need > this.totalFree[index]) return false;
    }
    if (!this.boundAllows(j, list2, need)) return false;
    const from = this.firstWithRoom(j, list2, need);
    if (from < 0) return false;
    this.take(run, list2, from, now);
    return true;
  }
  /** False when the shape's bound (brought up to date with the freed log) says `need` pods cannot fit. */
  boundAllows(j, list2, need) {
    const s = this.problem.shape[j];
    const { bound: bound2, boundAt, freedLog } = this;
    if (bound2[s] === Number.POSITIVE_INFINITY) return true;
    const mask = this.maskOf(j);
    let b = bound2[s];
    for (let i = boundAt[s]; i < freedLog.length; i++) {
      const n = freedLog[i];
      if (mask[n]) b += podsThatFit(this.free, n * this.R, list2);
    }
    bound2[s] = b;
    boundAt[s] = freedLog.length;
    return b >= need;
  }
  /**
   * Where first fit starts in the shape's node list, with the cursor moved back to any
   * node freed since; -1 (and the bound lowered to what fits) when `need` pods do not fit.
   */
  firstWithRoom(j, list2, need) {
    const s = this.problem.shape[j];
    const { cursor, cursorAt, freedLog } = this;
    const nodesOk = this.problem.feasible[j] ?? new Int32Array(0);
    const mask = this.maskOf(j);
    let from = cursor[s];
    for (let i = cursorAt[s]; i < freedLog.length; i++) {
      const n = freedLog[i];
      if (!mask[n] || from === 0 || n >= (nodesOk[from] ?? Number.POSITIVE_INFINITY)) continue;
      let lo = 0;
      let hi = from;
      while (lo < hi) {
        const mid = lo + hi >> 1;
        if (nodesOk[mid] < n) lo = mid + 1;
        else hi = mid;
      }
      from = lo;
    }
    cursorAt[s] = freedLog.length;
    let total = 0;
    let first = -1;
    for (let i = from; i < nodesOk.length; i++) {
      const fits = podsThatFit(this.free, nodesOk[i] * this.R, list2);
      if (fits > 0 && first === -1) first = i;
      total += fits;
      if (total >= need) break;
    }
    cursor[s] = first === -1 ? nodesOk.length : first;
    if (total < need) {
      this.bound[s] = total;
      this.boundAt[s] = freedLog.length;
      return -1;
    }
    return cursor[s];
  }
  /** Places the run's pods first fit from position `from`, takes their capacity and schedules its finish. */
  take(run, list2, from, now) {
    const { free, totalFree, R } = this;
    const nodesOk = this.problem.feasible[run.job.index] ?? new Int32Array(0);
    const need = run.job.pods;
    const placement = [];
    let placed = 0;
    for (let i = from; i < nodesOk.length; i++) {
      const n = nodesOk[i];
      const fits = podsThatFit(free, n * R, list2);
      if (fits <= 0) continue;
      const take = Math.min(fits, need - placed);
      placement.push([n, take]);
      placed += take;
      if (placed === need) break;
    }
    for (const [n, count] of placement) {
      for (const { index, amount } of list2) {
        free[n * R + index] = free[n * R + index] - amount * count;
        totalFree[index] = totalFree[index] - amount * count;
      }
    }
    const outcome = this.outcomes[run.id];
    outcome.placement = placement;
    this.ledger?.charge(run.job.index, 1);
    outcome.start = now;
    this.state[run.id] = RUNNING;
    this.events.push(now + run.duration, FINISH_EVENT, run.id);
  }
  /** What never happened, and why. */
  explain() {
    const { runs, outcomes, state } = this;
    for (const run of runs) {
      const outcome = outcomes[run.id];
      if (state[run.id] === FUTURE && run.blocked === null) {
        outcome.status = "skipped";
        outcome.reason = "not created: an earlier run of its CronJob never finished (concurrencyPolicy Forbid)";
      } else if (state[run.id] === WAITING) {
        const stuck = run.deps.find((d) => state[this.resolve(d)] !== DONE);
        const never = this.ledger?.neverAdmits(run.job.index) ?? null;
        const refused2 = this.refusedBy[run.id];
        outcome.reason = stuck !== void 0 ? `waits for ${runs[stuck]?.key}, which never finished` : this.problem.neverFits[run.job.index] ?? (never !== null ? `Kueue never admits it: ${never}` : refused2 ? `not admitted by Kueue: ${refused2}` : "its pods never fit");
      } else if (outcome.start !== null && outcome.reason === null) {
        let readyAt = this.releasedAt[run.id];
        for (const d of run.deps) readyAt = Math.max(readyAt, outcomes[this.resolve(d)]?.finish ?? 0);
        if (outcome.start > readyAt)
          outcome.reason = `waited ${formatDuration(outcome.start - readyAt)} for capacity`;
      }
    }
  }
  summary() {
    const { runs, outcomes, state } = this;
    let makespan = 0;
    let missed = 0;
    for (const run of runs) {
      const outcome = outcomes[run.id];
      if (outcome.finish !== null) makespan = Math.max(makespan, outcome.finish);
      outcome.standsFor = this.resolve(run.id);
      if (run.deadline !== null) {
        const done = outcomes[outcome.standsFor];
        const finish = state[outcome.standsFor] === DONE ? done.finish : null;
        if (finish === null || finish > run.deadline) missed++;
      }
    }
    return { policy: this.policy, outcomes, makespan, missed };
  }
};

// src/timeline/plan.ts
var DEFAULT_HORIZON_MS = 24 * 36e5;
function capacityOf(capacity2) {
  if ("nodes" in capacity2) return { nodes: capacity2.nodes, used: capacity2.used ?? {} };
  const used = {};
  if (capacity2.simulation) {
    for (const node of capacity2.simulation.nodes) used[node.name] = { ...node.requested };
  } else {
    for (const pod of capacity2.cluster.pods) {
      if (!pod.nodeName) continue;
      const list2 = used[pod.nodeName] ?? {};
      used[pod.nodeName] = list2;
      for (const [r, v] of Object.entries(pod.requests)) list2[r] = (list2[r] ?? 0) + v;
      list2.pods = (list2.pods ?? 0) + 1;
    }
  }
  return { nodes: capacity2.cluster.nodes, used };
}
function capacityCluster(capacity2) {
  return "nodes" in capacity2 ? bareCluster(capacity2.nodes) : capacity2.cluster;
}
var seconds = (ms) => ms / 1e3;
function planTimeline(input, options = {}) {
  const policy = options.policy ?? "edf";
  const start = options.start ?? /* @__PURE__ */ new Date();
  const horizonMs = options.horizonMs ?? DEFAULT_HORIZON_MS;
  const read = readTimelineJobs(
    input.objects,
    input.workloads,
    input.waiting && input.waiting.size > 0 ? { waiting: input.waiting, defaultDurationMs: input.defaultDurationMs ?? 36e5 } : void 0
  );
  const { nodes, used } = capacityOf(input.capacity);
  const built = buildProblem(read.jobs, nodes, used, {
    startMs: start.getTime(),
    horizonMs,
    fitter: options.fitter ?? schedulerFitter(capacityCluster(input.capacity))
  });
  const problem = built.problem;
  const admissionDiagnostics = [];
  const admission = readKueueAdmission(
    [...input.objects, ...input.kueueQueues ?? []],
    problem.jobs,
    admissionDiagnostics
  );
  if (admission) problem.admission = admission;
  const results = {};
  for (const p of TIMELINE_POLICIES) results[p] = simulateTimeline(problem, p);
  return {
    timeline: toResult(problem, results, policy, start),
    diagnostics: [...read.diagnostics, ...built.diagnostics, ...admissionDiagnostics]
  };
}
function toResult(problem, results, policy, start) {
  const chosen = results[policy];
  const critical = new Set(problem.criticalPath);
  const jobs = problem.runs.map((run) => {
    const outcome = chosen.outcomes[run.id];
    const stand = chosen.outcomes[outcome?.standsFor ?? run.id];
    const effectiveFinish = stand?.status === "completed" ? stand.finish : null;
    return {
      namespace: run.job.namespace,
      name: run.job.name,
      kind: run.job.kind,
      run: run.run,
      release: seconds(run.release),
      start: outcome?.start == null ? null : seconds(outcome.start),
      finish: outcome?.finish == null ? null : seconds(outcome.finish),
      duration: seconds(run.duration),
      deadline: run.deadline === null ? null : seconds(run.deadline),
      missed: run.deadline !== null && (effectiveFinish === null || effectiveFinish > run.deadline),
      pods: run.job.pods,
      status: outcome?.status ?? "not-started",
      reason: outcome?.reason ?? null,
      after: run.deps.map((d) => problem.runs[d]?.key ?? ""),
      critical: critical.has(run.id),
      ...run.job.durationAssumed ? { durationAssumed: true } : {}
    };
  });
  const compare = {};
  for (const p of TIMELINE_POLICIES) {
    compare[p] = { missed: results[p].missed, makespan: seconds(results[p].makespan) };
  }
  return {
    policy,
    start: start.toISOString(),
    horizon: seconds(problem.horizonMs),
    jobs,
    cronJobs: cronJobRuns(jobs),
    makespan: seconds(chosen.makespan),
    lowerBound: seconds(problem.lowerBound),
    criticalPath: problem.criticalPath.map((id) => problem.runs[id]?.key ?? ""),
    missed: chosen.missed,
    compare,
    priorities: suggestPriorities(problem, results, policy)
  };
}
function cronJobRuns(jobs) {
  const byCronJob = /* @__PURE__ */ new Map();
  for (const job of jobs) {
    if (job.run === null) continue;
    const key = `${job.namespace}/${job.name}`;
    let entry = byCronJob.get(key);
    if (!entry) {
      entry = {
        namespace: job.namespace,
        name: job.name,
        runs: 0,
        first: job.release,
        last: job.release,
        completed: 0,
        replaced: 0,
        skipped: 0,
        notStarted: 0,
        missed: 0,
        waited: 0
      };
      byCronJob.set(key, entry);
    }
    entry.runs++;
    entry.first = Math.min(entry.first, job.release);
    entry.last = Math.max(entry.last, job.release);
    if (job.status === "completed") entry.completed++;
    else if (job.status === "replaced") entry.replaced++;
    else if (job.status === "skipped") entry.skipped++;
    else entry.notStarted++;
    if (job.missed) entry.missed++;
    if (job.reason?.startsWith("waited ")) entry.waited++;
  }
  return [...byCronJob.values()];
}
var PRIORITY_BASE = 1e3;
var PRIORITY_STEP = 10;
function suggestPriorities(problem, results, preferred) {
  const fifo = results.fifo.missed;
  const better = ["edf", "critical-path"].filter((p) => results[p].missed < fifo);
  if (better.length === 0) return null;
  const best = Math.min(...better.map((p) => results[p].missed));
  const policy = better.find((p) => p === preferred && results[p].missed === best) ?? better.find((p) => results[p].missed === best);
  const order = policyOrder(problem.runs, policy);
  const firstRank = /* @__PURE__ */ new Map();
  order.forEach((id, position) => {
    const job = problem.runs[id]?.job.index;
    if (!firstRank.has(job)) firstRank.set(job, position);
  });
  const ranked = [...firstRank.keys()];
  const classes = ranked.map((jobIndex, position) => {
    const job = problem.jobs[jobIndex];
    const value = PRIORITY_BASE + PRIORITY_STEP * (ranked.length - position);
    return {
      namespace: job?.namespace ?? "",
      name: job?.name ?? "",
      kind: job?.kind ?? "Job",
      priorityClassName: `berth-batch-${value}`,
      value
    };
  });
  return { policy, classes };
}

// src/workloads/expand.ts
var TEMPLATE_PATHS = {
  Pod: [],
  Deployment: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  ReplicationController: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"]
};
function daemonPodTolerations(hostNetwork) {
  const tolerations = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }
  ];
  if (hostNetwork) {
    tolerations.push({
      key: "node.kubernetes.io/network-unavailable",
      operator: "Exists",
      effect: "NoSchedule"
    });
  }
  return tolerations;
}
function addOrUpdateToleration(tolerations, add) {
  const same = (t) => (t.key ?? "") === (add.key ?? "") && (t.operator ?? "Equal") === (add.operator ?? "Equal") && (t.value ?? "") === (add.value ?? "") && (t.effect ?? "") === (add.effect ?? "");
  let replaced = false;
  const out = tolerations.map((t) => {
    if (!same(t)) return t;
    replaced = true;
    return add;
  });
  if (!replaced) out.push(add);
  return out;
}
function daemonPodSpec(template) {
  let tolerations = Array.isArray(template.tolerations) ? [...template.tolerations] : [];
  for (const t of daemonPodTolerations(template.hostNetwork === true))
    tolerations = addOrUpdateToleration(tolerations, t);
  return { ...template, tolerations };
}
function daemonPodFitsNode(spec, node) {
  if (spec.nodeName && spec.nodeName !== node.name) return false;
  if (!podMatchesNodeSelectorAndAffinity(spec, node)) return false;
  return findUntoleratedTaint(node.taints, spec.tolerations, scheduleBlockingTaint) === void 0;
}
function pinToNode(spec, nodeName) {
  const nodeSelector = {
    nodeSelectorTerms: [
      { matchFields: [{ key: NODE_NAME_FIELD, operator: "In", values: [nodeName] }] }
    ]
  };
  const affinity = { ...spec.affinity ?? {} };
  affinity.nodeAffinity = {
    ...affinity.nodeAffinity ?? {},
    requiredDuringSchedulingIgnoredDuringExecution: nodeSelector
  };
  return { ...spec, affinity };
}
function parsePriorityClass(object) {
  const reader = new FieldReader(object);
  const value = reader.integer(["value"]);
  if (value === void 0 && reader.diagnostics.length === 0) reader.missing(["value"], "value is required");
  const globalDefault = reader.bool(["globalDefault"]) ?? false;
  const policy = reader.string(["preemptionPolicy"]) ?? "PreemptLowerPriority";
  if (policy !== "PreemptLowerPriority" && policy !== "Never") {
    reader.invalid(
      ["preemptionPolicy"],
      `preemptionPolicy must be PreemptLowerPriority or Never, not ${JSON.stringify(policy)}`
    );
  }
  if (reader.diagnostics.length > 0 || value === void 0) return { diagnostics: reader.diagnostics };
  return {
    priorityClass: {
      name: object.metadata.name,
      value,
      globalDefault,
      preemptionPolicy: policy
    },
    diagnostics: []
  };
}
function contextWithManifests(objects, ctx, diagnostics, rejected2) {
  const classes = new Map(ctx.priorityClasses.map((c) => [c.name, c]));
  const ranges = new Map(ctx.limitRanges.map((r) => [`${r.namespace}/${r.name}`, r]));
  const runtimeClasses = new Map((ctx.runtimeClasses ?? []).map((c) => [c.name, c]));
  for (const object of objects) {
    if (object.kind === "RuntimeClass") {
      const { runtimeClass, diagnostics: found } = parseRuntimeClass(object);
      diagnostics.push(...found);
      if (runtimeClass) runtimeClasses.set(runtimeClass.name, runtimeClass);
    } else if (object.kind === "PriorityClass") {
      const { priorityClass, diagnostics: found } = parsePriorityClass(object);
      diagnostics.push(...found);
      if (priorityClass) classes.set(priorityClass.name, priorityClass);
      if (hasError(found)) rejected2.push(object);
    } else if (object.kind === "LimitRange") {
      const { limitRange, diagnostics: found } = parseLimitRange(object);
      diagnostics.push(...found);
      if (limitRange) ranges.set(`${limitRange.namespace}/${limitRange.name}`, limitRange);
      if (hasError(found)) rejected2.push(object);
    }
  }
  return {
    priorityClasses: [...classes.values()],
    limitRanges: [...ranges.values()],
    runtimeClasses: [...runtimeClasses.values()]
  };
}
function podPlans(reader, kind, name, template, nodes, within) {
  const numbered2 = (count) => Array.from({ length: count }, (_, i) => ({ name: `${name}-${i + 1}`, spec: template.spec }));
  switch (kind) {
    case "Pod":
      return { replicas: 1, plans: [{ name, spec: template.spec }] };
    case "Deployment":
    case "ReplicaSet":
    case "ReplicationController": {
      const replicas = reader.count(["spec", "replicas"], 1);
      if (replicas === void 0 || !within(["spec", "replicas"], replicas)) return void 0;
      return { replicas, plans: numbered2(replicas) };
    }
    case "StatefulSet": {
      const replicas = reader.count(["spec", "replicas"], 1);
      const start = reader.count(["spec", "ordinals", "start"], 0);
      if (replicas === void 0 || start === void 0 || !within(["spec", "replicas"], replicas))
        return void 0;
      const plans = Array.from({ length: replicas }, (_, i) => {
        const podName = `${name}-${start + i}`;
        const labels = {
          ...template.labels,
          "statefulset.kubernetes.io/pod-name": podName,
          "apps.kubernetes.io/pod-index": String(start + i)
        };
        return { name: podName, spec: template.spec, labels };
      });
      return { replicas, plans };
    }
    case "Job":
    case "CronJob": {
      const jobPath = kind === "Job" ? ["spec"] : ["spec", "jobTemplate", "spec"];
      const parallelism = reader.count([...jobPath, "parallelism"], 1);
      const completions = reader.count([...jobPath, "completions"], Number.POSITIVE_INFINITY);
      const suspended = reader.bool([...jobPath, "suspend"]) === true;
      const cronSuspended = kind === "CronJob" && reader.bool(["spec", "suspend"]) === true;
      if (parallelism === void 0 || completions === void 0) return void 0;
      const replicas = suspended || cronSuspended ? 0 : Math.min(parallelism, completions);
      const field = parallelism <= completions ? "parallelism" : "completions";
      if (!within([...jobPath, field], replicas)) return void 0;
      return { replicas, plans: numbered2(replicas) };
    }
    case "DaemonSet": {
      const daemonSpec = daemonPodSpec(template.spec);
      const eligible = [...nodes].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0).filter((node) => daemonPodFitsNode(daemonSpec, node));
      if (!within(["spec", "template"], eligible.length)) return void 0;
      const plans = eligible.map((node) => ({
        name: `${name}-${node.name}`,
        spec: pinToNode(daemonSpec, node.name)
      }));
      return { replicas: plans.length, plans };
    }
    default:
      return void 0;
  }
}
function selectorOf(reader, kind, template) {
  if (kind === "Pod" || kind === "CronJob") return void 0;
  if (kind === "ReplicationController") {
    const map = reader.stringMap(["spec", "selector"]);
    return { matchLabels: map || template.labels };
  }
  const selector = reader.get(["spec", "selector"]);
  return isPlainObject3(selector) ? selector : void 0;
}
function hasError(diagnostics) {
  return diagnostics.some((d) => d.severity === "error");
}
function buildPods(source, plans, podContext, diagnostics) {
  const { object, kind, namespace, template, specPath } = source;
  const name = object.metadata.name;
  const locate3 = (path7) => object.locate(source.locate ? source.locate(path7) : [...specPath, ...path7]);
  const pods = [];
  const fields = { head: `The ${object.kind} "${name}" is invalid: `, prefix: specPath.join(".") };
  let refused2 = false;
  let first;
  for (const plan of plans) {
    const labels = plan.labels ?? template.labels;
    if (first && plan.spec === template.spec) {
      pods.push({
        ...first,
        name: plan.name,
        key: `${namespace}/${plan.name}`,
        labels: { ...labels },
        requests: { ...first.requests },
        limits: { ...first.limits }
      });
      continue;
    }
    const built = buildPod(
      {
        namespace,
        name: plan.name,
        labels,
        annotations: template.annotations,
        spec: plan.spec,
        ...kind === "Pod" ? {} : { workload: { kind, name } },
        source: object.source,
        object: fields,
        locate: locate3
      },
      podContext
    );
    pods.push(built.pod);
    if (!first) {
      diagnostics.push(...built.diagnostics);
      refused2 = built.invalid;
    }
    first ??= built.pod;
    if (refused2) break;
  }
  if (plans.length === 0) {
    const checked = buildPod(
      { namespace, name, spec: template.spec, source: object.source, object: fields, locate: locate3 },
      podContext
    );
    diagnostics.push(...checked.diagnostics);
    refused2 = checked.invalid;
  }
  return { pods, refused: refused2 };
}
function expandCustom(object, match, podContext, limits, planned, diagnostics) {
  const reader = new FieldReader(object);
  const namespace = object.metadata.namespace || "default";
  const name = object.metadata.name;
  const plan = match.reader.read(reader, object, match.kueue);
  if (plan?.unsupported) {
    diagnostics.push(...reader.diagnostics);
    return {
      object,
      groupKind: groupKind(apiGroup(object.apiVersion), object.kind),
      reason: plan.unsupported
    };
  }
  const budget = podBudget(reader, limits, planned);
  const groups = [];
  let total = 0;
  for (const group of plan?.groups ?? []) {
    const template = group.template ?? readTemplate(reader, group.templatePath);
    if (!template) continue;
    total += group.count;
    if (!budget(group.countPath, total)) break;
    groups.push({ group, template });
  }
  diagnostics.push(...reader.diagnostics);
  if (!plan || hasError(reader.diagnostics)) return "rejected";
  for (const note of plan.notes ?? [])
    diagnostics.push(diagnostic(object.locate(note.path), "warning", "estimate", note.message));
  const pods = [];
  for (const { group, template } of groups) {
    let spec = template.spec;
    for (const [field, value] of Object.entries(group.podDefaults ?? {})) {
      if (value && !spec[field]) spec = { ...spec, [field]: value };
    }
    const own = spec === template.spec ? template : { ...template, spec };
    const plans = Array.from({ length: group.count }, (_, i) => ({
      name: group.name(i),
      spec,
      ...group.labels ? { labels: { ...own.labels, ...group.labels(i) } } : {}
    }));
    const specPath = group.template ? group.templatePath : [...group.templatePath, "spec"];
    const built = buildPods(
      {
        object,
        kind: match.kind,
        namespace,
        template: own,
        specPath,
        ...group.locate ? { locate: group.locate } : {}
      },
      plans,
      podContext,
      diagnostics
    );
    if (built.refused) return "rejected";
    for (const pod of built.pods) pods.push(pod);
  }
  const first = groups[0]?.template;
  const workload = {
    kind: match.kind,
    namespace,
    name,
    key: `${match.kind}/${namespace}/${name}`,
    object,
    replicas: pods.length,
    ...first ? { template: first.template } : {},
    pods
  };
  if (isPlainObject3(plan.selector)) workload.selector = plan.selector;
  if (plan.batch) workload.batch = true;
  if (plan.gang !== void 0 && plan.gang > 1) workload.gang = plan.gang;
  const queue = kueueQueue(object);
  if (queue) workload.queue = queue;
  return workload;
}
function expandWorkloads(objects, ctx) {
  const diagnostics = [];
  const rejected2 = [];
  const unsimulated = [];
  const podContext = contextWithManifests(objects, ctx, diagnostics, rejected2);
  const workloads = [];
  const pods = [];
  const limits = { ...DEFAULT_POD_LIMITS };
  for (const key of ["maxPods", "maxPodsPerWorkload"]) {
    const value = ctx.limits?.[key];
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) limits[key] = value;
  }
  const notSimulated = (entry) => {
    unsimulated.push(entry);
    const { object } = entry;
    diagnostics.push(
      diagnostic(
        object.source,
        "warning",
        "unsupported-kind",
        `${object.kind} ${object.metadata.namespace || "default"}/${object.metadata.name}: not simulated: ${entry.reason}`
      )
    );
  };
  for (const object of objects) {
    const match = matchWorkloadKind(object, ctx.declaredKinds);
    if (match === void 0) continue;
    if (match.type === "unknown") {
      notSimulated({
        object,
        groupKind: match.groupKind,
        reason: match.templateless ? `unknown workload kind ${match.groupKind}: its operator builds pods from the resource's own fields, with no pod template berth could read` : `unknown workload kind ${match.groupKind}: it has a pod template, but berth has no reader for this kind; declare where its replicas and pod template live under workloads: in .github/berth.yml`
      });
      continue;
    }
    if (match.type === "custom") {
      const result = expandCustom(object, match, podContext, limits, pods.length, diagnostics);
      if (result === "rejected") rejected2.push(object);
      else if ("reason" in result)
        notSimulated({ ...result, reason: `${result.groupKind}: ${result.reason}` });
      else {
        workloads.push(result);
        for (const pod of result.pods) pods.push(pod);
      }
      continue;
    }
    const kind = match.kind;
    const templatePath2 = TEMPLATE_PATHS[kind];
    if (templatePath2 === void 0) continue;
    const reader = new FieldReader(object);
    const namespace = object.metadata.namespace || "default";
    const name = object.metadata.name;
    const template = readTemplate(reader, templatePath2);
    const budget = podBudget(reader, limits, pods.length);
    const planned = template ? podPlans(reader, kind, name, template, ctx.nodes, budget) : void 0;
    diagnostics.push(...reader.diagnostics);
    if (!template || !planned) {
      rejected2.push(object);
      continue;
    }
    const specPath = [...templatePath2, "spec"];
    const { pods: workloadPods2, refused: refused2 } = buildPods(
      { object, kind, namespace, template, specPath },
      planned.plans,
      podContext,
      diagnostics
    );
    if (refused2) {
      rejected2.push(object);
      continue;
    }
    const workload = {
      kind,
      namespace,
      name,
      key: `${kind}/${namespace}/${name}`,
      object,
      replicas: planned.replicas,
      template: template.template,
      pods: workloadPods2
    };
    const selector = selectorOf(reader, kind, template);
    if (selector) workload.selector = selector;
    if (kind === "Job" || kind === "CronJob") workload.batch = true;
    workloads.push(workload);
    for (const pod of workloadPods2) pods.push(pod);
  }
  return { workloads, pods, diagnostics, rejected: rejected2, unsimulated };
}

// src/plan/advice.ts
var MIN_ADVICE_WORK = 3e5;
function adviceWork(after) {
  return Math.max(MIN_ADVICE_WORK, 30 * (after.nodes.length + after.pods.length));
}
function simulationCost(cluster, pods) {
  const perCycle = Math.min(400, Math.max(16, cluster.nodes.length));
  return 3 * (cluster.nodes.length + cluster.pods.length) + pods * perCycle;
}
var Budget = class {
  used = 0;
  /** The end of the current section's share (see `section`). */
  sectionLimit;
  skipped = {};
  limit;
  simulate;
  options;
  constructor(limit, simulate2, options) {
    this.limit = limit;
    this.sectionLimit = limit;
    this.simulate = simulate2;
    this.options = options;
  }
  /**
   * Starts a section that may spend `share` of what is left, so one kind of question
   * cannot starve the others; what a section leaves unspent passes to the next.
   */
  section(share) {
    this.sectionLimit = this.used + share * (this.limit - this.used);
  }
  /** Whether `runs` runs of `pods` pods on `cluster` still fit in the section. */
  affords(cluster, pods, runs = 1) {
    return this.used + runs * simulationCost(cluster, pods) <= this.sectionLimit;
  }
  /** The scheduler's answer, or undefined when the budget cannot pay for the run. */
  run(cluster, pods, count) {
    if (!this.affords(cluster, count)) return void 0;
    this.used += simulationCost(cluster, count);
    return this.simulate(cluster, pods(), this.options);
  }
  skip(what, n = 1) {
    if (n > 0) this.skipped[what] = (this.skipped[what] ?? 0) + n;
  }
};
var REPLICATED = /* @__PURE__ */ new Set(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"]);
function placesAll(result) {
  return result.placements.every((p) => p.node !== null && (p.victims ?? []).length === 0);
}
function roundDown(resource, amount) {
  if (resource === "memory" || resource === "ephemeral-storage") {
    const mib = 1024 ** 2;
    return amount >= mib ? Math.floor(amount / mib) * mib : Math.floor(amount);
  }
  return Math.floor(amount);
}
function clonePod(pod, suffix) {
  return { ...pod, name: `${pod.name}${suffix}`, key: `${pod.namespace}/${pod.name}${suffix}` };
}
function workloadName(pod) {
  return pod.workload ? `${pod.workload.kind}/${pod.workload.name}` : `Pod/${pod.name}`;
}
function poolTemplates(nodes) {
  const out = /* @__PURE__ */ new Map();
  for (const node of nodes) {
    const pool = node.pool ?? node.name;
    if (!out.has(pool)) out.set(pool, node);
  }
  return out;
}
function poolShapes(after) {
  const daemonsOf = /* @__PURE__ */ new Map();
  for (const pod of after.pods) {
    if (!pod.nodeName || pod.workload?.kind !== "DaemonSet") continue;
    const list2 = daemonsOf.get(pod.nodeName);
    if (list2) list2.push(pod);
    else daemonsOf.set(pod.nodeName, [pod]);
  }
  return [...poolTemplates(after.nodes)].map(([pool, template]) => {
    const daemons = daemonsOf.get(template.name) ?? [];
    const room = { ...template.allocatable };
    for (const d of daemons) for (const [r, v] of Object.entries(d.requests)) room[r] = (room[r] ?? 0) - v;
    const slots = (template.allocatable.pods ?? Number.POSITIVE_INFINITY) - daemons.length;
    return { pool, template: newNode(template, `${pool}-new-1`), daemons, room, slots };
  });
}
function newNode(template, name) {
  return {
    ...template,
    name,
    labels: { ...template.labels, "kubernetes.io/hostname": name },
    unschedulable: false
  };
}
function grownCluster(after, shape, count) {
  const nodes = after.nodes.slice();
  const pods = after.pods.slice();
  for (let i = 1; i <= count; i++) {
    const name = `${shape.pool}-new-${i}`;
    nodes.push(newNode(shape.template, name));
    for (const d of shape.daemons) pods.push({ ...clonePod(d, `-${name}`), nodeName: name });
  }
  return { ...after, nodes, pods };
}
function canTake(shape, pod) {
  if (shape.slots < 1) return false;
  for (const [r, v] of Object.entries(pod.requests)) if (v > 0 && (shape.room[r] ?? 0) < v) return false;
  if (findUntoleratedTaint(shape.template.taints, pod.spec.tolerations, scheduleBlockingTaint)) return false;
  return podMatchesNodeSelectorAndAffinity(pod.spec, shape.template);
}
function nodesLowerBound(shape, pods) {
  const total = {};
  for (const pod of pods) for (const [r, v] of Object.entries(pod.requests)) total[r] = (total[r] ?? 0) + v;
  let bound2 = Math.ceil(pods.length / shape.slots);
  for (const [r, v] of Object.entries(total)) {
    const room = shape.room[r] ?? 0;
    if (v > 0 && room > 0) bound2 = Math.max(bound2, Math.ceil(v / room));
  }
  return Math.max(1, bound2);
}
function ownedBy(pod, namespace, workload) {
  return pod.namespace === namespace && pod.workload !== void 0 && workloadName(pod) === workload;
}
function smallerRequests(input, budget, namespace, workload, pods) {
  const { after } = input;
  const without = {
    ...after,
    pods: after.pods.filter((p) => !ownedBy(p, namespace, workload))
  };
  const template = pods[0];
  let runs = 1;
  for (const [resource, amount] of Object.entries(template.requests)) {
    if (amount > 0) runs += 1 + Math.ceil(Math.log2(Math.max(2, amount / resourceStep(resource))));
  }
  if (!budget.affords(without, pods.length, runs)) return void 0;
  const run = (requests, suffix) => {
    const result = budget.run(
      without,
      () => pods.map((p) => clonePod({ ...p, requests: requests(p) }, suffix)),
      pods.length
    );
    return result && placesAll(result);
  };
  const fits = (resource, amount) => run((p) => ({ ...p.requests, [resource]: amount }), "-smaller");
  const asIs = run((p) => p.requests, "-asis");
  if (asIs === void 0) return void 0;
  if (asIs) return { found: void 0 };
  const out = {};
  for (const [resource, amount] of Object.entries(template.requests)) {
    if (!amount || amount <= 0) continue;
    const atZero = fits(resource, 0);
    if (atZero === void 0) return void 0;
    if (!atZero) continue;
    let low = 0;
    let high = amount;
    const step = resourceStep(resource);
    while (high - low > step) {
      const mid = roundDown(resource, (low + high) / 2);
      if (mid <= low || mid >= high) break;
      const ok = fits(resource, mid);
      if (ok === void 0) return void 0;
      if (ok) low = mid;
      else high = mid;
    }
    if (low > 0) out[resource] = low;
  }
  return { found: Object.keys(out).length > 0 ? out : void 0 };
}
function resourceStep(resource) {
  return resource === "memory" || resource === "ephemeral-storage" ? 1024 ** 2 : 1;
}
function fewestNodes(input, budget, shape, pods, max) {
  const fits = (count) => {
    const grown = grownCluster(input.after, shape, count);
    const result = budget.run(grown, () => pods, pods.length);
    return result && placesAll(result);
  };
  let low = 0;
  let high = Math.min(max, nodesLowerBound(shape, pods));
  for (; ; ) {
    const ok = fits(high);
    if (ok === void 0) return "budget";
    if (ok) break;
    low = high;
    if (high >= max) return void 0;
    high = Math.min(max, high * 2);
  }
  let first = low === 0;
  while (high - low > 1) {
    const mid = first ? high - 1 : Math.floor((low + high) / 2);
    first = false;
    const ok = fits(mid);
    if (ok === void 0) return "budget";
    if (ok) high = mid;
    else low = mid;
  }
  return high;
}
function addNodes(input, budget) {
  if (input.unplaced.length === 0) return [];
  const max = input.limits?.addNodes ?? 1e3;
  const candidates = poolShapes(input.after).map((shape) => ({ shape, pods: input.unplaced.filter((p) => canTake(shape, p)) })).filter((c) => c.pods.length > 0).sort((a, b) => b.pods.length - a.pods.length || (a.shape.pool < b.shape.pool ? -1 : 1));
  const searched = candidates.slice(0, input.limits?.pools ?? 10);
  const out = [];
  for (const { shape, pods } of searched) {
    const count = fewestNodes(input, budget, shape, pods, max);
    if (count === "budget") budget.skip("pools");
    else if (count !== void 0)
      out.push({ advice: { pool: shape.pool, count, pods: pods.length }, pods: new Set(pods) });
  }
  return out;
}
function fixes(input, budget) {
  const { unplaced } = input;
  const groups = /* @__PURE__ */ new Map();
  for (const pod of unplaced) {
    const key = `${pod.namespace}\0${workloadName(pod)}`;
    const list2 = groups.get(key);
    if (list2) list2.push(pod);
    else groups.set(key, [pod]);
  }
  budget.section(0.4);
  const byPool = addNodes(input, budget);
  budget.section(0.5);
  const out = [];
  const searchLimit = input.limits?.fixes ?? 25;
  const changedByName = new Map(input.changed.map((w) => [`${w.namespace}\0${w.kind}/${w.name}`, w]));
  let searched = 0;
  for (const pods of groups.values()) {
    const first = pods[0];
    const advice = {
      namespace: first.namespace,
      workload: workloadName(first),
      unplaced: pods.length
    };
    const changed = changedByName.get(`${first.namespace}\0${advice.workload}`);
    if (changed && REPLICATED.has(changed.kind) && changed.pods.length > pods.length) {
      advice.fitReplicas = changed.pods.length - pods.length;
    }
    if (searched < searchLimit) {
      searched++;
      const smaller = smallerRequests(input, budget, first.namespace, advice.workload, changed?.pods ?? pods);
      if (smaller === void 0) budget.skip("fixes");
      else if (smaller.found) advice.smallerRequest = smaller.found;
    }
    const best = byPool.filter((p) => pods.every((pod) => p.pods.has(pod))).sort((a, b) => a.advice.count - b.advice.count || b.advice.pods - a.advice.pods)[0];
    if (best) advice.addNodes = { ...best.advice };
    out.push(advice);
  }
  return { fixes: out, addNodes: byPool.map((p) => p.advice) };
}
function headroom(input, budget) {
  const cap = input.limits?.headroom ?? 200;
  const free = {};
  const open2 = /* @__PURE__ */ new Set();
  for (const node of input.after.nodes) {
    if (node.unschedulable) continue;
    open2.add(node.name);
    for (const [r, v] of Object.entries(node.allocatable)) free[r] = (free[r] ?? 0) + v;
  }
  for (const pod of input.after.pods) {
    if (!pod.nodeName || !open2.has(pod.nodeName)) continue;
    for (const [r, v] of Object.entries(pod.requests)) free[r] = (free[r] ?? 0) - v;
  }
  const out = [];
  for (const w of input.changed) {
    if (!REPLICATED.has(w.kind) || w.pods.length === 0) continue;
    const template = w.pods[0];
    let bound2 = cap;
    for (const [r, v] of Object.entries(template.requests)) {
      if (v > 0) bound2 = Math.min(bound2, Math.floor(Math.max(0, free[r] ?? 0) / v) + 1);
    }
    const result = budget.run(
      input.after,
      () => Array.from({ length: bound2 }, (_, i) => clonePod(template, `-headroom-${i + 1}`)),
      bound2
    );
    if (!result) {
      budget.skip("headroom");
      continue;
    }
    const firstMiss = result.placements.findIndex((p) => p.node === null || (p.victims ?? []).length > 0);
    const more = firstMiss === -1 ? bound2 : firstMiss;
    out.push({
      namespace: w.namespace,
      workload: `${w.kind}/${w.name}`,
      more,
      capped: firstMiss === -1 && bound2 === cap
    });
  }
  return out;
}
function scaledValue(value, replicas, roundUp, fallback) {
  const v = value ?? fallback;
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return Number.parseInt(String(v), 10) || 0;
  const exact2 = Number(m[1]) * replicas / 100;
  return roundUp ? Math.ceil(exact2) : Math.floor(exact2);
}
function rolloutFenceposts(rollingUpdate, replicas) {
  const maxSurge = scaledValue(rollingUpdate?.maxSurge, replicas, true, "25%");
  let maxUnavailable = scaledValue(rollingUpdate?.maxUnavailable, replicas, false, "25%");
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}
function surge(input, budget) {
  const out = [];
  for (const w of input.changed) {
    if (w.kind !== "Deployment" || !w.templateChanged || w.pods.length === 0) continue;
    const strategy = w.raw.spec?.strategy;
    if (strategy?.type === "Recreate") continue;
    const { maxSurge, maxUnavailable } = rolloutFenceposts(strategy?.rollingUpdate, w.pods.length);
    if (maxSurge === 0) continue;
    const template = w.pods[0];
    const result = budget.run(
      input.after,
      () => Array.from({ length: maxSurge }, (_, i) => clonePod(template, `-surge-${i + 1}`)),
      maxSurge
    );
    if (!result) {
      budget.skip("surge");
      continue;
    }
    const extra = {};
    for (const [r, v] of Object.entries(template.requests)) extra[r] = v * maxSurge;
    out.push({
      namespace: w.namespace,
      workload: `${w.kind}/${w.name}`,
      extraPods: maxSurge,
      maxUnavailable,
      extra,
      fits: placesAll(result)
    });
  }
  return out;
}
function nPlusOne(input, budget) {
  const { after } = input;
  const byNode = /* @__PURE__ */ new Map();
  for (const pod of after.pods) {
    if (!pod.nodeName || pod.workload?.kind === "DaemonSet") continue;
    const entry = byNode.get(pod.nodeName);
    if (entry) {
      entry.pods.push(pod);
      entry.cpu += pod.requests.cpu ?? 0;
    } else byNode.set(pod.nodeName, { pods: [pod], cpu: pod.requests.cpu ?? 0 });
  }
  const limit = input.limits?.nPlusOneNodes ?? 50;
  const candidates = [...byNode.entries()].map(([node, { pods, cpu }]) => ({ node, pods, cpu })).sort((a, b) => b.cpu - a.cpu || a.node.localeCompare(b.node)).slice(0, limit);
  let worst = { worstNode: null, pods: 0, unplaced: 0, checked: 0 };
  let checked = 0;
  for (const [i, { node, pods }] of candidates.entries()) {
    if (!budget.affords(after, pods.length)) {
      budget.skip("nPlusOne", candidates.length - i);
      break;
    }
    const without = {
      ...after,
      nodes: after.nodes.filter((n) => n.name !== node),
      pods: after.pods.filter((p) => p.nodeName !== node)
    };
    const result = budget.run(
      without,
      () => pods.map((p) => {
        const { nodeName: _n, ...rest } = p;
        return { ...rest, spec: { ...p.spec, nodeName: void 0 } };
      }),
      pods.length
    );
    if (!result) {
      budget.skip("nPlusOne", candidates.length - i);
      break;
    }
    checked++;
    const unplaced = result.placements.filter((p) => p.node === null).length;
    if (worst.worstNode === null || unplaced > worst.unplaced) {
      worst = { worstNode: node, pods: pods.length, unplaced, checked: 0 };
    }
  }
  return { ...worst, checked };
}
function adviseCapacity(input) {
  const budget = new Budget(input.limits?.work ?? adviceWork(input.after), input.simulate, input.options);
  const found = fixes(input, budget);
  budget.section(1 / 3);
  const surgeAdvice = surge(input, budget);
  budget.section(1 / 2);
  const headroomAdvice = headroom(input, budget);
  budget.section(1);
  const advice = {
    fixes: found.fixes,
    addNodes: found.addNodes,
    headroom: headroomAdvice,
    surge: surgeAdvice,
    nPlusOne: nPlusOne(input, budget)
  };
  if (Object.keys(budget.skipped).length > 0) advice.skipped = { ...budget.skipped };
  return advice;
}

// src/plan/diff.ts
import { createHash } from "node:crypto";
var CLUSTER_SCOPED = /* @__PURE__ */ new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "PriorityClass",
  "StorageClass",
  "IngressClass",
  "RuntimeClass",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "APIService",
  "CSIDriver",
  "VolumeAttachment"
]);
function objectIdentity(obj) {
  const namespace = CLUSTER_SCOPED.has(obj.kind) ? "" : obj.metadata.namespace ?? "default";
  return {
    kind: obj.kind,
    namespace,
    name: obj.metadata.name,
    key: `${obj.kind}/${namespace}/${obj.metadata.name}`
  };
}
var POD_TEMPLATE_PATH = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"]
};
var SCHEDULING_FIELDS = [
  "nodeSelector",
  "affinity",
  "tolerations",
  "topologySpreadConstraints",
  "nodeName",
  "schedulingGates",
  "priority",
  "preemptionPolicy",
  "runtimeClassName",
  "overhead"
];
var HIDDEN_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
function get2(value, path7) {
  let cur = value;
  for (const key of path7) {
    if (cur === null || typeof cur !== "object") return void 0;
    cur = cur[key];
  }
  return cur;
}
function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function itemLabel(item, index) {
  if (isRecord(item) && typeof item.name === "string") return item.name;
  return String(index);
}
function changedPaths(before, after, prefix, out, depth = 0) {
  if (out.length > 200) return;
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (depth > 12 || !isRecord(before) && !Array.isArray(before) || !isRecord(after) && !Array.isArray(after)) {
    out.push(prefix || "(root)");
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const named2 = [...before, ...after].every((i) => isRecord(i) && typeof i.name === "string");
    if (named2) {
      const b = new Map(before.map((item, i) => [itemLabel(item, i), item]));
      const a = new Map(after.map((item, i) => [itemLabel(item, i), item]));
      for (const name of /* @__PURE__ */ new Set([...b.keys(), ...a.keys()])) {
        changedPaths(b.get(name), a.get(name), `${prefix}[${name}]`, out, depth + 1);
      }
      return;
    }
    out.push(prefix);
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    for (const key of [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      if (key === "status" && depth === 0) continue;
      if (key === HIDDEN_ANNOTATION) {
        if (before[key] !== after[key]) out.push(`${prefix}[last-applied-configuration]`);
        continue;
      }
      const path7 = prefix ? `${prefix}.${key}` : key;
      changedPaths(before[key], after[key], path7, out, depth + 1);
    }
    return;
  }
  out.push(prefix);
}
function decodedSize(value, base64) {
  if (typeof value !== "string") return 0;
  return base64 ? Buffer.from(value, "base64").length : Buffer.byteLength(value, "utf8");
}
function secretEntries(raw) {
  const out = /* @__PURE__ */ new Map();
  for (const [field, base64] of [
    ["data", true],
    ["stringData", false]
  ]) {
    const map = raw[field];
    if (!isRecord(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      const bytes = typeof value === "string" ? base64 ? Buffer.from(value, "base64") : Buffer.from(value) : null;
      out.set(key, {
        size: decodedSize(value, base64),
        digest: bytes ? createHash("sha256").update(bytes).digest("hex") : ""
      });
    }
  }
  return out;
}
function secretChanges(before, after) {
  const b = before ? secretEntries(before) : /* @__PURE__ */ new Map();
  const a = after ? secretEntries(after) : /* @__PURE__ */ new Map();
  const out = [];
  for (const key of [.../* @__PURE__ */ new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(key);
    const y = a.get(key);
    if (x && !y) out.push({ key, change: "removed", sizeBefore: x.size });
    else if (!x && y) out.push({ key, change: "added", sizeAfter: y.size });
    else if (x && y && x.digest !== y.digest)
      out.push({ key, change: "changed", sizeBefore: x.size, sizeAfter: y.size });
  }
  return out;
}
function containersOf(spec) {
  const out = /* @__PURE__ */ new Map();
  for (const field of ["initContainers", "containers"]) {
    const list2 = get2(spec, [field]);
    if (!Array.isArray(list2)) continue;
    list2.forEach((c, i) => {
      out.set(itemLabel(c, i), isRecord(c) && typeof c.image === "string" ? c.image : null);
    });
  }
  return out;
}
function workloadSummary(kind, before, after) {
  const specPath = POD_TEMPLATE_PATH[kind];
  if (!specPath) return void 0;
  const summary = {};
  if (kind !== "Pod" && kind !== "DaemonSet") {
    const field = kind === "Job" ? ["spec", "parallelism"] : kind === "CronJob" ? null : ["spec", "replicas"];
    if (field) {
      const b = get2(before, field);
      const a = get2(after, field);
      if (b !== a) {
        summary.replicas = {
          before: typeof b === "number" ? b : b === void 0 ? 1 : null,
          after: typeof a === "number" ? a : a === void 0 ? 1 : null
        };
        if (summary.replicas.before === summary.replicas.after) delete summary.replicas;
      }
    }
  }
  const bSpec = get2(before, specPath);
  const aSpec = get2(after, specPath);
  const bImages = containersOf(bSpec);
  const aImages = containersOf(aSpec);
  const images = [];
  for (const name of /* @__PURE__ */ new Set([...bImages.keys(), ...aImages.keys()])) {
    const b = bImages.get(name) ?? null;
    const a = aImages.get(name) ?? null;
    if (b !== a) images.push({ container: name, before: b, after: a });
  }
  if (images.length > 0) summary.images = images;
  const resources = (spec) => JSON.stringify(
    ["initContainers", "containers"].map((f) => {
      const list2 = get2(spec, [f]);
      return Array.isArray(list2) ? list2.map((c) => [itemLabel(c, 0), get2(c, ["resources"]) ?? null]) : [];
    })
  ) + JSON.stringify(get2(spec, ["resources"]) ?? null);
  if (resources(bSpec) !== resources(aSpec)) summary.resources = true;
  const scheduling = SCHEDULING_FIELDS.filter(
    (f) => JSON.stringify(get2(bSpec, [f]) ?? null) !== JSON.stringify(get2(aSpec, [f]) ?? null)
  );
  if (scheduling.length > 0) summary.scheduling = scheduling;
  const bp = get2(bSpec, ["priorityClassName"]);
  const ap = get2(aSpec, ["priorityClassName"]);
  if (bp !== ap)
    summary.priorityClassName = {
      before: typeof bp === "string" ? bp : null,
      after: typeof ap === "string" ? ap : null
    };
  return Object.keys(summary).length > 0 ? summary : void 0;
}
function diffObjects(base, head) {
  const baseByKey = new Map(base.map((o) => [objectIdentity(o).key, o]));
  const headByKey = new Map(head.map((o) => [objectIdentity(o).key, o]));
  const out = [];
  const make = (obj, change) => {
    const id = objectIdentity(obj);
    return {
      kind: id.kind,
      namespace: id.namespace,
      name: id.name,
      change,
      fields: [],
      source: { file: obj.source.file, line: obj.source.line }
    };
  };
  for (const [key, after] of headByKey) {
    const before = baseByKey.get(key);
    if (!before) {
      const c2 = make(after, "added");
      if (after.kind === "Secret") c2.secret = secretChanges(null, after.raw);
      out.push(c2);
      continue;
    }
    const fields = [];
    if (after.kind === "Secret") {
      const secret = secretChanges(before.raw, after.raw);
      const rest = (raw) => {
        const { data: _d, stringData: _s, ...others } = raw;
        return others;
      };
      changedPaths(rest(before.raw), rest(after.raw), "", fields);
      if (secret.length === 0 && fields.length === 0) continue;
      const c2 = make(after, "changed");
      c2.fields = fields;
      c2.secret = secret;
      out.push(c2);
      continue;
    }
    changedPaths(before.raw, after.raw, "", fields);
    if (fields.length === 0) continue;
    const c = make(after, "changed");
    c.fields = fields;
    const builtin = builtinWorkloadKind(after);
    const workload = builtin ? workloadSummary(builtin, before.raw, after.raw) : void 0;
    if (workload) c.workload = workload;
    out.push(c);
  }
  for (const [key, before] of baseByKey) {
    if (headByKey.has(key)) continue;
    const c = make(before, "removed");
    if (before.kind === "Secret") c.secret = secretChanges(before.raw, null);
    out.push(c);
  }
  const order = { removed: 0, changed: 1, added: 2 };
  return out.sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || order[a.change] - order[b.change]
  );
}

// src/plan/namespace.ts
function groupOf2(apiVersion) {
  const slash = apiVersion.lastIndexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}
function clusterScopedCustomKinds(definitions) {
  const found = /* @__PURE__ */ new Set();
  for (const crd of definitions) {
    const spec = crd.spec;
    if (spec?.scope === "Cluster" && typeof spec.group === "string" && typeof spec.names?.kind === "string")
      found.add(`${spec.group}/${spec.names.kind}`);
  }
  return found;
}
function applyNamespace(objects, namespace, definitions) {
  const clusterWideCustom = clusterScopedCustomKinds(definitions);
  const diagnostics = [];
  for (const o of objects) {
    const builtin = builtinClusterScoped(o.apiVersion, o.kind);
    if (builtin === true || builtin === void 0 && clusterWideCustom.has(`${groupOf2(o.apiVersion)}/${o.kind}`))
      continue;
    const written = o.metadata.namespace;
    if (written === void 0 || written === "") {
      o.metadata.namespace = namespace;
      const raw = o.raw.metadata;
      if (raw && typeof raw === "object" && !Array.isArray(raw))
        raw.namespace = namespace;
    } else if (written !== namespace) {
      diagnostics.push(
        diagnostic(
          o.locate(["metadata", "namespace"]),
          "error",
          "invalid-field",
          `${o.kind} "${o.metadata.name}": the namespace from the provided object "${written}" does not match the namespace "${namespace}": pass --namespace ${written} or remove the object's namespace`
        )
      );
    }
  }
  return diagnostics;
}

// src/plan/no-requests.ts
function requestsNothing(requests) {
  return !(requests.cpu ?? 0) && !(requests.memory ?? 0);
}
function findNoRequests(workloads) {
  const out = { workloads: [], diagnostics: [] };
  for (const w of workloads) {
    const pod = w.pods[0];
    if (!pod || !requestsNothing(pod.requests)) continue;
    out.workloads.push(`${w.namespace}/${w.kind}/${w.name}`);
    out.diagnostics.push(
      diagnostic(
        w.object.source,
        "warning",
        "no-requests",
        `${w.kind} ${w.namespace}/${w.name}: its containers request no CPU or memory, so the scheduler counts its ${w.pods.length === 1 ? "pod" : `${w.pods.length} pods`} as taking nothing and this plan cannot tell whether ${w.pods.length === 1 ? "it fits" : "they fit"}; set resources.requests on its containers (policy.requireRequests makes this fail the check)`
      )
    );
  }
  return out;
}

// src/format/amounts.ts
var BINARY = [
  ["Ti", 1024 ** 4],
  ["Gi", 1024 ** 3],
  ["Mi", 1024 ** 2],
  ["Ki", 1024]
];
function trim(n, digits) {
  const text = n.toFixed(digits);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
function fmt(resource, amount) {
  const n = amount ?? 0;
  if (n === 0) return "0";
  const unit = resourceUnit(resource);
  if (unit === "millicores") {
    if (Math.abs(n) < 1e3) return `${n}m`;
    return trim(n / 1e3, Math.abs(n) >= 1e5 ? 0 : 2);
  }
  if (unit === "bytes") {
    for (const [suffix, size] of BINARY) {
      if (Math.abs(n) >= size) {
        const v = n / size;
        return `${trim(v, Math.abs(v) >= 100 ? 0 : 1)}${suffix}`;
      }
    }
    return String(n);
  }
  return String(n);
}
function exact(resource, amount) {
  const n = amount ?? 0;
  const unit = resourceUnit(resource);
  if (unit === "millicores") return n % 1e3 === 0 ? String(n / 1e3) : `${n}m`;
  if (unit === "bytes" && n !== 0) {
    for (const [suffix, size] of BINARY) if (n % size === 0) return `${n / size}${suffix}`;
  }
  return String(n);
}
function usage2(resource, requested, allocatable) {
  const req = requested[resource] ?? 0;
  const alloc = allocatable[resource] ?? 0;
  if (req === 0 && alloc === 0) return "-";
  return `${fmt(resource, req)}/${fmt(resource, alloc)} (${percent(req, alloc)})`;
}
function percent(part, whole) {
  if (whole <= 0) return part > 0 ? "over" : "0%";
  return `${Math.round(part / whole * 100)}%`;
}
function delta(resource, before, after) {
  const d = (after ?? 0) - (before ?? 0);
  if (d === 0) return "0";
  return d > 0 ? `+${fmt(resource, d)}` : `-${fmt(resource, -d)}`;
}
function resourceColumns(lists) {
  const extra = /* @__PURE__ */ new Set();
  for (const list2 of lists) {
    for (const [name, value] of Object.entries(list2)) {
      if (value && name !== "cpu" && name !== "memory" && name !== "pods" && name !== "ephemeral-storage") {
        extra.add(name);
      }
    }
  }
  return ["cpu", "memory", ...[...extra].sort()];
}
function plural(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

// src/plan/policy.ts
function evaluatePolicy(input, policy) {
  const results = [];
  const list2 = (items2, max = 5) => items2.length <= max ? items2.join(", ") : `${items2.slice(0, max).join(", ")} and ${items2.length - max} more`;
  results.push(
    input.inputErrors > 0 ? {
      rule: "inputErrors",
      passed: false,
      message: `${plural(input.inputErrors, "input error")}: fix the config, manifests or cluster file`
    } : { rule: "inputErrors", passed: true, message: "all input read without errors" }
  );
  if (policy.unschedulable) {
    const bad = input.placements.filter((p) => p.status === "unschedulable");
    results.push(
      bad.length > 0 ? {
        rule: "unschedulable",
        passed: false,
        message: `${plural(bad.length, "pod")} cannot be scheduled: ${list2(bad.map((p) => `${p.namespace}/${p.pod}`))}`
      } : { rule: "unschedulable", passed: true, message: "every pod can be scheduled" }
    );
  }
  if (policy.quotaExceeded) {
    const bad = input.placements.filter((p) => p.status === "rejected");
    results.push(
      bad.length > 0 ? {
        rule: "quotaExceeded",
        passed: false,
        message: `${plural(bad.length, "pod")} rejected by admission: ${list2(bad.map((p) => `${p.namespace}/${p.pod}`))}; first: ${bad[0].reason}`
      } : { rule: "quotaExceeded", passed: true, message: "no pod exceeds a ResourceQuota or LimitRange" }
    );
  }
  if (policy.preemptionAtOrAbovePriority !== void 0) {
    const threshold = policy.preemptionAtOrAbovePriority;
    const victims = input.placements.flatMap((p) => p.victims ?? []).filter((v) => (input.victimPriorities[v] ?? 0) >= threshold);
    results.push(
      victims.length > 0 ? {
        rule: "preemption",
        passed: false,
        message: `the change preempts ${plural(victims.length, "running pod")} at priority ${threshold} or above: ${list2(victims)}`
      } : {
        rule: "preemption",
        passed: true,
        message: `no running pod at priority ${threshold} or above is preempted`
      }
    );
  }
  if (policy.utilizationPercent && Object.keys(policy.utilizationPercent).length > 0) {
    const over = [];
    for (const node of input.nodes) {
      for (const [resource, limit] of Object.entries(policy.utilizationPercent)) {
        const alloc = node.allocatable[resource] ?? 0;
        const req = node.requested.after[resource] ?? 0;
        if (alloc > 0 && req / alloc * 100 > limit) {
          over.push(
            `${node.name} ${resource} ${Math.round(req / alloc * 100)}% > ${limit}% (${fmt(resource, req)} of ${fmt(resource, alloc)})`
          );
        }
      }
    }
    results.push(
      over.length > 0 ? { rule: "utilization", passed: false, message: `node utilisation over the limit: ${list2(over)}` } : { rule: "utilization", passed: true, message: "every node stays under the utilisation limits" }
    );
  }
  if (policy.nPlusOne) {
    const n1 = input.advice?.nPlusOne;
    if (!n1 || n1.worstNode === null) {
      results.push({
        rule: "nPlusOne",
        passed: true,
        message: "no node carries pods that would need a new home"
      });
    } else {
      results.push(
        n1.unplaced > 0 ? {
          rule: "nPlusOne",
          passed: false,
          message: `if ${n1.worstNode} fails, ${n1.unplaced} of its ${n1.pods} pods cannot be placed elsewhere`
        } : { rule: "nPlusOne", passed: true, message: `any single node can fail: its pods fit elsewhere` }
      );
    }
  }
  if (policy.missedDeadlines) {
    const missed = input.missedDeadlines ?? [];
    results.push(
      missed.length > 0 ? {
        rule: "missedDeadlines",
        passed: false,
        message: `${plural(missed.length, "job run")} ${missed.length === 1 ? "misses its" : "miss their"} deadline: ${list2(missed.map((m) => `${m.namespace}/${m.name}`))}`
      } : { rule: "missedDeadlines", passed: true, message: "every batch job meets its deadline" }
    );
  }
  if (policy.requireRequests) {
    const bad = input.noRequests ?? [];
    results.push(
      bad.length > 0 ? {
        rule: "requireRequests",
        passed: false,
        message: `${plural(bad.length, "workload")} ${bad.length === 1 ? "requests" : "request"} no CPU or memory: ${list2(bad)}`
      } : { rule: "requireRequests", passed: true, message: "every workload requests CPU or memory" }
    );
  }
  return { passed: results.every((r) => r.passed), results };
}

// src/plan/reservations.ts
function applyReservations(cluster, reservations) {
  const diagnostics = [];
  let nodes = cluster.nodes;
  for (const r of reservations.filter((r2) => r2.pool !== void 0)) {
    const inPool = nodes.filter((n) => n.pool === r.pool);
    if (inPool.length === 0) {
      diagnostics.push(
        diagnostic(
          r.source,
          "warning",
          "invalid-config",
          `reservation for pool "${r.pool}": no node is in that pool`
        )
      );
      continue;
    }
    nodes = nodes.map((n) => {
      if (n.pool !== r.pool) return n;
      const allocatable = { ...n.allocatable };
      for (const [resource, amount] of Object.entries(r.resources)) {
        allocatable[resource] = Math.max(0, (allocatable[resource] ?? 0) - amount);
      }
      return { ...n, allocatable };
    });
  }
  const guarantees = reservations.filter((r) => r.namespace !== void 0);
  const namespaceGuard = (state) => {
    if (guarantees.length === 0) return () => ({ allowed: true });
    const free = {};
    for (const n of state.nodes) {
      if (n.unschedulable) continue;
      for (const [r, v] of Object.entries(n.allocatable)) free[r] = (free[r] ?? 0) + v;
    }
    const usedBy = /* @__PURE__ */ new Map();
    for (const p of state.pods) {
      for (const [r, v] of Object.entries(p.requests)) free[r] = (free[r] ?? 0) - v;
      const u = usedBy.get(p.namespace) ?? {};
      for (const [r, v] of Object.entries(p.requests)) u[r] = (u[r] ?? 0) + v;
      usedBy.set(p.namespace, u);
    }
    return (pod) => {
      for (const g of guarantees) {
        if (g.namespace === pod.namespace) continue;
        const used = usedBy.get(g.namespace) ?? {};
        for (const [resource, amount] of Object.entries(g.resources)) {
          const owed = Math.max(0, amount - (used[resource] ?? 0));
          const left = (free[resource] ?? 0) - (pod.requests[resource] ?? 0);
          if ((pod.requests[resource] ?? 0) > 0 && left < owed) {
            return {
              allowed: false,
              reason: `reservation: namespace ${g.namespace} is guaranteed ${fmt(resource, amount)} ${resource} and still needs ${fmt(resource, owed)} of it; placing this pod (${fmt(resource, pod.requests[resource])} ${resource}) would leave ${fmt(resource, Math.max(0, left))} free`
            };
          }
        }
      }
      for (const [r, v] of Object.entries(pod.requests)) free[r] = (free[r] ?? 0) - v;
      const u = usedBy.get(pod.namespace) ?? {};
      for (const [r, v] of Object.entries(pod.requests)) u[r] = (u[r] ?? 0) + v;
      usedBy.set(pod.namespace, u);
      return { allowed: true };
    };
  };
  return { cluster: { ...cluster, nodes }, diagnostics, namespaceGuard };
}

// src/plan/resources.ts
function onNodes(nodes) {
  const names2 = new Set(nodes.map((n) => n.name));
  return (pod) => pod.nodeName !== void 0 && names2.has(pod.nodeName);
}
function podsOnNodes(state) {
  return state.pods.filter(onNodes(state.nodes));
}
var HOURS_PER_MONTH = 730;
function quotaUsage(key, requests, limits, pods) {
  if (key === "pods" || key === "count/pods") return pods;
  if (key.startsWith("requests.")) return requests[key.slice("requests.".length)] ?? 0;
  if (key.startsWith("limits.")) return limits[key.slice("limits.".length)] ?? 0;
  if (key === "cpu" || key === "memory" || key === "ephemeral-storage") return requests[key] ?? 0;
  return void 0;
}
function costOf(requests, rates) {
  const cores = (requests.cpu ?? 0) / 1e3;
  const gib = (requests.memory ?? 0) / 1024 ** 3;
  const gpus = Object.entries(requests).filter(([name]) => name.endsWith("/gpu")).reduce((n, [, v]) => n + v, 0);
  const hourly = cores * (rates.cpuHour ?? 0) + gib * (rates.memoryGiBHour ?? 0) + gpus * (rates.gpuHour ?? 0);
  return Math.round(hourly * HOURS_PER_MONTH * 100) / 100;
}
function resourceReport(beforeState, afterState, preempted, rates) {
  const before = { ...beforeState, pods: podsOnNodes(beforeState) };
  const after = { ...afterState, pods: podsOnNodes(afterState) };
  const nsBefore = usageBy(before.pods, (p) => p.namespace);
  const nsAfter = usageBy(after.pods, (p) => p.namespace);
  const nsCharged = usageBy([...afterState.pods, ...afterState.pendingPods], (p) => p.namespace);
  const namespaces = [.../* @__PURE__ */ new Set([...nsBefore.keys(), ...nsAfter.keys()])].sort().map((namespace) => {
    const b = nsBefore.get(namespace);
    const a = nsAfter.get(namespace);
    const charged = nsCharged.get(namespace);
    const quotas = after.quotas.filter((q) => q.namespace === namespace).map((q) => {
      const used = {};
      const headroom2 = {};
      for (const [key, hard] of Object.entries(q.hard)) {
        const u = quotaUsage(key, charged?.requests ?? {}, charged?.limits ?? {}, charged?.count ?? 0);
        if (u === void 0) continue;
        used[key] = u;
        headroom2[key] = hard - u;
      }
      return { name: q.name, hard: q.hard, used, headroom: headroom2 };
    });
    return {
      namespace,
      requests: { before: compact(b?.requests ?? {}), after: compact(a?.requests ?? {}) },
      limits: { before: compact(b?.limits ?? {}), after: compact(a?.limits ?? {}) },
      pods: { before: b?.count ?? 0, after: a?.count ?? 0 },
      quotas
    };
  }).filter(
    (n) => JSON.stringify(n.requests.before) !== JSON.stringify(n.requests.after) || n.pods.before !== n.pods.after || n.quotas.length > 0
  );
  const poolOf = new Map(after.nodes.map((n) => [n.name, n.pool ?? n.name]));
  const poolBefore = usageBy(before.pods, (p) => p.nodeName ? poolOf.get(p.nodeName) : void 0);
  const poolAfter = usageBy(after.pods, (p) => p.nodeName ? poolOf.get(p.nodeName) : void 0);
  const poolNodes = /* @__PURE__ */ new Map();
  for (const node of after.nodes) {
    const pool = node.pool ?? node.name;
    const entry = poolNodes.get(pool) ?? { count: 0, allocatable: {} };
    entry.count++;
    addInto2(entry.allocatable, node.allocatable);
    poolNodes.set(pool, entry);
  }
  const pools = [...poolNodes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([pool, { count, allocatable: allocatable2 }]) => ({
    pool,
    nodes: count,
    allocatable: compact(allocatable2),
    requests: {
      before: compact(poolBefore.get(pool)?.requests ?? {}),
      after: compact(poolAfter.get(pool)?.requests ?? {})
    }
  }));
  const total = (pods, field) => {
    const out = {};
    for (const p of pods) addInto2(out, p[field]);
    return compact(out);
  };
  const allocatable = {};
  for (const node of after.nodes) addInto2(allocatable, node.allocatable);
  const overcommit = [];
  const limitsByNode = usageBy(after.pods, (p) => p.nodeName);
  for (const node of after.nodes) {
    const limits = limitsByNode.get(node.name)?.limits ?? {};
    for (const resource of ["cpu", "memory"]) {
      const alloc = node.allocatable[resource] ?? 0;
      const lim = limits[resource] ?? 0;
      if (alloc > 0 && lim > alloc) {
        overcommit.push({ node: node.name, resource, limits: lim, allocatable: alloc, ratio: lim / alloc });
      }
    }
  }
  const report3 = {
    namespaces,
    pools,
    cluster: {
      allocatable: compact(allocatable),
      requests: { before: total(before.pods, "requests"), after: total(after.pods, "requests") },
      limits: { before: total(before.pods, "limits"), after: total(after.pods, "limits") },
      preempted: {
        pods: preempted.pods,
        requests: compact(preempted.requests),
        limits: compact(preempted.limits)
      }
    },
    overcommit
  };
  if (rates) {
    const monthlyBefore = costOf(report3.cluster.requests.before, rates);
    const monthlyAfter = costOf(report3.cluster.requests.after, rates);
    report3.cost = {
      currency: rates.currency,
      monthlyBefore,
      monthlyAfter,
      monthlyDelta: Math.round((monthlyAfter - monthlyBefore) * 100) / 100
    };
  }
  return report3;
}

// src/plan/types.ts
var PLAN_SCHEMA_VERSION = 1;

// src/plan/waiting.ts
function fitsWhenEmpty(pods, gang, cluster, options) {
  const empty = { ...cluster, pods: [], pendingPods: [] };
  const together = pods.slice(0, gang ?? pods.length);
  return simulate(empty, together, options).placements.every((p) => p.status === "scheduled");
}
function waitingForCapacity(placements, workloadOf, cluster, options) {
  const out = { workloads: /* @__PURE__ */ new Set(), reasons: /* @__PURE__ */ new Map(), neverStart: /* @__PURE__ */ new Map() };
  const tried = /* @__PURE__ */ new Set();
  for (const p of placements) {
    if (p.status !== "unschedulable") continue;
    const w = workloadOf(p.pod);
    if (!w?.batch || tried.has(w.key)) continue;
    tried.add(w.key);
    if (!fitsWhenEmpty(w.pods, w.gang, cluster, options)) {
      if (w.gang !== void 0)
        out.neverStart.set(
          w.key,
          `its gang of ${w.gang} pods (minAvailable) never fits together, even on the empty cluster, so none of its pods starts: ${p.reason ?? "no node has room"}`
        );
      continue;
    }
    out.workloads.add(w.key);
    out.reasons.set(
      w.key,
      `waiting for capacity: it does not fit now (${p.reason ?? "no node has room"}), but it fits the cluster when it is empty, so it runs when running work frees room; see the batch timeline`
    );
  }
  return out;
}

// src/plan/run.ts
async function runPlan(input) {
  const files = {
    ...input.scope ? { scope: input.scope } : {},
    ...input.sources ? { sources: input.sources } : {}
  };
  const { cluster, diagnostics, label } = await loadCluster(input.cluster, {
    ...input.kubeconfig ? { kubeconfig: input.kubeconfig } : {},
    ...files
  });
  const limits = input.config?.limits ?? {};
  const render = { ...input.render, folders: input.config?.render ?? {} };
  const head = input.headObjects ?? await loadManifests(input.head, {
    limits,
    render,
    ...files,
    ...input.stdin ? { stdin: input.stdin } : {}
  });
  const base = input.baseObjects ?? (input.base ? await loadManifests(input.base, { limits, render, ...files }) : void 0);
  if (input.cluster.kind === "live" && needsDefinitions([...head.objects, ...base?.objects ?? []])) {
    const { readLiveDefinitions } = await import("./live-4U7G4FA4.js");
    const read = await readLiveDefinitions({
      ...input.cluster.context !== void 0 ? { context: input.cluster.context } : {},
      ...input.kubeconfig ? { kubeconfig: input.kubeconfig } : {}
    });
    cluster.customResourceDefinitions = [...cluster.customResourceDefinitions ?? [], ...read.definitions];
    diagnostics.push(...read.diagnostics);
  }
  if (input.namespace !== void 0) {
    const definitions = [
      ...definitionsIn(head.objects),
      ...definitionsIn(base?.objects ?? []),
      ...cluster.customResourceDefinitions ?? []
    ];
    diagnostics.push(...applyNamespace(head.objects, input.namespace, definitions));
    if (base) applyNamespace(base.objects, input.namespace, definitions);
  }
  const nothing = nothingToPlan(input.head, head, base);
  if (nothing) diagnostics.push(nothing);
  input.onPhase?.("read");
  return planFromLoaded({
    clusterSource: label,
    cluster,
    head,
    base,
    diagnostics: [...input.diagnostics ?? [], ...diagnostics],
    config: input.config ?? defaultConfig(),
    ...input.skipAdvice ? { skipAdvice: true } : {},
    ...input.start ? { start: input.start } : {},
    ...input.onPhase ? { onPhase: input.onPhase } : {}
  });
}
function nothingToPlan(inputs, head, base) {
  if (head.objects.length > 0 || (base?.objects.length ?? 0) > 0) return null;
  const loaded = [...head.diagnostics, ...base?.diagnostics ?? []];
  if (loaded.some((d) => d.severity === "error")) return null;
  const first = inputs[0] === "-" ? STDIN_NAME : inputs[0] ?? ".";
  return diagnostic(
    { file: first, line: 1, column: 1 },
    "error",
    "no-objects",
    "no Kubernetes objects in the manifests given: there is nothing to plan (empty files or comments only?)"
  );
}
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([k]) => k !== "status").sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
function templateOf(w) {
  return canonical(w.template ?? w.object.raw);
}
function bound(pod, node) {
  return { ...pod, nodeName: node };
}
function planFromLoaded(input) {
  const config = input.config ?? defaultConfig();
  const diagnostics = [...input.diagnostics ?? [], ...input.head.diagnostics];
  if (input.base) diagnostics.push(...input.base.diagnostics);
  const reserved = applyReservations(input.cluster, config.reservations);
  diagnostics.push(...reserved.diagnostics);
  const cluster = reserved.cluster;
  const ctx = {
    nodes: cluster.nodes,
    limitRanges: cluster.limitRanges,
    priorityClasses: cluster.priorityClasses,
    runtimeClasses: cluster.runtimeClasses ?? [],
    limits: { maxPods: config.limits.maxPods, maxPodsPerWorkload: config.limits.maxPodsPerWorkload },
    declaredKinds: config.workloads
  };
  const schemas2 = checkSchemas(input.head.objects, [
    ...definitionsIn(input.head.objects),
    ...definitionsIn(input.base?.objects ?? []),
    ...cluster.customResourceDefinitions ?? []
  ]);
  diagnostics.push(...schemas2.diagnostics);
  const headExpanded = expandWorkloads(
    input.head.objects.filter((o) => !schemas2.refused.has(o)),
    ctx
  );
  diagnostics.push(...headExpanded.diagnostics);
  diagnostics.push(
    ...unknownKindWarnings(
      input.head.objects,
      [...input.head.objects, ...input.base?.objects ?? []],
      // Kinds berth reads pods of are known to it (a refused one has its own error); those it
      // cannot read are reported as not simulated.
      new Set(input.head.objects.filter((o) => matchWorkloadKind(o, config.workloads) !== void 0)),
      cluster.customResourceDefinitions
    )
  );
  const baseExpanded = input.base ? expandWorkloads(input.base.objects, ctx) : void 0;
  input.onPhase?.("expand");
  const refused2 = /* @__PURE__ */ new Set([...headExpanded.rejected, ...schemas2.refused]);
  const refusedKeys = new Set([...refused2].map(objectKey));
  const headObjects = [
    ...input.head.objects.filter((o) => !refused2.has(o)),
    ...(input.base?.objects ?? []).filter((o) => refusedKeys.has(objectKey(o)))
  ];
  const baseByKey = new Map((baseExpanded?.workloads ?? []).map((w) => [w.key, w]));
  const headKeys = new Set(headExpanded.workloads.map((w) => w.key));
  const changes = [];
  for (const w of headExpanded.workloads) {
    const before2 = baseByKey.get(w.key);
    if (!input.base || !before2) changes.push({ change: "added", after: w });
    else if (canonical(before2.object.raw) !== canonical(w.object.raw))
      changes.push({ change: "changed", before: before2, after: w });
    else changes.push({ change: "unchanged", before: before2, after: w });
  }
  const noRequests = findNoRequests(
    changes.filter((c) => c.change === "added" || c.change === "changed").map((c) => c.after)
  );
  diagnostics.push(...noRequests.diagnostics);
  for (const w of baseExpanded?.workloads ?? []) {
    if (headKeys.has(w.key)) continue;
    if (refusedKeys.has(objectKey(w.object))) changes.push({ change: "unchanged", before: w, after: w });
    else changes.push({ change: "removed", before: w });
  }
  const replaced = /* @__PURE__ */ new Set();
  const replacedBy = changes.map(() => []);
  changes.forEach((c, i) => {
    if (c.change === "unchanged") return;
    const w = c.after ?? c.before;
    for (const pod of podsOwnedBy(cluster, {
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      ...w.selector ? { selector: w.selector } : {}
    })) {
      if (replaced.has(pod.key)) continue;
      replaced.add(pod.key);
      replacedBy[i].push(pod);
    }
  });
  const remaining = { ...cluster, pods: cluster.pods.filter((p) => !replaced.has(p.key)) };
  const batchObjects = new Set(headExpanded.workloads.filter((w) => w.batch).map((w) => w.object));
  const timelineKeys = new Set(
    headExpanded.workloads.filter((w) => isTimelineJob(w.object, batchObjects)).map((w) => w.key)
  );
  const incomingOf = /* @__PURE__ */ new Map();
  const incomingPods = (skip2) => {
    const pods = [];
    changes.forEach((c, i) => {
      if ((c.change === "added" || c.change === "changed") && c.after && !skip2.has(c.after.key)) {
        for (const pod of c.after.pods) {
          pods.push(pod);
          incomingOf.set(pod, i);
        }
      }
    });
    return pods;
  };
  const options = {
    scoringStrategy: config.scheduler.scoringStrategy,
    pluginWeights: config.scheduler.pluginWeights,
    disabledPlugins: config.scheduler.disabledPlugins
  };
  const schedule = (pods) => {
    const admission = createAdmissionState(remaining);
    const guarantee = reserved.namespaceGuard(remaining);
    return simulate(remaining, pods, {
      ...options,
      admit: (pod) => {
        const decision = admitAndRecord(pod, admission);
        if (!decision.allowed) return decision;
        return guarantee(pod);
      }
    });
  };
  let incoming = incomingPods(timelineKeys);
  let result = schedule(incoming);
  const waiting = waitingForCapacity(
    result.placements,
    (pod) => changes[incomingOf.get(pod) ?? -1]?.after,
    remaining,
    options
  );
  const assumedDuration = /* @__PURE__ */ new Set();
  if (waiting.workloads.size > 0) {
    for (const c of changes) {
      if (c.change !== "added" && c.change !== "changed" || !c.after?.batch) continue;
      if (waiting.neverStart.has(c.after.key) || timelineKeys.has(c.after.key)) continue;
      timelineKeys.add(c.after.key);
      assumedDuration.add(c.after.key);
    }
  }
  if (waiting.workloads.size > 0 || waiting.neverStart.size > 0) {
    incoming = incomingPods(/* @__PURE__ */ new Set([...timelineKeys, ...waiting.neverStart.keys()]));
    result = schedule(incoming);
  }
  input.onPhase?.("schedule");
  const evicted = new Set(result.placements.flatMap((p) => p.victims ?? []));
  const after = {
    ...remaining,
    pods: [
      ...remaining.pods.filter((p) => !evicted.has(p.key)),
      ...result.placements.filter((p) => p.node !== null).map((p) => bound(p.pod, p.node))
    ]
  };
  const placements = result.placements.map((p) => {
    const entry = {
      namespace: p.pod.namespace,
      workload: p.pod.workload ? `${p.pod.workload.kind}/${p.pod.workload.name}` : `Pod/${p.pod.name}`,
      pod: p.pod.name,
      node: p.node,
      reason: p.reason,
      status: p.status,
      requests: compact(p.pod.requests)
    };
    if (p.victims && p.victims.length > 0) entry.victims = p.victims;
    if (p.nodeReasons && p.status !== "scheduled") entry.nodeReasons = p.nodeReasons;
    if (p.pod.source) entry.source = { file: p.pod.source.file, line: p.pod.source.line };
    return entry;
  });
  const held = [
    ...[...waiting.workloads].map((w) => [
      w,
      "waiting",
      waiting.reasons.get(w)
    ]),
    ...[...waiting.neverStart].map(([w, why]) => [
      w,
      "unschedulable",
      why
    ])
  ];
  for (const [w, status, reason] of held) {
    const workload = changes.find((c) => c.after?.key === w)?.after;
    for (const pod of workload?.pods ?? []) {
      const entry = {
        namespace: pod.namespace,
        workload: pod.workload ? `${pod.workload.kind}/${pod.workload.name}` : `Pod/${pod.name}`,
        pod: pod.name,
        node: null,
        reason: reason ?? null,
        status,
        requests: compact(pod.requests)
      };
      if (pod.source) entry.source = { file: pod.source.file, line: pod.source.line };
      placements.push(entry);
    }
  }
  const usageOf = (state) => usageBy(podsOnNodes(state), (p) => p.nodeName);
  const before = usageOf(cluster);
  const afterUsage = usageOf(after);
  const nodes = cluster.nodes.map((node) => {
    const b = before.get(node.name);
    const a = afterUsage.get(node.name);
    return {
      name: node.name,
      pool: node.pool ?? null,
      allocatable: compact(node.allocatable),
      requested: { before: compact(b?.requests ?? {}), after: compact(a?.requests ?? {}) },
      limits: { before: compact(b?.limits ?? {}), after: compact(a?.limits ?? {}) },
      pods: { before: b?.count ?? 0, after: a?.count ?? 0 }
    };
  });
  const onNode = onNodes(cluster.nodes);
  const placedBy = changes.map(() => []);
  for (const p of result.placements) {
    const i = p.node !== null ? incomingOf.get(p.pod) : void 0;
    if (i !== void 0) placedBy[i].push(p.pod);
  }
  const workloads = changes.map((c, i) => {
    const w = c.after ?? c.before;
    const gone = replacedBy[i].filter(onNode);
    const placed = placedBy[i];
    const entry = {
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      change: c.change,
      replicas: { before: c.before?.pods.length ?? 0, after: c.after?.pods.length ?? 0 },
      pods: { before: gone.length, after: placed.length },
      requests: {
        before: compact(sumResources(gone.map((p) => p.requests))),
        after: compact(sumResources(placed.map((p) => p.requests)))
      },
      limits: {
        before: compact(sumResources(gone.map((p) => p.limits))),
        after: compact(sumResources(placed.map((p) => p.limits)))
      },
      source: { file: w.object.source.file, line: w.object.source.line }
    };
    if (c.after && timelineKeys.has(c.after.key)) entry.timeline = true;
    return entry;
  });
  const evictedPods = remaining.pods.filter((p) => evicted.has(p.key) && onNode(p));
  const preempted = {
    pods: evictedPods.length,
    requests: sumResources(evictedPods.map((p) => p.requests)),
    limits: sumResources(evictedPods.map((p) => p.limits))
  };
  const changedForAdvice = changes.filter((c) => (c.change === "added" || c.change === "changed") && c.after).map((c) => ({
    kind: c.after.kind,
    namespace: c.after.namespace,
    name: c.after.name,
    pods: c.after.pods,
    raw: c.after.object.raw,
    templateChanged: c.change === "added" ? false : templateOf(c.before) !== templateOf(c.after)
  }));
  const unplacedPods = result.placements.filter((p) => p.status === "unschedulable").map((p) => p.pod);
  const advice = input.skipAdvice ? void 0 : adviseCapacity({ after, unplaced: unplacedPods, changed: changedForAdvice, simulate, options });
  input.onPhase?.("advice");
  let timeline;
  if (timelineKeys.size > 0) {
    const horizon = parseGoDuration(config.timeline.horizon);
    const defaultDuration = parseGoDuration(config.timeline.defaultDuration);
    const planned = planTimeline(
      {
        objects: headObjects,
        workloads: headExpanded.workloads,
        capacity: { cluster: after },
        waiting: assumedDuration,
        ...cluster.kueueQueues ? { kueueQueues: cluster.kueueQueues } : {},
        ...defaultDuration.ok ? { defaultDurationMs: nanosToMillis(defaultDuration.nanoseconds) } : {}
      },
      {
        policy: config.timeline.policy,
        // The scheduler's filters, configured as for the plan, over what the plan leaves.
        fitter: schedulerFitter(after, options),
        start: input.start ?? /* @__PURE__ */ new Date(),
        ...horizon.ok ? { horizonMs: nanosToMillis(horizon.nanoseconds) } : {}
      }
    );
    timeline = planned.timeline;
    diagnostics.push(...planned.diagnostics);
  }
  const victimPriorities = {};
  for (const pod of remaining.pods) if (evicted.has(pod.key)) victimPriorities[pod.key] = pod.priority;
  const count = (status) => placements.filter((p) => p.status === status).length;
  const summary = {
    pods: placements.length,
    scheduled: count("scheduled"),
    unschedulable: count("unschedulable"),
    gated: count("gated"),
    rejected: count("rejected"),
    preempted: evicted.size,
    ...count("waiting") > 0 ? { waiting: count("waiting") } : {}
  };
  const policy = evaluatePolicy(
    {
      placements,
      victimPriorities,
      nodes,
      ...advice ? { advice } : {},
      ...timeline ? {
        missedDeadlines: timeline.jobs.filter((j) => j.missed).map((j) => ({ namespace: j.namespace, name: j.run === null ? j.name : `${j.name}#${j.run}` }))
      } : {},
      inputErrors: diagnostics.filter((d) => d.severity === "error").length,
      noRequests: noRequests.workloads
    },
    config.policy
  );
  const plan = {
    version: PLAN_SCHEMA_VERSION,
    cluster: { source: input.clusterSource, nodes: cluster.nodes.length, pods: cluster.pods.length },
    summary,
    passed: policy.passed,
    workloads,
    placements,
    nodes,
    diff: diffObjects(input.base?.objects ?? [], headObjects),
    resources: resourceReport(cluster, after, preempted, config.cost),
    policy,
    diagnostics
  };
  if (advice) plan.advice = advice;
  if (timeline) plan.timeline = timeline;
  if (headExpanded.unsimulated.length > 0) {
    plan.unsimulated = headExpanded.unsimulated.map((u) => ({
      kind: u.groupKind,
      namespace: u.object.metadata.namespace || "default",
      name: u.object.metadata.name,
      reason: u.reason,
      source: { file: u.object.source.file, line: u.object.source.line }
    }));
  }
  input.onPhase?.("plan");
  return plan;
}

// src/report/json.ts
var RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
function jsonText(value) {
  return `${JSON.stringify(value, null, 2).replace(
    RAW_IN_JSON,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`
  )}
`;
}
function renderJson(plan) {
  return jsonText(plan);
}

// src/report/timeline.ts
var NOTABLE_RUNS = 3;
function notable(job) {
  return job.missed || job.status !== "completed" || job.critical;
}
function tableRows(t) {
  const groups = new Map(
    (t.cronJobs ?? []).filter((g) => g.runs > 1).map((g) => [`${g.namespace}/${g.name}`, g])
  );
  const runsOf = /* @__PURE__ */ new Map();
  for (const job of t.jobs) {
    const key = `${job.namespace}/${job.name}`;
    if (job.run === null || !groups.has(key)) continue;
    runsOf.set(key, [...runsOf.get(key) ?? [], job]);
  }
  const rows = [];
  const done = /* @__PURE__ */ new Set();
  for (const job of t.jobs) {
    const key = `${job.namespace}/${job.name}`;
    const group = job.run === null ? void 0 : groups.get(key);
    if (!group) {
      rows.push({ kind: "run", job });
      continue;
    }
    if (done.has(key)) continue;
    done.add(key);
    const all2 = runsOf.get(key) ?? [];
    const shown2 = all2.filter(notable).slice(0, NOTABLE_RUNS);
    rows.push({ kind: "cronjob", runs: group, jobs: all2, listed: shown2.length });
    for (const run of shown2) rows.push({ kind: "run", job: run });
  }
  return rows;
}
function groupStatus(g) {
  const parts = [
    [g.completed, "done"],
    [g.replaced, "replaced"],
    [g.skipped, "skipped"],
    [g.notStarted, "not started"],
    [g.missed, "missed deadline"]
  ].filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return `${parts.join(", ")}${g.waited > 0 ? `; ${g.waited} waited for capacity` : ""}`;
}
function groupCells(g, jobs, dots) {
  const span = (values) => values.length === 0 ? "—" : `${when(Math.min(...values))} ${dots} ${when(Math.max(...values))}`;
  const deadlines = jobs.filter((j) => j.deadline !== null).length;
  return [
    String(jobs[0]?.pods ?? ""),
    `${when(g.first)} ${dots} ${when(g.last)}`,
    span(jobs.flatMap((j) => j.start === null ? [] : [j.start])),
    span(jobs.flatMap((j) => j.finish === null ? [] : [j.finish])),
    deadlines === 0 ? "—" : deadlines === jobs.length ? "each run" : `${deadlines} of ${jobs.length} runs`,
    groupStatus(g)
  ];
}
function groupLabel(g, listed) {
  return `${g.namespace}/${g.name}: ${g.runs} runs${listed > 0 ? `, ${listed} listed below` : ""}`;
}
function escapeTimelineMarkdown(value) {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1").replace(/@/g, "@​");
}
function escapeTimelineMermaid(value) {
  return value.replace(/[^A-Za-z0-9 ./_=-]/g, "_").slice(0, 80);
}
var when = (seconds2) => seconds2 === null ? "—" : `+${formatDuration(seconds2 * 1e3)}`;
function jobLabel(job) {
  return job.run === null ? `${job.namespace}/${job.name}` : `${job.namespace}/${job.name} #${job.run}`;
}
function statusText(job) {
  const parts = [];
  if (job.status === "completed")
    parts.push(job.deadline === null ? "done" : job.missed ? "missed deadline" : "on time");
  else parts.push(job.status.replace("-", " "));
  if (job.status !== "completed" && job.missed) parts.push("missed deadline");
  return parts.join(", ");
}
function timelineSummaryLine(t) {
  const withDeadline = t.jobs.filter((j) => j.deadline !== null).length;
  const deadlines = withDeadline === 0 ? "no deadlines" : `${t.missed} of ${withDeadline} deadline${withDeadline === 1 ? "" : "s"} missed`;
  return `${t.jobs.length} batch job run${t.jobs.length === 1 ? "" : "s"}, policy ${t.policy}: ${deadlines}, makespan ${formatDuration(t.makespan * 1e3)} (lower bound ${formatDuration(t.lowerBound * 1e3)}).`;
}
function ganttDuration(seconds2) {
  const ms = Math.round(seconds2 * 1e3);
  return ms % 1e3 === 0 ? `${ms / 1e3}s` : `${ms}ms`;
}
function renderTimelineMarkdown(t, options = {}) {
  const esc = options.escape ?? escapeTimelineMarkdown;
  const escapeLabel = options.escapeMermaid ?? escapeTimelineMermaid;
  const mer = (s) => escapeLabel(s).replace(/[:;#\n]/g, "_");
  const maxChart = options.maxChartJobs ?? 60;
  const lines = [];
  lines.push("### Batch timeline", "");
  lines.push(timelineSummaryLine(t), "");
  if (t.jobs.length === 0) return `${lines.join("\n").trimEnd()}
`;
  lines.push("| Policy | Missed deadlines | Makespan |", "| --- | ---: | ---: |");
  for (const p of TIMELINE_POLICIES) {
    const mark = p === t.policy ? " (chosen)" : "";
    lines.push(`| ${p}${mark} | ${t.compare[p].missed} | ${formatDuration(t.compare[p].makespan * 1e3)} |`);
  }
  lines.push("");
  const startSeconds = Math.floor(Date.parse(t.start) / 1e3);
  const drawn = t.jobs.filter((j) => j.start !== null || j.deadline !== null);
  const ordered = [...drawn].sort(
    (a, b) => Number(b.critical) - Number(a.critical) || Number(b.missed) - Number(a.missed)
  );
  const chart = ordered.slice(0, maxChart);
  const keep = new Set(chart);
  lines.push(
    "```mermaid",
    "gantt",
    `  title Batch timeline (${t.policy})`,
    "  dateFormat X",
    "  axisFormat %H:%M"
  );
  let section = null;
  t.jobs.forEach((job, i) => {
    if (!keep.has(job)) return;
    if (job.namespace !== section) {
      section = job.namespace;
      lines.push(`  section ${mer(job.namespace)}`);
    }
    const label = mer(job.run === null ? job.name : `${job.name} run ${job.run}`);
    if (job.start !== null && job.finish !== null) {
      const tags = [job.critical ? "crit" : "", job.missed ? "active" : ""].filter(Boolean);
      const flag = job.missed ? " (missed)" : "";
      lines.push(
        `  ${label}${flag} :${tags.length ? ` ${tags.join(", ")},` : ""} j${i}, ${startSeconds + Math.floor(job.start)}, ${ganttDuration(job.finish - job.start)}`
      );
    }
    if (job.deadline !== null) {
      const flag = job.missed ? " missed" : "";
      lines.push(
        `  ${label} deadline${flag} : milestone, d${i}, ${startSeconds + Math.floor(job.deadline)}, 0s`
      );
    }
  });
  lines.push("```");
  if (drawn.length > chart.length) {
    lines.push("", `${drawn.length - chart.length} more runs are counted in the table below, not drawn.`);
  }
  lines.push("");
  lines.push(
    "| Job | Pods | Release | Start | Finish | Deadline | Status |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
  );
  const rows = tableRows(t);
  const shown2 = rows.slice(0, options.maxRows ?? rows.length);
  for (const row of shown2) {
    if (row.kind === "cronjob") {
      const [pods, release, start, finish, deadline, status2] = groupCells(row.runs, row.jobs, "…");
      lines.push(
        `| ${esc(groupLabel(row.runs, row.listed))} | ${pods} | ${release} | ${start} | ${finish} | ${deadline} | ${row.runs.missed > 0 ? "❌ " : ""}${status2} |`
      );
      continue;
    }
    const job = row.job;
    const name = `${job.critical ? "**" : ""}${esc(jobLabel(job))}${job.critical ? "**" : ""}`;
    const status = job.reason ? `${statusText(job)}: ${esc(job.reason)}` : statusText(job);
    lines.push(
      `| ${name} | ${job.pods} | ${when(job.release)} | ${when(job.start)} | ${when(job.finish)} | ${when(job.deadline)} | ${job.missed ? "❌ " : ""}${status} |`
    );
  }
  if (rows.length > shown2.length) {
    lines.push(`| … and ${rows.length - shown2.length} more |${" |".repeat(6)}`);
  }
  if (t.criticalPath.length > 0) {
    lines.push("", `Critical path (bold): ${t.criticalPath.map((k) => esc(k)).join(" → ")}.`);
  }
  if (t.priorities) {
    const p = t.priorities;
    lines.push(
      "",
      `${p.policy} misses ${t.compare[p.policy].missed} deadline(s) where FIFO misses ${t.compare.fifo.missed}. kube-scheduler takes higher priority first; these PriorityClasses (with \`preemptionPolicy: Never\`, so running jobs are not evicted) make it follow the ${p.policy} order:`,
      "",
      "| Job | priorityClassName | value |",
      "| --- | --- | ---: |"
    );
    for (const c of p.classes) {
      lines.push(
        `| ${esc(`${c.kind} ${c.namespace}/${c.name}`)} | ${esc(c.priorityClassName)} | ${c.value} |`
      );
    }
  }
  return `${lines.join("\n")}
`;
}
function pad(cells) {
  const widths = [];
  for (const row of cells) {
    row.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  return cells.map(
    (row) => row.map((c, i) => c + " ".repeat((widths[i] ?? 0) - [...c].length)).join("  ").trimEnd()
  );
}
var plain = (s) => printable(s);
function renderTimelineText(t) {
  const lines = ["Batch timeline", plain(timelineSummaryLine(t))];
  if (t.jobs.length === 0) return `${lines.join("\n")}
`;
  lines.push(
    `Compare: ${TIMELINE_POLICIES.map((p) => `${p} ${t.compare[p].missed} missed, makespan ${formatDuration(t.compare[p].makespan * 1e3)}`).join("; ")}.`,
    ""
  );
  const rows = [["JOB", "PODS", "RELEASE", "START", "FINISH", "DEADLINE", "STATUS"]];
  for (const row of tableRows(t)) {
    if (row.kind === "cronjob") {
      rows.push([plain(groupLabel(row.runs, row.listed)), ...groupCells(row.runs, row.jobs, "..")]);
      continue;
    }
    const job = row.job;
    rows.push([
      plain(jobLabel(job)) + (job.critical ? " *" : ""),
      String(job.pods),
      when(job.release),
      when(job.start),
      when(job.finish),
      when(job.deadline),
      plain(job.reason ? `${statusText(job)}: ${job.reason}` : statusText(job))
    ]);
  }
  lines.push(...pad(rows));
  if (t.criticalPath.length > 0) lines.push("", `* critical path: ${plain(t.criticalPath.join(" -> "))}`);
  if (t.priorities) {
    lines.push("", `PriorityClasses to follow ${t.priorities.policy} (preemptionPolicy: Never):`);
    lines.push(
      ...pad(
        t.priorities.classes.map((c) => [
          plain(`${c.kind} ${c.namespace}/${c.name}`),
          plain(c.priorityClassName),
          String(c.value)
        ])
      )
    );
  }
  return `${lines.join("\n")}
`;
}

// src/report/escape.ts
var ZWSP = "​";
var NAMED_ENTITIES = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  commat: "@",
  num: "#",
  vert: "|",
  verbar: "|",
  grave: "`",
  lsqb: "[",
  rsqb: "]",
  lpar: "(",
  rpar: ")",
  colon: ":",
  nbsp: " "
};
function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (!Number.isFinite(code) || code < 0 || code > 1114111) return "";
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}
var MARKDOWN_SPECIALS = /* @__PURE__ */ new Set(["\\", "`", "*", "_", "[", "]", "|", "~", "$"]);
var HTML_ESCAPES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;"
};
function escapeMarkdown(value) {
  const text = printable(decodeEntities(String(value ?? "")));
  let out = "";
  for (const ch of text) {
    const html = HTML_ESCAPES[ch];
    if (html) out += html;
    else if (MARKDOWN_SPECIALS.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return out.replace(/@/g, `@${ZWSP}`).replace(/#/g, `#${ZWSP}`).replace(/\b(GH)-(?=\d)/gi, `$1${ZWSP}-`).replace(/:\/\//g, `:/${ZWSP}/`).replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`);
}
function escapeMermaid(value) {
  return decodeEntities(String(value ?? "")).replace(/[^A-Za-z0-9 ./_:=-]/g, "_").slice(0, 80);
}

// src/report/format.ts
function fixOptions(fix, safe, le = "≤") {
  const options = [];
  if (fix.fitReplicas !== void 0 && fix.fitReplicas > 0) options.push(plural(fix.fitReplicas, "replica"));
  for (const [r, v] of Object.entries(fix.smallerRequest ?? {}))
    options.push(`${safe(r)} request ${le} ${exact(r, v)}`);
  if (fix.addNodes) {
    const shared = fix.addNodes.pods > fix.unplaced ? ` (places ${fix.addNodes.pods} unschedulable pods together)` : "";
    options.push(`${plural(fix.addNodes.count, "more node")} of pool ${safe(fix.addNodes.pool)}${shared}`);
  }
  return options;
}
function skippedText(skipped) {
  if (!skipped) return void 0;
  const parts = [];
  if (skipped.pools) parts.push(`no node count for ${plural(skipped.pools, "pool")}`);
  if (skipped.fixes) parts.push(`no smaller request searched for ${plural(skipped.fixes, "workload")}`);
  if (skipped.surge) parts.push(`no rollout surge for ${plural(skipped.surge, "workload")}`);
  if (skipped.headroom) parts.push(`no headroom for ${plural(skipped.headroom, "workload")}`);
  if (skipped.nPlusOne) parts.push(`N+1 not tried on ${plural(skipped.nPlusOne, "node")}`);
  return parts.length > 0 ? `advice stopped at its work budget: ${parts.join(", ")}` : void 0;
}
function admissionFixOptions(plan, rejected2, safe) {
  const admitted = plan.placements.filter(
    (p) => p.namespace === rejected2.namespace && p.workload === rejected2.workload && p.status !== "rejected"
  ).length;
  if (/^Pod "[^"]*" is invalid: /.test(rejected2.reason ?? "")) return ["a pod spec the API server accepts"];
  const quota = /^exceeded quota: ([^,]+),/.exec(rejected2.reason ?? "");
  const raise = quota ? `a larger quota ${safe(quota[1])}` : "a larger quota or LimitRange";
  return admitted > 0 ? [plural(admitted, "replica"), raise] : [raise];
}
function groupUnplaced(unplaced) {
  const groups = /* @__PURE__ */ new Map();
  for (const p of unplaced) {
    const key = [p.namespace, p.workload, p.status, p.reason ?? ""].join("\0");
    const g = groups.get(key);
    if (g) g.pods.push(p.pod);
    else groups.set(key, { first: p, pods: [p.pod] });
  }
  return [...groups.values()];
}
function workloadPods(w, arrow) {
  const count = w.pods.before === w.pods.after ? String(w.pods.after) : `${w.pods.before} ${arrow} ${w.pods.after}`;
  const without = w.replicas.after - w.pods.after;
  if (without <= 0) return count;
  return `${count} (${without} ${w.timeline ? "on the batch timeline" : "not scheduled"})`;
}
function figuresLegend(arrow) {
  return `cluster requests sum the pods on the cluster's nodes; a workload's row is its share, its running pods the change replaces ${arrow} its pods that get a node, so the rows (with the pods preemption evicts) add up to the cluster's change`;
}

// src/report/markdown-sections.ts
var FOLD_WORKLOADS = 10;
function mdTable(header, rows, rowLimit = Number.POSITIVE_INFINITY) {
  const shown2 = rows.slice(0, rowLimit);
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`];
  for (const r of shown2) lines.push(`| ${r.join(" | ")} |`);
  if (rows.length > shown2.length) {
    lines.push(`| … and ${rows.length - shown2.length} more |${" |".repeat(header.length - 1)}`);
  }
  return lines.join("\n");
}
function details(summary, body) {
  return `<details><summary>${summary}</summary>

${body}

</details>`;
}
var CHANGE_ICON = { added: "🆕", changed: "✏️", removed: "🗑️", unchanged: "" };
var RULE_TITLES = {
  unschedulable: "Unschedulable pods",
  quotaExceeded: "Quota and admission",
  preemption: "Preemption",
  utilization: "Node utilisation",
  nPlusOne: "N+1",
  missedDeadlines: "Batch deadlines",
  requireRequests: "Requests set",
  inputErrors: "Input errors"
};
var OPT_IN = ["preemption", "utilization", "nPlusOne", "missedDeadlines", "requireRequests"];
function fixText(fix) {
  if (!fix) return "";
  const options = fixOptions(fix, escapeMarkdown);
  return options.length > 0 ? options.join(" **or** ") : "none found";
}
function nodesByReason(p) {
  const byReason = /* @__PURE__ */ new Map();
  for (const [node, reasons] of Object.entries(p.nodeReasons ?? {})) {
    for (const reason of reasons) byReason.set(reason, [...byReason.get(reason) ?? [], node]);
  }
  return [...byReason].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b)).map(([reason, nodes]) => {
    const sorted = [...nodes].sort();
    const shown2 = sorted.slice(0, 5).map(escapeMarkdown).join(", ");
    return `- ${escapeMarkdown(reason)}: ${shown2}${sorted.length > 5 ? ` and ${sorted.length - 5} more` : ""}`;
  }).join("\n");
}
function podList(namespace, pods) {
  const shown2 = pods.slice(0, 3).map((p) => escapeMarkdown(`${namespace}/${p}`));
  return pods.length > 3 ? `${shown2.join(", ")} and ${pods.length - 3} more` : shown2.join(", ");
}
function objectDiffRows(diff) {
  return diff.map((d) => {
    let what = "";
    if (d.secret) {
      what = d.secret.map((k) => {
        const size = k.change === "changed" ? `${k.sizeBefore} → ${k.sizeAfter} bytes` : `${k.change === "added" ? k.sizeAfter : k.sizeBefore} bytes`;
        return `key ${escapeMarkdown(k.key)} ${k.change} (${size})`;
      }).join("; ");
      if (d.fields.length > 0) what += `${what ? "; " : ""}${d.fields.slice(0, 5).map(escapeMarkdown).join(", ")}`;
    } else if (d.workload) {
      const w = d.workload;
      const bits = [];
      if (w.replicas) bits.push(`replicas ${w.replicas.before ?? "?"} → ${w.replicas.after ?? "?"}`);
      for (const img of w.images ?? [])
        bits.push(`image ${escapeMarkdown(img.container)}: ${escapeMarkdown(img.before ?? "∅")} → ${escapeMarkdown(img.after ?? "∅")}`);
      if (w.resources) bits.push("resources");
      if (w.scheduling) bits.push(`scheduling (${w.scheduling.map(escapeMarkdown).join(", ")})`);
      if (w.priorityClassName)
        bits.push(
          `priorityClassName ${escapeMarkdown(w.priorityClassName.before ?? "∅")} → ${escapeMarkdown(w.priorityClassName.after ?? "∅")}`
        );
      what = bits.join("; ");
    } else if (d.fields.length > 0) {
      what = d.fields.slice(0, 8).map(escapeMarkdown).join(", ") + (d.fields.length > 8 ? ` … (+${d.fields.length - 8})` : "");
    }
    return [
      `${CHANGE_ICON[d.change]} ${d.change}`,
      escapeMarkdown(d.kind),
      escapeMarkdown(d.namespace ? `${d.namespace}/${d.name}` : d.name),
      what || "—"
    ];
  });
}
var STATUS_LABEL = {
  unschedulable: "unschedulable",
  rejected: "rejected",
  gated: "gated"
};
function notScheduledSection(plan) {
  const unplaced = plan.placements.filter((p) => p.status !== "scheduled" && p.status !== "waiting");
  if (unplaced.length === 0) return void 0;
  const fixes2 = plan.advice?.fixes ?? [];
  const groups = groupUnplaced(unplaced);
  return {
    priority: 100,
    title: "Not scheduled",
    render: (limit) => [
      `### ❌ Not scheduled (${plural(unplaced.length, "pod")})`,
      "",
      mdTable(
        ["Workload", "Pods", "Why", "Smallest fix"],
        groups.map(({ first: p, pods }) => [
          `${escapeMarkdown(`${p.namespace}/${p.workload}`)}${p.source ? `<br><sub>${escapeMarkdown(p.source.file)}:${p.source.line}</sub>` : ""}`,
          podList(p.namespace, pods),
          `**${STATUS_LABEL[p.status] ?? escapeMarkdown(p.status)}**: ${escapeMarkdown(p.reason ?? "")}`,
          p.status === "unschedulable" ? fixText(fixes2.find((f) => f.namespace === p.namespace && f.workload === p.workload)) : p.status === "rejected" ? admissionFixOptions(plan, p, escapeMarkdown).join(" **or** ") : ""
        ]),
        limit
      )
    ].join("\n")
  };
}
function waitingSection(plan) {
  const waiting = plan.placements.filter((p) => p.status === "waiting");
  if (waiting.length === 0) return void 0;
  return {
    priority: 96,
    title: "Waiting for capacity",
    render: (limit) => [
      `### ⏳ Waiting for capacity (${plural(waiting.length, "pod")}: batch work that runs when room frees up, not a failure)`,
      "",
      mdTable(
        ["Workload", "Pods", "Why"],
        groupUnplaced(waiting).map(({ first: p, pods }) => [
          `${escapeMarkdown(`${p.namespace}/${p.workload}`)}${p.source ? `<br><sub>${escapeMarkdown(p.source.file)}:${p.source.line}</sub>` : ""}`,
          podList(p.namespace, pods),
          escapeMarkdown(p.reason ?? "")
        ]),
        limit
      )
    ].join("\n")
  };
}
function unsimulatedSection(plan) {
  const rows = plan.unsimulated ?? [];
  if (rows.length === 0) return void 0;
  return {
    priority: 98,
    title: "Not simulated",
    render: (limit) => [
      `### ⚠️ Not simulated (${plural(rows.length, "object")}: their pods are not in the figures)`,
      "",
      mdTable(
        ["Object", "Kind", "Why"],
        rows.map((u) => [
          `${escapeMarkdown(`${u.namespace}/${u.name}`)}<br><sub>${escapeMarkdown(u.source.file)}:${u.source.line}</sub>`,
          escapeMarkdown(u.kind),
          escapeMarkdown(u.reason)
        ]),
        limit
      )
    ].join("\n")
  };
}
function whyNotSection(plan) {
  const unplaced = plan.placements.filter((p) => p.status !== "scheduled");
  const explained = groupUnplaced(unplaced).filter(
    (g) => g.first.status === "unschedulable" && Object.keys(g.first.nodeReasons ?? {}).length > 0
  );
  if (explained.length === 0) return void 0;
  return {
    priority: 85,
    title: "Why not, node by node",
    render: (limit) => details(
      "Why not, node by node",
      explained.slice(0, Math.min(limit, 10)).map(
        ({ first: p }) => `**${escapeMarkdown(`${p.namespace}/${p.workload}`)}** (${escapeMarkdown(p.pod)})
${nodesByReason(p)}`
      ).join("\n\n")
    )
  };
}
function preemptionSection(plan) {
  const preempting = plan.placements.filter((p) => (p.victims ?? []).length > 0);
  if (preempting.length === 0) return void 0;
  return {
    priority: 95,
    title: "Preemption",
    render: (limit) => [
      `### ⚠️ Preemption: ${plural(plan.summary.preempted, "running pod")} evicted`,
      "",
      mdTable(
        ["Incoming pod", "Node", "Evicts"],
        preempting.map((p) => [
          escapeMarkdown(`${p.namespace}/${p.pod}`),
          escapeMarkdown(p.node),
          (p.victims ?? []).map(escapeMarkdown).join(", ")
        ]),
        limit
      )
    ].join("\n")
  };
}
function workloadsSection(plan) {
  const changed = plan.workloads.filter((w) => w.change !== "unchanged");
  const evicted = plan.resources.cluster.preempted;
  if (changed.length === 0 && evicted.pods === 0) return void 0;
  const columns = resourceColumns([
    ...changed.flatMap((w) => [w.requests.before, w.requests.after]),
    evicted.requests
  ]);
  const cells = (before, after) => columns.map((c) => {
    const b = before[c] ?? 0;
    const a = after[c] ?? 0;
    return b === a ? fmt(c, a) : `${fmt(c, b)} → ${fmt(c, a)} (${delta(c, b, a)})`;
  });
  const rows = changed.map((w) => [
    `${CHANGE_ICON[w.change]} ${w.change}`,
    escapeMarkdown(`${w.namespace}/${w.kind}/${w.name}`),
    workloadPods(w, "→"),
    ...cells(w.requests.before, w.requests.after)
  ]);
  if (evicted.pods > 0) {
    rows.push(["⚠️ preempted", "running pods evicted", `${evicted.pods} → 0`, ...cells(evicted.requests, {})]);
  }
  return {
    priority: 90,
    title: "Workloads",
    render: (limit) => {
      const table = mdTable(
        ["", "Workload", "Pods", ...columns.map((c) => `${escapeMarkdown(c)} requests`)],
        rows,
        limit
      );
      return rows.length > FOLD_WORKLOADS ? details(`Workloads changed (${changed.length})`, table) : `### Workloads changed

${table}`;
    }
  };
}
function timelineSection(plan) {
  const timeline = plan.timeline;
  if (!timeline || timeline.jobs.length === 0) return void 0;
  return {
    priority: 80,
    title: "Batch timeline",
    render: (limit) => renderTimelineMarkdown(timeline, {
      escape: escapeMarkdown,
      escapeMermaid,
      ...Number.isFinite(limit) ? { maxRows: limit } : {}
    }),
    brief: `### Batch timeline

${timelineSummaryLine(timeline)}`
  };
}
function placementsSection(plan) {
  const placed = plan.placements.filter((p) => p.status === "scheduled");
  if (placed.length === 0) return void 0;
  return {
    priority: 20,
    title: "Placements",
    render: (limit) => details(
      `Placements (${plural(placed.length, "pod")})`,
      mdTable(
        ["Pod", "Workload", "Node"],
        placed.map((p) => [escapeMarkdown(`${p.namespace}/${p.pod}`), escapeMarkdown(p.workload), escapeMarkdown(p.node)]),
        limit
      )
    )
  };
}
function objectsSection(plan) {
  const otherChanges = plan.diff;
  if (otherChanges.length === 0) return void 0;
  return {
    priority: 30,
    title: "Objects",
    render: (limit) => details(
      `Objects changed (${otherChanges.length})`,
      mdTable(["Change", "Kind", "Object", "What changed"], objectDiffRows(otherChanges), limit)
    )
  };
}
function policySection(plan) {
  return {
    priority: 35,
    title: "Policy",
    render: () => {
      const results = plan.policy.results;
      const checked = new Set(results.map((r) => r.rule));
      const off = OPT_IN.filter((r) => !checked.has(r)).map((r) => RULE_TITLES[r]);
      const lines = results.map(
        (r) => `- ${r.passed ? "✅" : "❌"} **${RULE_TITLES[r.rule]}**: ${escapeMarkdown(r.message)}`
      );
      if (off.length > 0) lines.push(`- ➖ Not checked (opt-in in the config): ${off.join(", ")}`);
      return details(
        `Policy: ${results.filter((r) => r.passed).length} of ${plural(results.length, "rule")} pass`,
        lines.join("\n")
      );
    }
  };
}
function diagnosticList(plan, limit) {
  const ordered = [...plan.diagnostics].sort(
    (a, b) => Number(b.severity === "error") - Number(a.severity === "error")
  );
  return ordered.slice(0, limit).map((d) => `- ${d.severity}: ${escapeMarkdown(d.file)}:${d.line}:${d.column}: ${escapeMarkdown(d.message)}`).join("\n") + (ordered.length > limit ? `
- … and ${ordered.length - limit} more` : "");
}
function inputProblemsSection(plan) {
  if (!plan.diagnostics.some((d) => d.severity === "error")) return void 0;
  return {
    priority: 92,
    title: "Input problems",
    render: (limit) => `### ❌ Input problems (${plan.diagnostics.length})

${diagnosticList(plan, Math.min(limit, 25))}`
  };
}
function inputWarningsSection(plan) {
  if (plan.diagnostics.length === 0 || plan.diagnostics.some((d) => d.severity === "error")) return void 0;
  return {
    priority: 70,
    title: "Input warnings",
    render: (limit) => details(`⚠️ Input warnings (${plan.diagnostics.length})`, diagnosticList(plan, limit))
  };
}

// src/report/markdown-capacity.ts
var CHART_NODES = 30;
function utilisationChart(plan, resource) {
  const withResource = plan.nodes.filter((n) => (n.allocatable[resource] ?? 0) > 0).length;
  const nodes = [...plan.nodes].filter((n) => (n.allocatable[resource] ?? 0) > 0).sort((a, b) => {
    const share = (n) => (n.requested.after[resource] ?? 0) / (n.allocatable[resource] ?? 1);
    return share(b) - share(a) || a.name.localeCompare(b.name);
  }).slice(0, CHART_NODES);
  if (nodes.length === 0) return "";
  const which = withResource > nodes.length ? `, the ${nodes.length} busiest of ${withResource} nodes` : "";
  const pct = (n, when2) => Math.round((n.requested[when2][resource] ?? 0) / (n.allocatable[resource] ?? 1) * 100);
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${escapeMermaid(resource)} requested, % of allocatable (bars after, line before${which})"`,
    `  x-axis [${nodes.map((n) => `"${escapeMermaid(n.name)}"`).join(", ")}]`,
    '  y-axis "%" 0 --> 100',
    `  bar [${nodes.map((n) => Math.min(100, pct(n, "after"))).join(", ")}]`,
    `  line [${nodes.map((n) => Math.min(100, pct(n, "before"))).join(", ")}]`,
    "```"
  ].join("\n");
}
function capacitySection(plan) {
  const advice = plan.advice;
  const skipped = skippedText(advice?.skipped);
  if (!advice || !(advice.headroom.length > 0 || advice.surge.length > 0 || advice.nPlusOne.worstNode || skipped))
    return void 0;
  return {
    priority: 60,
    title: "Capacity",
    render: (limit) => {
      const body = [];
      if (skipped) body.push(`⚠️ ${escapeMarkdown(skipped)}.`);
      if (advice.headroom.length > 0) {
        body.push(
          mdTable(
            ["Workload", "More replicas that fit now"],
            advice.headroom.map((h) => [
              escapeMarkdown(`${h.namespace}/${h.workload}`),
              `${h.more}${h.capped ? "+" : ""}`
            ]),
            limit
          )
        );
      }
      if (advice.surge.length > 0) {
        body.push(
          mdTable(
            ["Rollout", "Surge pods", "Max unavailable", "Extra requests at peak", "Fits"],
            advice.surge.map((s) => [
              escapeMarkdown(`${s.namespace}/${s.workload}`),
              String(s.extraPods),
              String(s.maxUnavailable),
              Object.entries(s.extra).map(([r, v]) => `${fmt(r, v)} ${escapeMarkdown(r)}`).join(", "),
              s.fits ? "✅" : s.maxUnavailable > 0 ? `⚠️ no: old pods go first, ${s.maxUnavailable} at a time` : "❌ no: the rollout stalls (maxUnavailable 0)"
            ]),
            limit
          )
        );
      }
      const n1 = advice.nPlusOne;
      if (n1.worstNode) {
        const mark = plan.policy.results.some((r) => r.rule === "nPlusOne") ? "❌" : "⚠️";
        body.push(
          n1.unplaced === 0 ? `**N+1** ✅: any single node can fail; the hardest case, ${escapeMarkdown(n1.worstNode)}, has ${plural(n1.pods, "pod")} that all fit elsewhere.` : `**N+1** ${mark}: if ${escapeMarkdown(n1.worstNode)} fails, ${n1.unplaced} of its ${plural(n1.pods, "pod")} cannot be placed elsewhere.`
        );
      }
      const alerts = [];
      const stalled = advice.surge.filter((s) => !s.fits && s.maxUnavailable === 0).length;
      const slowed = advice.surge.filter((s) => !s.fits && s.maxUnavailable > 0).length;
      if (stalled > 0) alerts.push(`❌ ${plural(stalled, "rollout")} would stall`);
      if (slowed > 0) alerts.push(`⚠️ ${plural(slowed, "rollout")} cannot surge`);
      if (n1.worstNode && n1.unplaced > 0) alerts.push("⚠️ N+1 at risk");
      const summary = `Capacity: headroom, rollout surge, N+1${alerts.length > 0 ? ` · ${alerts.join(" · ")}` : ""}`;
      return details(summary, body.join("\n\n"));
    }
  };
}
function resourcesSection(plan) {
  const res = plan.resources;
  return {
    priority: 50,
    title: "Resources",
    render: (limit) => {
      const cols = resourceColumns([res.cluster.requests.after, res.cluster.requests.before]);
      const beforeAfter2 = (b, a) => cols.map((c) => (b[c] ?? 0) === (a[c] ?? 0) ? fmt(c, a[c]) : `${fmt(c, b[c])} → ${fmt(c, a[c])}`);
      const body = [
        "**Requests by namespace** (before → after)",
        "",
        res.namespaces.length === 0 ? "No namespace changes its requests." : mdTable(
          ["Namespace", "Pods", ...cols.map(escapeMarkdown), "Quota headroom after"],
          res.namespaces.map((n) => [
            escapeMarkdown(n.namespace),
            n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} → ${n.pods.after}`,
            ...beforeAfter2(n.requests.before, n.requests.after),
            n.quotas.map(
              (q) => `${escapeMarkdown(q.name)}: ${Object.entries(q.headroom).map(
                ([k, v]) => `${escapeMarkdown(k)} ${v < 0 ? "**" : ""}${fmt(k.replace(/^(requests|limits)\./, ""), v)}${v < 0 ? "**" : ""}`
              ).join(", ")}`
            ).join("; ")
          ]),
          limit
        ),
        "",
        "**Requests by node pool** (of allocatable)",
        "",
        mdTable(
          ["Pool", "Nodes", ...cols.map(escapeMarkdown)],
          res.pools.map((p) => [
            escapeMarkdown(p.pool),
            String(p.nodes),
            ...cols.map((c) => {
              const b = usage2(c, p.requests.before, p.allocatable);
              const a = usage2(c, p.requests.after, p.allocatable);
              return b === a ? a : `${b} → ${a}`;
            })
          ]),
          limit
        ),
        "",
        `**Cluster**: requests ${beforeAfter2(res.cluster.requests.before, res.cluster.requests.after).map((v, i) => `${escapeMarkdown(cols[i])} ${v}`).join(", ")}; limits ${beforeAfter2(res.cluster.limits.before, res.cluster.limits.after).map((v, i) => `${escapeMarkdown(cols[i])} ${v}`).join(", ")}.`
      ];
      if (res.overcommit.length > 0) {
        body.push(
          "",
          `**Limit overcommit**: ${res.overcommit.slice(0, limit).map(
            (o) => `${escapeMarkdown(o.node)} ${escapeMarkdown(o.resource)} ${percent(o.limits, o.allocatable)} of allocatable`
          ).join(
            ", "
          )}${res.overcommit.length > limit ? ` and ${res.overcommit.length - limit} more` : ""}.`
        );
      }
      if (res.cost) {
        body.push(
          "",
          `**Cost** of requested resources: ${res.cost.monthlyBefore.toFixed(2)} → ${res.cost.monthlyAfter.toFixed(2)} ${escapeMarkdown(res.cost.currency)} per month.`
        );
      }
      const alerts = [];
      const overQuota = res.namespaces.flatMap((n) => n.quotas).filter((q) => Object.values(q.headroom).some((v) => v < 0));
      if (overQuota.length > 0) alerts.push(`❌ ${plural(overQuota.length, "quota")} over`);
      const overcommitted = new Set(res.overcommit.map((o) => o.node)).size;
      if (overcommitted > 0) alerts.push(`⚠️ limits overcommit ${plural(overcommitted, "node")}`);
      return details(
        `Resource diff: namespaces, pools, cluster${alerts.length > 0 ? ` · ${alerts.join(" · ")}` : ""}`,
        body.join("\n")
      );
    }
  };
}
function nodesSection(plan) {
  const columns = resourceColumns(plan.nodes.flatMap((n) => [n.requested.after, n.allocatable]));
  return {
    priority: 40,
    title: "Nodes",
    render: (limit) => details(
      `Nodes: requested / allocatable, before → after (${plan.nodes.length})`,
      [
        limit >= 25 ? utilisationChart(plan, "cpu") : "",
        mdTable(
          ["Node", "Pool", "Pods", ...columns.map(escapeMarkdown)],
          plan.nodes.map((n) => [
            escapeMarkdown(n.name),
            escapeMarkdown(n.pool ?? "-"),
            n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} → ${n.pods.after}`,
            ...columns.map((c) => {
              const before = usage2(c, n.requested.before, n.allocatable);
              const after = usage2(c, n.requested.after, n.allocatable);
              return before === after ? after : `${before} → **${after}**`;
            })
          ]),
          limit
        )
      ].filter(Boolean).join("\n\n")
    )
  };
}

// src/report/markdown.ts
var MARKDOWN_LIMIT = 65e3;
var KEPT_PRIORITY = 90;
function gpuOf(list2) {
  return Object.entries(list2).filter(([name]) => name.endsWith("/gpu")).reduce((n, [, v]) => n + v, 0);
}
function beforeAfter(resource, before, after) {
  const d = delta(resource, before, after);
  if (d === "0") return `${fmt(resource, after)} (±0)`;
  return `${fmt(resource, before)} → ${fmt(resource, after)} (${d})`;
}
function workloadCounts(plan) {
  const counts = { added: 0, changed: 0, removed: 0 };
  for (const w of plan.workloads) if (w.change !== "unchanged") counts[w.change]++;
  const parts = ["added", "changed", "removed"].filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}`);
  return parts.length > 0 ? `workloads ${parts.join(", ")}` : "no workload changes";
}
function headline(plan) {
  const s = plan.summary;
  const parts = [
    s.pods === 0 ? "no pods to schedule" : `${s.scheduled} of ${plural(s.pods, "pod")} scheduled`
  ];
  if (s.unschedulable) parts.push(`**${s.unschedulable} unschedulable**`);
  if (s.rejected) parts.push(`**${s.rejected} rejected by admission**`);
  if (s.gated) parts.push(`${s.gated} gated`);
  if (s.waiting) parts.push(`⏳ ${s.waiting} waiting for capacity`);
  if (s.preempted) parts.push(`**⚠️ ${plural(s.preempted, "running pod")} preempted**`);
  const unsimulated = plan.unsimulated?.length ?? 0;
  if (unsimulated) parts.push(`**⚠️ ${plural(unsimulated, "object")} not simulated**`);
  parts.push(workloadCounts(plan), `${plural(plan.cluster.nodes, "node")}`);
  const verdict = plan.passed ? "✅ **Passes**" : "❌ **Fails**";
  const req = plan.resources.cluster.requests;
  const costs = [
    `CPU ${beforeAfter("cpu", req.before.cpu, req.after.cpu)}`,
    `memory ${beforeAfter("memory", req.before.memory, req.after.memory)}`
  ];
  const gpuBefore = gpuOf(req.before);
  const gpuAfter = gpuOf(req.after);
  if (gpuBefore || gpuAfter) costs.push(`GPU ${beforeAfter("nvidia.com/gpu", gpuBefore, gpuAfter)}`);
  const cost = plan.resources.cost;
  if (cost) {
    const sign = cost.monthlyDelta > 0 ? "+" : cost.monthlyDelta < 0 ? "−" : "±";
    costs.push(`**${sign}${Math.abs(cost.monthlyDelta).toFixed(2)} ${escapeMarkdown(cost.currency)}/month**`);
  }
  const lines = [`${verdict} · ${parts.join(" · ")}`, "", `**Cluster requests** ${costs.join(" · ")}`];
  const failing = plan.policy.results.filter((r) => !r.passed);
  if (failing.length > 0) {
    lines.push("", ...failing.map((r) => `- ❌ **${RULE_TITLES[r.rule]}**: ${escapeMarkdown(r.message)}`));
  }
  return lines.join("\n");
}
function sections(plan, extra = []) {
  return [
    inputProblemsSection(plan),
    notScheduledSection(plan),
    unsimulatedSection(plan),
    waitingSection(plan),
    whyNotSection(plan),
    preemptionSection(plan),
    workloadsSection(plan),
    timelineSection(plan),
    ...extra.map((e) => ({ priority: e.priority, title: e.title, render: () => e.body })),
    capacitySection(plan),
    resourcesSection(plan),
    nodesSection(plan),
    placementsSection(plan),
    objectsSection(plan),
    policySection(plan),
    inputWarningsSection(plan)
  ].filter((s) => s !== void 0);
}
var LEGEND = `<sub>berth simulated kube-scheduler on this cluster: 🆕 added · ✏️ changed · 🗑️ removed · a → b is before → after · CPU in cores (m = millicores) · ${figuresLegend("→")} · requests are what the scheduler reserves, limits what containers may use.</sub>`;
function renderMarkdown(plan, options = {}) {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const size = options.measure ?? ((text) => text.length);
  const top = [];
  if (options.marker) top.push(options.marker);
  top.push(`## berth plan${options.title ? ` · ${escapeMarkdown(options.title)}` : ""}`, "", headline(plan));
  const head = top.join("\n");
  const all2 = sections(plan, options.extraSections);
  const compose = (kept, rowLimit, note) => [
    head,
    ...all2.flatMap((s) => kept.includes(s) ? [s.render(rowLimit)] : s.brief ? [s.brief] : []),
    ...note ? [note] : [],
    LEGEND
  ].join("\n\n");
  const hint = options.fullReportHint ?? "Run `berth plan --format json` for the full report.";
  for (const rowLimit of [Number.POSITIVE_INFINITY, 100, 25, 5]) {
    const attempt = (kept2) => {
      const dropped = all2.filter((s) => !kept2.includes(s)).map((s) => s.brief ? `${s.title} (but its summary)` : s.title);
      const parts = [];
      if (dropped.length > 0) parts.push(`left out ${dropped.join(", ")}`);
      if (rowLimit !== Number.POSITIVE_INFINITY) parts.push(`tables cut to ${rowLimit} rows`);
      const note = parts.length > 0 ? `> ✂️ Shortened to fit a comment: ${parts.join("; ")}. ${hint}` : null;
      return compose(kept2, rowLimit, note);
    };
    let kept = [...all2];
    const order = [];
    let text = attempt(kept);
    while (size(text) > limit) {
      const droppable = kept.filter((s) => s.priority < KEPT_PRIORITY);
      if (droppable.length === 0) break;
      const victim = droppable.reduce((a, b) => b.priority < a.priority ? b : a);
      kept = kept.filter((s) => s !== victim);
      order.push(victim);
      text = attempt(kept);
    }
    if (size(text) > limit) continue;
    for (const section of order.reverse()) {
      const trial = all2.filter((s) => kept.includes(s) || s === section);
      const candidate = attempt(trial);
      if (size(candidate) <= limit) {
        kept = trial;
        text = candidate;
      }
    }
    return text;
  }
  const briefs = all2.flatMap((s) => s.brief ? [s.brief] : []);
  return [head, ...briefs, `> ✂️ The plan is too large for a comment. ${hint}`, LEGEND].join("\n\n");
}
var JOB_SUMMARY_LIMIT_BYTES = 1e6;
function renderJobSummary(plan, options = {}) {
  return renderMarkdown(plan, {
    ...options,
    limit: options.limit ?? JOB_SUMMARY_LIMIT_BYTES,
    measure: options.measure ?? ((text) => Buffer.byteLength(text, "utf8"))
  });
}

export {
  permissionOf,
  authorize,
  parseClusterRef,
  isInside,
  locate,
  resolveLimits,
  formatBytes,
  MAX_CHART_BYTES,
  kustomizationFileOf,
  kustomizationRefs,
  isComponent,
  referencedFolders,
  folderKindOf,
  COMMENT_MODES,
  DEFAULT_CONFIG_PATH,
  defaultConfig,
  loadConfigFile,
  parseConfig,
  dropDuplicates,
  prettyDiagnostic,
  fileTooLarge,
  loadManifests,
  loadManifestTexts,
  schemaVersion,
  loadCluster,
  addInto2 as addInto,
  compact,
  definitionsIn,
  TIMELINE_POLICIES,
  applyNamespace,
  fmt,
  usage2 as usage,
  percent,
  delta,
  resourceColumns,
  plural,
  runPlan,
  planFromLoaded,
  jsonText,
  renderJson,
  escapeMarkdown,
  fixOptions,
  skippedText,
  admissionFixOptions,
  groupUnplaced,
  workloadPods,
  figuresLegend,
  renderTimelineText,
  MARKDOWN_LIMIT,
  renderMarkdown,
  JOB_SUMMARY_LIMIT_BYTES,
  renderJobSummary
};
