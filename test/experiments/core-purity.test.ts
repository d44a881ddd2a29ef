import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Issue 4: the comparison is pure — plain data in and out — so the check run, the comment and the CLI
// always agree on the same runs. Only type imports may leave the folder.
const dir = fileURLToPath(new URL("../../src/experiments", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

describe("src/experiments stays pure", () => {
  it.each(files)("%s imports only its siblings (or types) and reads no clock or randomness", (file) => {
    const source = readFileSync(join(dir, file), "utf8");
    for (const m of source.matchAll(/^import (type )?.*from\s+"([^"]+)"/gm)) {
      if (m[1]) continue;
      expect(m[2], `${file} imports ${m[2]}`).toMatch(/^\.\/[a-z0-9-]+\.ts$/);
    }
    expect(source).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now|process\./);
  });
});
