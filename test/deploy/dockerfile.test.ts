import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { copySource, parseDockerfile, type Stage } from "./parse-dockerfile.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const TEXT = readFileSync(`${ROOT}Dockerfile`, "utf8");
const IGNORED = readFileSync(`${ROOT}.dockerignore`, "utf8")
  .split("\n")
  .map((l) => l.trim());

const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);

/** The image build itself needs a container engine, which this machine lacks: these tests read the file. */
describe("Dockerfile", () => {
  const stages = parseDockerfile(TEXT);
  const final = stages.at(-1) as Stage;
  const byName = new Map(stages.flatMap((s) => (s.name ? [[s.name, s] as const] : [])));

  it("has a build stage, a production-dependencies stage and a final stage on Node.js 24", () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const args = parseArgDefaults(TEXT);
    for (const stage of stages)
      expect(stage.base.replace(/\$\{(\w+)\}/g, (_, n) => args[n] ?? "")).toMatch(/^node:24[-.]/);
  });

  it("compiles with npm run build in a stage the final image only takes dist/ from", () => {
    const build = byName.get("build") as Stage;
    expect(runs(build)).toContain("npm run build");
    const fromBuild = final.instructions.filter(
      (i) => i.keyword === "COPY" && copySource(i).from === "build",
    );
    expect(fromBuild.map((i) => copySource(i).paths)).toEqual([["/app/dist"]]);
  });

  it("installs node_modules with npm ci --omit=dev, and copies no other node_modules", () => {
    const copies = final.instructions.filter((i) => i.keyword === "COPY" || i.keyword === "ADD");
    const modules = copies.filter((i) => copySource(i).paths.some((p) => p.includes("node_modules")));
    expect(modules).toHaveLength(1);
    const from = byName.get(copySource(modules[0] as never).from ?? "") as Stage;
    expect(runs(from).some((r) => /^npm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(runs(final).some((r) => /\bnpm (ci|install|i)\b/.test(r))).toBe(false);
    // From the build context the final stage takes only what runs; never sources, tests or dependencies.
    const context = copies.filter((i) => copySource(i).from === null).flatMap((i) => copySource(i).paths);
    expect(context.sort()).toEqual([
      "app.yml",
      "bin",
      "package.json",
      "platform-repo-template",
      "schemas",
      "server-config.example.yaml",
    ]);
    expect(IGNORED).toEqual(expect.arrayContaining(["node_modules", "dist", ".git", "test"]));
  });

  it("runs as a numeric non-root user, with node as the entrypoint and no HEALTHCHECK", () => {
    const users = final.instructions.filter((i) => i.keyword === "USER");
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)?.args ?? "";
    // Numeric, so the kubelet can check runAsNonRoot without reading /etc/passwd.
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    const after = final.instructions.slice(final.instructions.indexOf(users.at(-1) as never));
    expect(after.filter((i) => i.keyword === "RUN")).toEqual([]);
    expect(final.instructions.find((i) => i.keyword === "ENTRYPOINT")?.args).toBe(
      '["node", "bin/slipway.js"]',
    );
    expect(stages.flatMap((s) => s.instructions).filter((i) => i.keyword === "HEALTHCHECK")).toEqual([]);
  });
});

describe("the Dockerfile reader", () => {
  it("joins continuations, splits stages and locates what it cannot read", () => {
    const stages = parseDockerfile("FROM a AS one\nRUN x \\\n  # note\n  && y\nFROM b\nUSER 1000\n");
    expect(
      stages.map((s) => [s.name, s.base, s.instructions.map((i) => `${i.line} ${i.keyword} ${i.args}`)]),
    ).toEqual([
      ["one", "a", ["2 RUN x && y"]],
      [null, "b", ["6 USER 1000"]],
    ]);
    expect(() => parseDockerfile("FROM a\nRUN x \\", "D")).toThrow(
      "D:2: a line continuation runs past the end of the file",
    );
    expect(() => parseDockerfile("FROM a\nCOPY <<EOF /x\n", "D")).toThrow("D:2: heredocs are not understood");
    expect(() => parseDockerfile("RUN x\n", "D")).toThrow("D:1: RUN before the first FROM");
  });
});

function parseArgDefaults(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of text.matchAll(/^ARG (\w+)=(\S+)$/gm))
    if (match[1] && match[2]) out[match[1]] = match[2];
  return out;
}
