import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type Inventory, unionEntries } from "../../src/cluster/inventory/inventory.ts";
import {
  COMPRESS_ABOVE_BYTES,
  decodeInventory,
  ENCODING_ANNOTATION,
  encodeInventory,
  INVENTORY_GZIP_KEY,
  INVENTORY_KEY,
} from "../../src/cluster/inventory/inventory-codec.ts";
import { InventoryError } from "../../src/cluster/inventory/inventory-error.ts";
import type { KubeObject } from "../../src/render/kube-object.ts";
import { ENVIRONMENT_LABEL } from "../../src/render/labels.ts";

const at = { namespace: "ml-serving", name: "slipway-inventory-staging" };
const digest = "a".repeat(64);

function inventory(count: number): Inventory {
  return {
    version: 1,
    environment: "staging",
    phase: "applied",
    commit: "0123abcd",
    lastGoodCommit: "0123abcd",
    failedCommit: null,
    entries: unionEntries(
      Array.from({ length: count }, (_, i) => ({
        ref: {
          apiVersion: "serving.kserve.io/v1beta1",
          kind: "InferenceService",
          namespace: "ml",
          name: `model-${i}`,
        },
        digest: i % 2 === 0 ? digest : null,
      })),
    ),
  };
}

function withPayload(json: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: at.name },
    data: { [INVENTORY_KEY]: json },
  };
}

describe("inventory codec", () => {
  it("round-trips a small inventory as plain JSON, with a resourceVersion precondition", () => {
    const object = encodeInventory(inventory(3), at, "41");
    expect(object.metadata).toMatchObject({ ...at, resourceVersion: "41" });
    expect(object.metadata.annotations?.[ENCODING_ANNOTATION]).toBe("json");
    expect(object.data).toHaveProperty(INVENTORY_KEY);
    // Never carries the environment label: it must not be listed (and pruned) as one of the environment's objects.
    expect(object.metadata.labels).not.toHaveProperty(ENVIRONMENT_LABEL);
    expect(decodeInventory(object)).toEqual({ inventory: inventory(3) });
  });

  it("gzips a large inventory into binaryData and reads it back", () => {
    const big = inventory(4000);
    const object = encodeInventory(big, at, null);
    expect(object.metadata.annotations?.[ENCODING_ANNOTATION]).toBe("gzip");
    const stored = (object.binaryData as Record<string, string>)[INVENTORY_GZIP_KEY] as string;
    expect(JSON.stringify(big).length).toBeGreaterThan(COMPRESS_ABOVE_BYTES);
    expect(stored.length).toBeLessThan(COMPRESS_ABOVE_BYTES);
    expect(object.metadata).not.toHaveProperty("resourceVersion");
    expect(decodeInventory(object)).toEqual({ inventory: big });
  });

  it("refuses an inventory that would not fit in a ConfigMap even compressed", () => {
    const huge = inventory(0);
    // Digests do not compress: 30,000 of them are well over the limit even gzipped.
    huge.entries = Array.from({ length: 30_000 }, (_, i) => ({
      ref: { apiVersion: "v1", kind: "ConfigMap", namespace: "ml", name: `config-${i}` },
      digest: createHash("sha256").update(String(i)).digest("hex"),
    }));
    expect(() => encodeInventory(huge, at, null)).toThrow(InventoryError);
    expect(() => encodeInventory(huge, at, null)).toThrow(/30000 objects.*does not fit in one ConfigMap/);
  });

  it.each([
    ["not JSON", "{", /the payload is not JSON/],
    ["a list", "[]", /not a JSON object/],
    ["another version", JSON.stringify({ version: 2 }), /version: expected 1, found 2/],
    [
      "an unknown phase",
      JSON.stringify({ version: 1, environment: "staging", phase: "done", commit: null, objects: [] }),
      /phase: expected one of/,
    ],
    [
      "a short entry",
      JSON.stringify({
        version: 1,
        environment: "staging",
        phase: "applied",
        commit: null,
        lastGoodCommit: null,
        failedCommit: null,
        objects: [["v1", "ConfigMap", "ml"]],
      }),
      /objects\[0\]: expected \[apiVersion, kind, namespace or null, name, digest or null\]/,
    ],
    [
      "a bad digest",
      JSON.stringify({
        version: 1,
        environment: "staging",
        phase: "applied",
        commit: null,
        lastGoodCommit: null,
        failedCommit: null,
        objects: [["v1", "ConfigMap", "ml", "a", "xyz"]],
      }),
      /objects\[0\]: digest: expected 64 hexadecimal digits/,
    ],
    [
      "a duplicate",
      JSON.stringify({
        version: 1,
        environment: "staging",
        phase: "applied",
        commit: null,
        lastGoodCommit: null,
        failedCommit: null,
        objects: [
          ["v1", "ConfigMap", "ml", "a", null],
          ["v1", "ConfigMap", "ml", "a", null],
        ],
      }),
      /objects\[1\]: ConfigMap a is listed twice/,
    ],
  ])("reports %s as corrupt with the field at fault", (_name, json, message) => {
    const decoded = decodeInventory(withPayload(json));
    expect(decoded).toHaveProperty("error");
    expect((decoded as { error: string }).error).toMatch(message);
  });

  it("reports a missing payload, bad base64, bad gzip and a decompression bomb", () => {
    const gz = (binaryData: Record<string, string>): KubeObject => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: at.name, annotations: { [ENCODING_ANNOTATION]: "gzip" } },
      binaryData,
    });
    expect(decodeInventory({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: at.name } })).toEqual({
      error: `data."${INVENTORY_KEY}" is missing`,
    });
    expect(decodeInventory(gz({ [INVENTORY_GZIP_KEY]: "%%%" }))).toEqual({
      error: `binaryData.${INVENTORY_GZIP_KEY} is not base64`,
    });
    expect(decodeInventory(gz({ [INVENTORY_GZIP_KEY]: Buffer.from("plain").toString("base64") }))).toEqual({
      error: `binaryData.${INVENTORY_GZIP_KEY} is not valid gzip data`,
    });
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 32)).toString("base64");
    expect(decodeInventory(gz({ [INVENTORY_GZIP_KEY]: bomb }))).toEqual({
      error: `binaryData.${INVENTORY_GZIP_KEY} decompresses to more than ${32 * 1024 * 1024} bytes`,
    });
  });
});
