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
  parallelism: 8
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
      parallelism: 8,
      onMerge: true,
      prune: false,
      waitMs: 300_000,
      applyBeforeMerge: false,
      roles: {
        plan: 'write',
        explain: 'write',
        status: 'write',
        help: 'write',
        apply: 'maintain',
        rollback: 'maintain',
        cancel: 'maintain',
        unlock: 'admin',
        forceConflicts: 'admin',
      },
    });
  });

  it("reads the App's settings: apply on merge, prune, wait, apply before merge and roles", () => {
    const { config, diagnostics } = parseConfig(
      `clusters:
  - name: prod
    live: context:prod
    branch: main
    environment: production
    credentials: prod-admin
apply:
  onMerge: false
  prune: true
  wait: 1m30s
  applyBeforeMerge: true
  roles:
    apply: admin
    plan: triage
`,
      'berth.yml',
    );
    expect(diagnostics).toEqual([]);
    expect(config.clusters[0]).toMatchObject({ environment: 'production', credentials: 'prod-admin' });
    expect(config.apply).toMatchObject({
      onMerge: false,
      prune: true,
      waitMs: 90_000,
      applyBeforeMerge: true,
    });
    expect(config.apply.roles).toMatchObject({ apply: 'admin', plan: 'triage', unlock: 'admin' });
    expect(parseConfig('apply:\n  wait: 0\n', 'b.yml').config.apply.waitMs).toBe(0);
  });

  it('names the file and line of a bad App setting', () => {
    const { diagnostics } = parseConfig(
      `clusters:
  - name: prod
    live: live
    environment: "prod\u202e"
    credentials: "$(id)"
apply:
  onMerge: yes please
  wait: soon
  roles:
    apply: owner
    deploy: write
`,
      '.github/berth.yml',
    );
    const byLine = [...diagnostics].sort((a, b) => a.line - b.line);
    expect(byLine.map((d) => [d.file, d.line, d.severity, d.message])).toEqual([
      [
        '.github/berth.yml',
        4,
        'error',
        expect.stringMatching(/clusters\[\]\.environment must be a GitHub environment name/),
      ],
      [
        '.github/berth.yml',
        5,
        'error',
        'clusters[].credentials must be a kubeconfig context name or in-cluster',
      ],
      ['.github/berth.yml', 7, 'error', 'apply.onMerge must be true or false'],
      ['.github/berth.yml', 8, 'error', 'apply.wait must be a duration such as 5m or 90s, or none'],
      [
        '.github/berth.yml',
        10,
        'error',
        expect.stringMatching(
          /^apply\.roles\.apply must be one of none, read, triage, write, maintain, admin/,
        ),
      ],
      ['.github/berth.yml', 11, 'warning', expect.stringMatching(/unknown key "deploy" in apply\.roles/)],
    ]);
  });

  it('reports bad values at their line and warns about unknown keys', () => {
    const { diagnostics } = parseConfig(
      'apply:\n  inventoryNamespace: Berth_System\n  maxprune: 3\n  parallelism: 1000\n',
      'berth.yml',
    );
    const byLine = [...diagnostics].sort((a, b) => a.line - b.line);
    expect(byLine.map((d) => [d.line, d.severity, d.message])).toEqual([
      [2, 'error', 'apply.inventoryNamespace must be a lowercase RFC 1123 label, e.g. berth-system'],
      [3, 'warning', expect.stringMatching(/unknown key "maxprune" in apply/)],
      [4, 'error', expect.stringMatching(/^apply\.parallelism .*256/)],
    ]);
  });
});
