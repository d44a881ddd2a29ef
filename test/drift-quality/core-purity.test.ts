import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// DESIGN.md §3: the monitor report stages are core code — data in, data out — so they import only the
// drift engine (and manifest types), and read no clock, randomness or environment.
const root = fileURLToPath(new URL("../../src/drift", import.meta.url));
const files = ["quality", "classification", "monitor-report"].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `${dir}/${f}`),
);

describe("the monitor report core stays pure", () => {
  it.each(files)("%s imports only the drift core and reads no clock or randomness", (file) => {
    const source = readFileSync(join(root, file), "utf8");
    for (const m of source.matchAll(/^import (type )?[^;]*?from\s+"([^"]+)"/gms)) {
      const specifier = m[2] as string;
      if (m[1] && specifier.startsWith("../../manifests/")) continue;
      expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.{1,2}\/([a-z-]+\/)?[a-z0-9-]+\.ts$/);
    }
    expect(source).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now|process\.|node:/);
  });
});
