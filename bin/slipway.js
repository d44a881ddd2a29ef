#!/usr/bin/env node
// Entry point of the `slipway` command. A built copy (dist/, as in the container image) is used when
// present; otherwise the TypeScript sources run directly, which Node.js 24 supports without a flag.
import { existsSync } from "node:fs";

const built = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(built) && !process.features.typescript) {
  process.stderr.write(
    `slipway: Node.js ${process.versions.node} cannot run the TypeScript sources; use Node.js 24 ` +
      "(npm scripts and npx pick the project's pinned Node.js) or run `npm run build` first.\n",
  );
  process.exit(2);
}
const entry = existsSync(built) ? built : new URL("../src/cli/main.ts", import.meta.url);
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});
