import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEMPLATE_DIR } from "./template.ts";

/** A throw-away copy of the template repository on disk, with helpers to break it. */
export class TempRepo {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "slipway-repo-"));
    cpSync(TEMPLATE_DIR, this.dir, { recursive: true });
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  write(path: string, text: string): void {
    writeFileSync(join(this.dir, path), text);
  }

  /** Replaces exactly one occurrence of `from`; fails loudly when the template changed under the test. */
  edit(path: string, from: string, to: string): void {
    const text = this.read(path);
    const count = text.split(from).length - 1;
    if (count !== 1)
      throw new Error(`${path}: expected one occurrence of ${JSON.stringify(from)}, found ${count}`);
    this.write(path, text.replace(from, to));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
