import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The oldest Node.js `engines` allows: the packed CLI is tested on it, not only on the one the project pins. */
export const MINIMUM_NODE = "22.13.0";

/**
 * A `node` binary of MINIMUM_NODE, installed once per clone from the npm registry's `node` package (the
 * same way the project pins its own Node.js) into node_modules/.cache/, and reused from there.
 */
export async function minimumNode(root: string): Promise<string> {
  const dir = join(root, "node_modules", ".cache", `slipway-node-${MINIMUM_NODE}`);
  const binary = join(dir, "node_modules", "node", "bin", "node");
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
  await run(
    "npm",
    ["install", "--no-save", "--prefer-offline", "--no-audit", "--no-fund", `node@${MINIMUM_NODE}`],
    { cwd: dir, timeout: 170_000 },
  );
  if (!existsSync(binary)) throw new Error(`npm install node@${MINIMUM_NODE} left no ${binary}`);
  return binary;
}
