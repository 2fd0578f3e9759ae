/**
 * Routes: deployments and their statuses, as GitHub keeps them. Lists are newest
 * first; a `success` status with `auto_inactive` (the default) marks the earlier
 * successful deployments of a non-production, non-transient environment `inactive`,
 * as GitHub documents; descriptions over 140 characters are refused.
 */

import { isoNow, nextId, type Route, type RouteContext } from './context.ts';
import { example, type Json } from './openapi.ts';
import { ancestors, resolveRef, type StoredDeployment, type StoredDeploymentStatus } from './state.ts';

const STATES = new Set(['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']);

function api(ctx: RouteContext, rest: string): string {
  return `https://api.github.com/repos/${ctx.state.owner}/${ctx.state.repo}/${rest}`;
}

function deploymentJson(ctx: RouteContext, d: StoredDeployment): Json {
  const template = example('get', '/repos/{owner}/{repo}/deployments/{deployment_id}', 200);
  return {
    ...template,
    id: d.id,
    node_id: `DE_${d.id}`,
    url: api(ctx, `deployments/${d.id}`),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: { ...(template.creator as Json), login: d.creator },
    created_at: d.createdAt,
    updated_at: d.createdAt,
    statuses_url: api(ctx, `deployments/${d.id}/statuses`),
    repository_url: `https://api.github.com/repos/${ctx.state.owner}/${ctx.state.repo}`,
    transient_environment: d.transient,
    production_environment: d.production,
  };
}

function statusJson(ctx: RouteContext, s: StoredDeploymentStatus): Json {
  const template = example(
    'get',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}',
    200,
  );
  return {
    ...template,
    id: s.id,
    node_id: `DES_${s.id}`,
    url: api(ctx, `deployments/${s.deploymentId}/statuses/${s.id}`),
    state: s.state,
    creator: { ...(template.creator as Json), login: s.creator },
    description: s.description,
    environment: s.environment,
    target_url: s.logUrl,
    log_url: s.logUrl,
    environment_url: s.environmentUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: api(ctx, `deployments/${s.deploymentId}`),
    repository_url: `https://api.github.com/repos/${ctx.state.owner}/${ctx.state.repo}`,
  };
}

function findDeployment(ctx: RouteContext): StoredDeployment | undefined {
  return ctx.state.deployments.find((d) => d.id === Number(ctx.params.deployment_id));
}

function latestState(ctx: RouteContext, id: number): string | undefined {
  return ctx.state.deploymentStatuses.filter((s) => s.deploymentId === id).at(-1)?.state;
}

export const deploymentRoutes: Record<string, Route> = {
  'post /repos/{owner}/{repo}/deployments': (ctx) => {
    if (ctx.refuseReadOnly()) return;
    const { state, body } = ctx;
    const ref = String(body.ref);
    const sha = resolveRef(state, ref);
    if (!sha)
      return ctx.send(422, {
        message: `No ref found for: ${ref}`,
        documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment',
      });
    if (body.auto_merge !== false) {
      // GitHub merges the default branch into the ref first when it is behind.
      const head = state.branches.get(state.defaultBranch);
      const behind = head !== undefined && head !== sha && !ancestors(state, sha).has(head);
      if (behind) {
        return ctx.send(202, { message: `Auto-merged ${state.defaultBranch} into ${ref} on deployment.` });
      }
    }
    const environment = typeof body.environment === 'string' ? body.environment : 'production';
    let payload: unknown = body.payload ?? {};
    if (typeof payload === 'string') {
      try {
        payload = JSON.parse(payload);
      } catch {
        return ctx.invalid('Validation Failed', [
          { resource: 'Deployment', field: 'payload', code: 'invalid' },
        ]);
      }
    }
    const d: StoredDeployment = {
      id: nextId(),
      sha,
      ref,
      task: typeof body.task === 'string' ? body.task : 'deploy',
      environment,
      originalEnvironment: environment,
      payload,
      description: typeof body.description === 'string' ? body.description : null,
      creator: ctx.caller.login,
      createdAt: isoNow(),
      transient: body.transient_environment === true,
      production:
        typeof body.production_environment === 'boolean'
          ? body.production_environment
          : environment === 'production',
    };
    state.deployments.push(d);
    ctx.send(201, deploymentJson(ctx, d));
  },

  'get /repos/{owner}/{repo}/deployments': (ctx) => {
    const { query } = ctx;
    const matching = ctx.state.deployments
      .filter(
        (d) =>
          (query.sha === undefined || d.sha === query.sha) &&
          (query.ref === undefined || d.ref === query.ref) &&
          (query.task === undefined || d.task === query.task) &&
          (query.environment === undefined || d.environment === query.environment),
      )
      .reverse();
    const { slice, headers } = ctx.page(matching);
    ctx.send(
      200,
      slice.map((d) => deploymentJson(ctx, d)),
      headers,
    );
  },

  'get /repos/{owner}/{repo}/deployments/{deployment_id}': (ctx) => {
    const d = findDeployment(ctx);
    if (!d) return ctx.notFound();
    ctx.send(200, deploymentJson(ctx, d));
  },

  'post /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': (ctx) => {
    if (ctx.refuseReadOnly()) return;
    const d = findDeployment(ctx);
    if (!d) return ctx.notFound();
    const { body, state } = ctx;
    const stateName = String(body.state);
    if (!STATES.has(stateName))
      return ctx.invalid('Validation Failed', [
        { resource: 'DeploymentStatus', field: 'state', code: 'invalid' },
      ]);
    const description = typeof body.description === 'string' ? body.description : '';
    if (description.length > 140) {
      return ctx.invalid('Validation Failed', [
        {
          resource: 'DeploymentStatus',
          code: 'custom',
          field: 'description',
          message: 'description is too long (maximum is 140 characters)',
        },
      ]);
    }
    if (typeof body.environment === 'string') d.environment = body.environment;
    const status: StoredDeploymentStatus = {
      id: nextId(),
      deploymentId: d.id,
      state: stateName,
      description,
      logUrl:
        typeof body.log_url === 'string'
          ? body.log_url
          : typeof body.target_url === 'string'
            ? body.target_url
            : '',
      environmentUrl: typeof body.environment_url === 'string' ? body.environment_url : '',
      environment: d.environment,
      creator: ctx.caller.login,
      createdAt: isoNow(),
    };
    state.deploymentStatuses.push(status);
    if (stateName === 'success' && body.auto_inactive !== false) {
      for (const other of state.deployments) {
        if (other.id >= d.id || other.environment !== d.environment || other.transient || other.production)
          continue;
        if (latestState(ctx, other.id) !== 'success') continue;
        state.deploymentStatuses.push({
          ...status,
          id: nextId(),
          deploymentId: other.id,
          state: 'inactive',
          description: '',
          logUrl: '',
          environmentUrl: '',
        });
      }
    }
    ctx.send(201, statusJson(ctx, status));
  },

  'get /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': (ctx) => {
    const d = findDeployment(ctx);
    if (!d) return ctx.notFound();
    const statuses = ctx.state.deploymentStatuses.filter((s) => s.deploymentId === d.id).reverse();
    const { slice, headers } = ctx.page(statuses);
    ctx.send(
      200,
      slice.map((s) => statusJson(ctx, s)),
      headers,
    );
  },

  'get /repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}': (ctx) => {
    const s = ctx.state.deploymentStatuses.find(
      (x) => x.id === Number(ctx.params.status_id) && x.deploymentId === Number(ctx.params.deployment_id),
    );
    if (!s) return ctx.notFound();
    ctx.send(200, statusJson(ctx, s));
  },
};
