/**
 * Charts and kustomizations as the objects they render to. A folder holding
 * `kustomization.yaml` (`.yml`, `Kustomization`) is built as `kustomize build` /
 * `kubectl kustomize` builds it; a folder holding `Chart.yaml` is rendered with
 * `helm template`. `.github/berth.yml`'s `render:` section sets, per folder, the
 * kind, helm's release name, namespace, values files and a few more arguments
 * from an allowlist; the command line sets release name, namespace and values for
 * every chart.
 *
 * Rendered objects keep a position in the folder: helm's `# Source:` comment names
 * the template each object came from, kustomize's objects are placed at the
 * kustomization file. Lines count lines of the rendered output of that template or
 * kustomization, whose text is what code frames show.
 */

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { locate, type ReadScope } from '../files/contained.ts';
import type { ManifestLimits } from '../manifests/limits.ts';
import { type Diagnostic, diagnostic, type SourcePosition } from '../model/diagnostics.ts';
import { findRenderer, type RendererProgram, type RenderKind } from './binary.ts';
import { runRenderer } from './run.ts';
import { checkChart, checkKustomization, KUSTOMIZATION_FILES, kustomizationFileOf } from './tree.ts';

export type { RenderKind } from './binary.ts';

/** What berth does with a folder: render it, read its YAML files as they are, or leave it out. */
export const FOLDER_KINDS = ['helm', 'kustomize', 'plain', 'skip'] as const;
export type FolderKind = (typeof FOLDER_KINDS)[number];

/** One folder's entry in `render:`. */
export interface RenderFolderSettings {
  kind?: FolderKind;
  /** helm's release name (default: helm's own, `release-name`). */
  releaseName?: string;
  /** helm's `--namespace`. */
  namespace?: string;
  /** Values files, relative to the root. */
  values?: string[];
  /** More arguments, each allowed by `checkRenderArgs`. */
  args?: string[];
  /** Where the entry is written, for messages. */
  source?: SourcePosition;
}

export interface RenderOptions {
  /** `render:` of the config: folder (relative to the root) to settings. */
  folders?: Record<string, RenderFolderSettings>;
  /** From the command line, for every chart: they win over the config's. */
  releaseName?: string;
  namespace?: string;
  /** Values files from the command line (relative to the working directory), after the config's. */
  values?: string[];
  /** Where renderers are looked up (PATH, BERTH_HELM, BERTH_KUSTOMIZE, BERTH_KUBECTL); default: the process's. */
  env?: Record<string, string | undefined>;
  /** Milliseconds a renderer may take (default two minutes). */
  timeoutMs?: number;
}

export const DEFAULT_RENDER_TIMEOUT_MS = 120_000;

/** helm's rule for release names (a DNS subdomain of at most 53 characters). */
export const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A namespace: a DNS label. */
export const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a release name or namespace cannot be used, or null. */
export function checkReleaseName(name: string): string | null {
  return RELEASE_NAME.test(name) && name.length <= 53
    ? null
    : `release name "${name}" must be a lowercase DNS name of at most 53 characters`;
}

export function checkNamespace(name: string): string | null {
  return NAMESPACE.test(name) && name.length <= 63
    ? null
    : `namespace "${name}" must be a lowercase DNS label`;
}

/** helm flags a config may add: values and what the chart is told about the cluster. None reads a file, fetches or runs anything. */
const HELM_VALUE_FLAGS = [
  '--set',
  '--set-string',
  '--set-json',
  '--set-literal',
  '--kube-version',
  '--api-versions',
];
const HELM_SWITCHES = ['--no-hooks', '--skip-crds', '--is-upgrade'];
/** kustomize's output options; plugins, helm inflation, network and load restrictions stay off. */
const KUSTOMIZE_VALUE_FLAGS: string[] = [];
const KUSTOMIZE_SWITCHES = ['--enable-managedby-label'];

/** Why `args` cannot be passed to the renderer, or null when every argument is allowed. */
export function checkRenderArgs(kind: RenderKind, args: readonly string[]): string | null {
  const valueFlags = kind === 'helm' ? HELM_VALUE_FLAGS : KUSTOMIZE_VALUE_FLAGS;
  const switches = kind === 'helm' ? HELM_SWITCHES : KUSTOMIZE_SWITCHES;
  const allowed = [...valueFlags, ...switches];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const flag = arg.split('=')[0]!;
    if (valueFlags.includes(flag)) {
      if (!arg.includes('=')) {
        if (i + 1 >= args.length) return `${flag} needs a value`;
        i++;
      }
    } else if (switches.includes(flag)) {
      if (arg.includes('=') && !/^[^=]+=(true|false)$/.test(arg)) return `${flag} takes no value`;
    } else {
      return `"${arg}" is not an argument berth passes to ${kind} (allowed: ${allowed.join(', ') || 'none'})`;
    }
  }
  return null;
}

/** The kind a folder's listing shows: a kustomization, a chart, or plain files. */
export function folderKindOf(
  names: readonly string[],
  settings: RenderFolderSettings | undefined,
): FolderKind {
  if (settings?.kind) return settings.kind;
  if (kustomizationFileOf(names)) return 'kustomize';
  if (names.includes('Chart.yaml')) return 'helm';
  return 'plain';
}

/** A folder's entry in `render:`, by its path relative to the root. */
export function folderSettings(
  options: RenderOptions | undefined,
  real: string,
  lexical: string,
  scope: ReadScope,
): RenderFolderSettings | undefined {
  const folders = options?.folders;
  if (!folders) return undefined;
  const root = path.resolve(scope.root);
  for (const candidate of [lexical, real]) {
    const relative = path.relative(root, candidate).split(path.sep).join('/') || '.';
    if (Object.hasOwn(folders, relative)) return folders[relative];
  }
  return undefined;
}

/** A piece of rendered output and the name its objects are reported by. */
export interface RenderedText {
  display: string;
  text: string;
}

export interface RenderResult {
  texts: RenderedText[];
  diagnostics: Diagnostic[];
}

export interface RenderRequest {
  /** The folder as the user named or reached it. */
  display: string;
  /** Its real path (inside the root). */
  real: string;
  kind: RenderKind;
  settings: RenderFolderSettings | undefined;
  options: RenderOptions | undefined;
  scope: ReadScope;
  /** Working directory the command line's values files are relative to. */
  cwd: string;
  limits: ManifestLimits;
}

function atStart(file: string): SourcePosition {
  return { file, line: 1, column: 1 };
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** A values file inside the root, by its real path, or why not. */
async function valuesFile(
  given: string,
  base: string,
  scope: ReadScope,
): Promise<{ ok: true; real: string } | { ok: false; message: string }> {
  const located = await locate(path.resolve(base, given), scope);
  if (!located.ok) return { ok: false, message: `values file ${given}: ${located.message}` };
  if (located.directory) return { ok: false, message: `values file ${given}: is a directory` };
  return { ok: true, real: located.real };
}

/**
 * Renders one folder. Every problem (a missing renderer, a link out of the tree, a
 * remote base, a renderer that fails, hangs or prints too much) is an error at the
 * folder, and the folder contributes no objects.
 */
export async function renderFolder(request: RenderRequest): Promise<RenderResult> {
  const { display, real, kind, settings, options, scope } = request;
  const fail = (message: string, code: Diagnostic['code'] = 'render-failed', at = display): RenderResult => ({
    texts: [],
    diagnostics: [diagnostic(atStart(at), 'error', code, message)],
  });
  const what = kind === 'helm' ? 'chart' : 'kustomization';

  // Everything the renderer will read must stay inside the root, and nothing is fetched.
  const problems =
    kind === 'helm'
      ? await checkChart(display, real, scope)
      : (await checkKustomization(display, real, scope)).problems;
  if (problems.length > 0) {
    const first = problems[0]!;
    return fail(`${what} not rendered: ${first.message}`, 'outside-root', first.display);
  }

  const args: string[] = [];
  const shown: string[] = [];
  if (kind === 'helm') {
    const releaseName = options?.releaseName ?? settings?.releaseName;
    const namespace = options?.namespace ?? settings?.namespace;
    // Checked here too: a name that starts with "-" would be read by helm as a flag.
    const badName =
      (releaseName === undefined ? null : checkReleaseName(releaseName)) ??
      (namespace === undefined ? null : checkNamespace(namespace));
    if (badName) return fail(`${what} not rendered: ${badName}`, 'invalid-config');
    args.push('template');
    shown.push('template');
    if (releaseName) {
      args.push(releaseName);
      shown.push(releaseName);
    }
    args.push('.');
    shown.push(display);
    args.push('--include-crds', '--skip-tests');
    shown.push('--include-crds', '--skip-tests');
    if (namespace) {
      args.push('--namespace', namespace);
      shown.push('--namespace', namespace);
    }
    const values: { given: string; base: string }[] = [
      ...(settings?.values ?? []).map((given) => ({ given, base: path.resolve(scope.root) })),
      ...(options?.values ?? []).map((given) => ({ given, base: request.cwd })),
    ];
    for (const { given, base } of values) {
      const file = await valuesFile(given, base, scope);
      if (!file.ok) return fail(`${what} not rendered: ${file.message}`, 'file-unreadable');
      args.push('--values', file.real);
      shown.push('--values', given);
    }
  } else {
    args.push('.', '--load-restrictor', 'LoadRestrictionsRootOnly');
    shown.push(display);
  }
  const extra = settings?.args ?? [];
  const refused = checkRenderArgs(kind, extra);
  if (refused)
    return fail(`${what} not rendered: ${refused}`, 'invalid-config', settings?.source?.file ?? display);
  args.push(...extra);
  shown.push(...extra);

  const found = await findRenderer(kind, options?.env ?? process.env);
  if (!found.ok) {
    const command =
      kind === 'helm'
        ? `helm ${shown.map(shellWord).join(' ')}`
        : `kubectl kustomize ${shown.map(shellWord).join(' ')}`;
    return fail(
      `${display} is a ${kind === 'helm' ? 'Helm chart' : 'Kustomize folder'} and ${found.message}; or render it yourself and pipe it in: ${command} | berth plan --head - ...`,
      'renderer-missing',
    );
  }
  const program: RendererProgram = found.program;
  const ran = await runRenderer(program, args, real, {
    maxBytes: request.limits.maxFileBytes,
    timeoutMs: options?.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS,
  });
  if (!ran.ok) return fail(`${program.command} ${shellWord(display)} ${ran.message}`);
  if (kind === 'kustomize') {
    const names = await readdir(real).catch(() => [] as string[]);
    const file = kustomizationFileOf(names) ?? KUSTOMIZATION_FILES[0]!;
    return { texts: [{ display: path.join(display, file), text: ran.stdout }], diagnostics: [] };
  }
  return { texts: splitHelmOutput(ran.stdout, display), diagnostics: [] };
}

/**
 * helm's output as one text per document, each named by the template file its
 * `# Source:` comment gives (`<chart name>/templates/x.yaml` becomes
 * `<folder>/templates/x.yaml`), in helm's order.
 */
export function splitHelmOutput(stdout: string, chartDisplay: string): RenderedText[] {
  const out: RenderedText[] = [];
  const fallback = path.join(chartDisplay, 'Chart.yaml');
  let current: string[] = [];
  const flush = () => {
    if (current.length === 0) return;
    let display = fallback;
    for (const line of current) {
      const match = /^# Source: (.+)$/.exec(line);
      if (match) {
        display = templatePath(match[1]!.trim(), chartDisplay) ?? fallback;
        break;
      }
      if (line !== '---' && !line.startsWith('#') && line.trim() !== '') break;
    }
    const text = `${current.join('\n')}\n`;
    if (text.trim() !== '' && text.trim() !== '---') out.push({ display, text });
    current = [];
  };
  for (const line of stdout.split('\n')) {
    if (/^---\s*$/.test(line)) flush();
    current.push(line);
  }
  flush();
  return out;
}

/** `name/templates/x.yaml` as `<folder>/templates/x.yaml`, or null for a path that leaves the folder. */
function templatePath(source: string, chartDisplay: string): string | null {
  const parts = source.split('/');
  if (parts.length < 2) return null;
  const rest = parts.slice(1);
  if (rest.some((part) => part === '..' || part === '') || path.isAbsolute(source)) return null;
  return path.join(chartDisplay, ...rest);
}
