/**
 * The Action's work, free of the Actions runtime: fetch what changed, plan, then
 * write the report, outputs, annotations, job summary and comment. The summary and
 * outputs are written before the comment so a GitHub failure never loses the plan.
 */

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchTexts, globSet, pullManifestChanges, repoPath } from '../src/github/changes.ts';
import type { GitHub, PullInfo } from '../src/github/client.ts';
import { type CommentAuthor, markerFor, plannedHeadLine, publishComment } from '../src/github/comment.ts';
import { type PullFolders, pullFolders } from '../src/github/folders.ts';
import { authorize } from '../src/github/permission.ts';
import { GitHubApiError } from '../src/github/retry.ts';
import { resolveLimits } from '../src/manifests/limits.ts';
import {
  type Core,
  type Diagnostic,
  type ManifestSource,
  type Plan,
  workspaceScope,
} from './core-adapter.ts';
import type { ActionEvent } from './event.ts';
import { manifestsInTree } from './files.ts';
import {
  type ActionInputs,
  type CommentMode,
  DEFAULT_CONFIG,
  DEFAULT_MANIFEST_GLOBS,
  INPUT,
  OUTPUT,
} from './inputs.ts';

export interface SourceLine {
  file: string;
  line: number;
}

/** What the Action writes through the runner; `main.ts` binds it to `@actions/core`. */
export interface ActionIO {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  error(message: string, at?: SourceLine): void;
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): Promise<void>;
}

export interface RunDeps {
  event: ActionEvent;
  /** Null when no token was given: nothing is read from or written to GitHub. */
  github: GitHub | null;
  core: Core;
  io: ActionIO;
  /** Working directory as given (relative to the repository root); paths in annotations start here. */
  workingDirectory: string;
  /** The working directory on disk: the process runs in it. */
  cwd: string;
  /** The checkout: no file outside it is read. */
  workspace: string;
  /** Where the JSON report is written. */
  reportDir: string;
  /** Link to this run, for "the full plan is there". */
  runUrl: string | null;
  /** Where the private copies of charts and kustomizations go (the runner's temp folder); default: the system's. */
  tempDir?: string;
}

export interface RunResult {
  /** 0 passed (or nothing to plan), 1 failed policy or a GitHub call failed. */
  exitCode: 0 | 1;
  plan: Plan | null;
  failures: string[];
  commentUrl: string | null;
}

/**
 * The Action comments with the workflow token (`github-actions[bot]`), an App's token
 * (the `comment-author` input names its `<slug>[bot]`) or a person's token (a member of
 * the repository); comments by anyone else are never taken for its own.
 */
function actionAuthor(login: string): CommentAuthor {
  return { login, members: true };
}

/**
 * The change of the cluster's requests, the figure the comment's "Cluster requests" shows:
 * after minus before, CPU in millicores, memory in bytes.
 */
export function resourceDeltas(plan: Plan): { cpu: number; memory: number } {
  const { before, after } = plan.resources.cluster.requests;
  return {
    cpu: (after.cpu ?? 0) - (before.cpu ?? 0),
    memory: (after.memory ?? 0) - (before.memory ?? 0),
  };
}

export interface Annotation {
  message: string;
  at: SourceLine;
}

/** One annotation per workload that does not fit (at its manifest line) and per input error. */
export function annotations(plan: Plan): Annotation[] {
  const out: Annotation[] = [];
  const seen = new Set<string>();
  for (const p of plan.placements) {
    if (p.status !== 'unschedulable' && p.status !== 'rejected') continue;
    if (!p.source) continue;
    const key = `${p.namespace}/${p.workload}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pods = plan.placements.filter((q) => q.namespace === p.namespace && q.workload === p.workload);
    const unplaced = pods.filter((q) => q.status === p.status).length;
    const verb = p.status === 'rejected' ? 'rejected by admission' : 'cannot be scheduled';
    out.push({
      message: `${p.workload} in ${p.namespace}: ${unplaced} of ${pods.length} pods ${verb}: ${p.reason ?? 'no reason given'}`,
      at: { file: p.source.file, line: p.source.line },
    });
  }
  for (const d of plan.diagnostics) {
    if (d.severity === 'error') out.push({ message: d.message, at: { file: d.file, line: d.line } });
  }
  return out;
}

/** Failing policy rules that no manifest line stands for (utilisation, N+1, ...): annotations of the run. */
export function policyAnnotations(plan: Plan): string[] {
  // Unschedulable pods, quota rejections and input errors are annotated at their lines already.
  const atLines = new Set(['unschedulable', 'quotaExceeded', 'inputErrors']);
  return plan.policy.results
    .filter((r) => !r.passed && !atLines.has(r.rule))
    .map((r) => `policy ${r.rule}: ${r.message}`);
}

function policyFails(plan: Plan, failOn: ActionInputs['failOn']): boolean {
  switch (failOn) {
    case 'never':
      return false;
    case 'unschedulable':
      return plan.summary.unschedulable > 0;
    default:
      return !plan.passed;
  }
}

/** Where a shortened comment sends the reader. */
export function fullReportHint(runUrl: string | null): string {
  return runUrl
    ? `The full plan is in the job summary and the \`report\` JSON of [this run](${runUrl}).`
    : 'The full plan is in the job summary and the `report` JSON of this run.';
}

function policyFailure(plan: Plan, failOn: ActionInputs['failOn']): string {
  if (failOn === 'unschedulable')
    return `the plan fails: ${plan.summary.unschedulable} pods cannot be scheduled`;
  const failed = plan.policy.results.filter((r) => !r.passed).map((r) => r.message);
  return `the plan fails policy: ${failed.length > 0 ? failed.join('; ') : 'see the job summary'}`;
}

/** Inputs with the comment mode settled (input, else config, else `update`). */
type Settings = ActionInputs & { comment: CommentMode };

/** The pull request a run plans, and where its head is read. */
interface PullTarget {
  number: number;
  headSha: string;
  baseSha: string;
  headFromWorkspace: boolean;
}

export async function run(given: ActionInputs, deps: RunDeps): Promise<RunResult> {
  const { event, github, core, io } = deps;
  const result: RunResult = { exitCode: 0, plan: null, failures: [], commentUrl: null };
  if (event.kind === 'ignored') {
    io.info(`berth: nothing to do (${event.reason}).`);
    return result;
  }

  // The pull request comes first: its base commit is where the config is read.
  let target: PullTarget | null = null;
  if (event.kind !== 'tree') {
    if (!github) {
      throw new Error(
        `input "${INPUT.githubToken}" is empty: berth needs a token to read the pull request's changes`,
      );
    }
    if (event.kind === 'plan-command') {
      if (event.cluster !== null && event.cluster !== given.cluster) {
        io.info(`berth: /berth plan asks for cluster ${event.cluster}; this step plans ${given.cluster}.`);
        return result;
      }
      const auth = await authorize(github, event.user, { name: 'plan', cluster: event.cluster });
      if (!auth.allowed) {
        await github.react(event.commentId, 'confused');
        io.notice(`berth: ${auth.reason} Nothing done.`);
        return result;
      }
      await github.react(event.commentId, 'eyes');
      const pull = await github.getPull(event.number);
      // The checkout of a comment event is the default branch, not the PR: read the head through the API.
      target = {
        number: event.number,
        headSha: pull.headSha,
        baseSha: pull.baseSha,
        headFromWorkspace: false,
      };
    } else if (event.kind === 'workflow-run') {
      const pull = await pullOfWorkflowRun(github, event);
      if (!pull) {
        io.info(
          `berth: no open pull request has head ${event.headSha.slice(0, 12)} any more (${event.headOwner}:${event.headBranch}); nothing to plan.`,
        );
        return result;
      }
      target = {
        number: pull.number,
        headSha: pull.headSha,
        baseSha: pull.baseSha,
        headFromWorkspace: false,
      };
    } else {
      target = {
        number: event.number,
        headSha: event.headSha,
        baseSha: event.baseSha,
        headFromWorkspace: event.headFromWorkspace,
      };
    }
  }

  const atBase = await configAtBase(given, deps, target);
  if (atBase) given = { ...given, config: atBase.config };
  const resolved = await core.resolveCluster({
    configPath: given.config,
    configText: atBase?.text ?? null,
    clusterName: given.cluster,
    clusterFile: given.clusterFile,
    kubeconfig: given.kubeconfig,
  });
  const inputs: Settings = { ...given, comment: given.comment ?? resolved.commentMode ?? 'update' };
  // Errors are annotated with the plan (they are part of it); warnings only here.
  for (const d of resolved.diagnostics) {
    if (d.severity === 'warning') io.warning(`${d.file}:${d.line}: ${d.message}`);
  }
  const globs = inputs.manifests.length > 0 ? inputs.manifests : resolved.manifests;
  // The cluster file and config are YAML too, but they are not manifests of the change.
  const clusterFile = resolved.cluster?.kind === 'file' ? resolved.cluster.path : null;
  const notManifests = [clusterFile, inputs.config].filter((p): p is string => !!p);
  const set = globSet(globs.length > 0 ? globs : DEFAULT_MANIFEST_GLOBS, notManifests);

  let head: ManifestSource;
  let base: ManifestSource | null = null;
  let folders: PullFolders | null = null;
  let folderDir: string | null = null;

  try {
    if (target === null || !github) {
      head = {
        kind: 'paths',
        paths: await manifestsInTree(
          deps.cwd,
          set,
          workspaceScope(deps.workspace),
          resolved.config?.render ?? {},
        ),
      };
      io.info(
        `berth: planning ${head.paths.length} manifest files and chart or kustomization folders of the tree at ${event.kind === 'tree' ? event.sha.slice(0, 12) : 'the checkout'}.`,
      );
    } else {
      const pullNumber = target.number;
      const { files, changes } = await pullManifestChanges(github, pullNumber, set, deps.workingDirectory);
      // Charts and kustomizations the change touches are fetched at both commits into a private folder.
      const tempDir = deps.tempDir ?? tmpdir();
      await mkdir(tempDir, { recursive: true });
      folderDir = await mkdtemp(join(tempDir, 'berth-folders-'));
      folders = await pullFolders({
        github,
        files,
        changes,
        headSha: target.headSha,
        baseSha: target.baseSha,
        set,
        workingDirectory: deps.workingDirectory,
        settings: resolved.config?.render ?? {},
        limits: resolveLimits(resolved.config?.limits),
        dir: folderDir,
      });
      for (const note of folders.notes) io.warning(`berth: ${note}`);
      const folderCount = (side: PullFolders['head']) => side.folders.length + side.diagnostics.length;
      const headFiles = folders.headFiles;
      const baseFiles = folders.baseFiles;
      if (
        headFiles.length === 0 &&
        baseFiles.length === 0 &&
        folderCount(folders.head) === 0 &&
        folderCount(folders.base) === 0
      ) {
        return await noManifestChanged(
          inputs,
          deps,
          pullNumber,
          event.kind === 'pull-request' && event.fork,
          resolved.diagnostics,
          result,
        );
      }
      const rendered = new Set([...folders.head.folders, ...folders.base.folders]);
      io.info(
        `berth: ${headFiles.length} changed manifest files${rendered.size > 0 ? ` and ${rendered.size} chart or kustomization folders (${[...rendered].join(', ')})` : ''} in #${pullNumber} (of ${files.length} changed files).`,
      );
      if (
        target.headFromWorkspace &&
        headFiles.length > 0 &&
        !headFiles.some((p) => existsSync(join(deps.cwd, p)))
      ) {
        throw new Error(
          `none of the ${headFiles.length} changed manifests is in the workspace (${headFiles[0]}, ...): check out the repository with actions/checkout before berth runs`,
        );
      }
      head = target.headFromWorkspace
        ? { kind: 'paths', paths: headFiles }
        : {
            kind: 'texts',
            files: await fetchTexts(
              github,
              headFiles.map((p) => ({ path: p, repoPath: repoPath(deps.workingDirectory, p) })),
              target.headSha,
            ),
          };
      base = { kind: 'texts', files: await fetchTexts(github, baseFiles, target.baseSha) };
    }

    let plan: Plan;
    try {
      plan = await core.plan({
        cluster: resolved.cluster,
        kubeconfig: resolved.kubeconfig,
        config: resolved.config,
        diagnostics: resolved.diagnostics,
        head,
        base,
        headFolders: folders?.head ?? null,
        baseFolders: folders?.base ?? null,
      });
    } catch (error) {
      // No plan to carry them: the config's errors (often the cause) are annotated here.
      annotateErrors(resolved.diagnostics, deps);
      throw error;
    }
    return await finish(plan, inputs, deps, target, result);
  } finally {
    if (folderDir) await rm(folderDir, { recursive: true, force: true });
  }
}

/** Writes the plan everywhere it goes: report, outputs, annotations, summary, comment. */
async function finish(
  plan: Plan,
  inputs: Settings,
  deps: RunDeps,
  target: PullTarget | null,
  result: RunResult,
): Promise<RunResult> {
  const { event, github, core } = deps;
  result.plan = plan;
  await publishPlan(plan, inputs, deps);

  if (target !== null && github) {
    const pullNumber = target.number;
    const fork = event.kind === 'pull-request' && event.fork && event.headFromWorkspace;
    const marker = markerFor('plan', inputs.cluster);
    const body = `${core.markdown(plan, {
      title: inputs.cluster,
      marker,
      fullReportHint: fullReportHint(deps.runUrl),
    })}\n${plannedHeadLine(target.headSha)}\n`;
    await comment(
      inputs,
      deps,
      pullNumber,
      fork,
      () =>
        publishComment(github, pullNumber, inputs.comment, marker, body, actionAuthor(inputs.commentAuthor)),
      result,
    );
  }

  if (policyFails(plan, inputs.failOn)) {
    result.failures.unshift(policyFailure(plan, inputs.failOn));
  }
  result.exitCode = result.failures.length > 0 ? 1 : 0;
  return result;
}

/**
 * The config and its text at the pull request's base commit, or null to read the
 * checked-out file. A pull request checks out its own copy of the config; reading the
 * base's keeps a pull request from relaxing the policy it is checked against, and with
 * no `config` input a base that has `.github/berth.yml` still sets it when the pull
 * request deletes it. When the base has no config yet (the pull request adds it), the
 * checked-out copy is all there is.
 */
async function configAtBase(
  inputs: ActionInputs,
  deps: RunDeps,
  target: PullTarget | null,
): Promise<{ config: string; text: string } | null> {
  if (inputs.configRef !== 'base' || target === null || !deps.github) return null;
  const config = inputs.config ?? DEFAULT_CONFIG;
  const path = repoPath(deps.workingDirectory, config);
  const text = await deps.github.getFileAt(path, target.baseSha);
  if (text === null) {
    if (inputs.config) {
      deps.io.notice(
        `berth: ${path} is not on the base commit ${target.baseSha.slice(0, 12)}; using the checked-out copy, so this pull request's own policy applies until the config is merged.`,
      );
    }
    return null;
  }
  deps.io.info(`berth: policy from ${path} at the base commit ${target.baseSha.slice(0, 12)}.`);
  return { config, text };
}

function annotateErrors(diagnostics: Diagnostic[], deps: RunDeps): void {
  for (const d of diagnostics) {
    if (d.severity === 'error')
      deps.io.error(d.message, { file: repoPath(deps.workingDirectory, d.file), line: d.line });
  }
}

/**
 * The pull request a workflow run was for. GitHub leaves `pull_requests` empty for
 * forks, so those are looked up by head label; either way the PR's head must still be
 * the commit that run saw, or the plan would describe other code.
 */
async function pullOfWorkflowRun(
  github: GitHub,
  event: Extract<ActionEvent, { kind: 'workflow-run' }>,
): Promise<PullInfo | null> {
  const candidates =
    event.pullNumbers.length > 0
      ? await Promise.all(event.pullNumbers.map((n) => github.getPull(n)))
      : event.headOwner && event.headBranch
        ? await github.findOpenPulls(`${event.headOwner}:${event.headBranch}`)
        : [];
  return candidates.find((p) => p.headSha === event.headSha && p.state === 'open') ?? null;
}

async function publishPlan(plan: Plan, inputs: Settings, deps: RunDeps): Promise<void> {
  const { io, core } = deps;
  await mkdir(deps.reportDir, { recursive: true });
  const reportPath = join(deps.reportDir, `berth-plan-${inputs.cluster}.json`);
  await writeFile(reportPath, core.json(plan));
  const deltas = resourceDeltas(plan);
  io.setOutput(OUTPUT.passed, String(plan.passed));
  io.setOutput(OUTPUT.pods, String(plan.summary.pods));
  io.setOutput(OUTPUT.scheduled, String(plan.summary.scheduled));
  io.setOutput(OUTPUT.unschedulable, String(plan.summary.unschedulable));
  io.setOutput(OUTPUT.cpuDelta, String(deltas.cpu));
  io.setOutput(OUTPUT.memoryDelta, String(deltas.memory));
  io.setOutput(OUTPUT.report, reportPath);
  for (const a of annotations(plan)) {
    io.error(a.message, { file: repoPath(deps.workingDirectory, a.at.file), line: a.at.line });
  }
  for (const message of policyAnnotations(plan)) io.error(message);
  await io.appendSummary(core.jobSummary(plan, { title: inputs.cluster }));
}

async function comment(
  inputs: Settings,
  deps: RunDeps,
  pullNumber: number,
  fork: boolean,
  post: () => ReturnType<typeof publishComment>,
  result: RunResult,
): Promise<void> {
  const { io } = deps;
  if (inputs.comment === 'off') return;
  const readOnly =
    `the workflow token cannot comment on pull request #${pullNumber}${fork ? ' (it comes from a fork)' : ''}: ` +
    'the plan is in the job summary and the JSON report. To comment on fork pull requests, see the workflow_run pattern in the docs.';
  // Forks usually get a read-only token, but private repositories may grant write: try, and take a 403 as the answer.
  try {
    const outcome = await post();
    result.commentUrl = outcome.url;
    if (outcome.url) io.setOutput(OUTPUT.commentUrl, outcome.url);
    if (outcome.action !== 'none') {
      const hidden = outcome.hidden > 0 ? ` (${outcome.hidden} earlier hidden)` : '';
      io.info(`berth: comment ${outcome.action}${hidden}: ${outcome.url}`);
    }
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 403 && error.attempts === 1) {
      io.notice(`berth: ${readOnly} (${error.message})`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    // The step's failure message carries it; the plan is already in the summary.
    io.info(`berth: could not comment on #${pullNumber}; the plan is in the job summary.`);
    result.failures.push(`GitHub API: ${message}`);
  }
}

async function noManifestChanged(
  inputs: Settings,
  deps: RunDeps,
  pullNumber: number,
  fork: boolean,
  configDiagnostics: Diagnostic[],
  result: RunResult,
): Promise<RunResult> {
  // Nothing to plan, but a broken config still fails the input rule: it would pass everything later.
  const configErrors = configDiagnostics.filter((d) => d.severity === 'error');
  const broken =
    configErrors.length > 0
      ? ` The config has ${configErrors.length === 1 ? '1 error' : `${configErrors.length} errors`} (${configErrors
          .slice(0, 5)
          .map((d) => `${repoPath(deps.workingDirectory, d.file)}:${d.line}`)
          .join(', ')}${configErrors.length > 5 ? ', …' : ''}): see the annotations.`
      : '';
  const line = `berth: no Kubernetes manifest changed in #${pullNumber}; nothing to plan on cluster ${inputs.cluster}.${broken}`;
  deps.io.info(line);
  annotateErrors(configErrors, deps);
  if (configErrors.length > 0 && inputs.failOn === 'policy')
    result.failures.push(`the config has input errors (${configErrors.length}): fix them`);
  deps.io.setOutput(OUTPUT.passed, String(configErrors.length === 0));
  for (const name of [
    OUTPUT.pods,
    OUTPUT.scheduled,
    OUTPUT.unschedulable,
    OUTPUT.cpuDelta,
    OUTPUT.memoryDelta,
  ]) {
    deps.io.setOutput(name, '0');
  }
  await deps.io.appendSummary(`${line}\n`);
  const github = deps.github;
  if (github && inputs.comment === 'update') {
    const marker = markerFor('plan', inputs.cluster);
    await comment(
      inputs,
      deps,
      pullNumber,
      fork,
      () =>
        publishComment(
          github,
          pullNumber,
          'update',
          marker,
          `${marker}\n${line}\n`,
          actionAuthor(inputs.commentAuthor),
          true,
        ),
      result,
    );
  }
  result.exitCode = result.failures.length > 0 ? 1 : 0;
  return result;
}
