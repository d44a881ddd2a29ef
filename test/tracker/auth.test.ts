import { afterEach, describe, expect, it } from "vitest";
import type { CredentialRef } from "../../src/tracker/mlflow-rest/auth.ts";
import { connectMlflowTracker } from "../../src/tracker/mlflow-rest/mlflow-tracker.ts";
import { faultOf, type Harness, secretsFrom, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: authentication", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.fake.close();
    h = undefined;
  });

  it("sends MLFLOW_TRACKING_TOKEN as a Bearer token, read through the binding's reference", async () => {
    h = await startHarness({
      fake: { auth: { token: "tok-123456" } },
      binding: { token: { env: "MLFLOW_TRACKING_TOKEN" } },
      secrets: { MLFLOW_TRACKING_TOKEN: "tok-123456" },
    });
    await h.tracker.getExperimentByName("Default");
    expect(h.fake.requests[0]?.headers.authorization).toBe("Bearer tok-123456");
    expect(h.fake.requests[0]?.status).toBe(200);
  });

  it("prefers username and password (Basic) over a token, as MLflow's client does", async () => {
    h = await startHarness({
      fake: { auth: { username: "admin", password: "password1234" } },
      binding: {
        token: { env: "MLFLOW_TRACKING_TOKEN" },
        username: { env: "MLFLOW_TRACKING_USERNAME" },
        password: { file: "/run/secrets/mlflow-password" },
      },
      // A mounted Secret file ends with a newline that is not part of the password.
      secrets: {
        MLFLOW_TRACKING_TOKEN: "unused-token",
        MLFLOW_TRACKING_USERNAME: "admin",
        "/run/secrets/mlflow-password": "password1234\n",
      },
    });
    await h.tracker.getExperimentByName("Default");
    const expected = `Basic ${Buffer.from("admin:password1234").toString("base64")}`;
    expect(h.fake.requests[0]?.headers.authorization).toBe(expected);
  });

  it("reads each referenced credential once, through the injected reader", async () => {
    const asked: CredentialRef[] = [];
    const read = secretsFrom({ T: "tok-abcdef" });
    await connectMlflowTracker({ trackingUri: "http://127.0.0.1:1", token: { env: "T" } }, async (ref) => {
      asked.push(ref);
      return read(ref);
    });
    expect(asked).toEqual([{ env: "T" }]);
  });

  it("turns MLflow's 401 (a plain-text body from the auth app) into an auth fault", async () => {
    h = await startHarness({ fake: { auth: { token: "right-token" } }, binding: {}, secrets: {} });
    const fault = await faultOf(h.tracker.getRun("abc"));
    expect(fault.kind).toBe("auth");
    expect(fault.status).toBe(401);
    expect(fault.errorCode).toBe("UNAUTHENTICATED");
    expect(fault.message).toContain("token or username/password");
    expect(h.fake.requests).toHaveLength(1); // not retried
  });

  it("refuses half a username/password pair and an unreadable credential before any request", async () => {
    const half = await faultOf(
      connectMlflowTracker(
        { trackingUri: "http://127.0.0.1:1", username: { env: "U" } },
        secretsFrom({ U: "x" }),
      ),
    );
    expect(half.kind).toBe("auth");
    expect(half.message).toContain("both a username and a password");
    const unreadable = await faultOf(
      connectMlflowTracker({ trackingUri: "http://127.0.0.1:1", token: { env: "MISSING" } }, secretsFrom({})),
    );
    expect(unreadable.kind).toBe("auth");
    expect(unreadable.message).toContain("environment variable MISSING");
  });
});
