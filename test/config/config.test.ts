import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, loadConfigFile, parseConfig } from '../../src/config/config.ts';
import { BerthError } from '../../src/model/diagnostics.ts';

const FULL = `version: 1
clusters:
  - name: prod
    snapshot: clusters/prod.yaml
    manifests: ["deploy/prod/**/*.yaml"]
    branch: main
  - name: staging
    live: context:staging
    manifests: deploy/staging
policy:
  unschedulable: true
  quotaExceeded: true
  preemptionAtOrAbovePriority: 100000
  utilizationPercent: { cpu: 85, memory: 90 }
  nPlusOne: true
  missedDeadlines: true
  requireRequests: true
scheduler:
  scoringStrategy: MostAllocated
  pluginWeights: { PodTopologySpread: 3 }
  disabledPlugins: [NodeResourcesBalancedAllocation]
reservations:
  - pool: general
    resources: { cpu: 500m, memory: 1Gi }
  - namespace: payments
    resources: { cpu: "4" }
cost: { cpuHour: 0.031, memoryGiBHour: 0.0042, gpuHour: 1.2, currency: EUR }
comment: { mode: hide-and-new }
timeline: { policy: critical-path, horizon: 48h, defaultDuration: 30m }
workloads:
  - group: example.com
    kind: TrainingRun
    replicas: /spec/workers/count
    template: /spec/pods/0/template
    batch: true
`;

describe('config', () => {
  it('reads every documented setting of a full example', () => {
    const { config, diagnostics } = parseConfig(FULL, '.github/berth.yml');
    expect(diagnostics).toEqual([]);
    expect(config.clusters.map((c) => c.name)).toEqual(['prod', 'staging']);
    expect(config.clusters[1]).toMatchObject({ live: 'context:staging', manifests: ['deploy/staging'] });
    expect(config.policy).toEqual({
      unschedulable: true,
      quotaExceeded: true,
      preemptionAtOrAbovePriority: 100000,
      utilizationPercent: { cpu: 85, memory: 90 },
      nPlusOne: true,
      missedDeadlines: true,
      requireRequests: true,
    });
    expect(config.scheduler.scoringStrategy).toBe('MostAllocated');
    expect(config.reservations[0]).toMatchObject({
      pool: 'general',
      resources: { cpu: 500, memory: 1024 ** 3 },
    });
    expect(config.reservations[1]).toMatchObject({ namespace: 'payments', resources: { cpu: 4000 } });
    expect(config.cost).toEqual({ cpuHour: 0.031, memoryGiBHour: 0.0042, gpuHour: 1.2, currency: 'EUR' });
    expect(config.comment.mode).toBe('hide-and-new');
    expect(config.timeline).toEqual({ policy: 'critical-path', horizon: '48h', defaultDuration: '30m' });
    expect(config.workloads).toEqual([
      {
        group: 'example.com',
        kind: 'TrainingRun',
        replicas: ['spec', 'workers', 'count'],
        template: ['spec', 'pods', 0, 'template'],
        batch: true,
        source: { file: '.github/berth.yml', line: 31, column: 5 },
      },
    ]);
  });

  it.each([
    [
      'a template path that is not a JSON pointer',
      'workloads:\n  - { group: a.io, kind: A, template: spec.template }\n',
      2,
      /JSON pointer/,
    ],
    [
      'a declared kind without a template',
      'workloads:\n  - group: a.io\n    kind: A\n',
      2,
      /needs group, kind and template/,
    ],
    [
      'a pointer past the bound on its length',
      `workloads:\n  - group: a.io\n    kind: A\n    template: /${'x/'.repeat(20)}x\n`,
      4,
      /at most 16 parts/,
    ],
    [
      'a kind declared twice',
      'workloads:\n  - { group: a.io, kind: A, template: /spec }\n  - { group: a.io, kind: A, template: /spec }\n',
      3,
      /declared twice/,
    ],
    ['workloads that is not a list', 'workloads: { group: a.io }\n', 1, /must be a list/],
  ])('workloads: %s is an error at its line', (_what, text, line, message) => {
    const { config, diagnostics } = parseConfig(text, 'berth.yml');
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line, message: expect.stringMatching(message) }),
    ]);
    expect(config.workloads.length).toBeLessThanOrEqual(1);
  });

  it('gives the documented defaults for an empty file', () => {
    const { config, diagnostics } = parseConfig('', 'berth.yml');
    expect(diagnostics).toEqual([]);
    expect(config).toEqual(defaultConfig());
    expect(config.policy.unschedulable).toBe(true);
    expect(config.policy.nPlusOne).toBe(false);
  });

  it.each([
    [
      'a misspelt policy key is a warning at its line',
      'policy:\n  unschedulabel: false\n',
      2,
      'warning',
      /unknown key "unschedulabel"/,
    ],
    [
      'a scoring strategy that does not exist',
      'scheduler:\n  scoringStrategy: Random\n',
      2,
      'error',
      /must be one of/,
    ],
    [
      'a utilisation over 100 percent',
      'policy:\n  utilizationPercent: { cpu: 150 }\n',
      2,
      'error',
      /from 1 to 100/,
    ],
    [
      'a bad reservation quantity',
      'reservations:\n  - pool: a\n    resources: { cpu: lots }\n',
      3,
      'error',
      /cpu/,
    ],
    [
      'a reservation naming both pool and namespace',
      'reservations:\n  - pool: a\n    namespace: b\n    resources: {}\n',
      2,
      'error',
      /exactly one/,
    ],
    [
      'a cluster without a source',
      'clusters:\n  - name: prod\n',
      2,
      'error',
      /needs one of snapshot, fleet or live/,
    ],
    [
      'a cluster with both a snapshot and a fleet file',
      'clusters:\n  - name: prod\n    snapshot: s.yaml\n    fleet: f.yaml\n',
      4,
      'error',
      /^cluster "prod" names 2 sources \(snapshot, fleet\): give exactly one of snapshot, fleet or live$/,
    ],
    [
      'a cluster with a snapshot and a live context',
      'clusters:\n  - name: prod\n    live: context:prod\n    snapshot: s.yaml\n',
      4,
      'error',
      /names 2 sources \(live, snapshot\)/,
    ],
    ['a duplicate key', 'comment:\n  mode: new\ncomment:\n  mode: off\n', 3, 'error', /unique/i],
    ['broken YAML', 'policy: [unclosed\n', 2, 'error', /./],
    ['a horizon that is not a duration', 'timeline:\n  horizon: tomorrow\n', 2, 'error', /duration/],
  ])('%s', (_name, text, line, severity, message) => {
    const { diagnostics } = parseConfig(text, 'berth.yml');
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ file: 'berth.yml', line, severity });
    expect(diagnostics[0]!.message).toMatch(message);
  });
});

describe('config limits', () => {
  it('raises manifest limits so a big but genuine file can be read', () => {
    const { config, diagnostics } = parseConfig(
      'limits:\n  maxFileBytes: 33554432\n  maxDocuments: 20000\n',
      'b.yml',
    );
    expect(diagnostics).toEqual([]);
    expect(config.limits).toEqual({ maxFileBytes: 33554432, maxDocuments: 20000 });
  });

  it('sets the pod limits of a plan, in all and per workload', () => {
    const { config, diagnostics } = parseConfig(
      'limits:\n  maxPods: 300000\n  maxPodsPerWorkload: 50000\n',
      'b.yml',
    );
    expect(diagnostics).toEqual([]);
    expect(config.limits).toEqual({ maxPods: 300000, maxPodsPerWorkload: 50000 });
  });

  it('refuses an unknown limit name with the known ones listed', () => {
    const { diagnostics } = parseConfig('limits:\n  maxFiles: 3\n', 'b.yml');
    expect(diagnostics[0]).toMatchObject({ line: 2, severity: 'warning' });
    expect(diagnostics[0]!.message).toMatch(/maxFileBytes/);
  });
});

describe('config paths stay in the repository', () => {
  it.each([
    ['snapshot', '/proc/self/environ'],
    ['fleet', '/etc/berth/fleet.yaml'],
  ])('refuses an absolute %s path at its line, with no other error for the entry', (key, file) => {
    const { config, diagnostics } = parseConfig(
      `clusters:\n  - name: prod\n    ${key}: ${file}\n`,
      'berth.yml',
    );
    expect(diagnostics).toEqual([
      {
        file: 'berth.yml',
        line: 3,
        column: key.length + 7,
        severity: 'error',
        code: 'invalid-config',
        message: `clusters[].${key} must be a path inside the repository, relative to the working directory`,
      },
    ]);
    expect(config.clusters[0]?.file).toBe('');
  });

  it('does not read a config that is a link out of the root, and says so by its name', async () => {
    const base = mkdtempSync(join(tmpdir(), 'berth-config-'));
    mkdirSync(join(base, 'repo/.github'), { recursive: true });
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(base, 'outside/berth.yml'), 'policy: [secret-from-outside\n');
    symlinkSync('../../outside/berth.yml', join(base, 'repo/.github/berth.yml'));
    const sources = new Map<string, string>();
    const error = await loadConfigFile(join(base, 'repo/.github/berth.yml'), {
      scope: { root: join(base, 'repo') },
      sources,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).message).toBe(
      `cannot read config ${join(base, 'repo/.github/berth.yml')}: symbolic link that leads outside the root ${join(base, 'repo')}; not read`,
    );
    expect(sources.size).toBe(0);
  });
});

describe('clusters[].live', () => {
  it.each([
    ['live', undefined],
    ['context:prod', undefined],
    ['context:', 'clusters[].live must be "live" or "context:<name>": "context:" names no context'],
    ['prod.yaml', 'clusters[].live must be "live" or "context:<name>"'],
  ])('%s is read as the command line reads a cluster', (live, error) => {
    const { config, diagnostics } = parseConfig(
      `clusters:\n  - name: prod\n    live: "${live}"\n`,
      'berth.yml',
    );
    if (error === undefined) {
      expect(diagnostics).toEqual([]);
      expect(config.clusters[0]?.live).toBe(live);
    } else {
      expect(diagnostics.map((d) => [d.line, d.message])).toContainEqual([3, expect.stringContaining(error)]);
    }
  });
});
