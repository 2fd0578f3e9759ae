#!/usr/bin/env node
import { createRequire as __berthCreateRequire } from 'node:module';
const require = __berthCreateRequire(import.meta.url);
import {
  DEFAULT_CONFIG_PATH,
  MARKDOWN_LIMIT,
  TIMELINE_POLICIES,
  addInto,
  admissionFixOptions,
  applyNamespace,
  compact,
  defaultConfig,
  definitionsIn,
  delta,
  escapeMarkdown,
  figuresLegend,
  fixOptions,
  fmt,
  groupUnplaced,
  jsonText,
  loadCluster,
  loadConfigFile,
  loadManifests,
  parseClusterRef,
  percent,
  planFromLoaded,
  plural,
  prettyDiagnostic,
  renderJson,
  renderMarkdown,
  renderTimelineText,
  resourceColumns,
  runPlan,
  schemaVersion,
  skippedText,
  usage,
  workloadPods
} from "./chunks/chunk-4QXFOE7D.js";
import {
  BERTH_VERSION
} from "./chunks/chunk-75WV544R.js";
import {
  MAX_APPLY_PARALLELISM
} from "./chunks/chunk-4IPIZRZU.js";
import {
  BerthError,
  dns1123Label,
  formatDiagnostic,
  printable
} from "./chunks/chunk-DFJRFF5I.js";
import "./chunks/chunk-442IGSZA.js";

// src/cli/cli.ts
import { parseArgs as parseArgs2 } from "node:util";

// src/report/table.ts
function textTable(header, rows, align = []) {
  const widths = header.map(
    (h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? "")))
  );
  const line = (cells2) => cells2.map((cell, i) => {
    const pad = " ".repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(cell)));
    return align[i] === "right" ? pad + cell : cell + pad;
  }).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
function visibleLength(text) {
  return text.replace(/\u001b\[[0-9;]*m/g, "").length;
}

// src/report/text.ts
function plain(value) {
  return printable(value);
}
function beforeAfter(resource, before, after) {
  const d = delta(resource, before, after);
  return d === "0" ? fmt(resource, after) : `${fmt(resource, before)} -> ${fmt(resource, after)} (${d})`;
}
function fixText(fix) {
  return fix ? fixOptions(fix, plain, "<=").join(" or ") : "";
}
function whatChanged(d) {
  if (d.secret) {
    return d.secret.map(
      (k) => k.change === "changed" ? `key ${plain(k.key)} changed (${k.sizeBefore} -> ${k.sizeAfter} bytes)` : `key ${plain(k.key)} ${k.change} (${k.change === "added" ? k.sizeAfter : k.sizeBefore} bytes)`
    ).join("; ");
  }
  if (d.workload) {
    const w = d.workload;
    const bits = [];
    if (w.replicas) bits.push(`replicas ${w.replicas.before ?? "-"} -> ${w.replicas.after ?? "-"}`);
    for (const img of w.images ?? []) {
      bits.push(`image ${plain(img.container)}: ${plain(img.before ?? "-")} -> ${plain(img.after ?? "-")}`);
    }
    if (w.resources) bits.push("resources");
    if (w.scheduling) bits.push(`scheduling (${w.scheduling.map(plain).join(", ")})`);
    if (w.priorityClassName) {
      bits.push(
        `priorityClassName ${plain(w.priorityClassName.before ?? "-")} -> ${plain(w.priorityClassName.after ?? "-")}`
      );
    }
    return bits.join("; ");
  }
  return d.fields.length > 4 ? `${d.fields.slice(0, 4).map(plain).join(", ")} (+${d.fields.length - 4})` : d.fields.map(plain).join(", ");
}
function renderText(plan, options = {}) {
  const paint = (code) => (s2) => options.color ? `\x1B[${code}m${s2}\x1B[0m` : s2;
  const red = paint(31);
  const green = paint(32);
  const yellow = paint(33);
  const bold = paint(1);
  const dim = paint(2);
  const out = [];
  const section = (title) => out.push("", bold(title));
  const s = plan.summary;
  const verdict = plan.passed ? green("PASS") : red("FAIL");
  const parts = [`${s.pods} pods`, `${s.scheduled} scheduled`];
  if (s.unschedulable) parts.push(red(`${s.unschedulable} unschedulable`));
  if (s.rejected) parts.push(red(`${s.rejected} rejected`));
  if (s.gated) parts.push(yellow(`${s.gated} gated`));
  if (s.waiting) parts.push(yellow(`${s.waiting} waiting for capacity`));
  if (s.preempted) parts.push(yellow(`${plural(s.preempted, "running pod")} preempted`));
  if (plan.unsimulated?.length)
    parts.push(yellow(`${plural(plan.unsimulated.length, "object")} not simulated`));
  out.push(
    `${bold("berth plan")} ${verdict}: ${parts.join(", ")} (cluster ${plain(plan.cluster.source)}: ${plural(plan.cluster.nodes, "node")})`
  );
  const req = plan.resources.cluster.requests;
  const columns = resourceColumns([req.before, req.after]);
  let costLine = `Cluster requests: ${columns.map((c) => `${plain(c)} ${beforeAfter(c, req.before[c], req.after[c])}`).join(", ")}`;
  const cost = plan.resources.cost;
  if (cost) {
    const sign = cost.monthlyDelta > 0 ? "+" : cost.monthlyDelta < 0 ? "-" : "+-";
    costLine += `; cost ${sign}${Math.abs(cost.monthlyDelta).toFixed(2)} ${plain(cost.currency)}/month (${cost.monthlyBefore.toFixed(2)} -> ${cost.monthlyAfter.toFixed(2)})`;
  }
  out.push(costLine);
  section("Policy");
  const checked = new Set(plan.policy.results.map((r) => r.rule));
  out.push(
    textTable(
      ["", "RULE", "RESULT"],
      plan.policy.results.map((r) => [r.passed ? green("ok") : red("FAIL"), r.rule, plain(r.message)])
    )
  );
  const off = ["preemption", "utilization", "nPlusOne", "missedDeadlines", "requireRequests"].filter((r) => !checked.has(r));
  if (off.length > 0) out.push(dim(`not checked (opt-in): ${off.join(", ")}`));
  const waiting = plan.placements.filter((p) => p.status === "waiting");
  if (waiting.length > 0) {
    section(yellow(`Waiting for capacity (${plural(waiting.length, "pod")}: batch work, not a failure)`));
    for (const { first: p, pods } of groupUnplaced(waiting)) {
      const where = p.source ? ` (${plain(p.source.file)}:${p.source.line})` : "";
      const names = pods.slice(0, 5).map((pod) => `${plain(p.namespace)}/${plain(pod)}`);
      const more = pods.length > 5 ? ` and ${pods.length - 5} more` : "";
      out.push(`${yellow("waiting")} ${names.join(", ")}${more} [${plain(p.workload)}]${where}`);
      out.push(`  ${plain(p.reason ?? "")}`);
    }
  }
  const unplaced = plan.placements.filter((p) => p.status !== "scheduled" && p.status !== "waiting");
  if (unplaced.length > 0) {
    section(red(`Not scheduled (${plural(unplaced.length, "pod")})`));
    const fixes = plan.advice?.fixes ?? [];
    for (const { first: p, pods } of groupUnplaced(unplaced)) {
      const where = p.source ? ` (${plain(p.source.file)}:${p.source.line})` : "";
      const names = pods.slice(0, 5).map((pod) => `${plain(p.namespace)}/${plain(pod)}`);
      const more = pods.length > 5 ? ` and ${pods.length - 5} more` : "";
      out.push(`${red(p.status)} ${names.join(", ")}${more} [${plain(p.workload)}]${where}`);
      out.push(`  ${plain(p.reason ?? "")}`);
      const fix = p.status === "rejected" ? admissionFixOptions(plan, p, plain).join(" or ") : fixText(fixes.find((f) => f.namespace === p.namespace && f.workload === p.workload));
      if (fix) out.push(`  ${green("fix:")} ${fix}`);
    }
  }
  const unsimulated = plan.unsimulated ?? [];
  if (unsimulated.length > 0) {
    section(
      yellow(`Not simulated (${plural(unsimulated.length, "object")}: their pods are not in the figures)`)
    );
    for (const u of unsimulated) {
      out.push(
        `${yellow("not simulated")} ${plain(u.namespace)}/${plain(u.name)} [${plain(u.kind)}] (${plain(u.source.file)}:${u.source.line})`
      );
      out.push(`  ${plain(u.reason)}`);
    }
  }
  const preempting = plan.placements.filter((p) => (p.victims ?? []).length > 0);
  if (preempting.length > 0) {
    section(yellow(`Preemption (${plural(s.preempted, "running pod")} evicted)`));
    out.push(
      textTable(
        ["POD", "NODE", "EVICTS"],
        preempting.map((p) => [
          `${plain(p.namespace)}/${plain(p.pod)}`,
          plain(p.node ?? ""),
          (p.victims ?? []).map(plain).join(", ")
        ])
      )
    );
  }
  const changed = plan.workloads.filter((w) => w.change !== "unchanged");
  const evicted = plan.resources.cluster.preempted;
  if (changed.length > 0 || evicted.pods > 0) {
    section("Workloads");
    const cols = resourceColumns([
      ...changed.flatMap((w) => [w.requests.before, w.requests.after]),
      evicted.requests
    ]);
    const rows = changed.map((w) => [
      w.change,
      plain(w.namespace),
      `${plain(w.kind)}/${plain(w.name)}`,
      workloadPods(w, "->"),
      ...cols.map((c) => beforeAfter(c, w.requests.before[c], w.requests.after[c]))
    ]);
    if (evicted.pods > 0) {
      rows.push([
        "preempted",
        "-",
        "running pods evicted",
        `${evicted.pods} -> 0`,
        ...cols.map((c) => beforeAfter(c, evicted.requests[c], 0))
      ]);
    }
    out.push(
      textTable(
        ["CHANGE", "NAMESPACE", "WORKLOAD", "PODS", ...cols.map((c) => `${plain(c).toUpperCase()} REQUESTS`)],
        rows,
        ["left", "left", "left", "right"]
      )
    );
  }
  if (plan.diff.length > 0) {
    section("Objects changed");
    out.push(
      textTable(
        ["CHANGE", "KIND", "OBJECT", "WHAT"],
        plan.diff.map((d) => [
          d.change,
          plain(d.kind),
          plain(d.namespace ? `${d.namespace}/${d.name}` : d.name),
          whatChanged(d)
        ])
      )
    );
  }
  const res = plan.resources;
  if (res.namespaces.length > 0) {
    section("Requests by namespace");
    const cols = resourceColumns(res.namespaces.flatMap((n) => [n.requests.before, n.requests.after]));
    out.push(
      textTable(
        ["NAMESPACE", "PODS", ...cols.map((c) => plain(c).toUpperCase()), "QUOTA HEADROOM AFTER"],
        res.namespaces.map((n) => [
          plain(n.namespace),
          n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} -> ${n.pods.after}`,
          ...cols.map((c) => beforeAfter(c, n.requests.before[c], n.requests.after[c])),
          n.quotas.map(
            (q) => `${plain(q.name)}: ${Object.entries(q.headroom).map(([k, v]) => {
              const text = `${plain(k)} ${fmt(k.replace(/^(requests|limits)\./, ""), v)}`;
              return v < 0 ? red(text) : text;
            }).join(", ")}`
          ).join("; ")
        ]),
        ["left", "right"]
      )
    );
  }
  if (res.pools.length > 0) {
    section("Requests by node pool (of allocatable)");
    const cols = resourceColumns(res.pools.flatMap((p) => [p.requests.after, p.allocatable]));
    out.push(
      textTable(
        ["POOL", "NODES", ...cols.map((c) => plain(c).toUpperCase())],
        res.pools.map((p) => [
          plain(p.pool),
          String(p.nodes),
          ...cols.map((c) => {
            const b = usage(c, p.requests.before, p.allocatable);
            const a = usage(c, p.requests.after, p.allocatable);
            return b === a ? a : `${b} -> ${a}`;
          })
        ]),
        ["left", "right"]
      )
    );
  }
  if (res.overcommit.length > 0) {
    out.push(
      yellow(
        `Limit overcommit: ${res.overcommit.map((o) => `${plain(o.node)} ${plain(o.resource)} ${percent(o.limits, o.allocatable)}`).join(", ")}`
      )
    );
  }
  const advice = plan.advice;
  const skipped = skippedText(advice?.skipped);
  if (advice && (advice.headroom.length > 0 || advice.surge.length > 0 || advice.nPlusOne.worstNode || skipped)) {
    section("Capacity");
    if (skipped) out.push(yellow(skipped));
    if (advice.headroom.length > 0) {
      out.push(
        `headroom: ${advice.headroom.map((h) => `${plain(h.namespace)}/${plain(h.workload)} +${h.more}${h.capped ? " or more" : ""}`).join(", ")}`
      );
    }
    for (const sg of advice.surge) {
      const extra = Object.entries(sg.extra).map(([r, v]) => `${fmt(r, v)} ${plain(r)}`).join(", ");
      out.push(
        `rollout ${plain(sg.namespace)}/${plain(sg.workload)}: ${plural(sg.extraPods, "surge pod")} (${extra}), max unavailable ${sg.maxUnavailable}: ${sg.fits ? green("fits") : sg.maxUnavailable > 0 ? yellow(`does not fit, old pods go first (${sg.maxUnavailable} at a time)`) : red("does not fit, the rollout stalls (maxUnavailable 0)")}`
      );
    }
    const n1 = advice.nPlusOne;
    if (n1.worstNode) {
      out.push(
        n1.unplaced === 0 ? `N+1: ${green("ok")}, any single node can fail (hardest: ${plain(n1.worstNode)}, ${plural(n1.pods, "pod")})` : `N+1: ${(checked.has("nPlusOne") ? red : yellow)("at risk")}, if ${plain(n1.worstNode)} fails, ${n1.unplaced} of its ${plural(n1.pods, "pod")} cannot be placed elsewhere`
      );
    }
  }
  const nodeColumns = resourceColumns(plan.nodes.flatMap((n) => [n.requested.after, n.allocatable]));
  section("Nodes (requested/allocatable, before -> after)");
  out.push(
    textTable(
      ["NODE", "POOL", "PODS", ...nodeColumns.map((c) => plain(c).toUpperCase())],
      plan.nodes.map((n) => [
        plain(n.name),
        plain(n.pool ?? "-"),
        n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} -> ${n.pods.after}`,
        ...nodeColumns.map((c) => {
          const before = usage(c, n.requested.before, n.allocatable);
          const after = usage(c, n.requested.after, n.allocatable);
          return before === after ? after : `${before} -> ${after}`;
        })
      ]),
      ["left", "left", "right"]
    )
  );
  const placed = plan.placements.filter((p) => p.status === "scheduled");
  if (placed.length > 0) {
    section("Placements");
    out.push(
      textTable(
        ["NAMESPACE", "WORKLOAD", "POD", "NODE"],
        placed.map((p) => [plain(p.namespace), plain(p.workload), plain(p.pod), plain(p.node ?? "")])
      )
    );
  }
  if (plan.diagnostics.length > 0) {
    section("Diagnostics");
    for (const d of plan.diagnostics) {
      const line = plain(formatDiagnostic(d));
      out.push(d.severity === "error" ? red(line) : yellow(line));
    }
  }
  out.push("", dim(`Figures: ${figuresLegend("->")}.`));
  return `${out.join("\n")}
`;
}

// src/cli/apply.ts
import { parseArgs } from "node:util";

// src/report/apply.ts
function renderApplyJson(result) {
  return `${JSON.stringify(result, null, 2)}
`;
}
function objectName(o) {
  const type = o.group ? `${o.kind}.${o.group}` : o.kind;
  return `${type} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
}
function detail(o, quote) {
  const bits = [];
  if (o.keys && o.keys.length > 0) {
    bits.push(
      o.keys.map((k) => `key ${quote(k.key)} ${k.change}${k.size === void 0 ? "" : ` (${k.size} bytes)`}`).join(", ")
    );
  } else if (o.fields && o.fields.length > 0) {
    const shown = o.fields.slice(0, 6).map(quote).join(", ");
    bits.push(o.fields.length > 6 ? `${shown} (+${o.fields.length - 6})` : shown);
  }
  for (const c of o.conflicts ?? []) {
    bits.push(
      `conflict: ${quote(c.field)} is owned by ${quote(c.manager)}${c.hint ? ` (${quote(c.hint)})` : ""}`
    );
  }
  if (o.message && !(o.conflicts && o.conflicts.length > 0)) bits.push(quote(o.message));
  for (const w of o.warnings ?? []) bits.push(`warning: ${quote(w)}`);
  if (o.health && o.health.status !== "Current") bits.push(`${o.health.status}: ${quote(o.health.message)}`);
  return bits.join("; ");
}
function headline(r) {
  const s = r.summary;
  const parts = [];
  for (const k of ["created", "configured", "unchanged", "pruned", "failed", "skipped"]) {
    if (s[k] > 0) parts.push(`${s[k]} ${k}`);
  }
  if (s.unhealthy > 0) parts.push(`${s.unhealthy} unhealthy`);
  if (s.notAttempted > 0) parts.push(`${s.notAttempted} not attempted`);
  const warned = r.objects.filter((o) => o.warnings && o.warnings.length > 0).length;
  if (warned > 0) parts.push(`${warned} with warnings`);
  const verdict = r.dryRun ? r.summary.failed > 0 ? "DRY RUN FAILED" : "DRY RUN" : r.success ? "APPLIED" : r.summary.failed > 0 || r.stoppedAt !== "done" ? "FAILED" : "UNHEALTHY";
  return { verdict, counts: parts.join(", ") || "nothing to do" };
}
function renderApplyText(r, options = {}) {
  const paint = (code) => (s) => options.color ? `\x1B[${code}m${s}\x1B[0m` : s;
  const red = paint(31);
  const green = paint(32);
  const bold = paint(1);
  const { verdict, counts } = headline(r);
  const out = [];
  const ok = verdict === "APPLIED" || verdict === "DRY RUN";
  out.push(
    `${bold("berth apply")} ${ok ? green(verdict) : red(verdict)}: ${counts} (cluster ${plain(r.cluster.context)}@${plain(r.cluster.host)}, ApplySet ${plain(r.applySet.namespace)}/${plain(r.applySet.parent)})`
  );
  if (r.forceConflicts) out.push("--force-conflicts: fields owned by other managers were taken over");
  if (r.stages.length > 0)
    out.push(`stages: ${r.stages.map((s) => `${s.name} ${s.objects} ${s.outcome}`).join(", ")}`);
  if (r.prune.refused) out.push(red(`prune refused: ${plain(r.prune.refused)}`));
  for (const m of r.messages) out.push(red(plain(m)));
  const width = Math.max(...r.objects.map((o) => o.outcome.length), 9);
  for (const o of r.objects) {
    const where = o.source ? ` (${plain(o.source.file)}:${o.source.line})` : "";
    const text = detail(o, plain);
    const label = o.outcome.padEnd(width);
    const coloured = o.outcome === "failed" ? red(label) : label;
    out.push(`${coloured} ${plain(objectName(o))}${where}${text ? `: ${text}` : ""}`);
  }
  return `${out.join("\n")}
`;
}
var ICON = {
  created: "🆕",
  configured: "✏️",
  unchanged: "➖",
  pruned: "🗑️",
  failed: "❌",
  skipped: "⏭️"
};
function renderApplyMarkdown(r, options = {}) {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const { verdict, counts } = headline(r);
  const icon = verdict === "APPLIED" || verdict === "DRY RUN" ? "✅" : "❌";
  const head = [
    `## ${escapeMarkdown(options.title ?? "berth apply")}`,
    "",
    `${icon} **${verdict}** · ${escapeMarkdown(counts)} · ApplySet ${escapeMarkdown(r.applySet.namespace)}/${escapeMarkdown(r.applySet.parent)}`
  ];
  if (r.forceConflicts)
    head.push("", "⚠️ `--force-conflicts`: fields owned by other managers were taken over.");
  if (r.prune.refused) head.push("", `❌ Prune refused: ${escapeMarkdown(r.prune.refused)}`);
  for (const m of r.messages) head.push("", `❌ ${escapeMarkdown(m)}`);
  if (r.stages.length > 0)
    head.push("", `Stages: ${r.stages.map((s) => `${s.name} (${s.objects}) ${s.outcome}`).join(" → ")}`);
  const rank = {
    failed: 0,
    skipped: 1,
    pruned: 2,
    configured: 3,
    created: 4,
    unchanged: 5
  };
  const rows = [...r.objects].sort((a, b) => (rank[a.outcome] ?? 9) - (rank[b.outcome] ?? 9)).map(
    (o) => `| ${ICON[o.outcome] ?? ""} ${o.outcome} | ${escapeMarkdown(o.group ? `${o.kind}.${o.group}` : o.kind)} | ${escapeMarkdown(`${o.namespace ? `${o.namespace}/` : ""}${o.name}`)} | ${detail(o, escapeMarkdown) || "—"} |`
  );
  const table = (n) => {
    const lines = [
      "| Result | Kind | Object | What changed |",
      "| --- | --- | --- | --- |",
      ...rows.slice(0, n)
    ];
    if (n < rows.length) lines.push(`| … and ${plural(rows.length - n, "more object")} | | | |`);
    return lines.join("\n");
  };
  let shown = rows.length;
  let body = `${head.join("\n")}

${table(shown)}
`;
  while (body.length > limit && shown > 0) {
    shown = Math.max(0, Math.floor(shown * 0.8) - 1);
    body = `${head.join("\n")}

${table(shown)}
`;
  }
  return body;
}

// src/cli/args.ts
import { lstat } from "node:fs/promises";
function spreadPaths(args, multi) {
  const out = [];
  let i = 0;
  while (i < args.length) {
    const arg = args[i];
    if (arg === "--") {
      out.push(...args.slice(i));
      break;
    }
    out.push(arg);
    i++;
    if (!multi.has(arg) || i >= args.length) continue;
    out.push(args[i]);
    i++;
    while (i < args.length && isPathArgument(args[i])) {
      out.push(arg, args[i]);
      i++;
    }
  }
  return out;
}
function isPathArgument(arg) {
  return arg === "-" || !arg.startsWith("-");
}
function wantsHelp(args) {
  for (const arg of args) {
    if (arg === "--") return false;
    if (arg === "-h" || arg === "--help") return true;
  }
  return false;
}
function hasGlobSyntax(path) {
  return /[*?[\]{}]/.test(path);
}
async function requireExisting(option, paths) {
  for (const path of paths) {
    if (path === void 0 || path === "-" || path.startsWith("!") || hasGlobSyntax(path)) continue;
    const exists = await lstat(path).then(
      () => true,
      () => false
    );
    if (!exists) throw new BerthError("usage", `${option} ${printable(path)}: no such file or directory`);
  }
}

// src/cli/files.ts
import { lstat as lstat2 } from "node:fs/promises";
import { resolve } from "node:path";
function readScope(values) {
  return {
    root: resolve(values.root ?? "."),
    allowOutsideRoot: values["allow-outside-root"] === true,
    outsideHint: "pass --root <dir> or --allow-outside-root to read it"
  };
}
async function readConfig(path, files) {
  if (path) return loadConfigFile(path, files);
  const present = await lstat2(DEFAULT_CONFIG_PATH).then(
    () => true,
    () => false
  );
  if (!present) return { config: defaultConfig(), diagnostics: [] };
  return loadConfigFile(DEFAULT_CONFIG_PATH, files);
}
function printDiagnostics(diagnostics, io, sources) {
  for (const d of diagnostics) {
    io.stderr.write(`${prettyDiagnostic(d, sources.get(d.file))}
`);
  }
}
function wantsColor(stream, env) {
  const force = env.FORCE_COLOR;
  if (force !== void 0) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== void 0 && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

// src/cli/apply.ts
var APPLY_USAGE = `Usage: berth apply --cluster live|context:<name> --head <path>... [options]
  -f, --head <path>...  manifests: files, directories, globs, - for standard input; several
                        after one --head or --head repeated; !<pattern> leaves files out
  --applyset <name>     ApplySet parent Secret (default: apply.applySet, berth)
  -n, --namespace <ns>  for namespaced objects that name none (default: apply.namespace, default);
                        an object naming another namespace is an error
  --dry-run             show what would change; write nothing
  --prune               delete members of the ApplySet that left the manifests
  --prune-confirm       allow pruning more than apply.maxPrune objects (default 10)
  --force-conflicts     take over fields other field managers own (reported)
  --wait <duration>     wait for health, e.g. 5m (default); --no-wait to return at once
  --ignore-policy       apply even when the plan fails policy
  --parallel <n>        requests in flight at most (default: apply.parallelism, 32)
  --format <f>          text (default), json or markdown
  --config <file>       berth config (default: .github/berth.yml when it exists)
  --kubeconfig <file>   kubeconfig (default: KUBECONFIG, ~/.kube/config)
  --root <dir>          manifests and config must resolve inside it (default: the working directory)
  --allow-outside-root  read files outside --root
  -h, --help            show this help
Exit codes: 0 applied and healthy, 1 applied but failed, unhealthy, timed out or in conflict,
2 bad input or refused before anything was written.
`;
var APPLY_OPTIONS = {
  cluster: { type: "string", short: "c" },
  head: { type: "string", multiple: true, short: "f" },
  applyset: { type: "string" },
  namespace: { type: "string", short: "n" },
  "dry-run": { type: "boolean" },
  prune: { type: "boolean" },
  "prune-confirm": { type: "boolean" },
  "force-conflicts": { type: "boolean" },
  wait: { type: "string" },
  "no-wait": { type: "boolean" },
  "ignore-policy": { type: "boolean" },
  parallel: { type: "string" },
  format: { type: "string", short: "o" },
  config: { type: "string" },
  kubeconfig: { type: "string" },
  root: { type: "string" },
  "allow-outside-root": { type: "boolean" }
};
function parseWait(text) {
  if (!/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(text)) return void 0;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    ms += Number(n) * { ms: 1, s: 1e3, m: 6e4, h: 36e5 }[unit];
  }
  return ms;
}
function reporter(io) {
  const tty = io.stderr.isTTY === true;
  let last = "";
  return {
    show: (e) => {
      const what = `${e.phase}${e.stage ? ` ${e.stage}` : ""}`;
      if (tty) {
        const waiting = e.waitingOn ? `, waiting on ${plain(e.waitingOn)}` : "";
        io.stderr.write(`\r\x1B[K berth: ${what} ${e.done}/${e.total}${waiting}`.slice(0, 200));
      } else if (what !== last) {
        io.stderr.write(`berth: ${what} (${e.total} objects)
`);
      }
      last = what;
    },
    clear: () => {
      if (tty) io.stderr.write("\r\x1B[K");
    }
  };
}
function usage2(io, message) {
  io.stderr.write(`berth apply: ${message}

${APPLY_USAGE}`);
  return 2;
}
async function applyCommand(args, io) {
  let values;
  try {
    ({ values } = parseArgs({ args, options: APPLY_OPTIONS, strict: true }));
  } catch (error) {
    return usage2(io, error.message);
  }
  const cluster = values.cluster;
  if (!cluster) return usage2(io, "--cluster live or --cluster context:<name> is required");
  const ref = parseClusterRef(cluster);
  if (!ref.ok) return usage2(io, `--cluster: ${ref.message}`);
  if (ref.ref.kind !== "live") {
    return usage2(
      io,
      `--cluster must be live or context:<name> (apply writes to a live cluster), not "${cluster}"`
    );
  }
  const { context } = ref.ref;
  if (!values.head || values.head.length === 0) return usage2(io, "--head <path> is required");
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json" && format !== "markdown") {
    return usage2(io, `--format must be text, json or markdown, not "${format}"`);
  }
  let parallelism;
  if (values.parallel !== void 0) {
    parallelism = Number(values.parallel);
    if (!/^\d+$/.test(values.parallel) || parallelism < 1 || parallelism > MAX_APPLY_PARALLELISM)
      return usage2(
        io,
        `--parallel must be a whole number from 1 to ${MAX_APPLY_PARALLELISM}, not "${values.parallel}"`
      );
  }
  let waitMs = 5 * 6e4;
  if (values["no-wait"]) waitMs = 0;
  else if (values.wait) {
    const parsed = parseWait(values.wait);
    if (parsed === void 0)
      return usage2(io, `--wait must be a duration such as 5m or 90s, not "${values.wait}"`);
    waitMs = parsed;
  }
  try {
    const files = { scope: readScope(values), sources: /* @__PURE__ */ new Map() };
    await requireExisting("--head", values.head);
    await requireExisting("--config", [values.config]);
    const { config, diagnostics: configDiagnostics } = await readConfig(values.config, files);
    printDiagnostics(configDiagnostics, io, files.sources);
    if (configDiagnostics.some((d) => d.severity === "error")) return 2;
    const head = await loadManifests(values.head, {
      limits: config.limits,
      stdin: io.stdin,
      render: {
        folders: config.render,
        env: io.env,
        ...values.namespace !== void 0 ? { namespace: values.namespace } : {}
      },
      ...files
    });
    if (values.namespace !== void 0)
      head.diagnostics.push(...applyNamespace(head.objects, values.namespace, definitionsIn(head.objects)));
    if (head.diagnostics.some((d) => d.severity === "error")) {
      printDiagnostics(head.diagnostics, io, files.sources);
      io.stderr.write("berth apply: the manifests have errors; nothing was applied\n");
      return 2;
    }
    const live = {
      ...values.kubeconfig ? { kubeconfig: values.kubeconfig } : {},
      ...context !== void 0 ? { context } : {}
    };
    const { show, clear } = reporter(io);
    show({ phase: "validation", done: 0, total: head.objects.length });
    const { readLiveCluster } = await import("./chunks/live-4U7G4FA4.js");
    const read = await readLiveCluster(live);
    const plan = planFromLoaded({
      clusterSource: `${read.source.context}@${read.source.host}`,
      cluster: read.cluster,
      head,
      base: void 0,
      diagnostics: read.diagnostics,
      config,
      skipAdvice: true
    });
    if (!plan.passed && !values["ignore-policy"]) {
      clear();
      io.stderr.write(renderText(plan));
      io.stderr.write(
        "berth apply: the plan fails policy; nothing was applied (use --ignore-policy to apply anyway)\n"
      );
      return 2;
    }
    const { runApply } = await import("./chunks/apply-7LWGANST.js");
    const outcome = await runApply({
      objects: head.objects,
      cluster: { ...live, parallelism: parallelism ?? config.apply.parallelism },
      applySet: values.applyset ?? config.apply.applySet,
      inventoryNamespace: config.apply.inventoryNamespace,
      namespace: values.namespace ?? config.apply.namespace,
      allowKinds: config.apply.allowKinds,
      pruneKinds: config.apply.pruneKinds,
      maxPrune: config.apply.maxPrune,
      dryRun: values["dry-run"] === true,
      prune: values.prune === true,
      pruneConfirm: values["prune-confirm"] === true,
      forceConflicts: values["force-conflicts"] === true,
      waitMs,
      version: BERTH_VERSION,
      progress: show
    });
    clear();
    if (!outcome.result) {
      printDiagnostics(outcome.diagnostics, io, files.sources);
      io.stderr.write(`berth apply: ${outcome.refused ?? "refused"}
`);
      return 2;
    }
    printDiagnostics(outcome.diagnostics, io, files.sources);
    io.stdout.write(render(outcome.result, format, io));
    return outcome.result.success ? 0 : 1;
  } catch (error) {
    if (error instanceof BerthError) {
      io.stderr.write(`berth apply: ${error.message}
`);
      return 2;
    }
    throw error;
  }
}
function render(result, format, io) {
  if (format === "json") return renderApplyJson(result);
  if (format === "markdown") return renderApplyMarkdown(result);
  return renderApplyText(result, { color: wantsColor(io.stdout, io.env) });
}

// src/cli/completion.ts
var DESCRIPTIONS = {
  plan: "Plan where the pods of the changed workloads land on a cluster",
  explain: "Show why one pod of a plan lands where it does, or fits nowhere",
  status: "Show allocatable, requests and limits per node and namespace",
  snapshot: "Write a live cluster as a snapshot file",
  apply: "Apply the manifests to a live cluster",
  completion: "Print a shell completion script",
  help: "Show help, or a command's"
};
function flags(name, option) {
  return option.short ? [`--${name}`, `-${option.short}`] : [`--${name}`];
}
function commandFlags(options) {
  return [...Object.entries(options).flatMap(([name, o]) => flags(name, o)), "--help", "-h"];
}
function wordList(words) {
  return `"${words.join("\n")}"`;
}
function bash(spec) {
  const commands = Object.keys(spec.commands);
  const cases = Object.entries(spec.commands).map(([command, options]) => {
    const valueCases = Object.entries(options).filter(([, o]) => o.type === "string").map(([name, o]) => {
      const words = spec.values[name];
      if (spec.texts.includes(name)) return `        ${flags(name, o).join("|")}) COMPREPLY=(); return ;;`;
      const reply = spec.directories.includes(name) ? 'compgen -d -- "$cur"' : words ? `compgen -W ${wordList(words)} -- "$cur"${name === "cluster" ? '; compgen -f -- "$cur"' : ""}` : 'compgen -f -- "$cur"';
      return `        ${flags(name, o).join("|")}) COMPREPLY=($(${reply})); return ;;`;
    });
    const positional = spec.values[command];
    const rest = positional ? `compgen -W ${wordList(positional)} -- "$cur"` : 'compgen -f -- "$cur"';
    return [
      `    ${command})`,
      ...valueCases.length > 0 ? ['      case "$prev" in', ...valueCases, "      esac"] : [],
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W ${wordList(commandFlags(options))} -- "$cur")); return; fi`,
      `      COMPREPLY=($(${rest})) ;;`
    ].join("\n");
  });
  return `# bash completion for berth: source <(berth completion bash)
_berth() {
  local IFS=$'\\n'
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${wordList([...commands, "--help", "--version"])} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
  esac
}
complete -o filenames -o bashdefault -F _berth berth
`;
}
function quoted(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
function zsh(spec) {
  const described = Object.keys(spec.commands).map((c) => quoted(`${c}:${DESCRIPTIONS[c] ?? c}`));
  const cases = Object.entries(spec.commands).map(([command, options]) => {
    const args = Object.entries(options).map(([name, o]) => {
      const names = o.short ? `{-${o.short},--${name}}` : `--${name}`;
      const repeat = o.type === "string" && (name === "head" || name === "base") ? "'*'" : "";
      if (o.type === "boolean") return `${repeat}${names}`;
      const words = spec.values[name];
      const action = spec.texts.includes(name) ? " " : spec.directories.includes(name) ? "_directories" : words ? `(${words.map((w) => w.replaceAll(":", "\\:")).join(" ")})` : "_files";
      return `${repeat}${names}'[]:${name}:${action}'`;
    });
    const positional = spec.values[command];
    args.push(positional ? quoted(`*:${command}:(${positional.join(" ")})`) : "'*:path:_files'");
    return `    ${command}) _arguments -s ${args.join(" ")} ;;`;
  });
  return `#compdef berth
# zsh completion for berth: source <(berth completion zsh)
_berth() {
  local -a commands
  commands=(${described.join(" ")})
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
${cases.join("\n")}
  esac
}
if [[ $funcstack[1] == _berth ]]; then _berth "$@"; else compdef _berth berth; fi
`;
}
function fish(spec) {
  const lines = [
    "# fish completion for berth: berth completion fish | source",
    "complete -c berth -f",
    "complete -c berth -n __fish_use_subcommand -l version -d 'Print the version'",
    ...Object.keys(spec.commands).map(
      (c) => `complete -c berth -n __fish_use_subcommand -a ${c} -d ${quoted(DESCRIPTIONS[c] ?? c)}`
    )
  ];
  for (const [command, options] of Object.entries(spec.commands)) {
    const when = `-n '__fish_seen_subcommand_from ${command}'`;
    for (const [name, o] of Object.entries(options)) {
      const short = o.short ? ` -s ${o.short}` : "";
      const words = spec.values[name];
      const takes = o.type === "boolean" ? "" : spec.texts.includes(name) ? " -x" : spec.directories.includes(name) ? " -r -a '(__fish_complete_directories)'" : words ? ` -x -a ${quoted(words.join(" "))}` : " -r -F";
      lines.push(`complete -c berth ${when}${short} -l ${name}${takes}`);
    }
    const positional = spec.values[command];
    lines.push(
      positional ? `complete -c berth ${when} -x -a ${quoted(positional.join(" "))}` : `complete -c berth ${when} -F`
    );
  }
  return `${lines.join("\n")}
`;
}
function completionScript(shell, spec) {
  if (shell === "bash") return bash(spec);
  if (shell === "zsh") return zsh(spec);
  return fish(spec);
}

// src/cli/explain.ts
function explainPod(plan, ref) {
  const [namespace, pod] = ref.includes("/") ? ref.split("/", 2) : ["default", ref];
  const placement = plan.placements.find((x) => x.namespace === namespace && x.pod === pod);
  if (!placement) {
    const names = plan.placements.slice(0, 10).map((x) => `${printable(x.namespace)}/${printable(x.pod)}`);
    const listed = names.length === 0 ? "The plan has no pods." : `Pods in the plan: ${names.join(", ")}${plan.placements.length > names.length ? ", …" : ""}`;
    return {
      found: false,
      text: `berth explain: no pod ${printable(namespace)}/${printable(pod)} in this plan. ${listed}
`
    };
  }
  const lines = [`Pod ${printable(namespace)}/${printable(pod)} (${printable(placement.workload)})`];
  if (placement.source) lines.push(`Defined at ${printable(placement.source.file)}:${placement.source.line}`);
  lines.push(
    `Requests: ${Object.entries(placement.requests).map(([r, v]) => `${printable(r)}=${fmt(r, v)}`).join(", ") || "none"}`
  );
  if (placement.node) {
    lines.push(`Scheduled on ${printable(placement.node)}.`);
    if (placement.victims?.length) lines.push(`Preempts: ${placement.victims.map((v) => printable(v)).join(", ")}`);
  } else {
    lines.push(`Not scheduled (${placement.status}): ${printable(placement.reason ?? "")}`);
    const reasons = placement.nodeReasons ?? {};
    const rows = Object.keys(reasons).sort().map((node) => [printable(node), printable((reasons[node] ?? []).join("; "))]);
    if (rows.length > 0) lines.push("", textTable(["NODE", "WHY NOT"], rows));
    const fix = plan.advice?.fixes.find(
      (f) => f.namespace === namespace && f.workload === placement.workload
    );
    const options = fix ? fixOptions(fix, (text) => printable(text), "<=") : [];
    if (options.length > 0) lines.push("", `Smallest fix: ${options.join(", or ")}.`);
  }
  return { found: true, text: `${lines.join("\n")}
` };
}

// src/cli/status.ts
function clusterStatus(cluster, label) {
  const nodes = /* @__PURE__ */ new Map();
  for (const n of cluster.nodes) {
    nodes.set(n.name, {
      name: n.name,
      pool: n.pool ?? null,
      pods: 0,
      allocatable: compact(n.allocatable),
      requests: {},
      limits: {}
    });
  }
  const namespaces = /* @__PURE__ */ new Map();
  const total = { name: "*", pods: 0, allocatable: {}, requests: {}, limits: {} };
  for (const n of cluster.nodes) addInto(total.allocatable, n.allocatable);
  for (const pod of cluster.pods) {
    const node = pod.nodeName ? nodes.get(pod.nodeName) : void 0;
    if (node) {
      node.pods++;
      addInto(node.requests, pod.requests);
      addInto(node.limits, pod.limits);
    }
    const ns = namespaces.get(pod.namespace) ?? {
      name: pod.namespace,
      pods: 0,
      allocatable: {},
      requests: {},
      limits: {}
    };
    ns.pods++;
    addInto(ns.requests, pod.requests);
    addInto(ns.limits, pod.limits);
    namespaces.set(pod.namespace, ns);
    total.pods++;
    addInto(total.requests, pod.requests);
    addInto(total.limits, pod.limits);
  }
  const tidy = (r) => ({
    ...r,
    requests: compact(r.requests),
    limits: compact(r.limits)
  });
  return {
    cluster: label,
    total: tidy({ ...total, allocatable: compact(total.allocatable) }),
    nodes: [...nodes.values()].map(tidy),
    namespaces: [...namespaces.values()].sort((a, b) => a.name.localeCompare(b.name)).map(tidy)
  };
}
function share(amount, of) {
  return of ? percent(amount, of) : "-";
}
function cells(row, resources, allocatable) {
  return resources.flatMap((r) => [
    `${fmt(r, row.requests[r])} (${share(row.requests[r] ?? 0, allocatable[r])})`,
    `${fmt(r, row.limits[r])} (${share(row.limits[r] ?? 0, allocatable[r])})`
  ]);
}
function renderStatus(status, format) {
  if (format === "json") return jsonText(status);
  const resources = resourceColumns([status.total.allocatable, status.total.requests]);
  const header = resources.flatMap((r) => [`${r} requests`, `${r} limits`]);
  const nodeRows = [status.total, ...status.nodes].map((n) => [
    n.name,
    n.pool ?? "",
    `${n.pods}/${n.allocatable.pods ?? 0}`,
    ...resources.map((r) => fmt(r, n.allocatable[r])),
    ...cells(n, resources, n.allocatable)
  ]);
  const nsRows = status.namespaces.map((n) => [
    n.name,
    String(n.pods),
    ...cells(n, resources, status.total.allocatable)
  ]);
  const nodeHeader = ["node", "pool", "pods", ...resources.map((r) => `${r} allocatable`), ...header];
  const nsHeader = ["namespace", "pods", ...header];
  if (format === "markdown") {
    const table = (h, rows) => [
      `| ${h.map(escapeMarkdown).join(" | ")} |`,
      `|${h.map(() => " --- ").join("|")}|`,
      ...rows.map((r) => `| ${r.map(escapeMarkdown).join(" | ")} |`)
    ].join("\n");
    return `## Cluster ${escapeMarkdown(status.cluster)}

${table(nodeHeader, nodeRows)}

### Namespaces (share of cluster allocatable)

${table(nsHeader, nsRows)}
`;
  }
  const text = (rows) => rows.map((r) => r.map((cell) => printable(cell)));
  return `Cluster ${printable(status.cluster)}

${textTable(
    nodeHeader.map((h) => printable(h.toUpperCase())),
    text(nodeRows)
  )}

Namespaces (share of cluster allocatable)
${textTable(
    nsHeader.map((h) => printable(h.toUpperCase())),
    text(nsRows)
  )}
`;
}

// src/cli/usage.ts
var USAGE = `Usage: berth <command> [options]

Commands:
  plan        Plan where the pods of the changed workloads land on a cluster
  explain     Show why one pod of a plan lands where it does, or fits nowhere
  status      Show allocatable, requests and limits per node and namespace
  snapshot    Write a live cluster as a snapshot file
  apply       Apply the manifests to a live cluster: staged server-side apply, health, prune
  completion  Print a shell completion script (bash, zsh or fish)
  help        Show this help, or a command's: berth help plan

Options:
  -h, --help     show help (berth <command> --help for a command's options)
      --version  print berth's version and the Kubernetes version it validates against

Exit codes: 0 the plan passes, 1 it fails policy (a pod will not fit), 2 bad input or usage.
`;
var PATHS_HELP = `  -f, --head <path>...  manifests after the change: files, directories, globs, or - for
                        standard input; several after one --head (a shell glob expands
                        to them) or --head repeated; !<pattern> leaves matching files out;
                        a Helm chart or Kustomize folder is rendered (helm template, kustomize)
      --base <path>...  manifests before the change; only added and changed workloads
                        are placed when given`;
var PLAN_USAGE = `Usage: berth plan --cluster <source> --head <path>... [--base <path>...] [options]

Plan where the pods of the changed workloads land on a cluster.

  -c, --cluster <source>  snapshot file (kubectl get ... -o yaml), berth Fleet file,
                          live (current kubeconfig context) or context:<name>
${PATHS_HELP}
  -n, --namespace <ns>    namespace of the namespaced objects that name none (default:
                          default); an object naming another one is an error
  -o, --format <f>        text (default), json or markdown
      --config <file>     berth config (default: .github/berth.yml when it exists)
      --kubeconfig <file> kubeconfig for live clusters (default: KUBECONFIG, ~/.kube/config)
      --start <time>      batch timeline start, RFC 3339 (default: now)
      --horizon <d>       how far ahead CronJob runs are planned (default: 24h)
      --policy <p>        timeline order: fifo, edf (default) or critical-path
      --release-name <n>  helm's release name for the charts rendered (default: helm's)
      --values <file>     a values file for the charts rendered, after render: in the
                          config (repeatable)
      --no-advice         skip capacity advice (faster on very large clusters)
      --exit-zero         exit 0 even when the plan fails policy (input errors still exit 2)
      --root <dir>        manifest, cluster and config files must resolve inside it, links
                          followed (default: the current directory)
      --allow-outside-root  read files outside the root too (still only regular files)
  -h, --help              show this help

Exit codes: 0 the plan passes, 1 it fails policy (a pod will not fit), 2 bad input or usage.
`;
var EXPLAIN_USAGE = `Usage: berth explain <namespace>/<pod> --cluster <source> --head <path>... [--base <path>...] [options]

Show, for one pod of the plan, each node and why the pod cannot go there, and the
smallest fix berth found. Takes the options of berth plan (berth plan --help); name
the pod before them.
`;
var STATUS_USAGE = `Usage: berth status [--cluster <source>] [options]

Show allocatable, requests and limits per node and per namespace, as kube-capacity does.

  -c, --cluster <source>  snapshot file, Fleet file, live (default) or context:<name>
      --kubeconfig <file> kubeconfig for live clusters (default: KUBECONFIG, ~/.kube/config)
  -o, --format <f>        text (default), json or markdown
      --root <dir>        cluster files must resolve inside it (default: the current directory)
      --allow-outside-root  read files outside the root too
  -h, --help              show this help
`;
var SNAPSHOT_USAGE = `Usage: berth snapshot [--context <name>] [--kubeconfig <file>] [--output <file>]

Write a live cluster (nodes, pods, quotas, limit ranges, priority classes, ...) as a
snapshot file for --cluster, to standard output or to --output (mode 0600).

      --context <name>    kubeconfig context (default: the current one)
      --kubeconfig <file> kubeconfig (default: KUBECONFIG, ~/.kube/config)
  -o, --output <file>     write the snapshot to a file instead of standard output
  -h, --help              show this help
`;
var COMPLETION_USAGE = `Usage: berth completion bash|zsh|fish

Print a completion script for the shell. Load it in the current shell with
  source <(berth completion bash)        # bash, or in ~/.bashrc
  source <(berth completion zsh)         # zsh, or in ~/.zshrc
  berth completion fish | source         # fish, or into ~/.config/fish/completions/berth.fish
`;
var HELP = {
  plan: PLAN_USAGE,
  explain: EXPLAIN_USAGE,
  status: STATUS_USAGE,
  snapshot: SNAPSHOT_USAGE,
  apply: APPLY_USAGE,
  completion: COMPLETION_USAGE,
  help: USAGE
};

// src/cli/cli.ts
var EXIT_PASS = 0;
var EXIT_FAIL = 1;
var EXIT_USAGE = 2;
var MULTI_PATH = /* @__PURE__ */ new Set(["--head", "-f", "--base"]);
async function runCli(argv, io) {
  const [command, ...given] = argv;
  const rest = spreadPaths(given, MULTI_PATH);
  try {
    if (command !== void 0 && Object.hasOwn(HELP, command) && command !== "help" && wantsHelp(rest)) {
      io.stdout.write(HELP[command]);
      return EXIT_PASS;
    }
    switch (command) {
      case "plan":
        return await planCommand(rest, io);
      case "explain":
        return await explainCommand(rest, io);
      case "status":
        return await statusCommand(rest, io);
      case "snapshot":
        return await snapshotCommand(rest, io);
      case "apply":
        return await applyCommand(rest, io);
      case "completion":
        return completionCommand(rest, io);
      case "--version":
      case "version":
        io.stdout.write(`berth ${BERTH_VERSION} (Kubernetes ${schemaVersion()} schemas)
`);
        return EXIT_PASS;
      case "help": {
        const topic = rest[0];
        if (topic !== void 0 && Object.hasOwn(HELP, topic)) {
          io.stdout.write(HELP[topic]);
          return EXIT_PASS;
        }
        if (topic !== void 0)
          throw new UsageError(`no help for "${topic}": commands are ${Object.keys(HELP).join(", ")}`);
        io.stdout.write(USAGE);
        return EXIT_PASS;
      }
      case void 0:
      case "--help":
      case "-h":
        io.stdout.write(USAGE);
        return command === void 0 ? EXIT_USAGE : EXIT_PASS;
      default:
        io.stderr.write(`berth: unknown command "${printable(command)}"

${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (error) {
    if (error instanceof BerthError) {
      io.stderr.write(`berth: ${printable(error.message)}
`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      const help = command !== void 0 && Object.hasOwn(HELP, command) ? HELP[command] : USAGE;
      io.stderr.write(`berth ${printable(command ?? "")}: ${printable(error.message)}

${help}`);
      return EXIT_USAGE;
    }
    io.stderr.write(`berth: internal error: ${internalError(error)}
`);
    return EXIT_FAIL;
  }
}
function completionCommand(args, io) {
  const shell = args[0];
  if (args.length !== 1 || shell !== "bash" && shell !== "zsh" && shell !== "fish")
    throw new UsageError("name one shell: berth completion bash, zsh or fish");
  io.stdout.write(completionScript(shell, completionSpec()));
  return EXIT_PASS;
}
function completionSpec() {
  return {
    commands: {
      plan: PLAN_OPTIONS,
      explain: PLAN_OPTIONS,
      status: STATUS_OPTIONS,
      snapshot: SNAPSHOT_OPTIONS,
      apply: APPLY_OPTIONS,
      completion: {},
      help: {}
    },
    values: {
      format: ["text", "json", "markdown"],
      policy: [...TIMELINE_POLICIES],
      cluster: ["live", "context:"],
      completion: ["bash", "zsh", "fish"],
      help: ["plan", "explain", "status", "snapshot", "apply", "completion"]
    },
    directories: ["root"],
    texts: ["namespace", "start", "horizon", "wait", "applyset", "context"]
  };
}
function internalError(error) {
  if (!(error instanceof Error)) return printable(String(error));
  const head = `${error.name}: ${error.message}`;
  const frames = error.stack?.startsWith(head) ? error.stack.slice(head.length) : "";
  return `${printable(head)}${frames.split("\n").map((line) => printable(line)).join("\n")}`;
}
var UsageError = class extends Error {
};
function clusterOption(spec) {
  const parsed = parseClusterRef(spec);
  if (!parsed.ok) throw new UsageError(`--cluster: ${parsed.message}`);
  return parsed.ref;
}
var PLAN_OPTIONS = {
  cluster: { type: "string", short: "c" },
  head: { type: "string", multiple: true, short: "f" },
  namespace: { type: "string", short: "n" },
  base: { type: "string", multiple: true },
  format: { type: "string", short: "o" },
  config: { type: "string" },
  kubeconfig: { type: "string" },
  start: { type: "string" },
  horizon: { type: "string" },
  policy: { type: "string" },
  "no-advice": { type: "boolean" },
  "exit-zero": { type: "boolean" },
  "release-name": { type: "string" },
  values: { type: "string", multiple: true },
  root: { type: "string" },
  "allow-outside-root": { type: "boolean" }
};
var STATUS_OPTIONS = {
  cluster: { type: "string", short: "c" },
  kubeconfig: { type: "string" },
  format: { type: "string", short: "o" },
  root: { type: "string" },
  "allow-outside-root": { type: "boolean" }
};
var SNAPSHOT_OPTIONS = {
  context: { type: "string" },
  kubeconfig: { type: "string" },
  output: { type: "string", short: "o" }
};
function parse(args, options, positionals = false) {
  try {
    return parseArgs2({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
}
function checkFormat(format) {
  if (format !== "text" && format !== "json" && format !== "markdown") {
    throw new UsageError(`--format must be text, json or markdown, not "${format}"`);
  }
  return format;
}
function progress(io) {
  if (io.stderr.isTTY !== true) return () => {
  };
  return (message) => io.stderr.write(message === null ? "\r\x1B[K" : `\r\x1B[K${message}`);
}
async function planFromArgs(values, io, files) {
  if (!values.cluster) throw new UsageError("--cluster <file> is required");
  const cluster = clusterOption(values.cluster);
  if (!values.head || values.head.length === 0) throw new UsageError("--head <path> is required");
  if ([...values.head, ...values.base ?? []].includes("-") && io.stdin.isTTY === true) {
    throw new BerthError(
      "usage",
      '"-" reads manifests from standard input, but standard input is a terminal: pipe them in (helm template ... | berth plan --head - ...) or name files'
    );
  }
  if (values.namespace !== void 0 && dns1123Label(values.namespace).length > 0)
    throw new UsageError(`--namespace must be a namespace name (a DNS label), not "${values.namespace}"`);
  await requireExisting("--head", values.head);
  await requireExisting("--base", values.base ?? []);
  await requireExisting("--config", [values.config]);
  if (cluster.kind === "file") await requireExisting("--cluster", [cluster.path]);
  const { config, diagnostics: configDiagnostics } = await readConfig(values.config, files);
  if (values.horizon) {
    if (!/^(\d+(\.\d+)?(h|m|s))+$/.test(values.horizon)) {
      throw new UsageError(`--horizon must be a duration such as 24h or 90m, not "${values.horizon}"`);
    }
    config.timeline.horizon = values.horizon;
  }
  if (values.policy) {
    if (!TIMELINE_POLICIES.includes(values.policy)) {
      throw new UsageError(`--policy must be one of ${TIMELINE_POLICIES.join(", ")}`);
    }
    config.timeline.policy = values.policy;
  }
  let start;
  if (values.start) {
    start = new Date(values.start);
    if (Number.isNaN(start.getTime()))
      throw new UsageError(`--start must be an RFC 3339 time, not "${values.start}"`);
  }
  const show = progress(io);
  show(`berth: planning against ${printable(values.cluster)}…`);
  const plan = await runPlan({
    cluster,
    head: values.head,
    ...values.base ? { base: values.base } : {},
    ...values.kubeconfig ? { kubeconfig: values.kubeconfig } : {},
    ...start ? { start } : {},
    ...values["no-advice"] ? { skipAdvice: true } : {},
    ...values.namespace !== void 0 ? { namespace: values.namespace } : {},
    stdin: io.stdin,
    config,
    render: {
      env: io.env,
      ...values.namespace !== void 0 ? { namespace: values.namespace } : {},
      ...values["release-name"] ? { releaseName: values["release-name"] } : {},
      ...values.values ? { values: values.values } : {}
    },
    ...files,
    // In the plan, not beside it: a config error fails the input rule in every format.
    diagnostics: configDiagnostics
  });
  show(null);
  return plan;
}
async function planCommand(args, io) {
  const { values } = parse(args, PLAN_OPTIONS);
  const format = checkFormat(values.format ?? "text");
  const files = { scope: readScope(values), sources: /* @__PURE__ */ new Map() };
  const plan = await planFromArgs(values, io, files);
  io.stdout.write(render2(plan, format, wantsColor(io.stdout, io.env)));
  printDiagnostics(plan.diagnostics, io, files.sources);
  return exitCode(plan, values["exit-zero"] === true);
}
async function explainCommand(args, io) {
  const { values, positionals } = parse(args, PLAN_OPTIONS, true);
  if (positionals.length !== 1)
    throw new UsageError(
      "name one pod, before the options: berth explain <namespace>/<pod> --cluster ... --head ..."
    );
  const files = { scope: readScope(values), sources: /* @__PURE__ */ new Map() };
  const plan = await planFromArgs(values, io, files);
  const explained = explainPod(plan, positionals[0]);
  (explained.found ? io.stdout : io.stderr).write(explained.text);
  return explained.found ? EXIT_PASS : EXIT_USAGE;
}
async function statusCommand(args, io) {
  const { values } = parse(args, STATUS_OPTIONS);
  const format = checkFormat(values.format ?? "text");
  const source = clusterOption(values.cluster ?? "live");
  if (source.kind === "file") await requireExisting("--cluster", [source.path]);
  const sources = /* @__PURE__ */ new Map();
  const loaded = await loadCluster(source, {
    ...values.kubeconfig ? { kubeconfig: values.kubeconfig } : {},
    scope: readScope(values),
    sources
  });
  io.stdout.write(renderStatus(clusterStatus(loaded.cluster, loaded.label), format));
  printDiagnostics(loaded.diagnostics, io, sources);
  return loaded.diagnostics.some((d) => d.severity === "error") ? EXIT_USAGE : EXIT_PASS;
}
async function snapshotCommand(args, io) {
  const { values } = parse(args, SNAPSHOT_OPTIONS);
  const { readLiveObjects, snapshotYaml, writeSnapshot } = await import("./chunks/live-4U7G4FA4.js");
  const show = progress(io);
  show("berth: reading the cluster…");
  const read = await readLiveObjects({
    ...values.context ? { context: values.context } : {},
    ...values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}
  });
  show(null);
  if (values.output) {
    await writeSnapshot(values.output, read.objects);
    io.stderr.write(
      `berth: wrote ${read.objects.length} objects from ${printable(`${read.source.context}@${read.source.host}`)} to ${printable(values.output)}
`
    );
  } else {
    io.stdout.write(snapshotYaml(read.objects));
  }
  for (const d of read.diagnostics) io.stderr.write(`${formatDiagnostic(d)}
`);
  return EXIT_PASS;
}
function render2(plan, format, color) {
  if (format === "json") return renderJson(plan);
  if (format === "markdown") return `${renderMarkdown(plan)}
`;
  const text = renderText(plan, { color });
  return plan.timeline && plan.timeline.jobs.length > 0 ? `${text}
${renderTimelineText(plan.timeline)}` : text;
}
function exitCode(plan, exitZero) {
  if (plan.diagnostics.some((d) => d.severity === "error")) return EXIT_USAGE;
  if (!plan.passed && !exitZero) return EXIT_FAIL;
  return EXIT_PASS;
}

// src/cli/main.ts
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env
});
