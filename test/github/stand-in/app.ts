/**
 * The GitHub App side: JWTs checked as GitHub checks them (RS256, `iss` the App's
 * id, issued no later than now and expiring within ten minutes, signature verified
 * when the test gives the App's public key), and installation access tokens issued
 * for them, which the rest of the stand-in then accepts.
 */

import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { isoNow, type Route } from './context.ts';
import { example, type Json } from './openapi.ts';
import type { FakeGitHubState } from './state.ts';

/** Why a bearer JWT is refused, or null when GitHub would take it. */
export function jwtProblem(state: FakeGitHubState, jwt: string, nowMs = Date.now()): string | null {
  const app = state.app;
  if (!app) return 'no GitHub App is set up in the stand-in';
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p)))
    return 'not three base64url parts';
  let header: Json;
  let claims: Json;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Json;
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Json;
  } catch {
    return 'header or claims are not JSON';
  }
  if (header.alg !== 'RS256') return `alg ${String(header.alg)}, not RS256`;
  if (String(claims.iss) !== String(app.id)) return `iss ${String(claims.iss)} is not the App's id ${app.id}`;
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.iat !== 'number' || claims.iat > now + 60)
    return "'Issued at' claim (iat) must be an Integer representing a time in the past";
  if (typeof claims.exp !== 'number' || claims.exp <= now)
    return "'Expiration time' claim ('exp') is too far in the future or has passed";
  if (claims.exp - claims.iat > 600 + 60) return "'Expiration time' claim ('exp') is too far in the future";
  if (app.publicKey) {
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      createPublicKey(app.publicKey),
      Buffer.from(parts[2]!, 'base64url'),
    );
    if (!ok) return 'signature does not verify with the App key';
  }
  return null;
}

/** The one repository of the stand-in, on the description's example of a repository. */
function repositoryJson(state: FakeGitHubState, template: Json): Json {
  // The description's own example lacks `language`, which its schema requires.
  const source = template.source as Json | undefined;
  return {
    ...template,
    language: template.language ?? null,
    ...(source ? { source: { ...source, language: source.language ?? null } } : {}),
    name: state.repo,
    full_name: `${state.owner}/${state.repo}`,
    owner: { ...(template.owner as Json), login: state.owner },
    default_branch: state.defaultBranch,
    html_url: `https://github.com/${state.owner}/${state.repo}`,
    url: `https://api.github.com/repos/${state.owner}/${state.repo}`,
  };
}

export const appRoutes: Record<string, Route> = {
  'post /app/installations/{installation_id}/access_tokens': (ctx) => {
    const { state } = ctx;
    const id = Number(ctx.params.installation_id);
    if (!state.app?.installations.includes(id)) return ctx.notFound();
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    state.installationTokens.set(token, { installationId: id, expiresAt });
    const template = example('post', ctx.template, 201);
    ctx.send(201, {
      ...template,
      token,
      expires_at: expiresAt,
      permissions: {
        contents: 'read',
        pull_requests: 'write',
        issues: 'write',
        deployments: 'write',
        metadata: 'read',
      },
      repository_selection: 'all',
    });
  },

  'get /app': (ctx) => {
    const app = ctx.state.app!;
    const template = example('get', ctx.template, 200);
    ctx.send(200, { ...template, id: app.id, slug: app.slug, name: app.slug });
  },

  'get /app/installations': (ctx) => {
    const template = (example('get', ctx.template, 200) as unknown as Json[])[0]!;
    const { slice, headers } = ctx.page(ctx.state.app!.installations);
    ctx.send(
      200,
      slice.map((id) => ({
        ...template,
        // This path's schema says the account is a user *and* an enterprise (allOf where
        // the component says anyOf): the enterprise's required fields are added to satisfy it.
        account: {
          ...(template.account as Json),
          login: ctx.state.owner,
          name: ctx.state.owner,
          slug: ctx.state.owner.toLowerCase(),
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
        },
        id,
        app_id: ctx.state.app!.id,
        app_slug: ctx.state.app!.slug,
      })),
      headers,
    );
  },

  'get /installation/repositories': (ctx) => {
    if (ctx.caller.kind !== 'installation') return ctx.forbidden();
    const template = example('get', ctx.template, 200);
    const repository = (template.repositories as Json[])[0]!;
    ctx.send(200, {
      ...template,
      total_count: 1,
      repository_selection: 'all',
      repositories: [repositoryJson(ctx.state, repository)],
    });
  },

  'get /repos/{owner}/{repo}': (ctx) => {
    ctx.send(200, repositoryJson(ctx.state, example('get', ctx.template, 200)));
  },

  'get /repos/{owner}/{repo}/installation': (ctx) => {
    const app = ctx.state.app!;
    const id = app.installations[0];
    if (id === undefined) return ctx.notFound();
    const template = example('get', ctx.template, 200);
    ctx.send(200, { ...template, id, app_id: app.id, app_slug: app.slug, created_at: isoNow() });
  },
};
