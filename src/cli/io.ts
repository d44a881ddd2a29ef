/** What a CLI command may touch of the process: injected so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Which streams are terminals (colour, progress lines); absent in tests and pipes. */
  tty?: { stdout?: boolean; stderr?: boolean; columns?: number };
}

/** Exit codes shared by every command: 0 clean, 1 findings, 2 usage or I/O error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A usage error: printed with the command's usage line and mapped to exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
