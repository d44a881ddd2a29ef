import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The datasets port's pure parts (DESIGN.md §3): no I/O modules, no AWS SDK, no clock or randomness
// of their own — `now` and the seed are passed in — so a plan or a sample is the same on every run.

const PURE = [
  "combine-tables.ts",
  "dataset-limits.ts",
  "partition-pattern.ts",
  "partition-window.ts",
  "plan-listing.ts",
  "record-splitter.ts",
  "reservoir.ts",
  "s3-uri.ts",
  "seeded-random.ts",
];
const ALLOWED_OUTSIDE = new Set([
  "../../drift/columns.ts",
  "../../manifests/within-prefix.ts",
  "../../render/duration.ts",
  "../limits.ts",
]);

describe("src/datasets/s3 pure parts", () => {
  it.each(PURE)("%s imports only pure modules and reads no clock or randomness", (file) => {
    const source = readFileSync(
      fileURLToPath(new URL(`../../src/datasets/s3/${file}`, import.meta.url)),
      "utf8",
    );
    for (const [, specifier] of source.matchAll(/from\s+"([^"]+)"/g)) {
      const ok =
        ALLOWED_OUTSIDE.has(specifier as string) ||
        (/^\.\/[a-z0-9-]+\.ts$/.test(specifier as string) && PURE.includes((specifier as string).slice(2)));
      expect(ok, `${file} imports ${specifier}`).toBe(true);
    }
    expect(source).not.toMatch(/Math\.random|Date\.now|new Date\(\)|performance\.now|process\./);
  });
});
