/**
 * The workflows in docs/action.md are what users copy: each must be a well-formed
 * workflow, follow the hardening rules it preaches, and use berth's real inputs.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './run-action.ts';

type Json = Record<string, unknown>;

const doc = readFileSync(`${ROOT}/docs/action.md`, 'utf8');
const workflows = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Json);
const actionInputs = Object.keys(
  (parse(readFileSync(`${ROOT}/action.yml`, 'utf8')) as { inputs: Json }).inputs,
);
const BERTH = 'OWNER/berth@FULL_COMMIT_SHA';

function jobsOf(workflow: Json): [string, Json][] {
  return Object.entries(workflow.jobs as Record<string, Json>);
}

function stepsOf(workflow: Json): Json[] {
  return jobsOf(workflow).flatMap(([, job]) => job.steps as Json[]);
}

describe('docs/action.md workflows', () => {
  it('has the examples the docs promise: snapshot, comment command, fork pair, EKS, GKE, AKS, matrix', () => {
    expect(workflows.map((w) => w.name)).toEqual([
      'berth',
      'berth-command',
      'berth',
      'berth-comment',
      'berth-eks',
      'berth-gke',
      'berth-aks',
      'berth-clusters',
    ]);
  });

  it.each(workflows.map((w) => [w.name as string, w]))(
    '%s has the structure of a workflow',
    (_name, workflow) => {
      expect(typeof workflow.name).toBe('string');
      expect(workflow.on).toBeTypeOf('object');
      expect(jobsOf(workflow).length).toBeGreaterThan(0);
      for (const [, job] of jobsOf(workflow)) {
        expect(job['runs-on']).toBe('ubuntu-latest');
        expect(Array.isArray(job.steps)).toBe(true);
        for (const step of job.steps as Json[]) {
          expect(Object.hasOwn(step, 'uses') !== Object.hasOwn(step, 'run')).toBe(true);
        }
      }
    },
  );

  it.each(workflows.map((w) => [w.name as string, w]))(
    '%s sets least-privilege permissions',
    (_name, workflow) => {
      const permissions = workflow.permissions as Record<string, string>;
      expect(permissions.contents).toBe('read');
      for (const [scope, level] of Object.entries(permissions)) {
        expect(['contents', 'pull-requests', 'issues', 'id-token']).toContain(scope);
        expect(level === 'read' || scope !== 'contents').toBe(true);
      }
    },
  );

  it.each(workflows.map((w) => [w.name as string, w]))(
    '%s puts no github.event expression inside run:',
    (_name, workflow) => {
      for (const step of stepsOf(workflow)) {
        if (typeof step.run === 'string') expect(step.run).not.toMatch(/\$\{\{\s*github\.event\./);
      }
    },
  );

  it.each(workflows.map((w) => [w.name as string, w]))(
    '%s pins every other action to a full commit SHA',
    (_name, workflow) => {
      for (const step of stepsOf(workflow)) {
        if (typeof step.uses !== 'string' || step.uses === BERTH) continue;
        expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      }
    },
  );

  it.each(workflows.map((w) => [w.name as string, w]))(
    '%s passes berth only inputs it has',
    (_name, workflow) => {
      const berthSteps = stepsOf(workflow).filter((s) => s.uses === BERTH);
      expect(berthSteps).toHaveLength(1);
      for (const input of Object.keys((berthSteps[0]!.with ?? {}) as Json))
        expect(actionInputs).toContain(input);
    },
  );

  it('reads the policy from the base branch in the recommended workflow, and never from the pull request', () => {
    const recommended = stepsOf(workflows[0]!).find((s) => s.uses === BERTH)!.with as Json;
    expect(recommended).toMatchObject({ config: '.github/berth.yml', 'config-ref': 'base' });
    for (const step of workflows.flatMap(stepsOf).filter((s) => s.uses === BERTH))
      expect((step.with as Json)['config-ref'] ?? 'base').toBe('base');
  });

  it('never combines pull_request_target with a checkout', () => {
    for (const workflow of workflows)
      expect(Object.keys(workflow.on as Json)).not.toContain('pull_request_target');
  });

  it('keeps checkouts from persisting the token', () => {
    const checkouts = workflows
      .flatMap(stepsOf)
      .filter((s) => String(s.uses).startsWith('actions/checkout@'));
    expect(checkouts).toHaveLength(workflows.length);
    for (const step of checkouts) expect((step.with as Json)['persist-credentials']).toBe(false);
  });
});
