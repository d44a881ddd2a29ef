import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Probot } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryOutcome } from "../../src/metrics/slipway-metrics.ts";
import { guardHandlers } from "../../src/server/guarded-handlers.ts";
import { webhookIntake } from "../../src/server/webhook-intake.ts";
import { ByteBudget } from "../../src/server/webhook-limits.ts";
import { signPayload } from "../fakes/github/webhooks.ts";

// The intake in-process, with a small cap and budget: what is answered and logged for each kind of
// delivery, and that a failing handler is one line without the payload.

const SECRET = "intake-secret";
const MARKER = "PAYLOAD-MARKER";

interface Logged {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

async function intake(
  options: { maxBytes?: number; budget?: number | ByteBudget; accepting?: () => boolean } = {},
) {
  const logged: Logged[] = [];
  const recorded: [string, DeliveryOutcome][] = [];
  const log = Object.fromEntries(
    ["info", "warn", "error"].map((level) => [
      level,
      (fields: Record<string, unknown>, message: string) => logged.push({ level, fields, message }),
    ]),
  ) as unknown as Parameters<typeof webhookIntake>[0]["log"];
  const probot = new Probot({ appId: 1, privateKey: "unused", githubToken: "unused", secret: SECRET });
  await probot.ready();
  guardHandlers(probot, log);
  probot.on("ping", async () => {
    throw new TypeError("Cannot read properties of undefined (reading 'sha')");
  });
  const handler = webhookIntake({
    path: "/hooks",
    secret: SECRET,
    receive: (event) => probot.webhooks.receive(event),
    log,
    record: (event, outcome) => recorded.push([event, outcome]),
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.budget
      ? { budget: typeof options.budget === "number" ? new ByteBudget(options.budget) : options.budget }
      : {}),
    ...(options.accepting ? { accepting: options.accepting } : {}),
  });
  const server: Server = createServer(async (req, res) => {
    if (!(await handler(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, logged, recorded };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

function post(url: string, event: string, body: string, signature = signPayload(SECRET, body)) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": "d-1",
      "x-hub-signature-256": signature,
    },
    body,
  });
}

describe("the webhook intake", () => {
  it("hands a signed delivery to the handlers; a handler's error is a 500 and one line without the payload", async () => {
    const { url, logged, recorded } = await intake();
    const response = await post(url, "ping", JSON.stringify({ zen: MARKER }));
    expect(response.status).toBe(500);
    const errors = logged.filter((l) => l.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe("webhook handler failed");
    expect(errors[0]?.fields).toMatchObject({
      event: "ping",
      delivery: "d-1",
      reason: "TypeError: Cannot read properties of undefined (reading 'sha')",
    });
    expect(JSON.stringify(logged)).not.toContain(MARKER);
    expect(recorded).toEqual([["ping", "failed"]]);
  });

  it("refuses a body past the cap with 413 as soon as it passes, and counts it rejected", async () => {
    const { url, logged, recorded } = await intake({ maxBytes: 1000 });
    const response = await post(url, "ping", JSON.stringify({ zen: "x".repeat(2000) }));
    expect(response.status).toBe(413);
    expect(logged).toEqual([
      {
        level: "warn",
        message: "webhook delivery refused",
        fields: expect.objectContaining({ event: "ping", delivery: "d-1", bytes: 2010 }),
      },
    ]);
    expect(recorded).toEqual([["unknown", "rejected"]]);
  });

  it("answers 503 when the bytes being read at once would pass the budget", async () => {
    const { url, logged } = await intake({ budget: 100 });
    const response = await post(url, "ping", JSON.stringify({ zen: "x".repeat(200) }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(logged[0]?.fields.reason).toMatch(/too many webhook bytes/);
  });

  it("gives its budget back: a refused delivery does not starve the next one", async () => {
    const { url } = await intake({ budget: 300, maxBytes: 250 });
    for (let i = 0; i < 3; i++)
      expect((await post(url, "ping", JSON.stringify({ zen: "x".repeat(280) }))).status).toBe(413);
    for (let i = 0; i < 3; i++)
      expect((await post(url, "ping", "{}", signPayload("wrong", "{}"))).status).toBe(400);
    expect((await post(url, "push", JSON.stringify({ zen: "y" }))).status).toBe(400);
  });

  it("while shutting down, answers a genuine delivery 503 (refused) and a forged one 400", async () => {
    const { url, recorded } = await intake({ accepting: () => false });
    expect((await post(url, "ping", "{}")).status).toBe(503);
    expect((await post(url, "ping", "{}", `sha256=${"0".repeat(64)}`)).status).toBe(400);
    expect(recorded).toEqual([
      ["ping", "refused"],
      ["unknown", "rejected"],
    ]);
  });

  it("refuses a body that is not sent as JSON with 415", async () => {
    const { url } = await intake();
    const body = "payload=%7B%7D";
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-github-event": "ping",
        "x-github-delivery": "d-2",
        "x-hub-signature-256": signPayload(SECRET, body),
      },
      body,
    });
    expect(response.status).toBe(415);
  });

  it("logs a sender that hangs up mid-body as one refused line", async () => {
    const budget = new ByteBudget(10_000);
    const { url, logged } = await intake({ budget });
    const req = request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": "d-3",
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
        "content-length": "1000",
      },
    });
    req.on("error", () => undefined);
    req.write("{");
    // Hang up once the server holds the first byte, so it is mid-body.
    while (budget.used === 0) await new Promise((r) => setImmediate(r));
    const closed = new Promise((r) => req.on("close", r));
    req.destroy();
    await closed;
    while (logged.length === 0) await new Promise((r) => setImmediate(r));
    expect(logged.map((l) => l.fields.reason)).toEqual([
      "the sender closed the connection before the body ended",
    ]);
  });
});
