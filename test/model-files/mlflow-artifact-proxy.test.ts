import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { connectMlflow } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import type { ModelFiles } from "../../src/tracker/model-files/model-files-port.ts";
import { modelFiles } from "../../src/tracker/model-files/route-model-files.ts";
import { type FakeMlflow, startFakeMlflow } from "../fakes/mlflow/fake.ts";
import { secretsFrom } from "../tracker/tracker-harness.ts";

const MODEL = "mlflow-artifacts:/1/models/m-0a1b/artifacts";

// Issue 15: an MLflow 3 model's MLmodel through the tracking server's artifact proxy
// (`GET /api/2.0/mlflow-artifacts/artifacts/<path>`), with the server's credentials, bounded, and a
// missing or refused file a reason — never a fault.
describe("model files through MLflow's artifact proxy", () => {
  let fake: FakeMlflow;
  afterEach(() => fake.close());

  async function files(options: { token?: string } = {}): Promise<ModelFiles> {
    fake = await startFakeMlflow(options.token ? { auth: { token: options.token } } : {});
    const { http, host } = await connectMlflow(
      { trackingUri: fake.url, ...(options.token ? { token: { env: "T" } } : {}) },
      secretsFrom(options.token ? { T: options.token } : {}),
      { sleep: async () => undefined, random: () => 1 },
    );
    return modelFiles({ mlflow: { http, host } });
  }

  it("reads the file below the artifact URI, with the bound credentials", async () => {
    const read = await files({ token: "tok-artifacts-1" });
    fake.putArtifact("1/models/m-0a1b/artifacts/MLmodel", "artifact_path: model\n");
    expect(await read.read(MODEL, "MLmodel")).toEqual({ kind: "file", text: "artifact_path: model\n" });
    expect(fake.requests.map((r) => `${r.method} ${r.endpoint} ${r.auth}`)).toEqual([
      "GET mlflow-artifacts/artifacts/1/models/m-0a1b/artifacts/MLmodel bearer",
    ]);
  });

  it("says which file MLflow could not serve when it is missing (MLflow answers 500, not retried)", async () => {
    const read = await files();
    const result = await read.read(MODEL, "MLmodel");
    expect(result.kind).toBe("unreadable");
    expect(result.kind === "unreadable" && result.reason).toMatch(
      /^MLflow could not serve mlflow-artifacts:\/1\/models\/m-0a1b\/artifacts\/MLmodel \(.*HTTP 500/,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it("names --no-serve-artifacts when the proxy is switched off", async () => {
    const read = await files();
    fake.state.serveArtifacts = false;
    const result = await read.read(MODEL, "MLmodel");
    expect(result.kind === "unreadable" && result.reason).toContain("--no-serve-artifacts");
  });

  it("reports a refusal of the credentials as a reason, without the token", async () => {
    await files({ token: "right" });
    const { http, host } = await connectMlflow({ trackingUri: fake.url }, secretsFrom({}), {});
    const result = await modelFiles({ mlflow: { http, host } }).read(MODEL, "MLmodel");
    expect(result.kind === "unreadable" && result.reason).toMatch(/^MLflow refused to serve .*401/);
  });

  it("refuses a body larger than an MLmodel can be, unread", async () => {
    const read = await files();
    fake.putArtifact("1/models/m-0a1b/artifacts/MLmodel", "x");
    fake.failNext("GET mlflow-artifacts/artifacts/1/models/m-0a1b/artifacts/MLmodel", {
      oversizedBytes: 4 * 1024 * 1024,
      chunked: true,
    });
    const result = await read.read(MODEL, "MLmodel");
    expect(result.kind === "unreadable" && result.reason).toContain("larger than 1048576 bytes");
  });

  it("sends nothing for a path MLflow would refuse, or for another server's URI", async () => {
    const read = await files();
    for (const uri of [
      "mlflow-artifacts:/1/../../etc",
      "mlflow-artifacts:/1/%2e%2e/secrets",
      "mlflow-artifacts:/1/a\\b",
      "mlflow-artifacts://elsewhere.example:5000/1/models/m",
    ])
      expect((await read.read(uri, "MLmodel")).kind).toBe("unreadable");
    expect(fake.requests).toEqual([]);
  });

  it("is refused by the fake as MLflow refuses it: 400 Invalid path for '..' and '#'", async () => {
    await files();
    // Raw requests: fetch would resolve the dot segments before sending.
    for (const path of ["1/../x/MLmodel", "1/%2E%2E/x/MLmodel", "1/a%23b/MLmodel", "%2Fetc/passwd"]) {
      const { status, body } = await rawGet(`${fake.url}/api/2.0/mlflow-artifacts/artifacts/${path}`);
      expect(status, path).toBe(400);
      expect(JSON.parse(body)).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: "Invalid path" });
    }
  });

  it("leaves schemes it cannot read to a reason", async () => {
    const read = await files();
    const gs = await read.read("gs://bucket/models/m", "MLmodel");
    expect(gs.kind === "unreadable" && gs.reason).toMatch(/^artifact URIs like gs:\/\/bucket/);
    const local = await read.read("/srv/mlruns/1/abc/artifacts/model", "MLmodel");
    expect(local.kind === "unreadable" && local.reason).toContain(
      "a local path, which the server never reads",
    );
  });
});

/** A GET whose path is sent exactly as written. */
function rawGet(url: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  const path = url.slice(url.indexOf("/", "http://".length));
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
