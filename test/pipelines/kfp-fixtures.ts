import { readFileSync } from "node:fs";
import { readCompiledPackage } from "../../src/manifests/compiled-package.ts";
import { connectKfp, type KfpTarget } from "../../src/pipelines/connect-bound-pipelines.ts";
import type { PipelinesPort } from "../../src/pipelines/pipelines-port.ts";
import type { FakeKfp } from "../fakes/kfp/fake.ts";

/** The template repository's compiled pipeline (two documents: the IR and a Kubernetes platform spec). */
export const RETRAIN_YAML = readFileSync(
  new URL("../../platform-repo-template/packages/fraud-detection-retrain.yaml", import.meta.url),
  "utf8",
);

export function retrainPackage() {
  const read = readCompiledPackage("fraud-detection-retrain.yaml", new TextEncoder().encode(RETRAIN_YAML));
  if ("problem" in read) throw new Error(read.problem);
  return read.package;
}

/** Secrets read from a fixed map, as the server's reader reads env and files. */
export const secretsFrom =
  (values: Record<string, string>) =>
  async (ref: { env: string } | { file: string }): Promise<string> => {
    const key = "env" in ref ? ref.env : ref.file;
    const value = values[key];
    if (value === undefined) throw new Error("missing");
    return value;
  };

/** A port on the fake, without waiting between retries. */
export function portOn(
  fake: FakeKfp,
  target: Partial<KfpTarget> = {},
  secrets: Record<string, string> = {},
  options: { timeoutMs?: number; maxAttempts?: number } = {},
): Promise<PipelinesPort> {
  return connectKfp({ endpoint: fake.url, ...target }, secretsFrom(secrets), {
    sleep: async () => undefined,
    ...options,
  });
}
