import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { deployment, fleet, manifests, planOf, runningPod } from '../fixtures/plans/build.ts';

const GiB = 1024 ** 3;

function configOf(text: string) {
  const { config, diagnostics } = parseConfig(text, '.github/berth.yml');
  expect(diagnostics).toEqual([]);
  return config;
}

const cluster = fleet({
  pools: [
    { name: 'general', count: 2, cpu: '4', memory: '16Gi' },
    { name: 'batch', count: 1, cpu: '8', memory: '32Gi' },
  ],
});

describe('pool reservations', () => {
  const config = configOf(`
reservations:
  - pool: general
    resources: { cpu: 1500m, memory: 2Gi }
`);

  it('shrink the allocatable of every node in the pool and of no other', () => {
    const plan = planOf({ cluster, head: manifests(deployment({ name: 'web', cpu: '100m' })), config });
    const alloc = Object.fromEntries(plan.nodes.map((n) => [n.name, n.allocatable]));
    expect(alloc['general-1']).toMatchObject({ cpu: 2500, memory: 14 * GiB });
    expect(alloc['general-2']).toMatchObject({ cpu: 2500, memory: 14 * GiB });
    expect(alloc['batch-1']).toMatchObject({ cpu: 8000, memory: 32 * GiB });
  });

  it('turn a pod that fits a bare node away from the reserved pool', () => {
    const head = manifests(
      deployment({ name: 'web', cpu: '3', nodeSelector: { 'berth.dev/pool': 'general' } }),
    );
    expect(planOf({ cluster, head }).summary.unschedulable).toBe(0);
    const reserved = planOf({ cluster, head, config });
    expect(reserved.summary.unschedulable).toBe(1);
    expect(reserved.placements[0]!.reason).toMatch(/Insufficient cpu/);
  });

  it('for a pool no node is in, warn at the reservation line', () => {
    const { config: bad } = parseConfig(
      'reservations:\n  - pool: gpu\n    resources: { cpu: 1 }\n',
      'berth.yml',
    );
    const plan = planOf({
      cluster,
      head: manifests(deployment({ name: 'web', cpu: '100m' })),
      config: bad,
      allowDiagnostics: true,
    });
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'berth.yml',
        line: 2,
        message: 'reservation for pool "gpu": no node is in that pool',
      }),
    ]);
  });
});

describe('namespace guarantees', () => {
  // 16 cpu in all; payments is guaranteed 6 and already runs 2, so 4 more are owed.
  const guaranteed = fleet({
    pools: [
      { name: 'general', count: 2, cpu: '4', memory: '16Gi' },
      { name: 'batch', count: 1, cpu: '8', memory: '32Gi' },
    ],
    pods: [runningPod({ name: 'ledger', namespace: 'payments', node: 'general-1', cpu: '2' })],
  });
  const config = configOf(`
reservations:
  - namespace: payments
    resources: { cpu: "6" }
`);

  it('refuse a pod of another namespace that would eat into what is still owed, with a clear reason', () => {
    // Free: 16 - 2 = 14 cpu. Eleven 1-cpu pods leave 3 free, less than the 4 owed:
    // the first ten are admitted (leaving 4), the eleventh is refused.
    const plan = planOf({
      cluster: guaranteed,
      head: manifests(deployment({ name: 'etl', namespace: 'analytics', replicas: 11, cpu: '1' })),
      config,
    });
    expect(plan.summary.scheduled).toBe(10);
    expect(plan.summary.rejected).toBe(1);
    const refused = plan.placements.find((p) => p.status === 'rejected')!;
    expect(refused.reason).toBe(
      'reservation: namespace payments is guaranteed 6 cpu and still needs 4 of it; placing this pod (1 cpu) would leave 3 free',
    );
    expect(plan.passed).toBe(false);
  });

  it('let the guaranteed namespace use its own reservation', () => {
    const plan = planOf({
      cluster: guaranteed,
      head: manifests(deployment({ name: 'api', namespace: 'payments', replicas: 4, cpu: '1' })),
      config,
    });
    expect(plan.summary.scheduled).toBe(4);
    expect(plan.summary.rejected).toBe(0);
  });

  it('do not count against pods that request none of the guaranteed resource', () => {
    const plan = planOf({
      cluster: guaranteed,
      head: manifests(deployment({ name: 'etl', namespace: 'analytics', replicas: 3, memory: '1Gi' })),
      config,
    });
    expect(plan.summary.rejected).toBe(0);
  });
});
