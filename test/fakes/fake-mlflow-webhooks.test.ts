import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeMlflow, startFakeMlflow } from "./mlflow/fake.ts";
import { signMlflowDelivery } from "./mlflow/webhook-signature.ts";

// The fake MLflow's registry webhooks refuse what MLflow refuses and deliver what MLflow delivers.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function receiver(statuses: number[]) {
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

async function mlflow(options: Parameters<typeof startFakeMlflow>[0] = {}): Promise<FakeMlflow> {
  const fake = await startFakeMlflow(options);
  closers.push(() => fake.close());
  return fake;
}

const post = async (fake: FakeMlflow, endpoint: string, body: object) => {
  const r = await fetch(`${fake.url}/api/2.0/mlflow/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe("the fake MLflow's registry webhooks", () => {
  it("refuses http and private addresses by default, naming MLflow's settings", async () => {
    const fake = await mlflow();
    const http = await post(fake, "webhooks", {
      name: "a",
      url: "http://example.com/h",
      events: ["model_version.created"],
    });
    expect(http).toMatchObject({ status: 400, body: { error_code: "INVALID_PARAMETER_VALUE" } });
    expect(String(http.body.message)).toContain("MLFLOW_WEBHOOK_ALLOWED_SCHEMES");
    const local = await post(fake, "webhooks", {
      name: "a",
      url: "https://10.1.2.3/h",
      events: ["model_version.created"],
    });
    expect(String(local.body.message)).toContain("MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS=true");
    const unknown = await post(fake, "webhooks", {
      name: "a",
      url: "https://example.com/h",
      events: ["run.created"],
    });
    expect(unknown.status).toBe(400);
  });

  it("delivers a signed model_version.created for a version registered through the API, and keeps the secret", async () => {
    const fake = await mlflow({ webhooks: { allowedSchemes: ["http", "https"], allowPrivateIps: true } });
    const hook = await receiver([]);
    const created = await post(fake, "webhooks", {
      name: "slipway",
      url: hook.url,
      events: [{ entity: "MODEL_VERSION", action: "CREATED" }],
      secret: "s3cret",
    });
    expect(created.status).toBe(200);
    expect(JSON.stringify(created.body)).not.toContain("s3cret");
    fake.addModelVersion({ name: "m", version: 1 });
    expect(fake.webhookDeliveries).toEqual([]);
    const run = fake.addRun({});
    await post(fake, "model-versions/create", {
      name: "m",
      source: `runs:/${run.info.run_id}/model`,
      run_id: run.info.run_id,
    });
    await fake.webhooksSettled();
    const [got] = hook.received;
    const body = JSON.parse(got?.body ?? "{}") as {
      entity: string;
      action: string;
      data: Record<string, unknown>;
    };
    expect(body).toMatchObject({
      entity: "model_version",
      action: "created",
      data: { name: "m", version: "2", run_id: run.info.run_id, source: `runs:/${run.info.run_id}/model` },
    });
    const id = String(got?.headers["x-mlflow-delivery-id"]);
    const timestamp = String(got?.headers["x-mlflow-timestamp"]);
    expect(timestamp).toMatch(/^\d+$/);
    expect(got?.headers["x-mlflow-signature"]).toBe(
      signMlflowDelivery("s3cret", id, timestamp, got?.body ?? ""),
    );
  });

  it("retries 5xx and 429 with the same delivery id, and stops at a 4xx", async () => {
    const fake = await mlflow({
      webhooks: { allowedSchemes: ["http"], allowPrivateIps: true, maxRetries: 3 },
    });
    const hook = await receiver([503, 429, 409]);
    await post(fake, "webhooks", { name: "a", url: hook.url, events: ["model_version_alias.created"] });
    fake.addModelVersion({ name: "m", version: 1 });
    await post(fake, "registered-models/alias", { name: "m", alias: "champion", version: "1" });
    await fake.webhooksSettled();
    expect(fake.webhookDeliveries.map((d) => [d.status, d.attempt])).toEqual([
      [503, 1],
      [429, 2],
      [409, 3],
    ]);
    expect(new Set(hook.received.map((r) => r.headers["x-mlflow-delivery-id"])).size).toBe(1);
    expect(hook.received[0]?.headers["x-mlflow-signature"]).toBeUndefined();
  });
});
