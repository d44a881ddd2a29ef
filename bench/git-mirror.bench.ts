// Benchmark of the platform repository's git mirror against a smart-HTTP git server on 127.0.0.1
// (`git http-backend` behind the token check, as in test/repo/): a generated repository of about 2,000
// files, then
// 1. a first shallow fetch of `main` into an empty mirror, and readTree of that commit,
// 2. a no-op re-fetch of `main` (nothing new on the remote),
// 3. a fetch by a SHA the mirror already holds (answered locally),
// 4. a fetch after a one-file commit, and readTree again.
// Prints wall times and the HTTP requests each step made.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openGitMirror } from "../src/repo/git-mirror.ts";
import { SourceRepo } from "../test/repo/git-fixture.ts";
import { startGitHttpServer } from "../test/repo/git-http-server.ts";
import { generatePlatformRepo } from "./generate-platform-repo.ts";

const FILES = Number(process.env.BENCH_FILES ?? 2000);
const TOKEN = "ghs_benchTokenEEEEEEEEEEEEEEEEEEEEEEEEEE";

const source = new SourceRepo();
const state = mkdtempSync(join(tmpdir(), "slipway-mirror-bench-"));
const generated = generatePlatformRepo(FILES - 1);
const sha = source.commit(Object.fromEntries(generated), "generated platform repository");
const server = await startGitHttpServer(source.root, () => TOKEN);
const lines: string[] = [`files in the commit: ${generated.size}`];

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const before = server.requests.length;
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  lines.push(
    `${name.padEnd(38)} ${ms.toFixed(0).padStart(6)} ms  ${server.requests.length - before} HTTP requests`,
  );
  return result;
}

try {
  const mirror = await openGitMirror({
    url: `${server.origin}/platform.git`,
    dir: state,
    credentials: async () => TOKEN,
  });
  const fetched = await step("first fetch of main (empty mirror)", () => mirror.fetch("main"));
  if (fetched !== sha) throw new Error(`fetched ${fetched}, expected ${sha}`);
  const tree = await step("readTree of that commit", () => mirror.readTree(sha));
  lines.push(`  ${tree.files.size} YAML files read, ${tree.otherPaths?.length ?? 0} other paths`);
  await step("no-op re-fetch of main", () => mirror.fetch("main"));
  await step("headOf main (ls-remote)", () => mirror.headOf("main"));
  await step("fetch of a SHA already in the mirror", () => mirror.fetch(sha));
  const next = source.commit({
    "models/model-0.yaml": generated.get("models/model-0.yaml") ? "# changed\n" : "",
  });
  await step("fetch after a one-file commit", () => mirror.fetch("main"));
  await step("readTree of the new commit", () => mirror.readTree(next));
  await mirror.close();
} finally {
  await server.close();
  source.remove();
  rmSync(state, { recursive: true, force: true });
}
process.stdout.write(`${lines.join("\n")}\n`);
