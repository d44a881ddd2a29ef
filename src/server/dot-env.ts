import { chmodSync, readFileSync, writeFileSync } from "node:fs";
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

/**
 * Sets `values` in `<cwd>/.env` for the next start (the registration flow's credentials), keeping every
 * other line; values are double-quoted with line breaks as \n, as `parseEnv` reads them back. The file
 * holds a private key: it is written readable by its owner only.
 */
export function writeDotEnv(cwd: string, values: Readonly<Record<string, string>>): void {
  const path = join(cwd, ".env");
  const kept: string[] = [];
  let existing = "";
  try {
    existing = readFileSync(path, "utf8");
  } catch {
    // No .env yet.
  }
  // Drop the lines of the keys being set, a quoted value that spans lines (Probot writes keys so) whole.
  let dropping = false;
  for (const line of existing.split("\n")) {
    if (dropping) {
      dropping = !line.includes('"');
      continue;
    }
    const assignment = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (assignment && Object.hasOwn(values, assignment[1] ?? "")) {
      const value = assignment[2] ?? "";
      dropping = value.startsWith('"') && !value.slice(1).includes('"');
      continue;
    }
    kept.push(line);
  }
  while (kept.length > 0 && kept.at(-1)?.trim() === "") kept.pop();
  // Node's .env reader expands \n inside double quotes and knows no other escape: a value holding a
  // quote or a backslash could not be read back as written, and none of GitHub's credentials does.
  const quoted = (key: string, value: string) => {
    if (/["\\]/.test(value)) throw new Error(`${key} holds a quote or a backslash; .env cannot keep it`);
    return `"${value.replace(/\r?\n/g, "\\n")}"`;
  };
  const lines = [...kept, ...Object.entries(values).map(([key, value]) => `${key}=${quoted(key, value)}`)];
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
