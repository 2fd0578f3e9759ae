import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.ts';
import { textTable } from '../../src/report/table.ts';
import { renderText } from '../../src/report/text.ts';
import { doesNotFitPlan, fitsPlan, hostilePlan, preemptsPlan, secretPlan } from './scenarios.ts';

const ESC = '\u001b';

describe('textTable', () => {
  it('pads every column to its widest cell and right-aligns where asked', () => {
    expect(
      textTable(
        ['NAME', 'PODS'],
        [
          ['a', '1'],
          ['longer-name', '120'],
        ],
        ['left', 'right'],
      ),
    ).toBe(['NAME         PODS', 'a               1', 'longer-name   120'].join('\n'));
  });

  it('does not count colour codes as width, so coloured cells stay aligned', () => {
    const red = (s: string) => `${ESC}[31m${s}${ESC}[0m`;
    const lines = textTable(
      ['A', 'B'],
      [
        [red('x'), 'y'],
        ['xxx', 'z'],
      ],
    ).split('\n');
    expect(lines[1]!.replaceAll(`${ESC}[31m`, '').replaceAll(`${ESC}[0m`, '')).toBe('x    y');
    expect(lines[2]).toBe('xxx  z');
  });
});

describe('renderText', () => {
  it('has no colour unless asked, and colours the verdict when asked', () => {
    const plan = doesNotFitPlan();
    expect(renderText(plan)).not.toContain(ESC);
    const coloured = renderText(plan, { color: true });
    expect(coloured.split('\n')[0]).toContain(`${ESC}[31mFAIL${ESC}[0m`);
  });

  it('leads with the verdict and what the change costs', () => {
    const lines = renderText(fitsPlan()).split('\n');
    expect(lines[0]).toBe('berth plan PASS: 7 pods, 7 scheduled (cluster cluster.yaml: 4 nodes)');
    expect(lines[1]).toBe(
      'Cluster requests: cpu 5 -> 7.3 (+2.3), memory 18Gi -> 20.2Gi (+2.2Gi), nvidia.com/gpu 1; cost +63.60 USD/month (1057.77 -> 1121.37)',
    );
  });

  it('lists every policy rule with its result and names the opt-in rules left off', () => {
    const text = renderText(doesNotFitPlan());
    expect(text).toMatch(/^FAIL\s+unschedulable\s+1 pod cannot be scheduled: ml\/recommender-1$/m);
    expect(text).toMatch(/^FAIL\s+utilization\s+node utilisation over the limit: /m);
    expect(text).toMatch(/^ok\s+inputErrors\s+all input read without errors$/m);
    expect(text).toContain('not checked (opt-in): preemption, nPlusOne, missedDeadlines');
  });

  it('groups pods that do not fit by workload and reason, each group with its reason and fix', () => {
    const text = renderText(doesNotFitPlan());
    expect(text).toContain('Not scheduled (7 pods)');
    expect(text).toContain(
      [
        'rejected shop/web-7, shop/web-8, shop/web-9, shop/web-10, shop/web-11 and 1 more [Deployment/web] (deploy/apps.yaml:1)',
        '  exceeded quota: shop-quota, requested: requests.cpu=1500m, used: requests.cpu=10, limited: requests.cpu=10',
        '  fix: 6 replicas or a larger quota shop-quota',
      ].join('\n'),
    );
    expect(text).toMatch(
      /^unschedulable ml\/recommender-1 \[Deployment\/recommender\] \(deploy\/apps\.yaml:\d+\)$/m,
    );
    expect(text).toContain('  fix: 1 more node of pool gpu');
    expect(text.match(/^ {2}fix: /gm)).toHaveLength(2);
  });

  it('suggests a valid spec, not a larger quota, for a pod the API server finds invalid', () => {
    const plan = doesNotFitPlan();
    for (const p of plan.placements)
      if (p.status === 'rejected')
        p.reason = `Pod "${p.pod}" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared`;
    const text = renderText(plan);
    expect(text).toContain('  fix: a pod spec the API server accepts');
    expect(text).not.toContain('larger quota');
  });

  it('shows the object diff, resources by namespace and pool, and capacity in compact form', () => {
    const text = renderText(fitsPlan());
    expect(text).toMatch(
      /^changed\s+Deployment\s+shop\/web\s+replicas 2 -> 4; image web: registry\.example\.com\/web:1\.4 -> registry\.example\.com\/web:1\.5$/m,
    );
    expect(text).toMatch(
      /^shop\s+2 -> 6\s+1 -> 3 \(\+2\)\s+2Gi -> 4Gi \(\+2Gi\)\s+shop-quota: requests\.cpu 7, requests\.memory 20Gi, pods 24$/m,
    );
    expect(text).toMatch(/^general\s+3\s+1\/12 \(8%\) -> 3\.3\/12 \(28%\)/m);
    expect(text).toContain(
      'rollout shop/Deployment/web: 1 surge pod (500m cpu, 512Mi memory), max unavailable 1: fits',
    );
    expect(text).toMatch(/^headroom: shop\/Deployment\/web \+\d+$/m);
  });

  it('offers each fix on its own, with the exact request that fits', () => {
    // Three 1.5-cpu replicas on one free 2-cpu node: 666m each fits three (1998m).
    expect(renderText(hostilePlan())).toContain(
      '  fix: 1 replica or cpu request <= 666m or 2 more nodes of pool plain',
    );
  });

  it('names the pods a preempting pod evicts', () => {
    const text = renderText(preemptsPlan());
    expect(text).toContain('Preemption (1 running pod evicted)');
    expect(text).toMatch(/^payments\/payments-api-\d\s+general-\d\s+batch\/export-\d$/m);
  });

  it('shows a Secret change by key and size only', () => {
    const text = renderText(secretPlan());
    expect(text).toMatch(
      /^changed\s+Secret\s+shop\/db-credentials\s+key api-key added \(\d+ bytes\); key password changed \(18 -> 21 bytes\); key token removed \(28 bytes\)$/m,
    );
  });

  it('escapes control characters in names that come from the cluster or manifests', () => {
    const plan: Plan = structuredClone(fitsPlan());
    plan.nodes[0]!.name = `evil${ESC}[2J${ESC}]8;;https://x.example${ESC}\\`;
    plan.placements[0]!.pod = `pod\r\nFAIL forged line`;
    const text = renderText(plan);
    expect(text).not.toContain(ESC);
    expect(text).not.toMatch(/^FAIL forged line/m);
    expect(text).toContain('evil\\x1b[2J\\x1b]8;;https://x.example\\x1b\\');
    expect(text).toContain('pod\\r\\nFAIL forged line');
  });
});
