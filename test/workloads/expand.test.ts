import { describe, expect, it } from 'vitest';
import type { Node } from '../../src/model/types.ts';
import { daemonPodSpec, type ExpandContext, expandWorkloads } from '../../src/workloads/expand.ts';
import { lines, MI, node, objects } from './builders.ts';

const empty: ExpandContext = { nodes: [], limitRanges: [], priorityClasses: [] };

function withNodes(...nodes: Node[]): ExpandContext {
  return { ...empty, nodes };
}

/** A workload of `kind` whose pod template asks for 100m CPU and 64Mi, plus `spec` lines. */
function workload(kind: string, name: string, ...specLines: string[]): string {
  const apiVersion = ['Job', 'CronJob'].includes(kind)
    ? 'batch/v1'
    : kind === 'ReplicationController'
      ? 'v1'
      : 'apps/v1';
  const template = [
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '    spec:',
    '      containers:',
    '      - name: main',
    '        image: registry.example/main:1',
    '        resources:',
    '          requests:',
    '            cpu: 100m',
    '            memory: 64Mi',
  ];
  const body =
    kind === 'CronJob'
      ? [
          '  schedule: "*/5 * * * *"',
          '  jobTemplate:',
          '    spec:',
          ...specLines.map((l) => `    ${l}`),
          '      template:',
          ...template.map((l) => `    ${l}`),
        ]
      : [...specLines, '  template:', ...template];
  return lines(
    `apiVersion: ${apiVersion}`,
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    'spec:',
    ...body,
  );
}

function expand(text: string, ctx: ExpandContext = empty) {
  return expandWorkloads(objects(text), ctx);
}

describe('expandWorkloads: pods per kind', () => {
  it.each([
    { kind: 'Deployment', spec: ['  replicas: 3'], names: ['web-1', 'web-2', 'web-3'] },
    { kind: 'Deployment', spec: [], names: ['web-1'] },
    { kind: 'Deployment', spec: ['  replicas: 0'], names: [] },
    { kind: 'Deployment', spec: ['  replicas: null'], names: ['web-1'] },
    { kind: 'ReplicaSet', spec: ['  replicas: 2'], names: ['web-1', 'web-2'] },
    { kind: 'ReplicationController', spec: ['  replicas: 2'], names: ['web-1', 'web-2'] },
    { kind: 'StatefulSet', spec: ['  replicas: 3'], names: ['web-0', 'web-1', 'web-2'] },
    {
      kind: 'StatefulSet',
      spec: ['  replicas: 2', '  ordinals:', '    start: 5'],
      names: ['web-5', 'web-6'],
    },
    { kind: 'Job', spec: [], names: ['web-1'] },
    { kind: 'Job', spec: ['  parallelism: 3'], names: ['web-1', 'web-2', 'web-3'] },
    { kind: 'Job', spec: ['  parallelism: 3', '  completions: 2'], names: ['web-1', 'web-2'] },
    { kind: 'Job', spec: ['  parallelism: 2', '  completions: 5'], names: ['web-1', 'web-2'] },
    { kind: 'Job', spec: ['  parallelism: 0'], names: [] },
    { kind: 'Job', spec: ['  parallelism: 2', '  suspend: true'], names: [] },
    { kind: 'CronJob', spec: ['  parallelism: 2'], names: ['web-1', 'web-2'] },
    { kind: 'CronJob', spec: [], names: ['web-1'] },
  ])('$kind with [$spec] makes pods $names', ({ kind, spec, names }) => {
    const { workloads, pods, diagnostics } = expand(workload(kind, 'web', ...spec));
    expect(diagnostics).toEqual([]);
    expect(pods.map((p) => p.name)).toEqual(names);
    expect(workloads).toHaveLength(1);
    expect(workloads[0]).toMatchObject({
      kind,
      namespace: 'default',
      name: 'web',
      key: `${kind}/default/web`,
      replicas: names.length,
    });
    for (const pod of pods) {
      expect(pod).toMatchObject({
        namespace: 'default',
        workload: { kind, name: 'web' },
        requests: { cpu: 100, memory: 64 * MI },
      });
      expect(pod.labels.app).toBe('web');
      expect(pod.source?.line).toBe(1);
    }
  });

  it('gives StatefulSet pods the name and ordinal labels the controller sets', () => {
    const { pods } = expand(workload('StatefulSet', 'db', '  replicas: 1'));
    expect(pods[0]?.labels).toEqual({
      app: 'db',
      'statefulset.kubernetes.io/pod-name': 'db-0',
      'apps.kubernetes.io/pod-index': '0',
    });
  });

  it('keeps a bare Pod under its own name, with no owning workload', () => {
    const { workloads, pods } = expand(
      lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: solo',
        '  namespace: tools',
        '  labels: {app: solo}',
        'spec:',
        '  containers:',
        '  - name: main',
        '    image: busybox',
      ),
    );
    expect(pods.map((p) => p.key)).toEqual(['tools/solo']);
    expect(pods[0]?.workload).toBeUndefined();
    expect(pods[0]?.labels).toEqual({ app: 'solo' });
    expect(workloads[0]?.key).toBe('Pod/tools/solo');
  });

  it('records selectors: as written, and a ReplicationController defaulting to its template labels', () => {
    const deployment = workload('Deployment', 'web', '  selector:', '    matchLabels:', '      app: web');
    const rc = workload('ReplicationController', 'legacy');
    const { workloads } = expand(`${deployment}---\n${rc}`);
    expect(workloads.map((w) => w.selector)).toEqual([
      { matchLabels: { app: 'web' } },
      { matchLabels: { app: 'legacy' } },
    ]);
  });

  it('ignores kinds that make no pods, without a diagnostic', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: web',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
    );
    expect(expand(text)).toEqual({ workloads: [], pods: [], diagnostics: [], rejected: [], unsimulated: [] });
  });
});

describe('expandWorkloads: DaemonSets', () => {
  const nodes = [
    node('node-b').obj(),
    node('node-a').obj(),
    node('gpu-1').labels({ pool: 'gpu' }).taint('dedicated', 'gpu', 'NoSchedule').obj(),
    node('cordoned').taint('node.kubernetes.io/unschedulable', undefined, 'NoSchedule').obj(),
    node('flaky').taint('node.kubernetes.io/not-ready', undefined, 'NoExecute').obj(),
    node('soft').taint('spot', 'true', 'PreferNoSchedule').obj(),
    node('windows').labels({ 'kubernetes.io/os': 'windows' }).obj(),
  ];

  it('runs one pod per node it tolerates, with the controller tolerations, in node-name order', () => {
    const { pods, workloads } = expand(workload('DaemonSet', 'agent'), withNodes(...nodes));
    expect(pods.map((p) => p.name)).toEqual([
      'agent-cordoned',
      'agent-flaky',
      'agent-node-a',
      'agent-node-b',
      'agent-soft',
      'agent-windows',
    ]);
    expect(workloads[0]?.replicas).toBe(6);
  });

  it('honours nodeSelector and required node affinity', () => {
    const text = workload('DaemonSet', 'agent').replace(
      '    spec:\n',
      [
        '    spec:',
        '      nodeSelector:',
        '        kubernetes.io/os: linux',
        '      affinity:',
        '        nodeAffinity:',
        '          requiredDuringSchedulingIgnoredDuringExecution:',
        '            nodeSelectorTerms:',
        '            - matchExpressions:',
        '              - {key: kubernetes.io/hostname, operator: In, values: [node-a, gpu-1, windows]}',
        '',
      ].join('\n'),
    );
    const { pods } = expand(text, withNodes(...nodes));
    expect(pods.map((p) => p.name)).toEqual(['agent-node-a']);
  });

  it('reaches a tainted node only with a matching toleration', () => {
    const text = workload('DaemonSet', 'gpu-agent').replace(
      '    spec:\n',
      [
        '    spec:',
        '      tolerations:',
        '      - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}',
        '',
      ].join('\n'),
    );
    const { pods } = expand(text, withNodes(...nodes));
    expect(pods.map((p) => p.name)).toContain('agent-gpu-1'.replace('agent', 'gpu-agent'));
  });

  it('pins each pod to its node by required node affinity on metadata.name, replacing the written terms', () => {
    const text = workload('DaemonSet', 'agent').replace(
      '    spec:\n',
      [
        '    spec:',
        '      affinity:',
        '        nodeAffinity:',
        '          requiredDuringSchedulingIgnoredDuringExecution:',
        '            nodeSelectorTerms:',
        '            - matchExpressions:',
        '              - {key: kubernetes.io/hostname, operator: In, values: [node-a]}',
        '',
      ].join('\n'),
    );
    const { pods } = expand(text, withNodes(...nodes));
    expect(pods).toHaveLength(1);
    expect(pods[0]?.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] }],
    });
    expect(pods[0]?.nodeName).toBeUndefined();
  });

  it('adds the network-unavailable toleration only to host-network pods, and replaces an equal toleration', () => {
    const written = {
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists' as const,
      effect: 'NoExecute' as const,
      tolerationSeconds: 300,
    };
    const plain = daemonPodSpec({ containers: [], tolerations: [written] });
    expect(plain.tolerations).toHaveLength(6);
    expect(plain.tolerations?.[0]).toEqual({
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      effect: 'NoExecute',
    });
    const host = daemonPodSpec({ containers: [], hostNetwork: true });
    expect(host.tolerations?.map((t) => t.key)).toContain('node.kubernetes.io/network-unavailable');
  });

  it('makes no pods on a cluster without nodes', () => {
    const { pods, workloads } = expand(workload('DaemonSet', 'agent'));
    expect(pods).toEqual([]);
    expect(workloads[0]?.replicas).toBe(0);
  });
});

describe('expandWorkloads: context from the manifests', () => {
  it('applies a LimitRange in the manifests to pods of its namespace only', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: LimitRange',
      'metadata:',
      '  name: defaults',
      '  namespace: team',
      'spec:',
      '  limits:',
      '  - type: Container',
      '    defaultRequest: {cpu: 250m}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a, namespace: team}',
      'spec:',
      '  containers: [{name: main, image: busybox}]',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: b}',
      'spec:',
      '  containers: [{name: main, image: busybox}]',
    );
    const { pods } = expand(text);
    expect(pods.map((p) => [p.key, p.requests])).toEqual([
      ['team/a', { cpu: 250 }],
      ['default/b', {}],
    ]);
  });

  it('resolves priority against a PriorityClass in the manifests', () => {
    const text = lines(
      'apiVersion: scheduling.k8s.io/v1',
      'kind: PriorityClass',
      'metadata: {name: high}',
      'value: 100000',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a}',
      'spec:',
      '  priorityClassName: high',
      '  containers: [{name: main, image: busybox}]',
    );
    const { pods, diagnostics } = expand(text);
    expect(diagnostics).toEqual([]);
    expect(pods[0]?.priority).toBe(100000);
  });
  it('reports a PriorityClass without an integer value at its line and leaves pods at priority 0', () => {
    const text = lines(
      'apiVersion: scheduling.k8s.io/v1',
      'kind: PriorityClass',
      'metadata: {name: high}',
      'value: very',
      'globalDefault: true',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a}',
      'spec:',
      '  containers: [{name: main, image: busybox}]',
    );
    const { pods, diagnostics } = expand(text);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 4,
        code: 'invalid-field',
        message: 'value must be an integer, not the string "very"',
      }),
    ]);
    expect(pods[0]?.priority).toBe(0);
  });

  it('lets a global default PriorityClass in the manifests give pods without a class their priority', () => {
    const text = lines(
      'apiVersion: scheduling.k8s.io/v1',
      'kind: PriorityClass',
      'metadata: {name: everyone}',
      'value: 42',
      'globalDefault: true',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a}',
      'spec:',
      '  containers: [{name: main, image: busybox}]',
    );
    expect(expand(text).pods[0]?.priority).toBe(42);
  });
});

describe('expandWorkloads: invalid workloads', () => {
  it.each([
    {
      name: 'replicas that are not a number',
      text: workload('Deployment', 'web', '  replicas: three'),
      line: 6,
      code: 'invalid-field',
      message: 'spec.replicas must be an integer, not the string "three"',
    },
    {
      name: 'negative replicas',
      text: workload('Deployment', 'web', '  replicas: -1'),
      line: 6,
      code: 'invalid-field',
      message: 'spec.replicas: must be greater than or equal to 0',
    },
    {
      name: 'containers that are not a list',
      text: lines('apiVersion: v1', 'kind: Pod', 'metadata: {name: a}', 'spec:', '  containers: main'),
      line: 5,
      code: 'invalid-field',
      message: 'spec.containers must be a list, not the string "main"',
    },
    {
      name: 'no containers at all',
      text: lines('apiVersion: v1', 'kind: Pod', 'metadata: {name: a}', 'spec:', '  nodeName: n1'),
      line: 4,
      code: 'missing-field',
      message: 'spec.containers: at least one container is required',
    },
    {
      name: 'a Deployment without a template',
      text: lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: a}', 'spec:', '  replicas: 2'),
      line: 4,
      code: 'missing-field',
      message: 'spec.template is required',
    },
    {
      name: 'a label that is not a string',
      text: workload('Deployment', 'web').replace('        app: web', '        tier: [web]'),
      line: 9,
      code: 'invalid-field',
      message: 'spec.template.metadata.labels.tier must be a string, not a list',
    },
  ])('skips a workload with $name and reports it at its line', ({ text, line, code, message }) => {
    const { workloads, pods, diagnostics } = expand(text);
    expect(workloads).toEqual([]);
    expect(pods).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'manifests.yaml', line, code, severity: 'error', message });
  });

  it('reports a template problem once, not once per replica, and the API server would create no pod', () => {
    const text = workload('Deployment', 'web', '  replicas: 3').replace('cpu: 100m', 'cpu: 1 core');
    const { pods, workloads, diagnostics, rejected } = expand(text);
    expect(pods).toEqual([]);
    expect(workloads).toEqual([]);
    expect(rejected.map((o) => o.metadata.name)).toEqual(['web']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 17, code: 'invalid-quantity' });
  });

  it('still checks the template of a workload scaled to zero', () => {
    const text = workload('Deployment', 'web', '  replicas: 0').replace('memory: 64Mi', 'memory: 64 Mi');
    const { pods, diagnostics } = expand(text);
    expect(pods).toEqual([]);
    expect(diagnostics.map((d) => d.line)).toEqual([18]);
  });

  it('keeps expanding the other workloads after a bad one', () => {
    const text = `${workload('Deployment', 'bad', '  replicas: many')}---\n${workload('Deployment', 'good', '  replicas: 2')}`;
    const { pods, diagnostics } = expand(text);
    expect(pods.map((p) => p.name)).toEqual(['good-1', 'good-2']);
    expect(diagnostics).toHaveLength(1);
  });
});
