/**
 * Builds the control plane (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, kwok) from the published Go modules pinned in this folder, and
 * caches the binaries outside the clone, keyed by everything that decides their
 * bytes. A cache entry is complete only once its stamp file exists (written last),
 * so an interrupted build is rebuilt; a lock directory makes a concurrent second
 * build wait for the first instead of racing it.
 */

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Go module pinning the control plane (test/cluster) and kwok's own module inside it. */
export const moduleDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'cluster');
const kwokModuleDir = join(moduleDir, 'kwok');
/** kubectl's own module: the client the apply tests and benchmark compare berth with. */
const kubectlModuleDir = join(moduleDir, 'kubectl');

/**
 * Raised when the recipe below changes in a way the pinned files do not show
 * (flags, copied stages), so old cache entries are not reused.
 */
const RECIPE = 3;

export const BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
] as const;
export type Binary = (typeof BINARIES)[number];

/** kwok's stock stages, as `kwokctl` runs them: nodes become Ready and stay so, bound pods run. */
const KWOK_STAGES = [
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/node/heartbeat/node-heartbeat.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-complete.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
];

export interface ControlPlaneVersions {
  kubernetes: string;
  etcd: string;
  kwok: string;
}

export interface ControlPlaneBinaries {
  /** The cache entry holding `bin/` and `kwok-stages/`. */
  dir: string;
  versions: ControlPlaneVersions;
  paths: Record<Binary, string>;
  /** Stage files to pass to kwok with `--config`. */
  kwokStages: string[];
  /** Whether this call built the binaries (false: found in the cache). */
  built: boolean;
  /** Seconds spent building, when built. */
  buildSeconds?: number;
}

export function cacheRoot(): string {
  return process.env.BERTH_CACHE_DIR || join(homedir(), '.cache', 'berth');
}

function requiredVersion(goMod: string, module: string): string {
  const match = new RegExp(`^(?:require)?\\s*${module.replaceAll('.', '\\.')}\\s+(v\\S+)`, 'm').exec(goMod);
  if (!match?.[1]) throw new Error(`${module} is not required in go.mod`);
  return match[1];
}

async function goEnv(name: string): Promise<string> {
  const { stdout } = await run('go', ['env', name], { cwd: moduleDir });
  return stdout.trim();
}

/** Versions and cache key from the pinned module files alone (no build, no network). */
export async function controlPlaneKey(): Promise<{ key: string; versions: ControlPlaneVersions }> {
  const files = ['go.mod', 'go.sum', 'cmd/etcd/main.go', 'kwok/go.mod', 'kwok/go.sum'];
  const hash = createHash('sha256').update(`recipe ${RECIPE}\n`);
  for (const file of files) {
    hash.update(`${file}\n`);
    hash.update(await readFile(join(moduleDir, file)));
  }
  const goMod = await readFile(join(moduleDir, 'go.mod'), 'utf8');
  const kwokMod = await readFile(join(kwokModuleDir, 'go.mod'), 'utf8');
  const versions = {
    kubernetes: requiredVersion(goMod, 'k8s.io/kubernetes'),
    etcd: requiredVersion(goMod, 'go.etcd.io/etcd/server/v3'),
    kwok: requiredVersion(kwokMod, 'sigs.k8s.io/kwok'),
  };
  const platform = `${await goEnv('GOOS')}-${await goEnv('GOARCH')}`;
  const key = `k8s-${versions.kubernetes}_etcd-${versions.etcd}_kwok-${versions.kwok}_${platform}_${hash.digest('hex').slice(0, 12)}`;
  return { key, versions };
}

/** `-X` flags so each binary reports the release it was built from, as upstream's release builds do. */
function versionFlags(versions: ControlPlaneVersions): string[] {
  const k8s = /^v(\d+)\.(\d+)\./.exec(versions.kubernetes);
  if (!k8s) throw new Error(`unexpected Kubernetes version ${versions.kubernetes}`);
  const [, major, minor] = k8s;
  const flags: string[] = [];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=${versions.kubernetes}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
    );
  }
  return flags;
}

function goBuildEnv(): NodeJS.ProcessEnv {
  // Two parallel compile jobs keep a small CI runner responsive; a caller may ask for more.
  const goflags = process.env.GOFLAGS ?? '';
  return {
    ...process.env,
    GOFLAGS: /(^|\s)-p=/.test(goflags) ? goflags : `${goflags} -p=2`.trim(),
    CGO_ENABLED: process.env.CGO_ENABLED ?? '0',
  };
}

async function goBuild(
  cwd: string,
  out: string,
  ldflags: string[],
  packages: string[],
  log: (line: string) => void,
) {
  const args = [
    'build',
    '-trimpath',
    '-buildvcs=false',
    `-ldflags=${['-s', '-w', ...ldflags].join(' ')}`,
    '-o',
    `${out}/`,
  ];
  log(`go ${args.slice(0, 2).join(' ')} ${packages.join(' ')}`);
  await run('go', [...args, ...packages], { cwd, env: goBuildEnv(), maxBuffer: 64 * 1024 * 1024 });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock directory holding the owner's PID; a lock whose owner is gone is taken over. */
async function withLock<T>(lockDir: string, log: (line: string) => void, body: () => Promise<T>): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''));
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      // A lock without a PID may be one being created this instant: give it a moment.
      if ((owner > 0 && !isAlive(owner)) || (!owner && age > 10_000)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!announced) {
        log(`waiting for another build of the control plane (pid ${owner || '?'})`);
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await body();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

function describe(
  dir: string,
  versions: ControlPlaneVersions,
  built: boolean,
  buildSeconds?: number,
): ControlPlaneBinaries {
  const bin = join(dir, 'bin');
  const paths = Object.fromEntries(BINARIES.map((name) => [name, join(bin, name)])) as Record<Binary, string>;
  const kwokStages = KWOK_STAGES.map((file) => join(dir, 'kwok-stages', file.split('/').at(-1) ?? file));
  return { dir, versions, paths, kwokStages, built, ...(buildSeconds === undefined ? {} : { buildSeconds }) };
}

/**
 * Returns the cached control plane, building it first when the cache entry is
 * missing or partial. Building from a cold Go module cache downloads the
 * modules from the Go module proxy.
 */
export async function ensureControlPlane(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<ControlPlaneBinaries> {
  const { key, versions } = await controlPlaneKey();
  const root = join(cacheRoot(), 'control-plane');
  const dir = join(root, key);
  const stampFile = join(dir, 'stamp.json');
  if (existsSync(stampFile)) return describe(dir, versions, false);
  await mkdir(root, { recursive: true });
  return withLock(join(root, `${key}.lock`), log, async () => {
    // Another process may have finished the build while this one waited.
    if (existsSync(stampFile)) return describe(dir, versions, false);
    const started = Date.now();
    await rm(dir, { recursive: true, force: true });
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    log(`building the control plane ${key} into ${dir}`);
    await goBuild(
      moduleDir,
      bin,
      versionFlags(versions),
      [
        './cmd/etcd',
        'k8s.io/kubernetes/cmd/kube-apiserver',
        'k8s.io/kubernetes/cmd/kube-controller-manager',
        'k8s.io/kubernetes/cmd/kube-scheduler',
      ],
      log,
    );
    await goBuild(kwokModuleDir, bin, [], ['sigs.k8s.io/kwok/cmd/kwok'], log);
    const { stdout: kwokSource } = await run('go', ['list', '-m', '-f', '{{.Dir}}', 'sigs.k8s.io/kwok'], {
      cwd: kwokModuleDir,
      env: goBuildEnv(),
    });
    const stages = join(dir, 'kwok-stages');
    await mkdir(stages, { recursive: true });
    for (const file of KWOK_STAGES) {
      await copyFile(join(kwokSource.trim(), file), join(stages, file.split('/').at(-1) ?? file));
    }
    const present = await readdir(bin);
    const missing = BINARIES.filter((name) => !present.includes(name));
    if (missing.length > 0) throw new Error(`the build did not produce ${missing.join(', ')}`);
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    await writeFile(
      stampFile,
      `${JSON.stringify({ key, versions, buildSeconds, builtAt: new Date().toISOString() }, null, 2)}\n`,
    );
    log(`built the control plane in ${buildSeconds}s`);
    return describe(dir, versions, true, buildSeconds);
  });
}

export interface KubectlBinary {
  /** The kubectl executable. */
  path: string;
  /** The Kubernetes release it was built from (the control plane's). */
  version: string;
  built: boolean;
  buildSeconds?: number;
}

/**
 * kubectl built from \`k8s.io/kubernetes/cmd/kubectl\` at the control plane's pinned
 * version, in its own module (test/cluster/kubectl) and its own cache entry, so
 * adding it leaves the control plane's cache key as it was. Cached and locked as
 * \`ensureControlPlane\` is.
 */
export async function ensureKubectl(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<KubectlBinary> {
  const hash = createHash('sha256').update(`recipe ${RECIPE}\n`);
  for (const file of ['go.mod', 'go.sum']) {
    hash.update(`${file}\n`);
    hash.update(await readFile(join(kubectlModuleDir, file)));
  }
  const goMod = await readFile(join(kubectlModuleDir, 'go.mod'), 'utf8');
  const version = requiredVersion(goMod, 'k8s.io/kubernetes');
  const platform = `${await goEnv('GOOS')}-${await goEnv('GOARCH')}`;
  const key = `kubectl-${version}_${platform}_${hash.digest('hex').slice(0, 12)}`;
  const root = join(cacheRoot(), 'control-plane');
  const dir = join(root, key);
  const stampFile = join(dir, 'stamp.json');
  const path = join(dir, 'bin', 'kubectl');
  if (existsSync(stampFile)) return { path, version, built: false };
  await mkdir(root, { recursive: true });
  return withLock(join(root, `${key}.lock`), log, async () => {
    if (existsSync(stampFile)) return { path, version, built: false };
    const started = Date.now();
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'bin'), { recursive: true });
    log(`building kubectl ${version} into ${dir}`);
    const versions = { kubernetes: version, etcd: '', kwok: '' };
    await goBuild(
      kubectlModuleDir,
      join(dir, 'bin'),
      versionFlags(versions),
      ['k8s.io/kubernetes/cmd/kubectl'],
      log,
    );
    if (!existsSync(path)) throw new Error('the build did not produce kubectl');
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    await writeFile(
      stampFile,
      `${JSON.stringify({ key, version, buildSeconds, builtAt: new Date().toISOString() }, null, 2)}\n`,
    );
    log(`built kubectl in ${buildSeconds}s`);
    return { path, version, built: true, buildSeconds };
  });
}

/** A renderer berth runs on charts and kustomizations, as the render tests build it. */
export type Renderer = 'helm' | 'kustomize';

export interface RendererBinary {
  /** The executable. */
  path: string;
  /** The release of the Go module it was built from. */
  version: string;
  built: boolean;
  buildSeconds?: number;
}

/** Each renderer's own module (test/cluster/<name>), main package and version stamp. */
const RENDERERS: Record<Renderer, { module: string; main: string; versionFlags: (v: string) => string[] }> = {
  helm: {
    module: 'helm.sh/helm/v4',
    main: 'helm.sh/helm/v4/cmd/helm',
    versionFlags: (v) => [
      `-X helm.sh/helm/v4/internal/version.version=${v}`,
      '-X helm.sh/helm/v4/internal/version.metadata=',
      '-X helm.sh/helm/v4/internal/version.gitTreeState=clean',
    ],
  },
  kustomize: {
    module: 'sigs.k8s.io/kustomize/kustomize/v5',
    main: 'sigs.k8s.io/kustomize/kustomize/v5',
    versionFlags: (v) => [`-X sigs.k8s.io/kustomize/api/provenance.version=kustomize/${v}`],
  },
};

/**
 * helm or the standalone kustomize, built from the release pinned in its own module
 * (test/cluster/helm, test/cluster/kustomize) into its own cache entry, keyed by
 * version and go.sum, cached and locked as `ensureControlPlane` is. kubectl (see
 * `ensureKubectl`) renders kustomizations too, with `kubectl kustomize`.
 */
export async function ensureRenderer(
  name: Renderer,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<RendererBinary> {
  const recipe = RENDERERS[name];
  const dirOfModule = join(moduleDir, name);
  const hash = createHash('sha256').update(`recipe ${RECIPE}\n`);
  for (const file of ['go.mod', 'go.sum']) {
    hash.update(`${file}\n`);
    hash.update(await readFile(join(dirOfModule, file)));
  }
  const goMod = await readFile(join(dirOfModule, 'go.mod'), 'utf8');
  const version = requiredVersion(goMod, recipe.module);
  const platform = `${await goEnv('GOOS')}-${await goEnv('GOARCH')}`;
  const key = `${name}-${version}_${platform}_${hash.digest('hex').slice(0, 12)}`;
  const root = join(cacheRoot(), 'renderers');
  const dir = join(root, key);
  const stampFile = join(dir, 'stamp.json');
  const path = join(dir, 'bin', name);
  if (existsSync(stampFile)) return { path, version, built: false };
  await mkdir(root, { recursive: true });
  return withLock(join(root, `${key}.lock`), log, async () => {
    if (existsSync(stampFile)) return { path, version, built: false };
    const started = Date.now();
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'bin'), { recursive: true });
    log(`building ${name} ${version} into ${dir}`);
    await goBuild(dirOfModule, join(dir, 'bin'), recipe.versionFlags(version), [recipe.main], log);
    // The main package of kustomize's module is named after its folder, v5.
    if (name === 'kustomize' && existsSync(join(dir, 'bin', 'v5'))) {
      await rename(join(dir, 'bin', 'v5'), path);
    }
    if (!existsSync(path)) throw new Error(`the build did not produce ${name}`);
    const buildSeconds = Math.round((Date.now() - started) / 1000);
    await writeFile(
      stampFile,
      `${JSON.stringify({ key, version, buildSeconds, builtAt: new Date().toISOString() }, null, 2)}\n`,
    );
    log(`built ${name} in ${buildSeconds}s`);
    return { path, version, built: true, buildSeconds };
  });
}
