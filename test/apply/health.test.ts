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
        metadata: { name: 'agent' },
        status: {
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
