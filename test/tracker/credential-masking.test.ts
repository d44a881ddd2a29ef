import { afterEach, describe, expect, it } from "vitest";
import { connectMlflowTracker } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import { faultOf, type Harness, secretsFrom, startHarness } from "./tracker-harness.ts";

const TOKEN = "s3cr3t-token-value";
const PASSWORD = "hunter2-password";

describe("MLflow REST tracker: credentials never reach a fault message", () => {
  let h: Harness;
  afterEach(async () => {
    await h.fake.close();
  });

  it("scrubs a token that a server echoes back in its error message", async () => {
    h = await startHarness({
      binding: { token: { env: "MLFLOW_TRACKING_TOKEN" } },
      secrets: { MLFLOW_TRACKING_TOKEN: TOKEN },
      client: { maxAttempts: 1 },
    });
    h.fake.failNext("GET runs/get", {
      status: 403,
      errorCode: "PERMISSION_DENIED",
      message: `token ${TOKEN} may not read run abc (Authorization: Bearer ${TOKEN})`,
    });
    const fault = await faultOf(h.tracker.getRun("abc"));
    expect(fault.message).not.toContain(TOKEN);
    expect(fault.serverMessage).not.toContain(TOKEN);
    expect(fault.message).toContain("token *** may not read run abc");
  });

  it("scrubs a Basic password and its base64 form", async () => {
    const encoded = Buffer.from(`admin:${PASSWORD}`).toString("base64");
    h = await startHarness({
      binding: { username: { env: "U" }, password: { env: "P" } },
      secrets: { U: "admin", P: PASSWORD },
      client: { maxAttempts: 1 },
    });
    h.fake.failNext("GET runs/get", {
      status: 500,
      errorCode: "INTERNAL_ERROR",
      message: `bad header Basic ${encoded} for password ${PASSWORD}`,
    });
    const fault = await faultOf(h.tracker.getRun("abc"));
    expect(fault.message).not.toContain(PASSWORD);
    expect(fault.message).not.toContain(encoded);
  });

  it("refuses a tracking URI with credentials in it without repeating them", async () => {
    h = await startHarness();
    const fault = await faultOf(
      connectMlflowTracker({ trackingUri: `https://admin:${PASSWORD}@mlflow.example` }, secretsFrom({})),
    );
    expect(fault.kind).toBe("invalid");
    expect(fault.message).not.toContain(PASSWORD);
    expect(fault.message).toContain("must not carry credentials");
  });

  it("names only the host, not the query or path, when the server cannot be reached", async () => {
    h = await startHarness();
    const port = new URL(h.fake.url).port;
    await h.fake.close();
    h = await startHarness(); // a live fake for afterEach; the tracker below points at the closed port
    const tracker = await connectMlflowTracker(
      { trackingUri: `http://127.0.0.1:${port}/mlflow?key=${TOKEN}` },
      secretsFrom({}),
      { maxAttempts: 1 },
    );
    const fault = await faultOf(tracker.getRun("abc"));
    expect(fault.kind).toBe("unreachable");
    expect(fault.message).toContain(`MLflow (127.0.0.1:${port}) GET runs/get could not be reached`);
    expect(fault.message).not.toContain(TOKEN);
  });
});

describe("MLflow REST tracker: scrubbing leaves data alone", () => {
  it("does not mask the Basic username in answers (it is a run's user_id, not a secret)", async () => {
    const h = await startHarness({
      fake: { auth: { username: "admin", password: PASSWORD } },
      binding: { username: { env: "U" }, password: { env: "P" } },
      secrets: { U: "admin", P: PASSWORD },
    });
    try {
      const run = h.fake.addRun();
      run.info.user_id = "admin";
      expect((await h.tracker.getRun(run.info.run_id)).info.user_id).toBe("admin");
    } finally {
      await h.fake.close();
    }
  });
});
