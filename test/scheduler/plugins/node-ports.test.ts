import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/model/types.ts';
import { ERR_REASON_NODE_PORTS, NodePorts } from '../../../src/scheduler/plugins/node-ports.ts';
import { makeNode, makePod } from '../builders.ts';
import { harness, hostPorts, runFilter, withSpec } from './harness.ts';

const REASON = "node(s) didn't have free ports for the requested pod ports";

/** A pod asking for ports written `PROTOCOL/hostIP/port`, as upstream's newPod. */
const podWith = (name: string, ...ports: string[]) => hostPorts(makePod().name(name).obj(), ...ports);
const existing = (...ports: string[]) => hostPorts(makePod().name('existing').node('m1').obj(), ...ports);

function verdict(incoming: Pod, ...bound: Pod[]) {
  const result = runFilter(new NodePorts(), harness([makeNode().name('m1').obj()], bound), incoming);
  if (result === 'skip') return 'skip';
  return result.m1 === null ? 'fits' : result.m1;
}

describe('NodePorts', () => {
  it("uses upstream's reason word for word", () => {
    expect(ERR_REASON_NODE_PORTS).toBe(REASON);
  });

  // Upstream's TestNodePorts table (pkg/scheduler/framework/plugins/nodeports/node_ports_test.go).
  const conflict = { code: 'Unschedulable', reason: REASON };
  const cases: { name: string; pod: Pod; bound: Pod[]; want: 'skip' | 'fits' | typeof conflict }[] = [
    { name: 'skip filter', pod: makePod().name('p').obj(), bound: [], want: 'skip' },
    {
      name: 'other port',
      pod: podWith('p', 'UDP/127.0.0.1/8080'),
      bound: [existing('UDP/127.0.0.1/9090')],
      want: 'fits',
    },
    {
      name: 'same udp port',
      pod: podWith('p', 'UDP/127.0.0.1/8080'),
      bound: [existing('UDP/127.0.0.1/8080')],
      want: conflict,
    },
    {
      name: 'same tcp port',
      pod: podWith('p', 'TCP/127.0.0.1/8080'),
      bound: [existing('TCP/127.0.0.1/8080')],
      want: conflict,
    },
    {
      name: 'different host ip',
      pod: podWith('p', 'TCP/127.0.0.1/8080'),
      bound: [existing('TCP/127.0.0.2/8080')],
      want: 'fits',
    },
    {
      name: 'different protocol',
      pod: podWith('p', 'UDP/127.0.0.1/8080'),
      bound: [existing('TCP/127.0.0.1/8080')],
      want: 'fits',
    },
    {
      name: 'second udp port conflict',
      pod: podWith('p', 'UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'),
      bound: [existing('UDP/127.0.0.1/8080')],
      want: conflict,
    },
    {
      name: 'first tcp port conflict',
      pod: podWith('p', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'),
      bound: [existing('TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081')],
      want: conflict,
    },
    {
      name: 'first tcp port conflict due to 0.0.0.0 hostIP',
      pod: podWith('p', 'TCP/0.0.0.0/8001'),
      bound: [existing('TCP/127.0.0.1/8001')],
      want: conflict,
    },
    {
      name: 'TCP hostPort conflict due to 0.0.0.0 hostIP',
      pod: podWith('p', 'TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'),
      bound: [existing('TCP/127.0.0.1/8001')],
      want: conflict,
    },
    {
      name: 'second tcp port conflict to 0.0.0.0 hostIP',
      pod: podWith('p', 'TCP/127.0.0.1/8001'),
      bound: [existing('TCP/0.0.0.0/8001')],
      want: conflict,
    },
    {
      name: 'second different protocol',
      pod: podWith('p', 'UDP/127.0.0.1/8001'),
      bound: [existing('TCP/0.0.0.0/8001')],
      want: 'fits',
    },
    {
      name: 'UDP hostPort conflict due to 0.0.0.0 hostIP',
      pod: podWith('p', 'UDP/127.0.0.1/8001'),
      bound: [existing('TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001')],
      want: conflict,
    },
    // berth's own cases.
    {
      name: 'an empty hostIP and protocol mean 0.0.0.0 and TCP on both sides',
      pod: podWith('p', '//9000'),
      bound: [existing('TCP/10.1.1.1/9000')],
      want: conflict,
    },
    {
      name: 'a port held by a restartable init container (sidecar) conflicts',
      pod: podWith('p', 'TCP//7000'),
      bound: [
        withSpec(makePod().name('sidecar').node('m1').obj(), (s) => {
          s.initContainers = [
            { name: 'proxy', restartPolicy: 'Always', ports: [{ hostPort: 7000, containerPort: 7000 }] },
          ];
        }),
      ],
      want: conflict,
    },
    {
      name: 'a port of an ordinary init container is free again once it exits',
      pod: podWith('p', 'TCP//7000'),
      bound: [
        withSpec(makePod().name('init').node('m1').obj(), (s) => {
          s.initContainers = [{ name: 'setup', ports: [{ hostPort: 7000, containerPort: 7000 }] }];
        }),
      ],
      want: 'fits',
    },
    {
      name: 'with hostNetwork a containerPort is a host port (API server defaulting)',
      pod: withSpec(makePod().name('p').obj(), (s) => {
        s.hostNetwork = true;
        s.containers = [{ name: 'c', ports: [{ containerPort: 8080 }] }];
      }),
      bound: [existing('TCP//8080')],
      want: conflict,
    },
  ];

  it.each(cases)('$name', ({ pod, bound, want }) => {
    expect(verdict(pod, ...bound)).toEqual(want);
  });
});
