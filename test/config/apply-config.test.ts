import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';

describe('the apply section of .github/berth.yml', () => {
  it('reads where the inventory lives and what may be applied and pruned', () => {
    const { config, diagnostics } = parseConfig(
      `apply:
  applySet: prod
  inventoryNamespace: ops
  namespace: apps
  allowKinds: [ValidatingWebhookConfiguration]
  pruneKinds: [PersistentVolumeClaim]
  maxPrune: 25
`,
      'berth.yml',
    );
    expect(diagnostics).toEqual([]);
    expect(config.apply).toEqual({
      applySet: 'prod',
      inventoryNamespace: 'ops',
      namespace: 'apps',
      allowKinds: ['ValidatingWebhookConfiguration'],
      pruneKinds: ['PersistentVolumeClaim'],
      maxPrune: 25,
    });
  });

  it('reports bad values at their line and warns about unknown keys', () => {
    const { diagnostics } = parseConfig(
      'apply:\n  inventoryNamespace: Berth_System\n  maxprune: 3\n',
      'berth.yml',
    );
    const byLine = [...diagnostics].sort((a, b) => a.line - b.line);
    expect(byLine.map((d) => [d.line, d.severity, d.message])).toEqual([
      [2, 'error', 'apply.inventoryNamespace must be a lowercase RFC 1123 label, e.g. berth-system'],
      [3, 'warning', expect.stringMatching(/unknown key "maxprune" in apply/)],
    ]);
  });
});
