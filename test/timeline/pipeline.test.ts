/**
 * The timeline fed by the real loader and workload expansion, as the plan runs it:
 * positions come from the YAML, requests from the pod templates.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/manifests/index.ts';
import { planTimeline } from '../../src/timeline/plan.ts';
import { expandWorkloads } from '../../src/workloads/expand.ts';
import { node, START } from './builders.ts';

/** Real manifests from other projects, kept as fixtures (sources in its README). */
const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus');

const MANIFESTS = `apiVersion: batch/v1
kind: Job
metadata:
  name: extract
  namespace: etl
  annotations:
    berth.dev/expected-duration: 1h
spec:
  parallelism: 2
  template:
    spec:
      containers:
      - name: main
        image: etl:1
        resources:
          requests: { cpu: "1", memory: 1Gi }
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata:
  name: load
  namespace: etl
  annotations:
    berth.dev/expected-duration: 30m
    berth.dev/deadline: 1h45m
    berth.dev/after: extract, transform
spec:
  template:
    spec:
      containers:
      - name: main
        image: etl:1
        resources:
          requests: { cpu: 1500m }
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata:
  name: broken
  namespace: etl
  annotations:
    berth.dev/expected-duration: 1 hour
spec:
  template:
    spec:
      containers: [{ name: main, image: etl:1 }]
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata:
  name: vacuum
  namespace: etl
  annotations:
    berth.dev/expected-duration: 20m
spec:
  parallelism: 2
  template:
    spec:
      initContainers:
      - name: warm
        image: etl:1
        resources: { requests: { cpu: "2" } }
      containers:
      - name: main
        image: etl:1
        resources: { requests: { cpu: 500m } }
      restartPolicy: Never
`;

const nodes = [node('n1').cpu(2000).obj(), node('n2').cpu(2000).obj()];

function planText(text: string, file: string) {
  const loaded = parseManifests(text, file);
  const expanded = expandWorkloads(loaded.objects, { nodes, limitRanges: [], priorityClasses: [] });
  return {
    loaded,
    ...planTimeline(
      { objects: loaded.objects, workloads: expanded.workloads, capacity: { nodes } },
      { start: START },
    ),
  };
}

describe('the timeline over parsed manifests', () => {
  it('uses the pods’ effective requests and points diagnostics at the annotation’s line', () => {
    const { loaded, timeline, diagnostics } = planText(MANIFESTS, 'etl.yaml');
    expect(loaded.diagnostics).toEqual([]);
    expect(diagnostics.map((d) => [d.file, d.line, d.severity, d.message.split(':')[0]])).toEqual([
      ['etl.yaml', 44, 'error', 'Job etl/broken'],
      ['etl.yaml', 27, 'error', 'Job etl/load'],
    ]);
    expect(diagnostics[1]?.message).toContain('unknown dependency "transform"');
    const at = Object.fromEntries(timeline.jobs.map((j) => [j.name, j]));
    // extract's two 1-CPU pods run together; load waits for extract, then needs 1.5 CPU of one node.
    expect(at.extract).toMatchObject({ pods: 2, start: 0, finish: 3600 });
    expect(at.load).toMatchObject({ start: 3600, finish: 5400, deadline: 6300, missed: false });
    expect(timeline.criticalPath).toEqual(['etl/extract', 'etl/load']);
    // Its init container makes each vacuum pod request 2 CPUs, a whole node: not while
    // extract runs, nor while load (first by its deadline) holds 1.5 CPUs of n1.
    expect(at.vacuum).toMatchObject({ pods: 2, start: 5400, finish: 6600 });
  });

  it('a corpus Job without the annotation stays off the timeline', () => {
    const text = readFileSync(
      resolve(CORPUS, 'kubernetes__website/content/en/examples/controllers/job.yaml'),
      'utf8',
    );
    const { timeline, diagnostics } = planText(text, 'job.yaml');
    expect(timeline.jobs).toEqual([]);
    expect(diagnostics).toEqual([]);
  });

  it('the corpus CronJob runs every minute once annotated', () => {
    const text = readFileSync(
      resolve(CORPUS, 'kubernetes__website/content/en/examples/application/job/cronjob.yaml'),
      'utf8',
    ).replace('  name: hello\n', '  name: hello\n  annotations:\n    berth.dev/expected-duration: 30s\n');
    const loaded = parseManifests(text, 'cronjob.yaml');
    const { timeline } = planTimeline(
      { objects: loaded.objects, capacity: { nodes } },
      { start: START, horizonMs: 10 * 60_000 },
    );
    expect(timeline.jobs.map((j) => [j.run, j.release, j.finish])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, i * 60, i * 60 + 30]),
    );
  });
});
