/**
 * Where the renderers are: `BERTH_HELM`, `BERTH_KUSTOMIZE` and `BERTH_KUBECTL` name
 * a program by its absolute path; otherwise `helm`, `kustomize` (else `kubectl
 * kustomize`) are looked up on PATH. Only absolute PATH entries are searched, so a
 * `.` or empty entry can never pick up a `helm` the pull request put in the tree,
 * and the program is then run by its absolute path. The config cannot name a
 * program: it comes from the repository, and a program it named would be the pull
 * request's own code.
 */

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

export type RenderKind = 'helm' | 'kustomize';

/** A program that renders, and the arguments that come before berth's own. */
export interface RendererProgram {
  /** Absolute path of the executable. */
  file: string;
  /** `kustomize` for `kubectl kustomize`; empty for `helm` and `kustomize`. */
  prefix: string[];
  /** How a person would type it: `helm`, `kustomize build`, `kubectl kustomize`. */
  command: string;
}

export type FoundProgram = { ok: true; program: RendererProgram } | { ok: false; message: string };

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first absolute entry of PATH that holds an executable `name`. */
async function onPath(name: string, env: Record<string, string | undefined>): Promise<string | null> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const file = path.join(dir, name);
    if (await isExecutableFile(file)) return file;
  }
  return null;
}

/** A program named in the environment: absolute and executable, or why not. */
async function named(
  variable: string,
  env: Record<string, string | undefined>,
): Promise<FoundProgram | null> {
  const value = env[variable];
  if (value === undefined || value === '') return null;
  if (!path.isAbsolute(value)) {
    return { ok: false, message: `${variable} must be an absolute path to the program, not "${value}"` };
  }
  if (!(await isExecutableFile(value))) {
    return { ok: false, message: `${variable} names ${value}, which is not an executable file` };
  }
  return { ok: true, program: { file: value, prefix: [], command: '' } };
}

const INSTALL: Record<RenderKind, string> = {
  helm: 'install Helm (https://helm.sh/docs/intro/install/) or set BERTH_HELM to the path of helm',
  kustomize:
    'install kubectl (it has kubectl kustomize) or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/), or set BERTH_KUSTOMIZE or BERTH_KUBECTL to its path',
};

/** The renderer for a kind, or a message saying what to install. */
export async function findRenderer(
  kind: RenderKind,
  env: Record<string, string | undefined>,
): Promise<FoundProgram> {
  if (kind === 'helm') {
    const given = await named('BERTH_HELM', env);
    if (given) return given.ok ? { ok: true, program: { ...given.program, command: 'helm' } } : given;
    const file = await onPath('helm', env);
    if (file) return { ok: true, program: { file, prefix: [], command: 'helm' } };
    return { ok: false, message: `helm is not on PATH: ${INSTALL.helm}` };
  }
  const kustomize = await named('BERTH_KUSTOMIZE', env);
  if (kustomize)
    return kustomize.ok
      ? { ok: true, program: { ...kustomize.program, prefix: ['build'], command: 'kustomize build' } }
      : kustomize;
  const kubectl = await named('BERTH_KUBECTL', env);
  if (kubectl)
    return kubectl.ok
      ? {
          ok: true,
          program: { ...kubectl.program, prefix: ['kustomize'], command: 'kubectl kustomize' },
        }
      : kubectl;
  const standalone = await onPath('kustomize', env);
  if (standalone) {
    return { ok: true, program: { file: standalone, prefix: ['build'], command: 'kustomize build' } };
  }
  const kubectlFile = await onPath('kubectl', env);
  if (kubectlFile) {
    return { ok: true, program: { file: kubectlFile, prefix: ['kustomize'], command: 'kubectl kustomize' } };
  }
  return { ok: false, message: `neither kustomize nor kubectl is on PATH: ${INSTALL.kustomize}` };
}
