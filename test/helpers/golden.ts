import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

const GOLDEN_DIR = new URL("../golden/", import.meta.url).pathname;

/**
 * Compares output with a committed golden file. `UPDATE_GOLDEN=1 npm test` rewrites the files; review
 * the diff before committing. A missing golden file fails the test rather than being created silently.
 */
export function expectGolden(name: string, actual: string): void {
  const path = `${GOLDEN_DIR}${name}`;
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path))
    throw new Error(`golden file ${name} is missing; run UPDATE_GOLDEN=1 npm test and review it`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}
