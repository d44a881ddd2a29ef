import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// DESIGN.md §3: render and plan are pure — no file system, no client libraries, no clock, no randomness —
// so the same snapshot always gives the same objects and the same plan hash. `new Date(t)` of a given
// instant is a conversion, not a clock read; `new Date()` is.
const ALLOWED =
  /^(\.\/[a-z0-9-]+\.ts|\.\.\/(manifests|render|plan|rollout)\/[a-z0-9/-]+\.ts|node:crypto|yaml)$/;

const files = ["render", "plan", "rollout"].flatMap((folder) => {
  const dir = fileURLToPath(new URL(`../../src/${folder}`, import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(dir, f));
});

describe("src/render, src/plan and src/rollout stay pure", () => {
  it.each(files)("%s imports no I/O and reads no clock or randomness", (file) => {
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/from\s+"([^"]+)"/g))
      expect(specifier, file).toMatch(ALLOWED);
    expect(source).not.toMatch(/Math\.random|Date\.now|new Date\(\s*\)|performance\.now|process\./);
  });
});
