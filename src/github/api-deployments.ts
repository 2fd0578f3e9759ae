/**
 * GitHub Deployments and their statuses, as plain calls reduced to the fields berth
 * reads. What berth records in them, and how two App replicas agree on one
 * deployment per commit, is deployments.ts.
 */

import { BerthError } from '../model/diagnostics.ts';
import type { ApiContext } from './octokit.ts';

export type DeploymentState =
  | 'queued'
  | 'in_progress'
  | 'success'
  | 'failure'
  | 'error'
  | 'inactive'
  | 'pending';

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  /** As GitHub returns it: berth reads it through `readPayload`, never trusting it. */
  payload: unknown;
  description: string | null;
  creator: string;
  createdAt: string;
}

export interface DeploymentStatus {
  id: number;
  state: DeploymentState;
  description: string;
  logUrl: string;
  environmentUrl: string;
  creator: string;
  createdAt: string;
}

export interface NewDeployment {
  ref: string;
  task: string;
  environment: string;
  payload: Record<string, unknown>;
  description?: string;
}

export interface NewDeploymentStatus {
  state: DeploymentState;
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
  /** GitHub's default (true) marks earlier successful deployments of the environment inactive. */
  autoInactive?: boolean;
}

export interface DeploymentFilter {
  environment?: string;
  sha?: string;
  task?: string;
}

export interface DeploymentApi {
  /** Creates a deployment of `ref` (never auto-merging, never waiting on status checks). */
  createDeployment(input: NewDeployment): Promise<Deployment>;
  /** Deployments matching the filter, newest first, at most `max`. */
  listDeployments(filter: DeploymentFilter, max?: number): Promise<Deployment[]>;
  createDeploymentStatus(deploymentId: number, input: NewDeploymentStatus): Promise<DeploymentStatus>;
  /** A deployment's statuses, newest first, at most `max`. */
  listDeploymentStatuses(deploymentId: number, max?: number): Promise<DeploymentStatus[]>;
}

const PER_PAGE = 100;

interface RawDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  payload: unknown;
  description?: string | null;
  creator: { login?: string } | null;
  created_at: string;
}

interface RawStatus {
  id: number;
  state: string;
  description?: string;
  log_url?: string;
  environment_url?: string;
  creator: { login?: string } | null;
  created_at: string;
}

function toDeployment(d: RawDeployment): Deployment {
  return {
    id: d.id,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    environment: d.environment,
    payload: d.payload,
    description: d.description ?? null,
    creator: d.creator?.login ?? '',
    createdAt: d.created_at,
  };
}

function toStatus(s: RawStatus): DeploymentStatus {
  return {
    id: s.id,
    state: s.state as DeploymentState,
    description: s.description ?? '',
    logUrl: s.log_url ?? '',
    environmentUrl: s.environment_url ?? '',
    creator: s.creator?.login ?? '',
    createdAt: s.created_at,
  };
}

export function deploymentApi({ octokit, owner, repo, call }: ApiContext): DeploymentApi {
  return {
    async createDeployment(input) {
      const { data, status } = await call(
        'POST',
        `deployment of ${input.ref.slice(0, 12)} to ${input.environment}`,
        () =>
          octokit.request('POST /repos/{owner}/{repo}/deployments', {
            owner,
            repo,
            ref: input.ref,
            task: input.task,
            environment: input.environment,
            payload: input.payload,
            auto_merge: false,
            required_contexts: [],
            ...(input.description ? { description: input.description } : {}),
          }),
      );
      // 202 is GitHub merging the default branch into the ref: berth never asks for it.
      if (status !== 201 || !('id' in data)) {
        throw new BerthError(
          'io',
          `GitHub did not create the deployment: ${'message' in data ? data.message : status}`,
        );
      }
      return toDeployment(data as RawDeployment);
    },

    async listDeployments(filter, max = 100) {
      const out: Deployment[] = [];
      for (let page = 1; out.length < max; page++) {
        const { data } = await call(
          'GET',
          `deployments of ${filter.environment ?? 'every environment'}`,
          () =>
            octokit.request('GET /repos/{owner}/{repo}/deployments', {
              owner,
              repo,
              ...(filter.environment !== undefined ? { environment: filter.environment } : {}),
              ...(filter.sha !== undefined ? { sha: filter.sha } : {}),
              ...(filter.task !== undefined ? { task: filter.task } : {}),
              per_page: PER_PAGE,
              page,
            }),
        );
        out.push(...(data as RawDeployment[]).map(toDeployment));
        if (data.length < PER_PAGE) break;
      }
      return out.slice(0, max);
    },

    async createDeploymentStatus(deploymentId, input) {
      const { data } = await call('POST', `status ${input.state} of deployment ${deploymentId}`, () =>
        octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
          owner,
          repo,
          deployment_id: deploymentId,
          state: input.state,
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.logUrl ? { log_url: input.logUrl } : {}),
          ...(input.environmentUrl ? { environment_url: input.environmentUrl } : {}),
          ...(input.autoInactive !== undefined ? { auto_inactive: input.autoInactive } : {}),
        }),
      );
      return toStatus(data as RawStatus);
    },

    async listDeploymentStatuses(deploymentId, max = 100) {
      const out: DeploymentStatus[] = [];
      for (let page = 1; out.length < max; page++) {
        const { data } = await call('GET', `statuses of deployment ${deploymentId}`, () =>
          octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
            owner,
            repo,
            deployment_id: deploymentId,
            per_page: PER_PAGE,
            page,
          }),
        );
        out.push(...(data as RawStatus[]).map(toStatus));
        if (data.length < PER_PAGE) break;
      }
      // Newest first, whatever order a page came in: ids grow with time.
      return out.sort((a, b) => b.id - a.id).slice(0, max);
    },
  };
}
