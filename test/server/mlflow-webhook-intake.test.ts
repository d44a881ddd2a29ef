import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { DeliveryIds } from "../../src/server/delivery-ids.ts";
import {
  MLFLOW_WEBHOOK_PATH,
  mlflowWebhookIntake,
  type WebhookSource,
} from "../../src/server/mlflow-webhook-intake.ts";
import type { RegistryEvent } from "../../src/tracker/mlflow-rest/webhook-event.ts";
import { signMlflowDelivery } from "../fakes/mlflow/webhook-signature.ts";

// The MLflow registry webhook intake in-process, with an injected clock: the signature vectors of
// issue #19 (valid, wrong secret, stale, replayed, oversized) and what each is answered and logged.

const SECRET = "mlflow-webhook-secret";
const NOW = 1_796_652_800_000;
// Written by Python's json.dumps, as MLflow's delivery writes it; the signature below was computed with
// Python's hmac module, independently of the code under test.
const BODY =
  '{"entity": "model_version", "action": "created", "timestamp": "2026-12-07T14:00:00+00:00", "data": {"name": "fraud-detection", "version": "8", "source": "models:/m-1", "run_id": "abc123", "tags": {}, "description": null}}';
const PYTHON_SIGNATURE = "v1,htbJ8WR+0G1fzyyYlpLEK5+WfPKPk6BaKfsOd/OGUBQ=";

interface Logged {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function intake(
  options: { sources?: WebhookSource[]; accept?: boolean; maxBytes?: number; clock?: () => number } = {},
) {
  const logged: Logged[] = [];
  const received: { event: RegistryEvent; targets: WebhookSource["targets"]; delivery: string }[] = [];
  const recorded: [string, string][] = [];
  const log = Object.fromEntries(
    ["info", "warn", "error"].map((level) => [
      level,
      (fields: Record<string, unknown>, message: string) => logged.push({ level, fields, message }),
    ]),
  ) as unknown as Parameters<typeof mlflowWebhookIntake>[0]["log"];
  let now = NOW;
  const handler = mlflowWebhookIntake({
    sources: async () =>
      options.sources ?? [
        { secret: SECRET, targets: [{ repository: "acme/ml-platform", integration: "mlflow" }] },
      ],
    receive: (event, source, delivery) => {
      if (options.accept === false) return false;
      received.push({ event, targets: source.targets, delivery });
      return true;
    },
    log,
    record: (event, outcome) => recorded.push([event, outcome]),
    clock: options.clock ?? (() => now),
    deliveries: new DeliveryIds({ keepMs: 600_000 }),
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
  });
  const server = createServer(async (req, res) => {
    if (!(await handler(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${MLFLOW_WEBHOOK_PATH}`;
  return {
    url,
    logged,
    received,
    recorded,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function deliver(
  url: string,
  body: string,
  headers: { id?: string; timestamp?: string; signature?: string; secret?: string } = {},
) {
  const id = headers.id ?? "d-1";
  const timestamp = headers.timestamp ?? String(NOW / 1000);
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-mlflow-delivery-id": id,
      "x-mlflow-timestamp": timestamp,
      "x-mlflow-signature":
        headers.signature ?? signMlflowDelivery(headers.secret ?? SECRET, id, timestamp, body),
    },
    body,
  });
}

const aliasBody = (alias: string, version?: string) =>
  JSON.stringify({
    entity: "model_version_alias",
    action: version ? "created" : "deleted",
    timestamp: "2026-12-07T14:00:00+00:00",
    data: { name: "fraud-detection", alias, ...(version ? { version } : {}) },
  });

describe("the MLflow webhook intake", () => {
  it("accepts a delivery signed as MLflow signs it (a vector computed with Python's hmac)", async () => {
    expect(signMlflowDelivery(SECRET, "d-1", String(NOW / 1000), BODY)).toBe(PYTHON_SIGNATURE);
    const { url, received, recorded } = await intake();
    const response = await deliver(url, BODY, { signature: PYTHON_SIGNATURE });
    expect(response.status).toBe(200);
    expect(received).toEqual([
      {
        event: { kind: "version-created", model: "fraud-detection", version: "8", runId: "abc123" },
        targets: [{ repository: "acme/ml-platform", integration: "mlflow" }],
        delivery: "d-1",
      },
    ]);
    expect(recorded).toEqual([["mlflow_version_created", "handled"]]);
  });

  it("refuses a body signed with another secret (401), and queues nothing", async () => {
    const { url, received, logged } = await intake();
    const response = await deliver(url, BODY, { secret: "not-the-secret" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("does not match the body with any bound MLflow webhook secret");
    expect(received).toEqual([]);
    expect(logged.map((l) => [l.level, l.message])).toEqual([["warn", "MLflow webhook delivery refused"]]);
    expect(JSON.stringify(logged)).not.toContain("fraud-detection");
  });

  it("refuses a body changed after signing", async () => {
    const { url, received } = await intake();
    const response = await deliver(url, BODY.replace('"8"', '"9"'), { signature: PYTHON_SIGNATURE });
    expect(response.status).toBe(401);
    expect(received).toEqual([]);
  });

  it("refuses a timestamp more than five minutes old or ahead, before reading the body", async () => {
    const { url, received } = await intake();
    const old = String(NOW / 1000 - 301);
    const stale = await deliver(url, BODY, { timestamp: old });
    expect(stale.status).toBe(400);
    expect(await stale.text()).toMatch(/X-MLflow-Timestamp is 301 s from the server's clock .*stale/);
    const ahead = await deliver(url, BODY, { id: "d-2", timestamp: String(NOW / 1000 + 400) });
    expect(ahead.status).toBe(400);
    // Within the tolerance it is accepted.
    const edge = await deliver(url, BODY, { id: "d-3", timestamp: String(NOW / 1000 - 300) });
    expect(edge.status).toBe(200);
    expect(received.map((r) => r.delivery)).toEqual(["d-3"]);
  });

  it("refuses a delivery id it handled already (a replay), even re-signed with a fresh timestamp", async () => {
    const { url, received, advance } = await intake();
    expect((await deliver(url, BODY)).status).toBe(200);
    const replay = await deliver(url, BODY);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain("a replay");
    advance(120_000);
    const again = await deliver(url, BODY, { timestamp: String(NOW / 1000 + 120) });
    expect(again.status).toBe(409);
    expect(received).toHaveLength(1);
  });

  it("lets MLflow's retry of a delivery that could not be queued through (its id is not kept)", async () => {
    const full = await intake({ accept: false });
    const first = await deliver(full.url, BODY);
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("5");
    const retried = await deliver(full.url, BODY);
    expect(retried.status).toBe(503);
  });

  it("refuses an oversized body with 413, unread past the cap", async () => {
    const { url, received, logged } = await intake({ maxBytes: 1024 });
    const big = JSON.stringify({
      entity: "model_version",
      action: "created",
      data: { name: "x".repeat(2000) },
    });
    const response = await deliver(url, big);
    expect(response.status).toBe(413);
    expect(received).toEqual([]);
    expect(logged[0]?.fields).toMatchObject({
      bytes: big.length,
      reason: "the body is larger than 1024 bytes",
    });
  });

  it("refuses a chunked body as soon as it passes the cap", async () => {
    const { url } = await intake({ maxBytes: 1024 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-mlflow-delivery-id": "d-9",
            "x-mlflow-timestamp": String(NOW / 1000),
            "x-mlflow-signature": PYTHON_SIGNATURE,
          },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on("error", reject);
      for (let i = 0; i < 4; i++) req.write("x".repeat(512));
      req.end();
    });
    expect(status).toBe(413);
  });

  it("names missing headers and refuses other content types", async () => {
    const { url } = await intake();
    const bare = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: BODY,
    });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toBe(
      "missing header X-MLflow-Delivery-Id, X-MLflow-Timestamp, X-MLflow-Signature\n",
    );
    const form = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-mlflow-delivery-id": "d-1",
        "x-mlflow-timestamp": String(NOW / 1000),
        "x-mlflow-signature": PYTHON_SIGNATURE,
      },
      body: BODY,
    });
    expect(form.status).toBe(415);
    expect((await fetch(url)).status).toBe(405);
  });

  it("finds the secret that signed among several bindings, and only its repositories get the event", async () => {
    const sources = [
      { secret: "team-a", targets: [{ repository: "acme/a", integration: "mlflow" }] },
      { secret: "team-b", targets: [{ repository: "acme/b", integration: "tracking" }] },
    ];
    const { url, received } = await intake({ sources });
    expect((await deliver(url, aliasBody("champion", "5"), { secret: "team-b" })).status).toBe(200);
    expect(received).toEqual([
      {
        event: { kind: "alias-set", model: "fraud-detection", alias: "champion", version: "5" },
        targets: [{ repository: "acme/b", integration: "tracking" }],
        delivery: "d-1",
      },
    ]);
  });

  it("answers 404 when no secret is bound, and 400 for a signed body that is not an MLflow event", async () => {
    const none = await intake({ sources: [] });
    expect((await deliver(none.url, BODY)).status).toBe(404);
    const { url, received } = await intake();
    const notJson = await deliver(url, "{not json", { id: "d-5" });
    expect(notJson.status).toBe(400);
    const noName = await deliver(
      url,
      JSON.stringify({ entity: "model_version", action: "created", data: {} }),
      {
        id: "d-6",
      },
    );
    expect(noName.status).toBe(400);
    expect(await noName.text()).toContain("data.name is missing");
    const other = await deliver(
      url,
      JSON.stringify({ entity: "registered_model", action: "created", data: { name: "m" } }),
      { id: "d-7" },
    );
    expect(other.status).toBe(200);
    expect(await other.text()).toBe("ignored: registered_model.created\n");
    expect(received).toEqual([]);
  });

  it("reads an alias deletion", async () => {
    const { url, received } = await intake();
    expect((await deliver(url, aliasBody("champion"))).status).toBe(200);
    expect(received[0]?.event).toEqual({
      kind: "alias-deleted",
      model: "fraud-detection",
      alias: "champion",
    });
  });
});
