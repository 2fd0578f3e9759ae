/**
 * `npm run bot`: reads the environment, refuses to start without an App ID, a private
 * key and a webhook secret (one line on stderr, exit code 2), and serves the App on
 * `PORT` until SIGTERM or SIGINT, then stops taking deliveries and waits for running
 * work (a Deployment left mid-apply is marked interrupted by the next start).
 */

import { EnvError, readEnv } from './env.ts';
import { createBotServer } from './server.ts';

async function main(): Promise<number> {
  let env: ReturnType<typeof readEnv>;
  try {
    env = readEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const bot = await createBotServer({ env });
  process.stdout.write(`berth bot listening on ${bot.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await bot.close();
  await bot.idle();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`berth bot: ${(error as Error).message.split('\n')[0]}\n`);
    process.exitCode = 1;
  },
);
