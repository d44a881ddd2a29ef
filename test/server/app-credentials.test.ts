import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appCredentials, StartupError } from "../../src/server/app-credentials.ts";
import { withDotEnv } from "../../src/server/dot-env.ts";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const PKCS1 = rsa.export({ type: "pkcs1", format: "pem" }).toString();
const PKCS8 = rsa.export({ type: "pkcs8", format: "pem" }).toString();
const base = { APP_ID: "42", WEBHOOK_SECRET: "s" };

describe("the App's credentials", () => {
  it("takes PRIVATE_KEY as PEM (PKCS#1 or #8), with escaped line breaks, or base64-encoded", () => {
    const key = (value: string) => appCredentials({ ...base, PRIVATE_KEY: value }, "/").privateKey;
    expect(key(PKCS1)).toBe(PKCS1.trim());
    expect(key(PKCS8)).toBe(PKCS8.trim());
    expect(key(PKCS1.replace(/\n/g, "\\n"))).toBe(PKCS1.trim());
    expect(key(Buffer.from(PKCS1).toString("base64"))).toBe(PKCS1.trim());
  });

  it("reads PRIVATE_KEY_PATH relative to the working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-cred-"));
    writeFileSync(join(dir, "app.pem"), PKCS1);
    const c = appCredentials({ ...base, PRIVATE_KEY_PATH: "app.pem" }, dir);
    expect(c).toEqual({ appId: 42, privateKey: PKCS1.trim(), webhookSecret: "s" });
  });

  it("refuses an EC key: GitHub App keys are RSA", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const pem = ec.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() => appCredentials({ ...base, PRIVATE_KEY: pem }, "/")).toThrow(
      /ec key; a GitHub App key is RSA/,
    );
  });

  it("never repeats the key in its message", () => {
    const broken = PKCS1.replace(/^(-----BEGIN RSA PRIVATE KEY-----\n)[A-Za-z0-9+/]{8}/, "$1AAAAAAAA");
    try {
      appCredentials({ ...base, PRIVATE_KEY: broken }, "/");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StartupError);
      for (const line of broken.split("\n").slice(1, -2))
        expect((error as Error).message).not.toContain(line);
    }
  });
});

describe(".env", () => {
  it("fills in what the environment does not set, and never overrides it", () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway-env-"));
    writeFileSync(join(dir, ".env"), "APP_ID=7\nWEBHOOK_SECRET=from-file\n");
    expect(withDotEnv({ WEBHOOK_SECRET: "from-env" }, dir)).toEqual({
      APP_ID: "7",
      WEBHOOK_SECRET: "from-env",
    });
    expect(withDotEnv({ X: "1" }, join(dir, "missing"))).toEqual({ X: "1" });
  });
});
