import { createHmac } from "node:crypto";

/** MLflow's `_generate_hmac_signature`: `v1,` + base64 HMAC-SHA256 of "<delivery id>.<timestamp>.<body>". */
export function signMlflowDelivery(
  secret: string,
  deliveryId: string,
  timestamp: string,
  body: string,
): string {
  const digest = createHmac("sha256", secret).update(`${deliveryId}.${timestamp}.${body}`).digest("base64");
  return `v1,${digest}`;
}
