/**
 * GitHub Deployments as the App's record of what it applied, seen through the few
 * calls the App makes. The store keys a Deployment by environment, commit and task,
 * so a redelivered webhook or a second replica finds the one already made instead of
 * applying twice.
 */

export type DeploymentState = 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export const TASK_APPLY = 'berth:apply';
export const TASK_ROLLBACK = 'berth:rollback';

export interface DeploymentRecord {
  id: number;
  sha: string;
  environment: string;
  task: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface DeploymentRequest {
  sha: string;
  task: string;
  environment: string;
  description: string;
  payload: Record<string, unknown>;
}

export interface DeploymentStore {
  /** The Deployment for environment+sha+task: made now (`created`) or found. Exactly one caller gets `created`. */
  findOrCreate(request: DeploymentRequest): Promise<{ deployment: DeploymentRecord; created: boolean }>;
  setStatus(
    deployment: DeploymentRecord,
    state: DeploymentState,
    details: { description: string; logUrl?: string },
  ): Promise<void>;
  /** The newest status of a Deployment, or null when it has none. */
  state(deployment: DeploymentRecord): Promise<DeploymentState | null>;
  /** Deployments of the repository whose newest status is `in_progress`. */
  inProgress(environment?: string): Promise<DeploymentRecord[]>;
  /** The newest Deployment of `environment` whose newest status is `success`, older than `before` when given. */
  lastSuccess(environment: string, before?: DeploymentRecord): Promise<DeploymentRecord | null>;
}
