import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * `/healthz` (the process answers) and `/readyz` (it is ready to take webhooks), for probes. Once
 * `ready` says no (shutdown began), `/readyz` answers 503 so the Service stops routing deliveries here
 * while `/healthz` stays 200 and the pod is not restarted mid-drain.
 */
export function healthHandler(status: () => { queueDepth: number }, ready: () => boolean = () => true) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || (path !== "/healthz" && path !== "/readyz")) return false;
    const up = path === "/healthz" || ready();
    res
      .writeHead(up ? 200 : 503, { "content-type": "application/json" })
      .end(`${JSON.stringify({ status: up ? "ok" : "shutting down", ...status() })}\n`);
    return true;
  };
}
