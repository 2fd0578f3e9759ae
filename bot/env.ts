/**
 * The App's settings, from the environment. Without an App ID, a private key and a
 * webhook secret the App does not start: Probot would otherwise fall back to a
 * `development` secret (accepting deliveries anyone can sign) or its setup app.
 */

import { readFileSync } from 'node:fs';

export interface BotEnv {
  appId: string;
  /** PEM text of the App's private key. */
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  /** GitHub's REST API (`https://api.github.com`, or a GitHub Enterprise Server's `/api/v3`). */
  baseUrl: string;
  /** The App's own login (`<slug>[bot]`): the only author whose comments it edits. */
  login: string;
  /** Kubeconfig file the App reads cluster credentials from (default: KUBECONFIG, ~/.kube/config). */
  kubeconfig?: string;
  /**
   * The credentials the App may use (kubeconfig context names or `in-cluster`). A
   * repository's config can only pick among these: it never makes the App use a context
   * the operator did not list. `/readyz` checks each.
   */
  credentials: string[];
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
}

export class EnvError extends Error {
  override name = 'EnvError';
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
/** A kubeconfig context name as the config takes it, or `in-cluster`. */
const CREDENTIAL = /^[A-Za-z0-9][A-Za-z0-9._@:/-]{0,252}$/;

/**
 * Reads the settings; throws `EnvError` with one line naming what is missing or wrong.
 * Never echoes a secret's value.
 */
export function readEnv(env: NodeJS.ProcessEnv): BotEnv {
  const missing: string[] = [];
  const appId = env.APP_ID?.trim() ?? '';
  if (!appId) missing.push('APP_ID');
  let privateKey = env.PRIVATE_KEY?.trim() ?? '';
  if (!privateKey && env.PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(env.PRIVATE_KEY_PATH, 'utf8').trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new EnvError(`PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH} cannot be read (${code})`);
    }
  }
  if (!privateKey) missing.push('PRIVATE_KEY or PRIVATE_KEY_PATH');
  const webhookSecret = env.WEBHOOK_SECRET ?? '';
  if (!webhookSecret) missing.push('WEBHOOK_SECRET');
  if (missing.length > 0)
    throw new EnvError(`berth bot: missing ${missing.join(', ')}; see docs/bot.md#running-it`);
  if (!/^\d+$/.test(appId)) throw new EnvError('berth bot: APP_ID must be the numeric App ID');
  // Keys pasted into a single-line variable often carry literal \n.
  privateKey = privateKey.replace(/\\n/g, '\n');
  if (!/^-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----$/.test(privateKey))
    throw new EnvError(
      'berth bot: the private key is not a PEM private key (-----BEGIN ... PRIVATE KEY-----)',
    );
  if (webhookSecret.length < 16)
    throw new EnvError('berth bot: WEBHOOK_SECRET must be at least 16 characters');

  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535)
    throw new EnvError(`berth bot: PORT must be a port number, not "${portText.slice(0, 20)}"`);

  const baseUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new EnvError('berth bot: GITHUB_API_URL is not a URL');
  }

  const credentials = (env.BERTH_CREDENTIALS ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  for (const c of credentials) {
    if (!CREDENTIAL.test(c))
      throw new EnvError(`berth bot: BERTH_CREDENTIALS holds "${c.slice(0, 40)}", not a context name`);
  }

  const level = (env.LOG_LEVEL ?? 'info') as BotEnv['logLevel'];
  if (!(LEVELS as readonly string[]).includes(level))
    throw new EnvError(`berth bot: LOG_LEVEL must be one of ${LEVELS.join(', ')}`);

  const login = env.BERTH_APP_LOGIN ?? 'berth[bot]';
  return {
    appId,
    privateKey,
    webhookSecret,
    port,
    host: env.HOST ?? '0.0.0.0',
    baseUrl,
    login,
    ...(env.BERTH_KUBECONFIG ? { kubeconfig: env.BERTH_KUBECONFIG } : {}),
    credentials,
    logLevel: level,
  };
}
