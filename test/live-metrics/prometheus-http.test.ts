import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectBoundLiveMetrics } from "../../src/live-metrics/connect-bound-live-metrics.ts";
import { LiveMetricsFault } from "../../src/live-metrics/live-metrics-fault.ts";
import { prometheusLiveMetrics } from "../../src/live-metrics/prometheus-http.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { type FakePrometheus, startFakePrometheus } from "../fakes/prometheus/fake.ts";

const TOKEN = "prom-token-0123456789abcdef";
const noSleep = async () => undefined;

function binding(url: string, auth: object): ServerBinding {
  return {
    repository: "acme/ml-platform",
    environments: {},
    integrations: { prometheus: { type: "prometheus", endpoint: url, ...auth } },
  } as ServerBinding;
}

const secrets: Record<string, string> = {
  PROM_TOKEN: TOKEN,
  PROM_USER: "slipway",
  PROM_PASSWORD: "s3cret-password",
};
const readSecret = async (ref: { env: string } | { file: string }) => {
  const value = "env" in ref ? secrets[ref.env] : undefined;
  if (value === undefined) throw new Error("unset");
  return value;
};

async function faultOf(run: () => Promise<unknown>): Promise<LiveMetricsFault> {
  try {
    await run();
  } catch (error) {
    if (error instanceof LiveMetricsFault) return error;
    throw error;
  }
  throw new Error("expected a LiveMetricsFault");
}

describe("the Prometheus adapter against a fake Prometheus HTTP API", () => {
  let prom: FakePrometheus;
  beforeAll(async () => {
    prom = await startFakePrometheus({ token: TOKEN });
  });
  afterAll(() => prom.close());

  const connect = async () => {
    const bound = await connectBoundLiveMetrics(
      binding(prom.url, { token: { env: "PROM_TOKEN" } }),
      "prometheus",
      readSecret,
      {
        sleep: noSleep,
      },
    );
    if (!("metrics" in bound)) throw new Error(bound.unavailable);
    return bound.metrics;
  };

  it("reads one number from an instant vector or a scalar, with the bearer token, by POST", async () => {
    const metrics = await connect();
    prom.answer((q) => (q.includes("scalar") ? { scalar: 2 } : 0.0125));
    expect(await metrics.value('sum(rate(errors{model="a"}[5m]))', 1_700_000_000)).toBe(0.0125);
    expect(await metrics.value("scalar(x)")).toBe(2);
    expect(prom.queries.at(-2)).toEqual({
      method: "POST",
      query: 'sum(rate(errors{model="a"}[5m]))',
      time: "1700000000",
      authorization: `Bearer ${TOKEN}`,
    });
    expect(metrics.host).toBe(new URL(prom.url).host);
  });

  it("answers null for no series and for NaN (no requests), and refuses several series", async () => {
    const metrics = await connect();
    prom.answer((q) => (q === "none" ? null : q === "nan" ? Number.NaN : [1, 2, 3]));
    expect(await metrics.value("none")).toBeNull();
    expect(await metrics.value("nan")).toBeNull();
    const fault = await faultOf(() => metrics.value("many"));
    expect(fault.kind).toBe("bad-query");
    expect(fault.message).toMatch(
      /gives 3 series; a check needs one number \(aggregate them, e\.g\. with sum\(…\)\)\.$/,
    );
  });

  it("turns Prometheus's error bodies into faults with its errorType and message", async () => {
    const metrics = await connect();
    prom.answer(() => ({
      error: { status: 422, errorType: "execution", message: "expanding series: too many samples" },
    }));
    const fault = await faultOf(() => metrics.value("heavy"));
    expect(fault).toMatchObject({ kind: "bad-query", status: 422, errorType: "execution" });
    expect(fault.message).toBe(
      `Prometheus (${new URL(prom.url).host}) answered HTTP 422 execution: expanding series: too many samples.`,
    );
    prom.answer(() => ({
      error: { status: 400, errorType: "bad_data", message: `parse error; token was ${TOKEN}` },
    }));
    const echoed = await faultOf(() => metrics.value("sum("));
    expect(echoed.message).not.toContain(TOKEN);
    expect(echoed.message).toContain("bad_data: parse error; token was ***");
  });

  it("asks again after a 503 (a query is safe to repeat), then reports the timeout", async () => {
    const metrics = await connect();
    const before = prom.queries.length;
    prom.answer(() => ({
      error: { status: 503, errorType: "timeout", message: "query timed out in expression evaluation" },
    }));
    const fault = await faultOf(() => metrics.value("slow"));
    expect(fault).toMatchObject({ kind: "timeout", status: 503, errorType: "timeout" });
    expect(prom.queries.length - before).toBe(3);
  });

  it("refuses an answer larger than its bound without reading it whole, and does not ask again", async () => {
    const metrics = prometheusLiveMetrics({
      endpoint: prom.url,
      headers: { authorization: `Bearer ${TOKEN}` },
      maxBodyBytes: 512,
      sleep: noSleep,
    });
    const before = prom.queries.length;
    prom.answer(() => Array.from({ length: 200 }, (_, i) => i));
    const fault = await faultOf(() => metrics.value("count by (pod) (up)"));
    expect(fault.kind).toBe("invalid");
    expect(fault.message).toBe(
      `Prometheus (${new URL(prom.url).host}) answered with a body larger than 512 bytes; it was not read.`,
    );
    expect(prom.queries.length - before).toBe(1);
  });

  it("is refused without credentials, and says which setting to fix", async () => {
    const open = prometheusLiveMetrics({ endpoint: prom.url, sleep: noSleep });
    const fault = await faultOf(() => open.value("up"));
    expect(fault.kind).toBe("auth");
    expect(fault.message).toContain("answered HTTP 401.");
    expect(fault.message).toContain("`prometheus` integration's token");
  });

  it("sends Basic credentials when the binding has a username and password", async () => {
    const basic = await startFakePrometheus({ basic: { user: "slipway", password: "s3cret-password" } });
    try {
      const bound = await connectBoundLiveMetrics(
        binding(basic.url, { username: { env: "PROM_USER" }, password: { env: "PROM_PASSWORD" } }),
        "prometheus",
        readSecret,
      );
      if (!("metrics" in bound)) throw new Error(bound.unavailable);
      basic.answer(() => 1);
      expect(await bound.metrics.value("up")).toBe(1);
    } finally {
      await basic.close();
    }
  });

  it("says what is missing when the integration is unnamed, unbound, or its secret unreadable", async () => {
    expect(await connectBoundLiveMetrics(binding(prom.url, {}), null, readSecret)).toEqual({
      unavailable: "`.slipway.yml` names no metrics integration (`integrations.metrics`)",
    });
    expect(await connectBoundLiveMetrics(binding(prom.url, {}), "metrics", readSecret)).toEqual({
      unavailable: 'the server binds no `prometheus` integration named "metrics" for this repository',
    });
    expect(
      await connectBoundLiveMetrics(
        binding(prom.url, { token: { env: "NOT_SET" } }),
        "prometheus",
        readSecret,
      ),
    ).toEqual({
      unavailable:
        "The Prometheus token could not be read from environment variable NOT_SET. Fix the server configuration.",
    });
  });
});
