/**
 * GitHub Deployments as the App's record of what it applied, seen through the few
 * calls the App makes (bot/deployments.ts keeps them in src/github/deployments.ts).
 * A Deployment is keyed by environment, commit and task, so a redelivered webhook or a
 * second replica finds the one already made instead of applying twice.
 */

import type { BerthTask, Trigger } from '../src/github/deployments.ts';

export type { BerthTask, Trigger } from '../src/github/deployments.ts';
export { TASK_APPLY, TASK_ROLLBACK } from '../src/github/deployments.ts';

export type DeploymentState = 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentRecord {
  id: number;
  sha: string;
  environment: string;
  task: string;
  /** The payload as read back (untrusted: anyone with write access can create Deployments). */
  pr: number | null;
  cluster: string | null;
}

export interface DeploymentRequest {
  sha: string;
  task: BerthTask;
  environment: string;
  description: string;
  pr: number;
  cluster: string;
  previousSha: string | null;
  applySetId: string;
  /** `sha256:<hex>` of the apply plan and of the manifest set (src/apply/digest.ts); null when unread. */
  planDigest: string | null;
  manifestDigest: string | null;
  trigger: Trigger;
  requestedBy: string | null;
  /**
   * A command asking again (`/berth apply` after a failure): an existing Deployment of
   * the key that is not queued or running is queued again instead of refused.
   */
  again: boolean;
}

export type Recorded =
  | { created: true; deployment: DeploymentRecord }
  | { created: false; deployment: DeploymentRecord; why: string };

export interface DeploymentStore {
  /** The Deployment for environment+sha+task, `queued` for this caller only when it is to run it. */
  findOrCreate(request: DeploymentRequest): Promise<Recorded>;
  setStatus(
    deployment: DeploymentRecord,
    state: DeploymentState,
    details: { description: string; logUrl?: string },
  ): Promise<void>;
  /** Deployments of `environment` whose newest status is `in_progress`. */
  inProgress(environment: string): Promise<DeploymentRecord[]>;
  /** The newest Deployment of `environment` that succeeded, older than `before` when given. */
  lastSuccess(environment: string, before?: DeploymentRecord): Promise<DeploymentRecord | null>;
}
