import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../src/apply/types.ts';
import { renderApplyJson, renderApplyMarkdown, renderApplyText } from '../../src/report/apply.ts';

function result(objects: ApplyResult['objects'], extra: Partial<ApplyResult> = {}): ApplyResult {
  return {
    version: 1,
    cluster: { host: '127.0.0.1:6443', context: 'prod' },
    applySet: { id: 'applyset-x-v1', parent: 'berth', namespace: 'berth-system', tooling: 'berth/0.1.0' },
    dryRun: false,
    forceConflicts: false,
    success: false,
    stoppedAt: 'apply',
    summary: {
      created: 1,
      configured: 0,
      unchanged: 0,
      pruned: 0,
      failed: 1,
      skipped: 1,
      unhealthy: 0,
      notAttempted: 1,
    },
    stages: [
      { name: 'resources', objects: 2, outcome: 'failed' },
      { name: 'admission', objects: 1, outcome: 'not attempted' },
    ],
    objects,
    prune: { enabled: false, candidates: 0 },
    messages: [],
    durationMs: 10,
    ...extra,
  };
}

const objects: ApplyResult['objects'] = [
  {
    kind: 'ConfigMap',
    group: '',
    namespace: 'shop',
    name: 'cfg',
    outcome: 'created',
    source: { file: 'a.yaml', line: 3 },
  },
  {
    kind: 'Deployment',
    group: 'apps',
    namespace: 'shop',
    name: 'web',
    outcome: 'failed',
    conflicts: [{ field: '.spec.replicas', manager: 'kube-controller-manager', hint: 'drop replicas' }],
    message: 'conflict',
  },
  {
    kind: 'ValidatingAdmissionPolicy',
    group: 'admissionregistration.k8s.io',
    namespace: '',
    name: 'p',
    outcome: 'skipped',
    message: 'not attempted: stage resources failed',
  },
];

describe('the apply result for people', () => {
  it('says in one line what happened, then each object with where it is written', () => {
    const text = renderApplyText(result(objects));
    expect(text.split('\n').slice(0, 2)).toEqual([
      'berth apply FAILED: 1 created, 1 failed, 1 skipped, 1 not attempted (cluster prod@127.0.0.1:6443, ApplySet berth-system/berth)',
      'stages: resources 2 failed, admission 1 not attempted',
    ]);
    expect(text).toContain('created   ConfigMap shop/cfg (a.yaml:3)');
    expect(text).toContain(
      'failed    Deployment.apps shop/web: conflict: .spec.replicas is owned by kube-controller-manager (drop replicas)',
    );
    expect(text).toContain(
      'skipped   ValidatingAdmissionPolicy.admissionregistration.k8s.io p: not attempted: stage resources failed',
    );
  });

  it('escapes names in Markdown so a manifest cannot mention, link or inject HTML, and lists failures first', () => {
    const md = renderApplyMarkdown(
      result([
        ...objects,
        {
          kind: 'ConfigMap',
          group: '',
          namespace: 'shop',
          name: '@org/team <img src=x onerror=alert(1)>',
          outcome: 'created',
        },
      ]),
    );
    expect(md).not.toContain('@org');
    expect(md).not.toContain('<img');
    expect(md.indexOf('❌ failed')).toBeLessThan(md.indexOf('🆕 created'));
  });

  it('shortens a long comment below the limit by dropping rows, never the verdict', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      kind: 'ConfigMap',
      group: '',
      namespace: 'shop',
      name: `config-${i}`,
      outcome: 'created' as const,
    }));
    const md = renderApplyMarkdown(result(many), { limit: 10_000 });
    expect(md.length).toBeLessThanOrEqual(10_000);
    expect(md).toContain('❌ **FAILED**');
    expect(md).toMatch(/… and \d+ more objects/);
  });

  it('prints the versioned JSON schema', () => {
    expect(JSON.parse(renderApplyJson(result(objects)))).toMatchObject({ version: 1, stoppedAt: 'apply' });
  });
});
