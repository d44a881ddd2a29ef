import { describe, expect, it } from "vitest";
import { basicSecrets, credentialVariants } from "../../src/redaction/credential-variants.ts";
import { redactCredentials } from "../../src/redaction/redact-credentials.ts";
import { upstreamCode, upstreamMessage } from "../../src/redaction/upstream-message.ts";

// One place takes credentials out of what a reader sees, in every encoding an upstream may echo them in.

const TOKEN = "mlflow-Token_8d1e6c0b/x+y";
const USER = "svc-slipway";
const PASSWORD = "Tr0ub4dor&3-p@ss/w0rd+zz";
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString("base64");
const b64 = (text: string) => Buffer.from(text).toString("base64");

describe("redactCredentials", () => {
  const secrets = [TOKEN, ...basicSecrets(USER, PASSWORD)];
  const echoes: [string, string][] = [
    ["verbatim", TOKEN],
    ["lower-cased", TOKEN.toLowerCase()],
    ["upper-cased", TOKEN.toUpperCase()],
    ["URL-encoded", encodeURIComponent(TOKEN)],
    ["form-encoded", new URLSearchParams({ t: TOKEN }).toString().slice(2)],
    ["base64", b64(TOKEN)],
    ["base64url", b64(TOKEN).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")],
    ["Bearer header, base64", b64(`Bearer ${TOKEN}`)],
    ["Bearer header, URL-encoded", encodeURIComponent(`Bearer ${TOKEN}`)],
    ["password", PASSWORD],
    ["password URL-encoded", encodeURIComponent(PASSWORD)],
    ["password base64", b64(PASSWORD)],
    ["user:password", `${USER}:${PASSWORD}`],
    ["Basic value", BASIC],
    ["Basic value lower-cased", BASIC.toLowerCase()],
    ["Basic header URL-encoded", encodeURIComponent(`Basic ${BASIC}`)],
    ["Basic header base64", b64(`Basic ${BASIC}`)],
    ["Authorization line base64", b64(`Authorization: Basic ${BASIC}`)],
  ];
  for (const [how, echo] of echoes)
    it(`removes a credential echoed ${how}`, () => {
      const out = redactCredentials(`403: request with ${echo} refused`, secrets);
      expect(out).toContain("***");
      expect(out.toLowerCase()).not.toContain(echo.toLowerCase());
      for (const s of [TOKEN, PASSWORD, BASIC]) expect(out.toLowerCase()).not.toContain(s.toLowerCase());
    });

  it("removes header values it was not told about, also URL-encoded", () => {
    expect(redactCredentials("Authorization: Bearer abcdefgh12345678")).toBe("Authorization: Bearer ***");
    expect(redactCredentials("sent Basic%20c3ZjOnNlY3JldC12YWx1ZQ%3D%3D")).toBe("sent Basic%20***");
    expect(redactCredentials("token ghs_abcdefghijklmnopqrstuvwxyz0123")).toBe("token ***");
    expect(redactCredentials("https://user:pass@host/x and https%3A%2F%2Fuser%3Apass%40host")).toBe(
      "https://***@host/x and https%3A%2F%2F***@host",
    );
  });

  it("leaves ordinary words alone", () => {
    expect(redactCredentials("Basic authentication failed for user svc-slipway", [])).toBe(
      "Basic authentication failed for user svc-slipway",
    );
    expect(redactCredentials("short abc stays", ["abc"])).toBe("short abc stays");
  });

  it("derives a few dozen forms per secret, none shorter than four characters", () => {
    const forms = credentialVariants(TOKEN);
    expect(forms.length).toBeGreaterThan(10);
    expect(forms.every((f) => f.length >= 4)).toBe(true);
  });
});

describe("upstream messages", () => {
  it("keep one bounded line, redacted before it is cut", () => {
    const message = `denied\nfor\t${"x".repeat(290)} ${PASSWORD} and more`;
    const out = upstreamMessage(message, [PASSWORD]);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).not.toMatch(/[\n\t]/);
    expect(out).not.toContain(PASSWORD.slice(0, 6));
    expect(out.endsWith("…")).toBe(true);
  });

  it("keep an error code only when it is one word", () => {
    expect(upstreamCode("PERMISSION_DENIED")).toBe("PERMISSION_DENIED");
    expect(upstreamCode("NoSuchKey")).toBe("NoSuchKey");
    expect(upstreamCode("<b>denied</b>")).toBeUndefined();
    expect(upstreamCode(403)).toBeUndefined();
  });
});
