import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Node.js's on-disk compile cache for every process the suite starts with this environment (vitest's
// workers, `slipway serve` started by test/helpers/slipway-server.ts): the libraries' code is compiled
// once, not once per process. It only caches; a stale entry is recompiled.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), "slipway-test-compile-cache");

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Most files wait on loopback servers and child processes, not the CPU: one worker per core
    // (vitest's default) left this 2-core machine idle for most of a 17-minute run.
    maxWorkers: 4,
    // A worker runs file after file instead of one fresh process per file: starting a process and
    // loading Probot, the Kubernetes client and the AWS SDK again for each of ~370 files was most of the
    // suite's CPU. Files close what they start and restore the environment they change, so they pass
    // sharing a worker; a test that needs a process of its own spawns one.
    isolate: false,
  },
});
