import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/**
 * `env` with the variables of `<cwd>/.env` that it does not set itself: where the App registration flow
 * writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET for the next start. Unlike Probot's loader, a variable
 * set in the environment (a Deployment's, a shell's) is never overridden by a file left in the directory.
 */
export function withDotEnv(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(join(cwd, ".env"), "utf8");
  } catch {
    return env;
  }
  const fromFile = parseEnv(text);
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [key, value] of Object.entries(fromFile)) if (merged[key] === undefined) merged[key] = value;
  return merged;
}
