import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { renderJson } from '../../src/report/json.ts';
import {
  JOB_SUMMARY_LIMIT_BYTES,
  MARKDOWN_LIMIT,
  renderJobSummary,
  renderMarkdown,
} from '../../src/report/markdown.ts';
import { renderText } from '../../src/report/text.ts';
import { deployment, fleet, manifests, planOf, runningPod } from '../fixtures/plans/build.ts';
import {
  doesNotFitPlan,
  fitsPlan,
  HOSTILE,
  hostilePlan,
  largePlan,
  preemptsPlan,
  SECRET_VALUES,
  secretPlan,
} from './scenarios.ts';

/** The large plan takes seconds to build; build it once. */
let largeCache: ReturnType<typeof largePlan> | undefined;
const large = () => {
  largeCache ??= largePlan();
  return largeCache;
};

const DEFAULT_HINT = 'Run `berth plan --format json` for the full report.';

const ALLOWED_TAGS = new Set(['details', 'summary', 'sub', 'br']);

/**
 * What in a rendered comment could do something its author did not write: HTML
 * other than berth's own folding tags, @mentions, #refs, links, code spans, and
 * table rows with more or fewer cells than their header.
 */
function unsafeFragments(markdown: string): string[] {
  const problems: string[] = [];
  // berth's own note when it shortens the comment holds a command in a code span.
  const lines = markdown.replace(DEFAULT_HINT, '').split('\n');
  let inMermaid = false;
  let tableCells: number | null = null;
  for (const line of lines) {
    if (line === '```mermaid') {
      inMermaid = true;
      continue;
    }
    if (inMermaid) {
      if (line === '```') inMermaid = false;
      // Chart source: labels are quoted and may hold only plain characters.
      else {
        for (const m of line.matchAll(/"([^"]*)"/g)) {
          if (/[^A-Za-z0-9 ./_:=%(),-]/.test(m[1]!)) problems.push(`mermaid label: ${m[1]}`);
        }
        if (line.split('"').length % 2 === 0) problems.push(`mermaid quotes: ${line}`);
      }
      continue;
    }
    // Walk the line as Markdown does: a backslash escapes the next character.
    let pipes = 0;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (ch === '\\') {
        i++;
        continue;
      }
      if (ch === '|') pipes++;
      if (ch === '`') problems.push(`code span: ${line}`);
      if (ch === ']' && line[i + 1] === '(') problems.push(`link: ${line}`);
    }
    if (line.startsWith('|')) {
      if (tableCells === null) tableCells = pipes;
      else if (pipes !== tableCells)
        problems.push(`table row with ${pipes} pipes, header has ${tableCells}: ${line}`);
    } else {
      tableCells = null;
    }
    for (const m of line.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) {
      if (!ALLOWED_TAGS.has(m[1]!.toLowerCase())) problems.push(`html: ${m[0]} in ${line}`);
    }
    if (/@[A-Za-z0-9]/.test(line)) problems.push(`mention: ${line}`);
    if (/#\d/.test(line)) problems.push(`issue reference: ${line}`);
  }
  return problems;
}

describe('the safety check used below', () => {
  it.each([
    ['a mention', 'owned by @org/team', /mention/],
    ['an issue reference', 'see #12', /issue reference/],
    ['HTML', 'x <img src=x onerror=alert(1)>', /html: <img/],
    ['a link', '[click](javascript:alert(1))', /link/],
    ['a code span', 'run `rm -rf`', /code span/],
    ['a broken table row', '| a | b |\n| --- | --- |\n| x | y | z |', /table row with 4 pipes, header has 3/],
    ['a Mermaid label with a quote', '```mermaid\n  x-axis ["a"b"]\n```', /mermaid/],
  ])('catches %s written unescaped', (_name, markdown, problem) => {
    expect(unsafeFragments(markdown).join('\n')).toMatch(problem);
  });

  it('passes what berth writes itself', () => {
    expect(
      unsafeFragments(
        '<details><summary>x</summary>\n\n| a | b |\n| --- | --- |\n| \\| | y<br> |\n\n</details>',
      ),
    ).toEqual([]);
  });
});

describe('the Markdown report', () => {
  it('a PR that fits: verdict, cost and the rollout surge', async () => {
    const plan = fitsPlan();
    expect(plan.passed).toBe(true);
    const md = renderMarkdown(plan);
    expect(md.split('\n')[2]).toMatch(
      /^✅ \*\*Passes\*\* · 7 of 7 pods scheduled · workloads 1 added, 1 changed · 4 nodes$/,
    );
    expect(md).toMatch(
      /\*\*Cluster requests\*\* CPU 5 → 7\.3 \(\+2\.3\) · memory 18Gi → 20\.2Gi \(\+2\.2Gi\) · GPU 1 \(±0\) · /,
    );
    // 2.3 cores x 0.0336 x 730 h + 2.1875 GiB x 0.0045 x 730 h = 56.41 + 7.19
    expect(md).toContain('**+63.60 USD/month**');
    expect(md).not.toContain('Not scheduled');
    expect(md).toContain('### Workloads changed\n\n|');
    expect(unsafeFragments(md)).toEqual([]);
    await expect(md).toMatchFileSnapshot('../fixtures/plans/fits.md');
  });

  it('a PR that does not fit: failing rules first, then each unplaced workload with its reason and smallest fix', async () => {
    const plan = doesNotFitPlan();
    expect(plan.passed).toBe(false);
    const md = renderMarkdown(plan);
    expect(md.split('\n')[2]).toMatch(/^❌ \*\*Fails\*\* · .* \*\*\d+ unschedulable\*\*/);
    expect(md).toContain('- ❌ **Unschedulable pods**:');
    expect(md).toContain('- ❌ **Node utilisation**:');
    expect(md).toMatch(
      /\| ml\/Deployment\/recommender<br><sub>deploy\/apps\.yaml:\d+<\/sub> \| ml\/recommender-1 \| \*\*unschedulable\*\*: 0\/4 nodes are available: .*Insufficient nvidia\.com\/gpu/,
    );
    expect(md).toMatch(
      /\| shop\/Deployment\/web.* \| shop\/web-\d+, shop\/web-\d+, shop\/web-\d+ and \d+ more \|/,
    );
    // Six web replicas passed the quota (10 cpu / 1.5 cpu); the GPU trainer needs one more GPU node.
    expect(md).toMatch(
      /\| \*\*rejected\*\*: exceeded quota: shop-quota, .* \| 6 replicas \*\*or\*\* a larger quota shop-quota \|/,
    );
    expect(md).toMatch(/Insufficient nvidia\.com\/gpu\..* \| 1 more node of pool gpu \|/);
    expect(md).toContain(
      '<summary>Capacity: headroom, rollout surge, N+1 · ⚠️ 1 rollout cannot surge · ⚠️ N+1 at risk</summary>',
    );
    // 12 replicas: surge 3 does not fit, but 3 old pods may go first, so the rollout still moves.
    expect(md).toContain(
      '| shop/Deployment/web | 3 | 3 | 4.5 cpu, 1.5Gi memory | ⚠️ no: old pods go first, 3 at a time |',
    );
    // One click away: each node's reason, nodes grouped under the reason.
    expect(md).toContain(
      '**ml/Deployment/recommender** (recommender-1)\n- Insufficient nvidia.com/gpu: general-1, general-2, general-3, gpu-1\n- Insufficient cpu: general-1, general-2, general-3',
    );
    // The verdict and the reasons come before anything folded.
    expect(md.indexOf('Not scheduled')).toBeLessThan(md.indexOf('<details>'));
    expect(md.indexOf('<details><summary>Why not, node by node')).toBeGreaterThan(
      md.indexOf('Not scheduled'),
    );
    expect(unsafeFragments(md)).toEqual([]);
    await expect(md).toMatchFileSnapshot('../fixtures/plans/does-not-fit.md');
  });

  it('a PR that preempts: the evicted pods are named and the preemption rule fails', async () => {
    const plan = preemptsPlan();
    const md = renderMarkdown(plan);
    expect(plan.summary.preempted).toBeGreaterThan(0);
    expect(md).toMatch(/\*\*⚠️ \d+ running pods? preempted\*\*/);
    expect(md).toMatch(/### ⚠️ Preemption: \d+ running pods? evicted/);
    const victims = plan.placements.flatMap((p) => p.victims ?? []);
    for (const victim of victims) expect(md).toContain(victim);
    expect(md).toContain('- ❌ **Preemption**: the change preempts');
    expect(unsafeFragments(md)).toEqual([]);
    await expect(md).toMatchFileSnapshot('../fixtures/plans/preempts.md');
  });

  it('a Secret change shows key names and sizes, and no value appears in Markdown, JSON or text', async () => {
    const plan = secretPlan();
    const md = renderMarkdown(plan);
    expect(md).toMatch(/key password changed \(18 → 21 bytes\)/);
    expect(md).toMatch(/key api-key added \(\d+ bytes\)/);
    expect(md).toMatch(/key token removed \(28 bytes\)/);
    const outputs = {
      markdown: md,
      json: renderJson(plan),
      text: renderText(plan),
      summary: renderJobSummary(plan),
    };
    for (const [format, output] of Object.entries(outputs)) {
      for (const value of SECRET_VALUES) {
        for (const form of [value, Buffer.from(value).toString('base64')]) {
          expect(output.includes(form), `${format} shows ${form}`).toBe(false);
        }
      }
    }
    await expect(md).toMatchFileSnapshot('../fixtures/plans/secret.md');
  });

  it('hostile names in manifests, file names, the config and the cluster cannot mention, link, inject HTML or break a table', async () => {
    const plan = hostilePlan();
    const md = renderMarkdown(plan);
    // The hostile string did reach the report (escaped), or the test would prove nothing.
    expect(md).toContain(
      '@\u200borg/team &lt;img src=x onerror=alert(1)&gt; \\| \\`x\\` \\](javascript:alert(1)) #\u200b1',
    );
    expect(md.match(/&lt;img/g)!.length).toBeGreaterThanOrEqual(5);
    expect(md).not.toContain(HOSTILE);
    // 3 replicas: surge 1, maxUnavailable rounds down to 0, and the surge pod has no room.
    expect(md).toContain('| ❌ no: the rollout stalls (maxUnavailable 0) |');
    // Input errors come right after the verdict, unfolded: part of the change was not planned.
    expect(md.indexOf('### ❌ Input problems (3)')).toBeGreaterThan(0);
    expect(md.indexOf('### ❌ Input problems (3)')).toBeLessThan(md.indexOf('### ❌ Not scheduled'));
    expect(unsafeFragments(md)).toEqual([]);
    expect(unsafeFragments(renderJobSummary(plan))).toEqual([]);
    await expect(md).toMatchFileSnapshot('../fixtures/plans/hostile.md');
  });

  it('a plan too big for a comment is shortened: under 65,000 characters, verdict kept, the cut named', async () => {
    const plan = large();
    expect(plan.summary.pods).toBeGreaterThan(3000);
    expect(plan.nodes.length).toBe(400);
    const md = renderMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(md.split('\n')[2]).toMatch(
      /^❌ \*\*Fails\*\* · 3200 of 3260 pods scheduled · \*\*60 unschedulable\*\*/,
    );
    const note = md.split('\n').find((l) => l.startsWith('> ✂️'));
    expect(note).toMatch(/Shortened to fit a comment: left out .*Placements/);
    expect(note).toContain('berth plan --format json');
    // Pods that do not fit are never dropped, only their table shortened.
    expect(md).toContain('### ❌ Not scheduled (60 pods)');
    // Seventy changed workloads are folded so the first screen stays verdict and failures.
    expect(md).toContain('<details><summary>Workloads changed (70)</summary>');
    expect(unsafeFragments(md)).toEqual([]);
    await expect(md).toMatchFileSnapshot('../fixtures/plans/large.md');
  });

  it('a tighter limit cuts table rows after dropping sections, and says so', () => {
    const md = renderMarkdown(large(), { limit: 6_000, fullReportHint: 'See the job summary.' });
    expect(md.length).toBeLessThanOrEqual(6_000);
    expect(md).toMatch(
      /> ✂️ Shortened to fit a comment: left out .*; tables cut to \d+ rows\. See the job summary\./,
    );
    expect(md).toMatch(/\| … and \d+ more \|/);
  });

  it('a small section dropped before a big one comes back when the big one made room', () => {
    // The 400-row node table is what does not fit; the policy and object lists, dropped
    // before it by priority, fit again once it is gone.
    const md = renderMarkdown(large(), { limit: 40_000 });
    expect(md.length).toBeLessThanOrEqual(40_000);
    expect(md).toContain('> ✂️ Shortened to fit a comment: left out Nodes, Placements. ');
    expect(md).toContain('<summary>Policy: 2 of 3 rules pass</summary>');
    expect(md).toContain('<summary>Objects changed (70)</summary>');
  });

  it('a limit too small for any table keeps just the verdict and where the full report is', () => {
    const md = renderMarkdown(large(), { limit: 1_500 });
    expect(md.length).toBeLessThanOrEqual(1_500);
    expect(md).toMatch(/^## berth plan\n\n❌ \*\*Fails\*\* · 3200 of 3260 pods scheduled/);
    expect(md).toContain(
      '> ✂️ The plan is too large for a comment. Run `berth plan --format json` for the full report.',
    );
  });

  it('an every-minute CronJob on the timeline is one line, and the timeline summary survives any shortening', () => {
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: 'batch', annotations: { 'berth.dev/expected-duration': '30s' } },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'a', image: 'a:1', resources: { requests: { cpu: '100m' } } }],
              },
            },
          },
        },
      },
    };
    const plan = planOf({
      cluster: fleet({ pools: [{ name: 'general', count: 2, cpu: '2', memory: '8Gi' }] }),
      head: manifests(cron, deployment({ name: 'web', replicas: 2, cpu: '100m' })),
      skipAdvice: true,
    });
    expect(plan.timeline?.jobs).toHaveLength(1440);
    const summary =
      '1440 batch job runs, policy edf: no deadlines, makespan 23h59m30s (lower bound 23h59m30s).';
    const md = renderMarkdown(plan);
    expect(md).not.toContain('Shortened');
    expect(md).toContain(
      '| batch/tick: 1440 runs, 1 listed below | 1 | +0s … +23h59m | +0s … +23h59m | +30s … +23h59m30s | — | 1440 done |',
    );
    // The line, and the one run worth a look: the last, on the critical path.
    expect(md.split('\n').filter((l) => /^\| (\*\*)?batch\/tick/.test(l))).toEqual([
      expect.stringContaining('1440 runs'),
      '| **batch/tick #\u200b1440** | 1 | +23h59m | +23h59m | +23h59m30s | — | done |',
    ]);
    // Too small for the timeline's chart and tables: the section leaves its summary.
    for (const limit of [2_500, 1_500]) {
      const short = renderMarkdown(plan, { limit });
      expect(short.length).toBeLessThanOrEqual(limit);
      expect(short).toContain(`### Batch timeline\n\n${summary}`);
      expect(short).toMatch(/> ✂️ Shortened to fit a comment: left out .*Batch timeline \(but its summary\)/);
    }
  });

  it('the resource fold warns of a quota already over and of overcommitted limits', () => {
    const plan = planOf({
      cluster: fleet({
        pools: [{ name: 'general', count: 2, cpu: '4', memory: '16Gi' }],
        // Running pods that took more than the quota allows (it was lowered after they started).
        pods: [runningPod({ name: 'legacy', namespace: 'team', node: 'general-1', cpu: '2' })],
        resourceQuotas: [
          { metadata: { name: 'team-quota', namespace: 'team' }, spec: { hard: { 'requests.cpu': '1' } } },
        ],
      }),
      // Two pods per node, 4 cpu of limits each: 8 cpu of limits on 4-cpu nodes.
      head: manifests(
        deployment({ name: 'web', namespace: 'shop', replicas: 4, cpu: '500m', limits: { cpu: '4' } }),
      ),
    });
    const md = renderMarkdown(plan);
    expect(md).toContain(
      '<summary>Resource diff: namespaces, pools, cluster · ❌ 1 quota over · ⚠️ limits overcommit 2 nodes</summary>',
    );
    expect(md).toContain('team-quota: requests.cpu **-1**');
  });

  it('input warnings alone stay folded at the end and do not fail the plan', () => {
    const { config } = parseConfig(
      'reservations:\n  - pool: gpu\n    resources: { cpu: 1 }\n',
      '.github/berth.yml',
    );
    const plan = planOf({
      cluster: fleet({ pools: [{ name: 'general', count: 1, cpu: '2', memory: '4Gi' }] }),
      head: manifests(deployment({ name: 'web', cpu: '100m' })),
      config,
      allowDiagnostics: true,
    });
    const md = renderMarkdown(plan);
    expect(plan.passed).toBe(true);
    expect(md).toContain(
      '<details><summary>⚠️ Input warnings (1)</summary>\n\n- warning: .github/berth.yml:2:5: reservation for pool &quot;gpu&quot;: no node is in that pool',
    );
    expect(md).not.toContain('Input problems');
  });

  it('the marker and title lead the comment so the Action can find and update it', () => {
    const md = renderMarkdown(fitsPlan(), { marker: '<!-- berth:prod -->', title: 'prod' });
    expect(md.startsWith('<!-- berth:prod -->\n## berth plan · prod\n')).toBe(true);
  });
});

describe('the job summary', () => {
  it('is the full report with no comment marker and no shortening up to a megabyte', () => {
    const plan = large();
    const summary = renderJobSummary(plan, { title: 'prod' });
    expect(summary.length).toBeGreaterThan(MARKDOWN_LIMIT);
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(JOB_SUMMARY_LIMIT_BYTES);
    expect(summary).not.toContain('✂️');
    expect(summary).not.toContain('<!--');
    expect(summary).toContain('Placements (3200 pods)');
    expect(summary.split('\n')[0]).toBe('## berth plan · prod');
  });

  it('still shortens past its own limit, counted in bytes', () => {
    const summary = renderJobSummary(large(), { limit: 20_000 });
    expect(Buffer.byteLength(summary, 'utf8')).toBeLessThanOrEqual(20_000);
    expect(summary).toContain('✂️');
  });

  it('escapes hostile names as the comment does', () => {
    expect(unsafeFragments(renderJobSummary(hostilePlan()))).toEqual([]);
  });
});
