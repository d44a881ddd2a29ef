import { readFileSync } from "node:fs";

/**
 * The version of this installation, from its package.json: two levels above this module both in a
 * checkout (src/cli/) and in the published package (dist/cli/).
 */
export function slipwayVersion(): string {
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    const { version } = JSON.parse(text) as { version?: unknown };
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}
