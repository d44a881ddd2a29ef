import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// DESIGN.md §3: the drift core is pure — no I/O modules, no clocks, no randomness — so the same data
// always gives the same report, in any thread.

const dir = fileURLToPath(new URL("../../src/drift", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

describe("src/drift stays pure", () => {
  it.each(files)("%s imports only core modules and reads no clock or randomness", (file) => {
    const source = readFileSync(join(dir, file), "utf8");
    const imports = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1] as string);
    for (const specifier of imports)
      expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[a-z0-9-]+\.ts$/);
    expect(source).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now|process\./);
  });
});
