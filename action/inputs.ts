/**
 * Every input of action.yml, named once, parsed once into a typed object.
 * `parseInputs` takes the getter so it runs without the Actions runtime in tests.
 */

import { COMMENT_MODES, type CommentMode, DEFAULT_CONFIG_PATH } from '../src/config/config.ts';

export const INPUT = {
  githubToken: 'github-token',
  config: 'config',
  configRef: 'config-ref',
  cluster: 'cluster',
  manifests: 'manifests',
  snapshot: 'snapshot',
  fleet: 'fleet',
  kubeconfig: 'kubeconfig',
  comment: 'comment',
  commentAuthor: 'comment-author',
  failOn: 'fail-on',
  workingDirectory: 'working-directory',
} as const;

export const OUTPUT = {
  passed: 'passed',
  pods: 'pods',
  scheduled: 'scheduled',
  unschedulable: 'unschedulable',
  cpuDelta: 'cpu-delta',
  memoryDelta: 'memory-delta',
  report: 'report',
  commentUrl: 'comment-url',
} as const;

export type { CommentMode };

/** The core's comment modes, for checking the input. */
export { COMMENT_MODES };

/**
 * `policy`: fail when the plan fails berth's policy (the config's, or the default:
 * unschedulable or rejected pods and input errors). `unschedulable`: fail only on
 * pods that do not fit. `never`: report, never fail.
 */
export const FAIL_ON = ['policy', 'unschedulable', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/**
 * Where the config is read on pull request events. `base`: at the pull request's base
 * commit, through the API, so a pull request cannot relax the policy it is checked
 * against. `checkout`: the checked-out file (the pull request's own copy on `pull_request`).
 */
export const CONFIG_REFS = ['base', 'checkout'] as const;
export type ConfigRef = (typeof CONFIG_REFS)[number];

/** The config read when the `config` input is empty and this file is in the working directory (as the CLI does). */
export const DEFAULT_CONFIG = DEFAULT_CONFIG_PATH;

export const DEFAULT_MANIFEST_GLOBS = ['**/*.yaml', '**/*.yml', '!.github/**'];

export interface ActionInputs {
  /** Empty when the workflow passes none (then nothing is commented). */
  githubToken: string;
  config: string | null;
  configRef: ConfigRef;
  /** Name of the cluster: picks the config's cluster and names the sticky comment. */
  cluster: string;
  /** Globs relative to the working directory; a leading `!` excludes. Empty: the config's, else the defaults. */
  manifests: string[];
  /** Snapshot or fleet file, relative to the working directory. */
  clusterFile: string | null;
  clusterFileKind: 'snapshot' | 'fleet' | null;
  kubeconfig: string | null;
  /** Null when not given: the config's comment mode applies, else `update`. */
  comment: CommentMode | null;
  /**
   * The login the token comments as, whose marker comments berth edits: the workflow
   * token's `github-actions[bot]` by default, or another App's `<slug>[bot]`.
   */
  commentAuthor: string;
  failOn: FailOn;
  workingDirectory: string;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A GitHub login, or an App's `<slug>[bot]`. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/** The cluster name ends up inside an HTML comment and a file name: keep it to a safe alphabet. */
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function oneOf<T extends string, F extends T | null>(
  name: string,
  value: string,
  allowed: readonly T[],
  fallback: F,
): T | F {
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`input "${name}" is "${value}"; use one of: ${allowed.join(', ')}`);
}

/** Lines or commas, trimmed, blanks dropped: the forms workflow authors write lists in. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * `present(workingDirectory, path)` tells whether the working directory holds `path`
 * (a link counts: where it leads is checked when it is read); it finds `DEFAULT_CONFIG`.
 */
export function parseInputs(
  get: (name: string) => string,
  present: (workingDirectory: string, path: string) => boolean = () => false,
): ActionInputs {
  const read = (name: string) => get(name).trim();
  const snapshot = read(INPUT.snapshot);
  const fleet = read(INPUT.fleet);
  const kubeconfig = read(INPUT.kubeconfig);
  const workingDirectory = read(INPUT.workingDirectory) || '.';
  const config = read(INPUT.config) || (present(workingDirectory, DEFAULT_CONFIG) ? DEFAULT_CONFIG : '');
  const given = [snapshot && INPUT.snapshot, fleet && INPUT.fleet, kubeconfig && INPUT.kubeconfig].filter(
    Boolean,
  );
  if (given.length > 1) {
    throw new InputError(`inputs ${given.join(' and ')} both name the cluster; give only one`);
  }
  if (given.length === 0 && config === '') {
    throw new InputError(
      `no cluster to plan against: set "${INPUT.snapshot}" (a kubectl snapshot file), "${INPUT.fleet}" (a fleet file), "${INPUT.kubeconfig}" or "${INPUT.config}" (or add ${DEFAULT_CONFIG})`,
    );
  }
  const cluster = read(INPUT.cluster) || 'default';
  if (!CLUSTER_NAME.test(cluster)) {
    throw new InputError(
      `input "${INPUT.cluster}" is "${cluster}"; use letters, digits, ".", "_" and "-" (at most 63)`,
    );
  }
  const manifests = splitList(get(INPUT.manifests));
  const commentAuthor = read(INPUT.commentAuthor) || 'github-actions[bot]';
  if (!LOGIN.test(commentAuthor)) {
    throw new InputError(
      `input "${INPUT.commentAuthor}" is "${commentAuthor}"; give a GitHub login or an App's <slug>[bot]`,
    );
  }
  return {
    githubToken: read(INPUT.githubToken),
    config: config || null,
    configRef: oneOf(INPUT.configRef, read(INPUT.configRef), CONFIG_REFS, 'base'),
    cluster,
    manifests,
    clusterFile: snapshot || fleet || null,
    clusterFileKind: snapshot ? 'snapshot' : fleet ? 'fleet' : null,
    kubeconfig: kubeconfig || null,
    comment: oneOf(INPUT.comment, read(INPUT.comment), COMMENT_MODES, null),
    commentAuthor,
    failOn: oneOf(INPUT.failOn, read(INPUT.failOn), FAIL_ON, 'policy'),
    workingDirectory,
  };
}
