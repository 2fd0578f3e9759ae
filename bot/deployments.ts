/**
 * The Deployment store over the repository's GitHub Deployments.
 */

import type { DeploymentStore } from './record.ts';
import type { RepoContext } from './runtime.ts';

export function deploymentStore(_repo: RepoContext): DeploymentStore {
  throw new Error('GitHub Deployments are not wired yet');
}
