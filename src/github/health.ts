import type { IncomingMessage, ServerResponse } from "node:http";

/** `/healthz` (the process answers) and `/readyz` (it is ready to take webhooks), for probes. */
export function healthHandler(status: () => { queueDepth: number }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || (path !== "/healthz" && path !== "/readyz")) return false;
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(`${JSON.stringify({ status: "ok", ...status() })}\n`);
    return true;
  };
}
