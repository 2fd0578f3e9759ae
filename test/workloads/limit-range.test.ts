import { describe, expect, it } from 'vitest';
import type { LimitRange, ResourceList } from '../../src/model/types.ts';
import {
  containerDefaultsFor,
  defaultLimitRangeItem,
  parseLimitRange,
} from '../../src/workloads/limit-range.ts';
import { effectiveResources } from '../../src/workloads/requests.ts';
import { container, limitRange, lines, MI, objects, spec } from './builders.ts';

function resourcesIn(namespace: string, ranges: LimitRange[], podSpec = spec().app(container('app')).obj()) {
  return effectiveResources(podSpec, containerDefaultsFor(ranges, namespace));
}

interface DefaultCase {
  name: string;
  range: Partial<LimitRange['limits'][number]>;
  requests: ResourceList;
  limits: ResourceList;
}

describe('LimitRange defaults', () => {
  const cases: DefaultCase[] = [
    {
      name: 'defaultRequest becomes the request and default the limit of a container that sets neither',
      range: { defaultRequest: { cpu: 110, memory: 111 * MI }, default: { cpu: 700, memory: 900 * MI } },
      requests: { cpu: 110, memory: 111 * MI },
      limits: { cpu: 700, memory: 900 * MI },
    },
    {
      name: 'without defaultRequest the request falls back to default',
      range: { default: { memory: 512 * MI } },
      requests: { memory: 512 * MI },
      limits: { memory: 512 * MI },
    },
    {
      name: 'without default the limit falls back to max, and the request with it',
      range: { max: { cpu: 800 } },
      requests: { cpu: 800 },
      limits: { cpu: 800 },
    },
    {
      name: 'with only min, the request is min and there is no limit',
      range: { min: { cpu: 100 } },
      requests: { cpu: 100 },
      limits: {},
    },
  ];

  it.each(cases)('$name', ({ range, requests, limits }) => {
    const result = resourcesIn('team', [limitRange('team', 'defaults', range)]);
    expect(result.requests).toEqual(requests);
    expect(result.limits).toEqual(limits);
  });

  const ranges = [limitRange('team', 'defaults', { defaultRequest: { cpu: 110 }, default: { cpu: 700 } })];

  it('keeps what a container sets and fills in only what it does not', () => {
    const podSpec = spec()
      .app(container('app').req({ cpu: '200m' }))
      .obj();
    expect(resourcesIn('team', ranges, podSpec)).toEqual({ requests: { cpu: 200 }, limits: { cpu: 700 } });
  });

  it('gives a container with a limit but no request its own limit as request, not defaultRequest', () => {
    const podSpec = spec()
      .app(container('app').lim({ cpu: '2' }))
      .obj();
    expect(resourcesIn('team', ranges, podSpec)).toEqual({ requests: { cpu: 2000 }, limits: { cpu: 2000 } });
  });

  it('applies to init containers too', () => {
    const podSpec = spec()
      .app(container('app').req({ cpu: '50m' }).lim({ cpu: '50m' }))
      .init(container('setup'))
      .obj();
    // setup is defaulted to 110m, which outweighs the app's 50m.
    expect(resourcesIn('team', ranges, podSpec).requests).toEqual({ cpu: 110 });
  });

  it('leaves pods of other namespaces alone', () => {
    expect(resourcesIn('other', ranges)).toEqual({ requests: {}, limits: {} });
  });

  it('lets the first LimitRange by name default a resource when several do', () => {
    const two = [
      limitRange('team', 'b-second', { defaultRequest: { cpu: 300, memory: 64 * MI } }),
      limitRange('team', 'a-first', { defaultRequest: { cpu: 200 } }),
    ];
    expect(resourcesIn('team', two).requests).toEqual({ cpu: 200, memory: 64 * MI });
  });

  it('defaults a stored item as the API server does, and is idempotent', () => {
    const item = defaultLimitRangeItem({ type: 'Container', max: { cpu: 800 }, min: { memory: 99 * MI } });
    expect(item).toMatchObject({ default: { cpu: 800 }, defaultRequest: { cpu: 800, memory: 99 * MI } });
    expect(defaultLimitRangeItem(item)).toEqual(item);
  });
});

describe('parseLimitRange', () => {
  it('reads quantities and applies the stored-object defaults', () => {
    const [object] = objects(
      lines(
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata:',
        '  name: defaults',
        '  namespace: team',
        'spec:',
        '  limits:',
        '  - type: Container',
        '    default:',
        '      cpu: 700m',
        '    maxLimitRequestRatio:',
        '      memory: "1.5"',
      ),
    );
    const { limitRange: parsed, diagnostics } = parseLimitRange(object!);
    expect(diagnostics).toEqual([]);
    expect(parsed).toMatchObject({
      namespace: 'team',
      name: 'defaults',
      limits: [
        {
          type: 'Container',
          default: { cpu: 700 },
          defaultRequest: { cpu: 700 },
          maxLimitRequestRatio: { memory: 1500 },
        },
      ],
    });
  });

  it('reports an invalid quantity at its line and keeps the rest of the item', () => {
    const [object] = objects(
      lines(
        'apiVersion: v1',
        'kind: LimitRange',
        'metadata:',
        '  name: defaults',
        'spec:',
        '  limits:',
        '  - type: Container',
        '    default:',
        '      cpu: 700m',
        '      memory: 1 Gi',
      ),
    );
    const { limitRange: parsed, diagnostics } = parseLimitRange(object!);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 10, code: 'invalid-quantity' });
    expect(parsed?.namespace).toBe('default');
    expect(parsed?.limits[0]?.default).toEqual({ cpu: 700 });
  });
});
