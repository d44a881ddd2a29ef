import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The text report is core (src/report) and the drift section's selection and rendering take data in
// and give text out: no I/O, no adapters, no clock or randomness — the run time comes from the ports.

const FILES = [
  "src/report/drift-text.ts",
  "src/workflows/drift/affected-monitors.ts",
  "src/workflows/drift/drift-markdown.ts",
];

describe("the drift report and section stay pure", () => {
  it.each(FILES)("%s imports no I/O or adapter and reads no clock", (file) => {
    const source = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
    const imports = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1] as string);
    for (const specifier of imports) {
      expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\//);
      expect(specifier).not.toMatch(/\/(datasets|tracker|cluster|github|cli|repo)\//);
    }
    expect(source).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now|process\./);
  });
});
