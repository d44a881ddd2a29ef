import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { type CliIo, EXIT_OK, UsageError } from "./io.ts";

const USAGE = `usage: slipway serve [--port N]

Runs the Slipway server. It listens on PORT (default 3000) and answers /healthz and /readyz.
`;

/**
 * The server process. GitHub webhook handling is added by the GitHub App work; until then the process
 * serves its health endpoints so deployments and `npm start` have a running, observable server.
 */
export async function runServe(args: string[], io: CliIo): Promise<number> {
  let values: { port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { port: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const port = Number(values.port ?? io.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`invalid port ${values.port ?? io.env.PORT}`);
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && (path === "/healthz" || path === "/readyz")) {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}\n');
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  const address = server.address();
  io.stdout(`slipway: listening on port ${typeof address === "object" && address ? address.port : port}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return EXIT_OK;
}
