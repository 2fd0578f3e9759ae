/**
 * Whole scenarios: a cluster file and the manifests of a change, planned as
 * `berth plan` plans them. Each scenario lives in test/fixtures/scenarios/<name>/
 * as `cluster.yaml` (a Fleet or a snapshot) and `head.yaml` (the workloads the
 * change adds; some scenarios have variants, `head-<variant>.yaml`), read through
 * the same loaders the CLI uses.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadClusterText } from '../../src/cluster/load.ts';
import { type BerthConfig, defaultConfig } from '../../src/config/config.ts';
import { parseManifests } from '../../src/manifests/parse.ts';
import type { Diagnostic } from '../../src/model/diagnostics.ts';
import type { ClusterState } from '../../src/model/types.ts';
import { planFromLoaded } from '../../src/plan/run.ts';
import type { PlacementEntry, Plan } from '../../src/plan/types.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/scenarios/', import.meta.url));

export function fixtureText(scenario: string, file: string): string {
  return readFileSync(`${FIXTURES}${scenario}/${file}`, 'utf8');
}

export interface ScenarioRun {
  plan: Plan;
  /** Errors from loading the cluster and the manifests (a scenario should have none). */
  errors: Diagnostic[];
}

export interface ScenarioChanges {
  /** Changes the default config before planning. */
  config?: (config: BerthConfig) => void;
  /** Changes the loaded cluster before planning (a variant without one object, say). */
  cluster?: (cluster: ClusterState) => void;
  /** Another manifest file of the scenario to plan instead of `head.yaml`. */
  head?: string;
  /** A manifest file of the scenario to plan the change from (`base.yaml`); none by default. */
  base?: string;
}

/** Plans `head.yaml` of the scenario against its `cluster.yaml`, with the changes given. */
export function planScenario(scenario: string, changes: ScenarioChanges = {}): ScenarioRun {
  const clusterFile = `${scenario}/cluster.yaml`;
  const headName = changes.head ?? 'head.yaml';
  const headFile = `${scenario}/${headName}`;
  const loaded = loadClusterText(fixtureText(scenario, 'cluster.yaml'), clusterFile);
  changes.cluster?.(loaded.cluster);
  const head = parseManifests(fixtureText(scenario, headName), headFile);
  const config = defaultConfig();
  changes.config?.(config);
  const plan = planFromLoaded({
    clusterSource: clusterFile,
    cluster: loaded.cluster,
    head,
    base: changes.base
      ? parseManifests(fixtureText(scenario, changes.base), `${scenario}/${changes.base}`)
      : undefined,
    diagnostics: loaded.diagnostics,
    config,
    skipAdvice: true,
  });
  return { plan, errors: plan.diagnostics.filter((d) => d.severity === 'error') };
}

/** `namespace/pod` -> node (null when not placed), in scheduling order. */
export function placements(plan: Plan): Record<string, string | null> {
  return Object.fromEntries(plan.placements.map((p) => [`${p.namespace}/${p.pod}`, p.node]));
}

/** The placement of one pod; fails the test when the plan has no such pod. */
export function placementOf(plan: Plan, key: string): PlacementEntry {
  const found = plan.placements.find((p) => `${p.namespace}/${p.pod}` === key);
  if (!found)
    throw new Error(`no placement for ${key}; the plan has ${Object.keys(placements(plan)).join(', ')}`);
  return found;
}

/**
 * TaintToleration's reason for a node with a NoSchedule taint the pod does not tolerate.
 * kube-scheduler v1.37 names no taint (`node(s) had untolerated taint(s)`), so
 * differently tainted nodes count as one reason; the arguments say which taint a
 * scenario means, for the reader.
 */
export function untoleratedTaint(_key: string, _value: string): string {
  return 'node(s) had untolerated taint(s)';
}
