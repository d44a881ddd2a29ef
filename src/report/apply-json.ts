import { canonical } from "../render/canonical.ts";
import type { ApplyReport } from "./apply-report.ts";

/** An apply report as JSON with sorted keys: the machine-readable form `slipway apply --format json` prints. */
export function renderApplyJson(report: ApplyReport): string {
  return `${JSON.stringify(canonical(report), null, 2)}\n`;
}
