// Benchmark of MLflow's registry webhooks at POST /api/mlflow/webhooks (issue #19): the intake as the
// server mounts it, on 127.0.0.1, the body HMAC-checked against every bound `webhookSecret` as it
// streams. Per number of bound secrets (1, 10, 100) and body size (a real delivery of ~250 bytes, and
// the 256 KiB cap): the latency of a signed delivery (signed with the last secret tried, the worst
// case) and of a forged one (no secret matches), and how many forged deliveries one core turns away a
// second — what an unauthenticated sender can cost the server.
import { randomBytes } from "node:crypto";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { MLFLOW_WEBHOOK_PATH, mlflowWebhookIntake } from "../src/server/mlflow-webhook-intake.ts";
import { signMlflowDelivery } from "../test/fakes/mlflow/webhook-signature.ts";

const SECRETS = (process.env.BENCH_SECRETS ?? "1,10,100").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const EVENT = {
  entity: "model_version",
  action: "created",
  timestamp: "2026-12-07T14:00:00+00:00",
  data: { name: "fraud-detection", version: "8", source: "models:/m-1", run_id: "abc123", tags: {} },
};

/** A delivery's body of about `bytes` bytes (a description fills it, as a long one would). */
function body(bytes: number): string {
  const base = JSON.stringify(EVENT);
  if (bytes <= base.length) return base;
  const filler = "x".repeat(bytes - base.length - 20);
  return JSON.stringify({ ...EVENT, data: { ...EVENT.data, description: filler } });
}

async function serve(secrets: readonly string[]) {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const handler = mlflowWebhookIntake({
    sources: async () =>
      secrets.map((secret, i) => ({
        secret,
        targets: [{ repository: `acme/repo-${i}`, integration: "mlflow" }],
      })),
    receive: () => true,
    log: quiet as never,
  });
  const server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function post(port: number, text: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: MLFLOW_WEBHOOK_PATH, method: "POST", agent: false, headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

/** Milliseconds of `ROUNDS` sequential deliveries: p50, p95, and deliveries a second. */
async function measure(port: number, text: string, secret: string, forged: boolean, expected: number) {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const delivery = `bench-${forged ? "f" : "s"}-${i}-${randomBytes(4).toString("hex")}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = signMlflowDelivery(forged ? "not-a-bound-secret" : secret, delivery, timestamp, text);
    const t = performance.now();
    const status = await post(port, text, {
      "content-type": "application/json",
      "x-mlflow-delivery-id": delivery,
      "x-mlflow-timestamp": timestamp,
      "x-mlflow-signature": signature,
    });
    times.push(performance.now() - t);
    if (status !== expected) throw new Error(`expected ${expected}, got ${status}`);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), perSecond: (ROUNDS / total) * 1000 };
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
const ms = (v: number) => `${v.toFixed(2)} ms`;
const lines = [
  [
    "secrets".padEnd(8),
    pad("body", 9),
    pad("signed p50", 11),
    pad("p95", 9),
    pad("forged p50", 11),
    pad("p95", 9),
    pad("forged/s", 9),
  ].join(" "),
];
for (const count of SECRETS) {
  const secrets = Array.from({ length: count }, () => randomBytes(32).toString("hex"));
  const last = secrets.at(-1) ?? "";
  const { port, close } = await serve(secrets);
  try {
    for (const [label, size] of [
      ["~250 B", 0],
      ["256 KiB", 256 * 1024 - 64],
    ] as const) {
      const text = body(size);
      const signed = await measure(port, text, last, false, 200);
      const forged = await measure(port, text, last, true, 401);
      lines.push(
        [
          String(count).padEnd(8),
          pad(label, 9),
          pad(ms(signed.p50), 11),
          pad(ms(signed.p95), 9),
          pad(ms(forged.p50), 11),
          pad(ms(forged.p95), 9),
          pad(forged.perSecond.toFixed(0), 9),
        ].join(" "),
      );
    }
  } finally {
    await close();
  }
}
process.stdout.write(
  `MLflow registry webhooks, ${ROUNDS} sequential deliveries each (one connection per delivery):\n${lines.join("\n")}\n`,
);
