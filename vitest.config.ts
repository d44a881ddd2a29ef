import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Most files wait on loopback servers and child processes, not the CPU: one worker per core
    // (vitest's default) left this 2-core machine idle for most of a 17-minute run.
    maxWorkers: 4,
  },
});
