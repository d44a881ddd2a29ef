import { createVerify, type KeyObject } from "node:crypto";

export type JwtCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

const UNDECODABLE = "A JSON web token could not be decoded";

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies an app JWT the way GitHub does: RS256 over `header.payload` with the app's public key,
 * `iss` the app id (GitHub also accepts the client id), `iat` not in the future, `exp` in the future
 * and at most ten minutes after `iat`. Messages are GitHub's 401 messages.
 */
export function verifyAppJwt(
  token: string,
  publicKey: KeyObject,
  appId: number,
  clientId: string,
  nowSeconds: number,
): JwtCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, message: UNDECODABLE };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodePart(headerPart);
  const payload = decodePart(payloadPart);
  if (!header || !payload || header.alg !== "RS256") return { ok: false, message: UNDECODABLE };
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${headerPart}.${payloadPart}`);
  if (!verifier.verify(publicKey, Buffer.from(signaturePart, "base64url")))
    return { ok: false, message: UNDECODABLE };
  const { iss, iat, exp } = payload;
  if (String(iss) !== String(appId) && iss !== clientId)
    return { ok: false, message: "Integration not found" };
  // GitHub tolerates a little clock drift on iat; Octokit backdates iat by 30 s for the same reason.
  if (typeof iat !== "number" || iat > nowSeconds + 60)
    return {
      ok: false,
      message:
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    };
  if (typeof exp !== "number" || exp <= nowSeconds)
    return {
      ok: false,
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    };
  if (exp - iat > 600)
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  return { ok: true };
}
