#!/usr/bin/env node
// Entry point of the `slipway` command. In a checkout the TypeScript sources run directly (Node.js 24
// strips types without a flag); the container image ships only the compiled dist/.
import { existsSync } from "node:fs";
import zlib from "node:zlib";

// undici 8, the Kubernetes client's HTTP, binds zlib's zstd decompressor as it loads, and Node.js before
// 22.15 has none: without this the whole CLI would fail to start there. A zstd-encoded answer (which no
// request of Slipway's asks for) is then refused as an error rather than decoded.
if (typeof zlib.createZstdDecompress !== "function") {
  zlib.createZstdDecompress = () => {
    throw new Error(`zstd-encoded responses need Node.js 22.15 or later (this is ${process.versions.node})`);
  };
}

// Started by a parent with an IPC channel (a supervisor, a test harness): the channel alone must not keep
// this process alive, or a command that ends (or a server that fails to start) would never exit.
process.channel?.unref();

const source = new URL("../src/cli/main.ts", import.meta.url);
const built = new URL("../dist/cli/main.js", import.meta.url);
const useSource = existsSync(source) && process.features.typescript;
if (!useSource && !existsSync(built)) {
  process.stderr.write(
    `slipway: Node.js ${process.versions.node} cannot run the TypeScript sources; use Node.js 24 ` +
      "(npm scripts and npx pick the project's pinned Node.js) or run `npm run build` first.\n",
  );
  process.exit(2);
}
const { main } = await import((useSource ? source : built).href);
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  tty: { stdout: process.stdout.isTTY, stderr: process.stderr.isTTY, columns: process.stderr.columns },
});
