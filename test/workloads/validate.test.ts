/**
 * The pod spec checks the API server makes before a pod exists, in its words: a pod
 * that fails one is never created, so berth must not plan it.
 */

import { describe, expect, it } from 'vitest';
import { buildPod, type PodContext } from '../../src/workloads/pod.ts';
import { containerResourceNameProblems } from '../../src/workloads/validate.ts';
import { container, spec } from './builders.ts';

const none: PodContext = { limitRanges: [], priorityClasses: [] };
const object = { head: 'The Deployment "web" is invalid: ', prefix: 'spec.template.spec' };

function problems(podSpec: ReturnType<ReturnType<typeof spec>['obj']>) {
  const built = buildPod({ namespace: 'shop', name: 'web-1', spec: podSpec, object }, none);
  return { invalid: built.invalid, messages: built.diagnostics.map((d) => d.message) };
}

const at = (field: string, body: string) =>
  `The Deployment "web" is invalid: spec.template.spec.${field}: ${body}`;

describe('the API server refuses a pod spec', () => {
  it.each([
    [
      'with a negative request',
      spec().app(container('app').req({ cpu: '-1' })),
      at('containers[0].resources.requests[cpu]', 'Invalid value: "-1": must be greater than or equal to 0'),
    ],
    [
      'with a request no 64-bit count of millicores can hold (upstream would overflow to nonsense)',
      spec().app(container('app').req({ cpu: '1e400' })),
      at(
        'containers[0].resources.requests[cpu]',
        'Invalid value: "1e400": too large for cpu: kube-scheduler counts it as a 64-bit number of millicores, and this does not fit',
      ),
    ],
    [
      'with a container name that is no DNS-1123 label',
      spec().app(container('my app')),
      at(
        'containers[0].name',
        `Invalid value: "my app": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ),
    ],
    [
      'with two containers of one name, init containers included',
      spec().app(container('app')).init(container('app')),
      at('initContainers[0].name', 'Duplicate value: "app"'),
    ],
    [
      'with a resource name holding HTML, printed escaped as the API server prints it',
      spec().app(container('app').req({ '<img src=x>': '1' })),
      at(
        'containers[0].resources.requests[<img src=x>]',
        'Invalid value: "\\u003cimg src=x\\u003e": must be a standard resource for containers',
      ),
    ],
    [
      'with an extended resource requested without a limit',
      spec().app(container('app').req({ 'nvidia.com/gpu': '1' })),
      at(
        'containers[0].resources.limits',
        'Required value: Limit must be set for non overcommitable resources',
      ),
    ],
    [
      'with an extended resource whose request is not its limit',
      spec().app(container('app').req({ 'nvidia.com/gpu': '1' }).lim({ 'nvidia.com/gpu': '2' })),
      at(
        'containers[0].resources.requests',
        'Invalid value: "1": must be equal to nvidia.com/gpu limit of 2',
      ),
    ],
    [
      'with a request above its limit',
      spec().app(container('app').req({ cpu: '2' }).lim({ cpu: '1' })),
      at(
        'containers[0].resources.requests',
        'Invalid value: "2": must be less than or equal to cpu limit of 1',
      ),
    ],
  ])('%s', (_name, podSpec, message) => {
    const { invalid, messages } = problems(podSpec.obj());
    expect(invalid).toBe(true);
    expect(messages).toContain(message);
  });

  it('accepts what the API server accepts', () => {
    const ok = spec()
      .app(
        container('app')
          .req({ cpu: '500m', memory: '1Gi', 'ephemeral-storage': '1Gi' })
          .lim({ 'nvidia.com/gpu': 1 }),
        container('sidecar-2').req({ 'example.com/dongle': '3' }).lim({ 'example.com/dongle': '3' }),
      )
      .init(container('setup').req({ 'hugepages-2Mi': '4Mi', memory: '1Gi' }).lim({ 'hugepages-2Mi': '4Mi' }))
      .obj();
    expect(problems(ok)).toEqual({ invalid: false, messages: [] });
  });
});

describe('containerResourceNameProblems', () => {
  it.each([
    ['cpu', []],
    ['hugepages-1Gi', []],
    ['nvidia.com/gpu', []],
    ['kubernetes.io/something', []],
    ['pods', ['must be a standard resource for containers']],
    [
      'gpu',
      ['must be a standard resource type or fully qualified', 'must be a standard resource for containers'],
    ],
    [
      'my resource',
      [
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        'must be a standard resource for containers',
      ],
    ],
    ['requests.example.com/x', ["doesn't follow extended resource name standard"]],
  ])('%s', (name, expected) => {
    expect(containerResourceNameProblems(name)).toEqual(expected);
  });
});
