import { describe, expect, it } from 'vitest';
import { defaultConfig, type PolicyConfig } from '../../src/config/config.ts';
import { evaluatePolicy, type PolicyInput, type PolicyRule } from '../../src/plan/policy.ts';
import { deployment, fleet, manifests, planOf, priorityClass, runningPod } from '../fixtures/plans/build.ts';

/** A plan's policy inputs: by default every pod placed, nothing evicted, nothing wrong. */
class InputBuilder {
  readonly input: PolicyInput = {
    placements: [],
    victimPriorities: {},
    nodes: [],
    inputErrors: 0,
  };

  placed(pod: string): this {
    this.input.placements.push({ namespace: 'shop', pod, status: 'scheduled', reason: null });
    return this;
  }

  unschedulable(pod: string, reason = '0/3 nodes are available: 3 Insufficient cpu.'): this {
    this.input.placements.push({ namespace: 'shop', pod, status: 'unschedulable', reason });
    return this;
  }

  rejected(pod: string, reason: string): this {
    this.input.placements.push({ namespace: 'shop', pod, status: 'rejected', reason });
    return this;
  }

  preempts(pod: string, victim: string, priority: number): this {
    this.input.placements.push({
      namespace: 'shop',
      pod,
      status: 'scheduled',
      reason: null,
      victims: [victim],
    });
    this.input.victimPriorities[victim] = priority;
    return this;
  }

  node(name: string, allocatable: Record<string, number>, requested: Record<string, number>): this {
    this.input.nodes.push({ name, allocatable, requested: { after: requested } });
    return this;
  }

  nPlusOne(worstNode: string | null, pods: number, unplaced: number): this {
    this.input.advice = { nPlusOne: { worstNode, pods, unplaced, checked: 3 } };
    return this;
  }

  missed(...names: string[]): this {
    this.input.missedDeadlines = names.map((name) => ({ namespace: 'batch', name }));
    return this;
  }

  errors(n: number): this {
    this.input.inputErrors = n;
    return this;
  }
}

const input = () => new InputBuilder();

function policy(overrides: Partial<PolicyConfig> = {}): PolicyConfig {
  return { ...defaultConfig().policy, ...overrides };
}

function resultOf(rule: PolicyRule, b: InputBuilder, config: PolicyConfig) {
  const report = evaluatePolicy(b.input, config);
  const result = report.results.find((r) => r.rule === rule);
  if (!result) throw new Error(`rule ${rule} was not evaluated`);
  return { report, result };
}

describe('evaluatePolicy: every rule passes and fails', () => {
  it.each<[string, PolicyRule, InputBuilder, Partial<PolicyConfig>, boolean, RegExp]>([
    [
      'every pod placed passes the unschedulable rule',
      'unschedulable',
      input().placed('web-1').placed('web-2'),
      {},
      true,
      /every pod can be scheduled/,
    ],
    [
      'a pod that fits nowhere fails the unschedulable rule and is named',
      'unschedulable',
      input().placed('web-1').unschedulable('web-2'),
      {},
      false,
      /^1 pod cannot be scheduled: shop\/web-2$/,
    ],
    [
      'many unschedulable pods are counted and the list is shortened',
      'unschedulable',
      input()
        .unschedulable('a')
        .unschedulable('b')
        .unschedulable('c')
        .unschedulable('d')
        .unschedulable('e')
        .unschedulable('f')
        .unschedulable('g'),
      {},
      false,
      /^7 pods cannot be scheduled: shop\/a, shop\/b, shop\/c, shop\/d, shop\/e and 2 more$/,
    ],
    [
      'no admission rejection passes the quota rule',
      'quotaExceeded',
      input().placed('web-1'),
      {},
      true,
      /no pod exceeds a ResourceQuota or LimitRange/,
    ],
    [
      'a quota rejection fails the quota rule with the API server message',
      'quotaExceeded',
      input().rejected(
        'web-3',
        'exceeded quota: shop-quota, requested: requests.cpu=1, used: requests.cpu=4, limited: requests.cpu=4',
      ),
      {},
      false,
      /1 pod rejected by admission: shop\/web-3; first: exceeded quota: shop-quota, requested: requests\.cpu=1/,
    ],
    [
      'evicting a pod below the threshold passes the preemption rule',
      'preemption',
      input().preempts('web-1', 'batch/report-1', 99),
      { preemptionAtOrAbovePriority: 100 },
      true,
      /no running pod at priority 100 or above is preempted/,
    ],
    [
      'evicting a pod exactly at the threshold fails the preemption rule',
      'preemption',
      input().preempts('web-1', 'batch/report-1', 100),
      { preemptionAtOrAbovePriority: 100 },
      false,
      /preempts 1 running pod at priority 100 or above: batch\/report-1/,
    ],
    [
      'a node under every limit passes the utilisation rule',
      'utilization',
      input().node('node-1', { cpu: 4000, memory: 8 * 1024 ** 3 }, { cpu: 3400, memory: 1024 ** 3 }),
      { utilizationPercent: { cpu: 85 } },
      true,
      /every node stays under the utilisation limits/,
    ],
    [
      'a node over the cpu limit fails the utilisation rule with its share',
      'utilization',
      input().node('node-1', { cpu: 4000 }, { cpu: 3500 }).node('node-2', { cpu: 4000 }, { cpu: 1000 }),
      { utilizationPercent: { cpu: 85 } },
      false,
      /^node utilisation over the limit: node-1 cpu 88% > 85% \(3\.5 of 4\)$/,
    ],
    [
      'every limit is checked: memory over its limit fails even when cpu is fine',
      'utilization',
      input().node('node-1', { cpu: 4000, memory: 8 * 1024 ** 3 }, { cpu: 100, memory: 7 * 1024 ** 3 }),
      { utilizationPercent: { cpu: 85, memory: 80 } },
      false,
      /node-1 memory 88% > 80% \(7Gi of 8Gi\)/,
    ],
    [
      'a cluster that survives its worst node loss passes N+1',
      'nPlusOne',
      input().nPlusOne('node-2', 4, 0),
      { nPlusOne: true },
      true,
      /any single node can fail/,
    ],
    [
      'pods left homeless by the worst node loss fail N+1',
      'nPlusOne',
      input().nPlusOne('node-2', 4, 3),
      { nPlusOne: true },
      false,
      /^if node-2 fails, 3 of its 4 pods cannot be placed elsewhere$/,
    ],
    [
      'N+1 passes when no node carries movable pods',
      'nPlusOne',
      input().nPlusOne(null, 0, 0),
      { nPlusOne: true },
      true,
      /no node carries pods that would need a new home/,
    ],
    [
      'jobs that meet their deadlines pass the deadline rule',
      'missedDeadlines',
      input().missed(),
      { missedDeadlines: true },
      true,
      /every batch job meets its deadline/,
    ],
    [
      'a job run past its deadline fails the deadline rule and is named',
      'missedDeadlines',
      input().missed('nightly#2'),
      { missedDeadlines: true },
      false,
      /^1 job run misses its deadline: batch\/nightly#2$/,
    ],
    [
      'input read cleanly passes the input rule',
      'inputErrors',
      input(),
      {},
      true,
      /all input read without errors/,
    ],
    [
      'an input error fails the input rule',
      'inputErrors',
      input().errors(2),
      {},
      false,
      /^2 input errors: fix the config, manifests or cluster file$/,
    ],
  ])('%s', (_name, rule, b, overrides, passed, message) => {
    const { report, result } = resultOf(rule, b, policy(overrides));
    expect(result.passed).toBe(passed);
    expect(result.message).toMatch(message);
    // One failing rule fails the verdict; a passing one never does on its own.
    if (!passed) expect(report.passed).toBe(false);
  });
});

describe('evaluatePolicy: defaults', () => {
  it('with no config, unschedulable pods and quota rejections are checked and the rest are opt-in', () => {
    const report = evaluatePolicy(input().placed('web-1').input, defaultConfig().policy);
    expect(report.results.map((r) => r.rule)).toEqual(['inputErrors', 'unschedulable', 'quotaExceeded']);
    expect(report.passed).toBe(true);
  });

  it.each<[string, InputBuilder]>([
    ['a high-priority eviction', input().preempts('web-1', 'prod/db-0', 1_000_000)],
    ['a node at 100% cpu', input().node('node-1', { cpu: 1000 }, { cpu: 1000 })],
    ['an N+1 failure', input().nPlusOne('node-1', 3, 3)],
    ['a missed deadline', input().missed('nightly')],
  ])('with no config, %s does not fail the plan', (_name, b) => {
    expect(evaluatePolicy(b.input, defaultConfig().policy).passed).toBe(true);
  });

  it.each<[string, InputBuilder, Partial<PolicyConfig>]>([
    ['unschedulable pods', input().unschedulable('web-2'), { unschedulable: false }],
    ['quota rejections', input().rejected('web-2', 'exceeded quota'), { quotaExceeded: false }],
  ])('%s pass when the config turns their rule off', (_name, b, overrides) => {
    const report = evaluatePolicy(b.input, policy(overrides));
    expect(report.passed).toBe(true);
    expect(report.results.map((r) => r.rule)).not.toContain(Object.keys(overrides)[0]);
  });
});

describe('policy on a whole plan', () => {
  const cluster = fleet({
    pools: [{ name: 'general', count: 2, cpu: '2', memory: '4Gi' }],
    priorityClasses: [priorityClass('batch', 100), priorityClass('critical', 10_000)],
    pods: [
      runningPod({
        name: 'report',
        namespace: 'batch',
        node: 'general-1',
        cpu: '1500m',
        priorityClassName: 'batch',
      }),
      runningPod({
        name: 'export',
        namespace: 'batch',
        node: 'general-2',
        cpu: '1500m',
        priorityClassName: 'batch',
      }),
    ],
  });
  const head = manifests(
    deployment({ name: 'api', namespace: 'shop', cpu: '1', memory: '256Mi', priorityClassName: 'critical' }),
  );

  it('a plan that evicts a priority-100 pod passes by default and fails with a preemption threshold of 100', () => {
    const lenient = planOf({ cluster, head });
    expect(lenient.summary.preempted).toBe(1);
    expect(lenient.passed).toBe(true);
    const strict = planOf({ cluster, head, policy: { preemptionAtOrAbovePriority: 100 } });
    expect(strict.passed).toBe(false);
    expect(strict.policy.results.find((r) => r.rule === 'preemption')?.message).toMatch(
      /at priority 100 or above: batch\/(report|export)/,
    );
  });

  it('a pod too big for any node fails the default plan', () => {
    const plan = planOf({
      cluster,
      head: manifests(deployment({ name: 'huge', namespace: 'shop', cpu: '3' })),
    });
    expect(plan.summary.unschedulable).toBe(1);
    expect(plan.passed).toBe(false);
    expect(plan.policy.results.filter((r) => !r.passed).map((r) => r.rule)).toEqual(['unschedulable']);
  });
});
