import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/model/k8s.ts';
import type { PriorityClass } from '../../src/model/types.ts';
import { parseLimitRange } from '../../src/workloads/limit-range.ts';
import { buildPod, type PodContext, resolvePriority } from '../../src/workloads/pod.ts';
import { container, limitRange, lines, MI, objects, spec } from './builders.ts';

const none: PodContext = { limitRanges: [], priorityClasses: [] };

function priorityClass(name: string, value: number, globalDefault = false): PriorityClass {
  return { name, value, globalDefault, preemptionPolicy: 'PreemptLowerPriority' };
}

describe('resolvePriority', () => {
  const classes = [priorityClass('high', 1000), priorityClass('batch', 10)];

  it.each([
    { name: 'a named class gives its value', className: 'high', list: classes, expected: 1000 },
    {
      name: 'system-cluster-critical is built in',
      className: 'system-cluster-critical',
      list: [],
      expected: 2000000000,
    },
    {
      name: 'system-node-critical is built in',
      className: 'system-node-critical',
      list: [],
      expected: 2000001000,
    },
    { name: 'no class and no global default gives 0', className: undefined, list: classes, expected: 0 },
    {
      name: 'no class takes the global default',
      className: undefined,
      list: [...classes, priorityClass('default', 500, true)],
      expected: 500,
    },
    {
      name: 'of several global defaults the lowest wins, as upstream picks',
      className: undefined,
      list: [priorityClass('a', 500, true), priorityClass('b', 300, true)],
      expected: 300,
    },
    {
      name: 'a named class wins over the global default',
      className: 'batch',
      list: [...classes, priorityClass('default', 500, true)],
      expected: 10,
    },
  ])('$name', ({ className, list, expected }) => {
    const resolved = resolvePriority(className, list);
    expect(resolved.priority).toBe(expected);
    expect(resolved.error).toBeUndefined();
  });

  it('reports an unknown class as the Priority admission plugin does', () => {
    expect(resolvePriority('nope', []).error).toBe('no PriorityClass with name nope was found');
  });

  it('takes the preemption policy from the class', () => {
    const never: PriorityClass = {
      name: 'polite',
      value: 5,
      globalDefault: false,
      preemptionPolicy: 'Never',
    };
    expect(resolvePriority('polite', [never]).preemptionPolicy).toBe('Never');
  });
});

describe('buildPod', () => {
  const base = { namespace: 'team', name: 'web-1' };

  it('gives the pod its effective requests, limits, key and priority', () => {
    const podSpec: PodSpec = spec()
      .app(container('app').req({ cpu: '250m', memory: '64Mi' }).lim({ memory: '128Mi' }))
      .priorityClass('high')
      .obj();
    const { pod, diagnostics } = buildPod(
      { ...base, spec: podSpec, labels: { app: 'web' }, workload: { kind: 'Deployment', name: 'web' } },
      { limitRanges: [], priorityClasses: [priorityClass('high', 1000)] },
    );
    expect(diagnostics).toEqual([]);
    expect(pod).toMatchObject({
      key: 'team/web-1',
      labels: { app: 'web' },
      workload: { kind: 'Deployment', name: 'web' },
      requests: { cpu: 250, memory: 64 * MI },
      limits: { memory: 128 * MI },
      priority: 1000,
    });
    expect(pod.spec.priority).toBe(1000);
    expect(pod.spec.preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('writes the defaulted resources into the spec the scheduler sees, keeping written text', () => {
    const podSpec = spec()
      .app(container('app').req({ memory: '64Mi' }))
      .obj();
    const ranges = [limitRange('team', 'defaults', { defaultRequest: { cpu: 110 }, default: { cpu: 700 } })];
    const { pod } = buildPod({ ...base, spec: podSpec }, { limitRanges: ranges, priorityClasses: [] });
    expect(pod.spec.containers?.[0]?.resources).toEqual({
      requests: { memory: '64Mi', cpu: '110m' },
      limits: { cpu: '700m' },
    });
    expect(pod.requests).toEqual({ cpu: 110, memory: 64 * MI });
  });

  it.each([
    {
      name: 'LimitRange defaults are written as the LimitRange writes them',
      range: ['default: { memory: 900Mi, cpu: "1" }', 'defaultRequest: { memory: 600Mi, cpu: 250m }'],
      app: container('app'),
      expected: { requests: { memory: '600Mi', cpu: '250m' }, limits: { memory: '900Mi', cpu: '1' } },
    },
    {
      name: 'a default the LimitRange took from max is written as max is',
      range: ['max: { memory: 1Gi }'],
      app: container('app'),
      expected: { requests: { memory: '1Gi' }, limits: { memory: '1Gi' } },
    },
    {
      name: 'a default request the LimitRange took from min is written as min is',
      range: ['min: { memory: 64Mi }'],
      app: container('app'),
      expected: { requests: { memory: '64Mi' } },
    },
    {
      name: 'a request defaulted from a written limit copies the limit, whatever the LimitRange says',
      range: ['defaultRequest: { memory: 600Mi }'],
      app: container('app').lim({ memory: '2Gi' }),
      expected: { requests: { memory: '2Gi' }, limits: { memory: '2Gi' } },
    },
  ])('$name', ({ range, app, expected }) => {
    const [object] = objects(
      lines(
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata: { name: defaults, namespace: team }',
        'spec:',
        '  limits:',
        '    - type: Container',
        ...range.map((line) => `      ${line}`),
      ),
    );
    const parsed = parseLimitRange(object!);
    const { pod } = buildPod(
      { ...base, spec: spec().app(app).obj() },
      { limitRanges: [parsed.limitRange!], priorityClasses: [] },
    );
    expect(pod.spec.containers?.[0]?.resources).toEqual(expected);
  });

  it.each([
    {
      name: 'a class that does not exist is refused',
      spec: { priorityClassName: 'hihg' },
      error: 'no PriorityClass with name hihg was found',
    },
    {
      name: 'a stated priority the class does not give is refused',
      spec: { priority: 1000 },
      error:
        'the integer value of priority (1000) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    },
    {
      name: 'a stated priority the class gives is admitted',
      spec: { priorityClassName: 'high', priority: 1000 },
    },
    {
      name: 'a stated preemptionPolicy without a class is refused: the plugin computes PreemptLowerPriority',
      spec: { preemptionPolicy: 'Never' as const },
      error:
        'the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    },
    {
      name: 'a stated preemptionPolicy the class gives is admitted',
      spec: { priorityClassName: 'never', preemptionPolicy: 'Never' as const },
    },
  ])('Priority admission: $name', ({ spec: fields, error }) => {
    const classes: PriorityClass[] = [
      priorityClass('high', 1000),
      { name: 'never', value: 10, globalDefault: false, preemptionPolicy: 'Never' },
    ];
    const podSpec: PodSpec = { ...spec().app(container('app')).obj(), ...fields };
    const { pod } = buildPod({ ...base, spec: podSpec }, { limitRanges: [], priorityClasses: classes });
    expect(pod.admissionError).toBe(error);
  });

  it('writes the global default class into a new pod that names none, as the Priority plugin does', () => {
    const classes = [priorityClass('standard', 10, true)];
    const { pod } = buildPod(
      { ...base, spec: spec().app(container('app')).obj() },
      { limitRanges: [], priorityClasses: classes },
    );
    expect(pod.spec.priorityClassName).toBe('standard');
    expect(pod.priority).toBe(10);
  });

  it('never refuses a pod the cluster admitted already, whatever its spec says', () => {
    const podSpec: PodSpec = { ...spec().app(container('app')).obj(), preemptionPolicy: 'Never' };
    const { pod } = buildPod({ ...base, spec: podSpec, admitted: true }, none);
    expect(pod.admissionError).toBeUndefined();
  });

  it('does not apply LimitRange defaults again to a pod the cluster admitted', () => {
    const ranges = [limitRange('team', 'defaults', { defaultRequest: { cpu: 110 } })];
    const podSpec = { ...spec().app(container('app')).obj(), priority: 7 };
    const { pod } = buildPod(
      { ...base, spec: podSpec, admitted: true, nodeName: 'node-a' },
      { limitRanges: ranges, priorityClasses: [] },
    );
    expect(pod.requests).toEqual({});
    expect(pod.priority).toBe(7);
    expect(pod.nodeName).toBe('node-a');
  });

  it('reports an invalid quantity, a request above its limit and an unknown class at their lines', () => {
    const [object] = objects(
      lines(
        'apiVersion: v1', //              1
        'kind: Pod', //                   2
        'metadata:', //                   3
        '  name: broken', //              4
        'spec:', //                       5
        '  priorityClassName: missing', // 6
        '  containers:', //               7
        '  - name: app', //               8
        '    image: nginx', //            9
        '    resources:', //              10
        '      requests:', //             11
        '        cpu: "2"', //            12
        '        memory: 1.5.5Gi', //     13
        '      limits:', //               14
        '        cpu: 500m', //           15
      ),
    );
    const { pod, diagnostics } = buildPod(
      {
        namespace: 'default',
        name: 'broken',
        spec: object!.raw.spec as PodSpec,
        source: object!.source,
        locate: (path) => object!.locate(['spec', ...path]),
      },
      none,
    );
    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([
      [13, 'invalid-quantity'],
      [12, 'invalid-field'],
      [6, 'invalid-field'],
    ]);
    expect(diagnostics[1]?.message).toContain('must be less than or equal to cpu limit of 500m');
    expect(pod.requests).toEqual({ cpu: 2000 });
  });

  it('points at the pod when no positions are known', () => {
    const podSpec = spec()
      .app(container('app').req({ cpu: 'lots' }))
      .obj();
    const { diagnostics } = buildPod({ ...base, spec: podSpec }, none);
    expect(diagnostics[0]).toMatchObject({ file: 'pod team/web-1', code: 'invalid-quantity' });
  });
});
