import { posix } from "node:path";
import { LIMITS } from "../../manifests/limits.ts";
import { parseYamlFile } from "../../manifests/parse-yaml.ts";

// The outputs DVC tracks, from the files it commits to git: `<name>.dvc` files (`outs:`) and
// `dvc.lock` (`stages.<name>.outs`, paths relative to the stage's `wdir` from the `dvc.yaml` beside it).
// An output's `md5` is its content hash (`….dir` for a directory); `hash: md5` marks DVC 3 hashing and
// the `files/md5/` layout, its absence DVC 2's (md5 of text with CRLF turned into LF). YAML is parsed
// with the manifests' hardened parser: these files are untrusted like any other. Pure.

export interface DvcOut {
  /** The `.dvc` or `dvc.lock` file that records it. */
  readonly file: string;
  /** Repository-relative path of the tracked file or directory. */
  readonly path: string;
  readonly md5: string;
  /** DVC 2 (no `hash: md5`): md5 of text after CRLF → LF, objects at `<remote>/xx/…`. */
  readonly legacy: boolean;
  readonly size: number | undefined;
  /** The remote the output names (`remote:`), if any. */
  readonly remote: string | undefined;
  /** `cache: false`: the file lives in git, not in DVC's cache. */
  readonly cached: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export const MD5 = /^[0-9a-f]{32}(\.dir)?$/;

function yaml(file: string, bytes: Uint8Array): unknown {
  const parsed = parseYamlFile(file, new TextDecoder().decode(bytes), LIMITS);
  const first = parsed.diagnostics.find((d) => d.severity === "error");
  if (first) throw new Error(`${file}:${first.line}:${first.column}: ${first.message}`);
  return parsed.documents[0]?.value ?? null;
}

/** `dir/wdir/path` inside the repository, or undefined for a path outside it. */
function repoPath(...parts: string[]): string | undefined {
  const joined = posix.normalize(posix.join(...parts.filter((p) => p !== "")));
  if (joined.startsWith("../") || joined === ".." || posix.isAbsolute(joined)) return undefined;
  return joined.replace(/\/+$/, "");
}

function outsOf(file: string, dir: string, outs: unknown, where: string): DvcOut[] {
  if (outs === undefined || outs === null) return [];
  if (!Array.isArray(outs)) throw new Error(`${file}: ${where}outs is not a list`);
  const found: DvcOut[] = [];
  for (const [i, out] of outs.entries()) {
    if (!isObject(out) || typeof out.path !== "string")
      throw new Error(`${file}: ${where}outs[${i}] has no path`);
    const path = repoPath(dir, out.path);
    if (path === undefined) continue; // an external output: not in the repository's cache
    const cached = out.cache !== false;
    const md5 = typeof out.md5 === "string" ? out.md5 : "";
    if (cached && !MD5.test(md5))
      throw new Error(`${file}: ${where}outs[${i}] (${out.path}) has no md5 content hash`);
    found.push({
      file,
      path,
      md5,
      legacy: out.hash !== "md5",
      size: typeof out.size === "number" ? out.size : undefined,
      remote: typeof out.remote === "string" ? out.remote : undefined,
      cached,
    });
  }
  return found;
}

/** The outputs of a `.dvc` file, relative to the repository. */
export function dvcFileOuts(file: string, bytes: Uint8Array): DvcOut[] {
  const doc = yaml(file, bytes);
  if (!isObject(doc)) throw new Error(`${file}: not a .dvc file (no outs)`);
  return outsOf(file, posix.dirname(file), doc.outs, "");
}

/**
 * The outputs of a `dvc.lock`, each relative to its stage's working directory; `dvcYaml` is the
 * `dvc.yaml` beside it (for `wdir`), null when absent.
 */
export function dvcLockOuts(file: string, bytes: Uint8Array, dvcYaml: Uint8Array | null): DvcOut[] {
  const doc = yaml(file, bytes);
  if (!isObject(doc)) throw new Error(`${file}: not a dvc.lock file`);
  // Schema 2.0 nests stages under `stages`; the 1.0 lock file had them at the top.
  const stages = doc.schema !== undefined ? doc.stages : doc;
  if (!isObject(stages)) throw new Error(`${file}: no stages`);
  const definitions = dvcYaml ? yaml(posix.join(posix.dirname(file), "dvc.yaml"), dvcYaml) : null;
  const defined = isObject(definitions) && isObject(definitions.stages) ? definitions.stages : {};
  const found: DvcOut[] = [];
  for (const [name, stage] of Object.entries(stages)) {
    if (!isObject(stage)) continue;
    // A `foreach` stage `name@key` keeps its definition (and `wdir`) under `do`.
    const definition = defined[name.split("@")[0] as string];
    const body = isObject(definition) && isObject(definition.do) ? definition.do : definition;
    const wdir = isObject(body) && typeof body.wdir === "string" ? body.wdir : ".";
    if (wdir.includes("${")) {
      if (stage.outs !== undefined)
        throw new Error(`${file}: stage ${name} has a templated wdir (${wdir}); name a .dvc file instead`);
      continue;
    }
    found.push(...outsOf(file, posix.join(posix.dirname(file), wdir), stage.outs, `stages.${name}.`));
  }
  return found;
}
