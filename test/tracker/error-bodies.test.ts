import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { faultOf, type Harness, startHarness } from "./tracker-harness.ts";

describe("MLflow REST tracker: MLflow error bodies become TrackerFaults", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ client: { maxAttempts: 1 } });
  });
  afterEach(async () => {
    await h.fake.close();
  });

  it.each([
    [400, "INVALID_PARAMETER_VALUE", "invalid"],
    [400, "RESOURCE_ALREADY_EXISTS", "invalid"],
    [401, "UNAUTHENTICATED", "auth"],
    [403, "PERMISSION_DENIED", "auth"],
    [404, "RESOURCE_DOES_NOT_EXIST", "not-found"],
    [409, "RESOURCE_CONFLICT", "invalid"],
    [500, "INTERNAL_ERROR", "server"],
    [503, "TEMPORARILY_UNAVAILABLE", "server"],
    [504, "DEADLINE_EXCEEDED", "timeout"],
  ])(
    "HTTP %i %s is a %s fault naming the endpoint, the code and MLflow's message",
    async (status, code, kind) => {
      h.fake.failNext("GET registered-models/get", {
        status,
        errorCode: code,
        message: "the server's words",
      });
      const fault = await faultOf(h.tracker.getRegisteredModel("fraud-detection"));
      expect(fault.kind).toBe(kind);
      expect(fault.errorCode).toBe(code);
      expect(fault.serverMessage).toBe("the server's words");
      expect(fault.message).toBe(
        `MLflow (${new URL(h.fake.url).host}) GET registered-models/get answered HTTP ${status} ${code}: the server's words.` +
          (kind === "auth"
            ? " Check the integration's token or username/password in the server configuration."
            : ""),
      );
    },
  );

  it("falls back to a code from the status when a proxy answers with HTML", async () => {
    h.fake.failNext("GET registered-models/get", { status: 502, body: "<html>Bad Gateway</html>" });
    const fault = await faultOf(h.tracker.getRegisteredModel("fraud-detection"));
    expect(fault.kind).toBe("server");
    expect(fault.errorCode).toBe("INTERNAL_ERROR");
    expect(fault.message).not.toContain("<html>");
  });

  it("maps an endpoint the server does not have (an old MLflow without logged models) to not-found", async () => {
    h.fake.failNext("GET logged-models/m-1", {
      status: 404,
      errorCode: "ENDPOINT_NOT_FOUND",
      message: "No API endpoint",
    });
    const fault = await faultOf(h.tracker.getLoggedModel("m-1"));
    expect(fault.kind).toBe("not-found");
    expect(fault.errorCode).toBe("ENDPOINT_NOT_FOUND");
  });
});

describe("MLflow REST tracker: redirects", () => {
  it("does not follow a redirect (a sign-in proxy) and does not repeat its location", async () => {
    const h = await startHarness({ client: { maxAttempts: 1 } });
    try {
      h.fake.failNext("GET runs/get", {
        status: 302,
        body: {},
        headers: { location: "https://sso.example/login?ticket=abc123" },
      });
      const fault = await faultOf(h.tracker.getRun("r"));
      expect(fault.kind).toBe("auth");
      expect(fault.message).toContain("was redirected (HTTP 302)");
      expect(fault.message).not.toContain("sso.example");
      expect(h.fake.requests).toHaveLength(1);
    } finally {
      await h.fake.close();
    }
  });
});
