/**
 * The options of `slipway drift --monitor` / `--monitor-file`, apart from the command so that shell
 * completion can list them without loading the monitor machinery.
 */
export const MONITOR_OPTIONS = {
  monitor: { type: "string" },
  "monitor-file": { type: "string" },
  "report-to": { type: "string" },
  "exit-zero-on-findings": { type: "boolean" },
  format: { type: "string" },
  out: { type: "string" },
  now: { type: "string" },
  "server-config": { type: "string" },
  repo: { type: "string" },
  "tracking-uri": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;
