// Colour for what the CLI prints on a terminal. Reports are rendered as plain text (the same text goes
// to goldens, pipes, CI logs and pull requests); on a terminal `highlight` marks the words a reader
// scans for — severities, verdicts, plan verbs, hints — after rendering, so no renderer knows about
// terminals and the columns they aligned stay aligned.

/** How to mark text; ANSI on a terminal. */
export interface TextStyle {
  bad(text: string): string;
  warn(text: string): string;
  good(text: string): string;
  dim(text: string): string;
  strong(text: string): string;
}

/**
 * Whether to colour a stream, by the usual conventions: FORCE_COLOR (set, and not 0 or false) turns it
 * on and wins over NO_COLOR (https://no-color.org: set and non-empty turns it off), as in Node.js's own
 * tty module; otherwise only a terminal that is not TERM=dumb gets colour.
 */
export function wantsColour(env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !["0", "false"].includes(force.trim().toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY === true && env.TERM !== "dumb";
}

const sgr = (open: number, close: number) => (text: string) =>
  text === "" ? text : `\x1b[${open}m${text}\x1b[${close}m`;

/** ANSI colours: red, yellow, green, dim and bold (the 8-colour set every terminal has). */
export const ANSI: TextStyle = {
  bad: sgr(31, 39),
  warn: sgr(33, 39),
  good: sgr(32, 39),
  dim: sgr(2, 22),
  strong: sgr(1, 22),
};

const RULES: readonly [RegExp, (style: TextStyle, ...groups: string[]) => string][] = [
  // Validation: `file:line:col severity CODE message`, its hint, and the verdict line.
  [
    /^(\S+:\d+:\d+ )(error|warning|notice)( SLW\d+)/,
    (s, at, sev, code) => `${s.strong(at ?? "")}${severity(s, sev ?? "")}${s.dim(code ?? "")}`,
  ],
  [/^(\s+hint: .*)$/, (s, hint) => s.dim(hint ?? "")],
  [/^(invalid)(: )/, (s, word, rest) => `${s.bad(word ?? "")}${rest}`],
  [/^(valid)(: )/, (s, word, rest) => `${s.good(word ?? "")}${rest}`],
  // Plans: one verb per changed object.
  [
    /^(Create|Update|Delete)( )/,
    (s, verb, rest) =>
      `${verb === "Delete" ? s.bad(verb) : verb === "Create" ? s.good(verb ?? "") : s.warn(verb ?? "")}${rest}`,
  ],
];

function severity(style: TextStyle, word: string): string {
  return word === "error" ? style.bad(word) : word === "warning" ? style.warn(word) : style.dim(word);
}

/** The text with its key words marked; verdict words (PASS, FAIL, DRIFT…) wherever they stand. */
export function highlight(text: string, style: TextStyle): string {
  return text
    .split("\n")
    .map((line) => {
      for (const [pattern, mark] of RULES) {
        const m = pattern.exec(line);
        if (m)
          return line.replace(pattern, (...args) => mark(style, ...(args.slice(1, m.length) as string[])));
      }
      return line
        .replace(/\b(PASS|OK)\b/g, (w) => style.good(w))
        .replace(/\b(FAIL|DRIFT|DRIFTED|ERROR)\b/g, (w) => style.bad(w))
        .replace(/\b(WARN|WARNING|NOT COMPARABLE)\b/g, (w) => style.warn(w));
    })
    .join("\n");
}

/** What to write to stdout: highlighted when stdout is a terminal that wants colour. */
export function forStdout(text: string, io: { env: NodeJS.ProcessEnv; tty?: { stdout?: boolean } }): string {
  return wantsColour(io.env, io.tty?.stdout) ? highlight(text, ANSI) : text;
}

/** The same for stderr. */
export function forStderr(text: string, io: { env: NodeJS.ProcessEnv; tty?: { stderr?: boolean } }): string {
  return wantsColour(io.env, io.tty?.stderr) ? highlight(text, ANSI) : text;
}
