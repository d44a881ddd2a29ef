// `.dvc/config` as DVC writes it (configobj's INI dialect): `[core]` with `remote = NAME`, and one
// section per remote, `['remote "NAME"']` (quoted or not) with `url = …`. Comments start with `#` or
// `;`; values may be quoted. Only what locating a DVC object needs is read. Pure.

export interface DvcConfig {
  /** `core.remote`: the remote used when an output names none. */
  readonly defaultRemote: string | undefined;
  /** Remote name → its `url`. */
  readonly remotes: ReadonlyMap<string, string>;
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1);
  return t;
}

function settingValue(raw: string): string {
  const t = raw.trim();
  if (t.startsWith('"') || t.startsWith("'")) {
    const end = t.indexOf(t[0] as string, 1);
    return end > 0 ? t.slice(1, end) : t;
  }
  const comment = t.search(/\s[#;]/);
  return (comment >= 0 ? t.slice(0, comment) : t).trim();
}

/** The config's remotes, or the line that cannot be read. */
export function parseDvcConfig(text: string): DvcConfig | { problem: string } {
  let section = "";
  let defaultRemote: string | undefined;
  const remotes = new Map<string, string>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = unquote(header[1] as string).trim();
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) return { problem: `line ${i + 1} is neither a [section] nor key = value` };
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = settingValue(line.slice(eq + 1));
    if (section.toLowerCase() === "core" && key === "remote") defaultRemote = value;
    const remote = /^remote\s+"([^"]+)"$/i.exec(section);
    if (remote && key === "url") remotes.set(remote[1] as string, value);
  }
  return { defaultRemote, remotes };
}
