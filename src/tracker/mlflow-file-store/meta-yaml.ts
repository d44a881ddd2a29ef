import { parse } from "yaml";
import { corrupt } from "../local/local-faults.ts";
import { readBounded } from "./bounded-files.ts";

/** The fields of one meta.yaml, read with their type checked; a wrong type names the file and key. */
export class Meta {
  readonly file: string;
  readonly #fields: Readonly<Record<string, unknown>>;
  constructor(file: string, fields: Readonly<Record<string, unknown>>) {
    this.file = file;
    this.#fields = fields;
  }

  has(key: string): boolean {
    return this.#fields[key] !== undefined && this.#fields[key] !== null;
  }

  raw(key: string): unknown {
    return this.#fields[key];
  }

  optText(key: string): string | undefined {
    const value = this.#fields[key];
    if (value === undefined || value === null) return undefined;
    // PyYAML writes ids MLflow once kept as integers (experiment_id, version) unquoted.
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    throw corrupt(this.file, `"${key}" is ${JSON.stringify(value)}, not text.`);
  }

  text(key: string): string {
    const value = this.optText(key);
    if (value === undefined) throw corrupt(this.file, `"${key}" is missing.`);
    return value;
  }

  optNumber(key: string): number | undefined {
    const value = this.#fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
    throw corrupt(this.file, `"${key}" is ${JSON.stringify(value)}, not a number.`);
  }

  /** A mapping of string to string (input tags, as `_FileStoreInput` writes them). */
  stringMap(key: string): Record<string, string> {
    const value = this.#fields[key] ?? {};
    if (typeof value !== "object" || Array.isArray(value))
      throw corrupt(this.file, `"${key}" is not a mapping.`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? "" : String(v)]));
  }
}

/** Reads `<dir>/meta.yaml`: undefined when absent (MLflow skips such folders), a fault when corrupt. */
export async function readMeta(path: string, maxBytes: number): Promise<Meta | undefined> {
  const text = await readBounded(path, maxBytes);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 0, uniqueKeys: false });
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0] ?? "unreadable";
    throw corrupt(path, `is not valid YAML: ${reason}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw corrupt(path, "does not hold a YAML mapping of fields, as MLflow writes it.");
  return new Meta(path, value as Record<string, unknown>);
}
