/**
 * The Deployment store over the repository's GitHub Deployments, through the shared
 * layer (src/github/deployments.ts): its exactly-once key and tiebreak between
 * replicas, checked payloads and one-line status descriptions.
 */

import {
  type Deployment,
  deploymentPayload,
  findOrCreateDeployment,
  findUnfinished,
  lastSuccessBefore,
  readPayload,
  setDeploymentStatus,
} from '../src/github/deployments.ts';
import type { DeploymentRecord, DeploymentStore } from './record.ts';
import type { RepoContext } from './runtime.ts';

function record(d: Deployment): DeploymentRecord {
  const payload = readPayload(d.payload);
  return {
    id: d.id,
    sha: d.sha,
    environment: d.environment,
    task: d.task,
    pr: payload?.pr ?? null,
    cluster: payload?.cluster ?? null,
  };
}

/** States in which a Deployment is being worked on: asking again must not start a second run. */
const BUSY = new Set(['queued', 'in_progress', 'pending']);

export function deploymentStore(repo: RepoContext): DeploymentStore {
  const { github } = repo;
  return {
    async findOrCreate(request) {
      const payload = deploymentPayload({
        pr: request.pr,
        cluster: request.cluster,
        previousSha: request.previousSha,
        applySetId: request.applySetId,
        planDigest: request.planDigest,
        manifestDigest: request.manifestDigest,
        trigger: request.trigger,
        requestedBy: request.requestedBy,
      });
      const found = await findOrCreateDeployment(
        github,
        { environment: request.environment, sha: request.sha, task: request.task },
        payload,
        { description: 'queued', deploymentDescription: request.description },
      );
      if (found.outcome === 'created') return { created: true, deployment: record(found.deployment) };
      if (found.outcome === 'duplicate')
        return { created: false, deployment: record(found.deployment), why: 'another replica took it' };
      const state = found.latest?.state;
      if (request.again && state !== undefined && !BUSY.has(state)) {
        await setDeploymentStatus(github, found.deployment.id, 'queued', { description: 'queued again' });
        return { created: true, deployment: record(found.deployment) };
      }
      return {
        created: false,
        deployment: record(found.deployment),
        why: `Deployment ${found.deployment.id} already covers it (${state ?? 'no status'})`,
      };
    },
    async setStatus(deployment, state, details) {
      // success must not mark older Deployments inactive: rollback looks for them.
      await setDeploymentStatus(
        github,
        deployment.id,
        state,
        { description: details.description, ...(details.logUrl ? { logUrl: details.logUrl } : {}) },
        false,
      );
    },
    async inProgress(environment) {
      return (await findUnfinished(github, environment)).map((r) => record(r.deployment));
    },
    async lastSuccess(environment, before) {
      const found = await lastSuccessBefore(github, environment, before?.id);
      return found ? record(found.deployment) : null;
    },
  };
}
