import { describe, expect, it } from 'vitest';
import { healthOf } from '../../src/apply/health.ts';

const deployment = (status: Record<string, unknown>, spec: Record<string, unknown> = { replicas: 2 }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', generation: 2 },
  spec,
  status: { observedGeneration: 2, ...status },
});

const progressing = (reason: string, status = 'True') => ({ type: 'Progressing', status, reason });
const available = { type: 'Available', status: 'True' };

describe('health in kstatus terms', () => {
  it.each([
    [
      'a Deployment whose replicas are all updated, ready and available is Current',
      deployment({
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        conditions: [progressing('NewReplicaSetAvailable'), available],
      }),
      'Current',
      'Deployment is available. Replicas: 2',
    ],
    [
      'a Deployment with fewer ready replicas than asked is InProgress',
      deployment({
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 1,
        availableReplicas: 1,
        conditions: [progressing('ReplicaSetUpdated')],
      }),
      'InProgress',
      'Available: 1/2',
    ],
    [
      'a Deployment past its progress deadline has Failed',
      deployment({ replicas: 2, conditions: [progressing('ProgressDeadlineExceeded', 'False')] }),
      'Failed',
      'Progress deadline exceeded',
    ],
    [
      'a generation the controller has not observed yet is InProgress',
      { ...deployment({}), metadata: { name: 'web', generation: 3 } },
      'InProgress',
      'Deployment generation is 3, but latest observed generation is 2',
    ],
    [
      'a StatefulSet whose current revision lags the update revision is InProgress',
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: { replicas: 1 },
        status: {
          replicas: 1,
          readyReplicas: 1,
          currentReplicas: 1,
          currentRevision: 'a',
          updateRevision: 'b',
        },
      },
      'InProgress',
      'Waiting for updated revision to match current',
    ],
    [
      'a DaemonSet with every desired pod updated and available is Current',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', generation: 1 },
        status: {
          observedGeneration: 1,
          desiredNumberScheduled: 3,
          currentNumberScheduled: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 3,
          numberReady: 3,
        },
      },
      'Current',
      'All replicas scheduled as expected. Replicas: 3',
    ],
    [
      'a running Job is still InProgress (berth waits for it to complete)',
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status: { startTime: 'x', active: 1 } },
      'InProgress',
      'Job in progress. success: 0, active: 1, failed: 0',
    ],
    [
      'a failed Job has Failed',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j' },
        status: {
          failed: 1,
          conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }],
        },
      },
      'Failed',
      'Job Failed. failed: 1/1: BackoffLimitExceeded',
    ],
    [
      'an established CRD is Current',
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'w' },
        status: { conditions: [{ type: 'Established', status: 'True' }] },
      },
      'Current',
      'CRD is established',
    ],
    [
      'a terminating Namespace is InProgress',
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' }, status: { phase: 'Terminating' } },
      'InProgress',
      'Namespace is not Active',
    ],
    [
      'a ConfigMap is Current once it exists',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      'Current',
      'Resource is current',
    ],
  ])('%s', (_name, object, status, message) => {
    expect(healthOf(object as Record<string, unknown>)).toEqual({ status, message });
  });

  it.each([
    [
      'a DaemonSet the controller has not acted on yet (no observedGeneration) is InProgress',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', generation: 1 },
        status: { desiredNumberScheduled: 0 },
      },
      'InProgress',
      'DaemonSet status.observedGeneration not found',
    ],
    [
      'a Deployment without a progress deadline never gets Progressing, and is Current once available',
      deployment(
        { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, conditions: [available] },
        { replicas: 1, progressDeadlineSeconds: 2147483647 },
      ),
      'Current',
      'Deployment is available. Replicas: 1',
    ],
    [
      'a Stalled condition decides for a built-in kind too',
      deployment({ conditions: [{ type: 'Stalled', status: 'True', message: 'quota exhausted' }] }),
      'Failed',
      'quota exhausted',
    ],
    [
      'a suspended Job is Current',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'nightly' },
        status: { conditions: [{ type: 'Suspended', status: 'True' }] },
      },
      'Current',
      'Job is suspended',
    ],
    [
      'a CRD the API server refused to establish has Failed',
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'x.example.com' },
        status: {
          conditions: [
            {
              type: 'Established',
              status: 'False',
              reason: 'NotAccepted',
              message: 'not all names are accepted',
            },
          ],
        },
      },
      'Failed',
      'CRD is not established: not all names are accepted',
    ],
    [
      'a CRD still installing is InProgress',
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'x.example.com' },
        status: { conditions: [{ type: 'Established', status: 'False', reason: 'Installing' }] },
      },
      'InProgress',
      'CRD is not established yet',
    ],
    [
      'a running Pod whose container crash-loops has Failed',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            { name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } } },
            { name: 'sidecar', state: { running: {} } },
          ],
        },
      },
      'Failed',
      'Containers in CrashLoop state: app',
    ],
    [
      'a running Pod that is not Ready yet is InProgress',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] },
      },
      'InProgress',
      'Pod is running but is not Ready',
    ],
  ])('%s', (_name, object, status, message) => {
    expect(healthOf(object as Record<string, unknown>)).toEqual({ status, message });
  });

  it('gives an unschedulable Pod 15 seconds, as kstatus does, then calls it Failed with the scheduler’s word', () => {
    const created = Date.parse('2026-12-07T01:00:00Z');
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', creationTimestamp: '2026-12-07T01:00:00Z' },
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
          },
        ],
      },
    };
    expect(healthOf(pod, { now: () => created + 5_000 })).toEqual({
      status: 'InProgress',
      message: 'Pod has not been scheduled: 0/3 nodes are available: 3 Insufficient cpu.',
    });
    expect(healthOf(pod, { now: () => created + 16_000 })).toEqual({
      status: 'Failed',
      message: 'Pod could not be scheduled: 0/3 nodes are available: 3 Insufficient cpu.',
    });
  });

  it('counts a PVC waiting for its first consumer as Current, and a plain Pending one as InProgress', () => {
    const pvc = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { storageClassName: 'local' },
      status: { phase: 'Pending' },
    };
    expect(healthOf(pvc, { bindingModeOf: () => 'WaitForFirstConsumer' }).status).toBe('Current');
    expect(healthOf(pvc, { bindingModeOf: () => 'Immediate' }).status).toBe('InProgress');
  });
});
