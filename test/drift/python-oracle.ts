import { spawnSync } from "node:child_process";

const MIN_SCIPY_MINOR = 15;

/** Whether python3 with SciPy and NumPy is available, and why not when it is not. */
export function scipyAvailability(): { available: boolean; reason: string } {
  const probe = spawnSync(
    "python3",
    ["-c", "import scipy, numpy; print(scipy.__version__, numpy.__version__)"],
    {
      encoding: "utf8",
    },
  );
  if (probe.error) return { available: false, reason: `python3 not runnable: ${probe.error.message}` };
  if (probe.status !== 0)
    return { available: false, reason: `python3 has no SciPy/NumPy: ${probe.stderr.trim()}` };
  const [scipy = ""] = probe.stdout.trim().split(" ");
  const [major = 0, minor = 0] = scipy.split(".").map(Number);
  // Older SciPy (Debian's python3-scipy is 1.10) computes some p-values differently: not an oracle.
  if (major < 1 || (major === 1 && minor < MIN_SCIPY_MINOR)) {
    return { available: false, reason: `SciPy ${scipy} is older than 1.${MIN_SCIPY_MINOR}` };
  }
  return { available: true, reason: `SciPy/NumPy ${probe.stdout.trim()}` };
}

/** Runs a Python script with JSON on stdin and parses its JSON stdout. */
export function runPython<T>(script: string, input: unknown): T {
  const result = spawnSync("python3", [script], {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python3 ${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Decodes the oracle's non-finite markers. */
export function decodeNumber(x: number | string): number {
  if (typeof x === "number") return x;
  if (x === "NaN") return Number.NaN;
  return x === "Infinity" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}
