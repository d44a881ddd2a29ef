import { describe, expect, it } from "vitest";
import type { ServerConfig } from "../../src/manifests/schemas/server-config.ts";
import { DeliveryIds } from "../../src/server/delivery-ids.ts";
import { mlflowWebhookSources } from "../../src/server/mlflow-webhook-sources.ts";

describe("delivery ids", () => {
  it("refuses an id in hand or handled, forgets a failed one, and expires handled ones", () => {
    const ids = new DeliveryIds({ keepMs: 1000 });
    expect(ids.begin("a", 0)).toBe(true);
    expect(ids.begin("a", 0)).toBe(false);
    ids.failed("a");
    expect(ids.begin("a", 10)).toBe(true);
    ids.done("a", 10);
    expect(ids.begin("a", 500)).toBe(false);
    expect(ids.begin("a", 1010)).toBe(true);
  });

  it("keeps at most its capacity, dropping the oldest", () => {
    const ids = new DeliveryIds({ keepMs: 1000, capacity: 2 });
    for (const id of ["a", "b", "c"]) {
      ids.begin(id, 0);
      ids.done(id, 0);
    }
    expect(ids.size).toBe(2);
    expect(ids.begin("a", 1)).toBe(true);
    expect(ids.begin("c", 1)).toBe(false);
  });
});

describe("the bound MLflow webhook secrets", () => {
  const config = {
    version: 1,
    bindings: [
      {
        repository: "acme/a",
        environments: {},
        integrations: {
          mlflow: { type: "mlflow", trackingUri: "http://m", webhookSecret: { env: "A" } },
          lake: { type: "s3" },
        },
      },
      {
        repository: "acme/b",
        environments: {},
        integrations: { tracking: { type: "mlflow", webhookSecret: { env: "A" } } },
      },
      {
        repository: "acme/c",
        environments: {},
        integrations: { mlflow: { type: "mlflow", webhookSecret: { env: "MISSING" } } },
      },
      { repository: "acme/d", environments: {}, integrations: { mlflow: { type: "mlflow" } } },
    ],
  } as unknown as ServerConfig;

  it("groups repositories by secret and reports the ones that cannot be read", async () => {
    const unreadable: string[] = [];
    const sources = await mlflowWebhookSources(
      config,
      async (ref) => {
        if ("env" in ref && ref.env === "A") return "shared\n";
        throw new Error("unset");
      },
      (repository, integration) => unreadable.push(`${repository} ${integration}`),
    );
    expect(sources).toEqual([
      {
        secret: "shared",
        targets: [
          { repository: "acme/a", integration: "mlflow" },
          { repository: "acme/b", integration: "tracking" },
        ],
      },
    ]);
    expect(unreadable).toEqual(["acme/c mlflow"]);
  });
});
