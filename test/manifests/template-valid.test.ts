import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { bindingFor, validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import { readDirectory } from "../../src/repo/read-directory.ts";
import { SERVER_CONFIG_EXAMPLE, TEMPLATE_DIR } from "../helpers/template.ts";

describe("the platform repo template", () => {
  it("validates with no errors or warnings against the example server configuration", async () => {
    const { config, diagnostics } = validateServerConfig(
      SERVER_CONFIG_EXAMPLE,
      new Uint8Array(await readFile(SERVER_CONFIG_EXAMPLE)),
    );
    expect(diagnostics).toEqual([]);
    if (!config) throw new Error("the example server configuration is invalid");
    const binding = bindingFor(config, "acme/ml-platform");
    expect(binding).not.toBeNull();
    const result = validateRepo(await readDirectory(TEMPLATE_DIR), { binding });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.snapshot.manifests.Model.get("fraud-detection")?.value.spec.serving.format).toBe(
      "lightgbm",
    );
    expect([...result.snapshot.manifests.FeatureView.keys()].sort()).toEqual([
      "customer_stats",
      "merchant_stats",
    ]);
  });

  it("reports unchecked binding names as notices when no server configuration is given", async () => {
    const result = validateRepo(await readDirectory(TEMPLATE_DIR));
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => [d.file, d.code, d.severity])).toEqual([
      [".slipway.yml", "SLW123", "notice"],
      [".slipway.yml", "SLW123", "notice"],
    ]);
  });

  it("starts every file with a yaml-language-server schema line that resolves inside the template", async () => {
    const tree = await readDirectory(TEMPLATE_DIR);
    for (const [path, bytes] of tree.files) {
      // A compiled pipeline is KFP's own format (its compiler writes the header), not a manifest.
      if (path.startsWith("packages/")) continue;
      const first = new TextDecoder().decode(bytes).split("\n")[0] ?? "";
      const target =
        /^# yaml-language-server: \$schema=((?:\.\.\/)?\.slipway\/schemas\/[a-z-]+\.schema\.json)$/.exec(
          first,
        )?.[1];
      expect(target, path).toBeDefined();
      const resolved = resolve(TEMPLATE_DIR, dirname(path), target ?? "");
      expect(resolved.startsWith(TEMPLATE_DIR), path).toBe(true);
      expect(existsSync(resolved), `${path} → ${target}`).toBe(true);
    }
  });
});
