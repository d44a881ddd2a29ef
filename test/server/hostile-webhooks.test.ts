import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { signPayload } from "../fakes/github/webhooks.ts";
import { type RunningServer, startSlipwayServer, until } from "../helpers/slipway-server.ts";

// Issue #16 item 1: anyone who can reach the webhook URL could make the server read a body of any
// size, log it three times over with stacks, and stop answering /healthz while it did. A delivery is
// now capped before it is read whole, its signature is checked on the stream, and a refusal is one
// warn line naming the event, the delivery id, the size and the reason — never the payload.

const MiB = 1024 * 1024;
const MARKER = "FORGED-PAYLOAD-MARKER";

/** Peak resident set size of a process so far (VmHWM), in bytes. */
function peakRss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB$/m);
  return Number(line?.[1]) * 1024;
}

/** JSON log lines the server wrote after `from` characters of its output. */
function logLinesSince(server: RunningServer, from: number): Record<string, unknown>[] {
  return server
    .output()
    .slice(from)
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A 1 MiB chunk of JSON-looking filler that carries the marker, so a logged payload would show. */
const CHUNK = Buffer.from(`{"padding":"${MARKER}${"x".repeat(MiB - 40)}`.slice(0, MiB));

interface Upload {
  status: number;
  body: string;
  /** What `meanwhile` returned, run once `pauseAt` bytes were sent and before the rest was. */
  meanwhile: number | undefined;
  sent: number;
}

/**
 * POSTs `total` bytes in 1 MiB chunks, as GitHub's headers say a pull_request delivery; without
 * `declare`, the body goes chunked (no Content-Length), so the server can only count as it reads.
 * Each chunk waits for the socket to drain, and stops once the server has answered.
 */
function upload(
  url: string,
  total: number,
  options: { declare?: boolean; pauseAt?: number; meanwhile?: () => Promise<number> } = {},
): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": "forged-delivery-1",
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    };
    if (options.declare) headers["content-length"] = String(total);
    const req = request(url, { method: "POST", headers });
    let answered: { status: number; body: string } | undefined;
    let meanwhile: number | undefined;
    let sent = 0;
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => {
        answered = { status: res.statusCode ?? 0, body };
        resolve({ ...answered, meanwhile, sent });
      });
    });
    // The server may close the connection once it has answered; the answer is what counts.
    req.on("error", (error) => {
      if (!answered) setImmediate(() => (answered ? undefined : reject(error)));
    });
    const pump = async () => {
      while (sent < total && !answered && !req.destroyed) {
        if (options.pauseAt !== undefined && meanwhile === undefined && sent >= options.pauseAt)
          meanwhile = await options.meanwhile?.();
        const chunk = CHUNK.subarray(0, Math.min(MiB, total - sent));
        sent += chunk.length;
        if (!req.write(chunk)) await new Promise((r) => req.once("drain", r).once("close", r));
      }
      if (!req.destroyed) req.end();
    };
    pump().catch(reject);
  });
}

describe("forged and malformed webhook deliveries", () => {
  let fake: FakeGitHub;
  let server: RunningServer;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    server = await startSlipwayServer(fake);
  });
  afterAll(async () => {
    await server.stop();
    await fake.close();
  });

  const health = async () => (await fetch(`${server.url}/healthz`)).status;

  /**
   * The log lines written since `from`, up to a sentinel delivery's own refusal line: the log is one
   * ordered stream, so once the sentinel's line is out every line before it is too.
   */
  let sentinels = 0;
  const logSince = async (from: number) => {
    const id = `sentinel-${++sentinels}`;
    await fetch(server.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-github-event": "ping", "x-github-delivery": id },
      body: "{}",
    });
    await until(() => logLinesSince(server, from).some((l) => l.delivery === id), "the sentinel's log line");
    const lines = logLinesSince(server, from);
    const text = server.output().slice(from);
    return {
      lines: lines.slice(
        0,
        lines.findIndex((l) => l.delivery === id),
      ),
      text: text.slice(0, text.lastIndexOf("\n", text.indexOf(`"${id}"`)) + 1),
    };
  };
  /** Where the log stands now, every earlier delivery's lines included. */
  const logMark = async () => {
    const from = server.output().length;
    await logSince(from);
    return server.output().length;
  };

  it("refuses a forged 30 MB chunked body with 413 once past the cap, answering /healthz meanwhile, in one warn line", async () => {
    const logFrom = await logMark();
    const rssBefore = peakRss(server.pid);
    const result = await upload(server.webhookUrl, 30 * MiB, { pauseAt: 10 * MiB, meanwhile: health });
    expect(result.meanwhile).toBe(200);
    expect(result.status).toBe(413);
    expect(result.body).toMatch(/larger than .* bytes/);
    // The server holds at most the cap, not the body, let alone copies of it in log lines.
    expect(peakRss(server.pid) - rssBefore).toBeLessThan(64 * MiB);
    expect(await health()).toBe(200);
    const { lines, text: grown } = await logSince(logFrom);
    expect(grown.length).toBeLessThan(1000);
    expect(grown).not.toContain(MARKER);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      event: "pull_request",
      delivery: "forged-delivery-1",
      msg: "webhook delivery refused",
    });
    expect(lines[0]?.bytes).toBeGreaterThan(25_000_000);
    expect(lines[0]?.reason).toMatch(/over the 25000000-byte limit/);
    expect(JSON.stringify(lines[0])).not.toMatch(/stack|"err"/);
  });

  it("refuses a forged body that declares 30 MB with 413 before reading it", async () => {
    const logFrom = await logMark();
    const rssBefore = peakRss(server.pid);
    const result = await upload(server.webhookUrl, 30 * MiB, { declare: true });
    expect(result.status).toBe(413);
    // Answered from the headers: the sender had not sent the body out when the answer came.
    expect(result.sent).toBeLessThan(30 * MiB);
    expect(await health()).toBe(200);
    expect(peakRss(server.pid) - rssBefore).toBeLessThan(64 * MiB);
    const { lines } = await logSince(logFrom);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, bytes: 30 * MiB, event: "pull_request" });
  });

  it("refuses a forged 1 MB body (wrong signature) with 400 and one short log line", async () => {
    const logFrom = await logMark();
    const payload = JSON.stringify({ action: "opened", padding: `${MARKER}${"y".repeat(MiB)}` });
    const response = await fake.deliver(server.webhookUrl, "pull_request", payload, {
      signature: `sha256=${"1".repeat(64)}`,
      deliveryId: "forged-delivery-2",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/signature/);
    const { lines, text: grown } = await logSince(logFrom);
    expect(grown.length).toBeLessThan(1000);
    expect(grown).not.toContain(MARKER);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      event: "pull_request",
      delivery: "forged-delivery-2",
      bytes: payload.length,
      msg: "webhook delivery refused",
    });
    expect(lines[0]?.reason).toMatch(/signature does not match/);
  });

  it("answers a signed payload that lacks fields its event has with 400 and one line, not a 500", async () => {
    const logFrom = await logMark();
    const payload = JSON.stringify({ action: "opened", note: MARKER });
    const response = await fake.deliver(server.webhookUrl, "pull_request", payload, {
      deliveryId: "signed-but-hollow",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/pull_request/);
    const { lines, text: grown } = await logSince(logFrom);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, delivery: "signed-but-hollow", event: "pull_request" });
    expect(lines[0]?.reason).toBe("the pull_request payload lacks repository.name (a string)");
    expect(grown).not.toMatch(/TypeError|stack/);
    expect(grown).not.toContain(MARKER);
  });

  it("answers a signed body that is not JSON with 400 and one line", async () => {
    const logFrom = await logMark();
    const body = `not json ${MARKER}`;
    const response = await fetch(server.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issue_comment",
        "x-github-delivery": "not-json",
        "x-hub-signature-256": signPayload(fake.webhookSecret, body),
      },
      body,
    });
    expect(response.status).toBe(400);
    const { lines, text } = await logSince(logFrom);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.reason).toMatch(/not JSON/);
    expect(text).not.toContain(MARKER);
  });

  it("refuses a delivery without GitHub's headers with 400, naming what is missing", async () => {
    const response = await fetch(server.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/X-GitHub-Event/i);
  });
});
