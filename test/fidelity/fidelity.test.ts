import { afterAll, describe, expect, inject, it } from 'vitest';
import { clients } from '../cluster/kube.ts';
import { runScenario, type ScenarioResult } from './runner.ts';
import { scenarios } from './scenarios.ts';

const results = new Map<string, ScenarioResult>();

describe('berth places pods as the real kube-scheduler does', () => {
  const c = clients(inject('kubeconfig'));

  for (const scenario of scenarios) {
    it(`agrees with the real cluster on ${scenario.name}`, async () => {
      const result = await runScenario(c, scenario);
      results.set(scenario.name, result);
      expect(result.disagreements).toEqual([]);
      expect(result.compared).toBeGreaterThan(0);
    });
  }

  afterAll(() => {
    let compared = 0;
    let agreeing = 0;
    const lines: string[] = [];
    for (const [name, result] of results) {
      compared += result.compared;
      agreeing += result.agreeing;
      lines.push(`  ${name}: ${result.agreeing}/${result.compared}`);
      for (const d of result.disagreements) {
        lines.push(`    ${d.group}: real [${d.real.join('; ')}] berth [${d.berth.join('; ')}]`);
      }
    }
    const share = compared === 0 ? 0 : (100 * agreeing) / compared;
    console.log(
      `fidelity: ${agreeing}/${compared} pods agree (${share.toFixed(1)}%) over ${results.size} scenarios\n${lines.join('\n')}`,
    );
  });
});
