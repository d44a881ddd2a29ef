// Shell completion scripts for `slipway`, written from the command table (names, summaries, options,
// fixed option values, verbs), so a new command or option completes without editing this file.
// Options that take a value complete files unless their values are a fixed list; arguments complete
// files and directories.

export interface CompletionSpec {
  readonly name: string;
  readonly summary: string;
  /** Option names without dashes, each with whether it takes a value. */
  readonly options: readonly { name: string; takesValue: boolean }[];
  readonly choices: Readonly<Record<string, readonly string[]>>;
  readonly verbs: readonly string[];
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

const GLOBAL = ["--help", "--version"];

/** Quoted for a POSIX shell inside single quotes. */
const sq = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function bashCompletion(commands: readonly CompletionSpec[]): string {
  const cases = commands.map((c) => {
    const values = Object.entries(c.choices).map(
      ([option, list]) =>
        `        --${option}) COMPREPLY=($(compgen -W ${sq(list.join(" "))} -- "$cur")); return ;;`,
    );
    const verbs =
      c.verbs.length > 0
        ? [
            `      if [[ $COMP_CWORD -eq 2 ]]; then COMPREPLY=($(compgen -W ${sq(c.verbs.join(" "))} -- "$cur")); return; fi`,
          ]
        : [];
    const options = c.options.map((o) => `--${o.name}`).join(" ");
    return [
      `    ${c.name})`,
      ...verbs,
      `      case "$prev" in`,
      ...values,
      `      esac`,
      `      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W ${sq(options)} -- "$cur")); return; fi`,
      "      ;;",
    ].join("\n");
  });
  return `# bash completion for slipway. Load it with: source <(slipway completion bash)
# or install it: slipway completion bash > /etc/bash_completion.d/slipway
_slipway() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${sq([...commands.map((c) => c.name), ...GLOBAL].join(" "))} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
  esac
}
complete -o default -F _slipway slipway
`;
}

export function zshCompletion(commands: readonly CompletionSpec[]): string {
  const described = commands.map((c) => `    ${sq(`${c.name}:${c.summary.replace(/:/g, "\\:")}`)}`);
  const cases = commands.map((c) => {
    const specs = c.options.map((o) => {
      const list = c.choices[o.name];
      if (!o.takesValue) return sq(`--${o.name}`);
      return sq(`--${o.name}=:${o.name}:${list ? `(${list.join(" ")})` : "_files"}`);
    });
    const rest = c.verbs.length > 0 ? sq(`1:${c.name}:(${c.verbs.join(" ")})`) : sq("*:file:_files");
    return `    ${c.name})\n      _arguments -s ${[...specs, rest].join(" \\\n        ")}\n      ;;`;
  });
  return `#compdef slipway
# zsh completion for slipway. Load it with: source <(slipway completion zsh)   (after compinit)
# or install it as _slipway in a directory of $fpath.
_slipway() {
  local -a commands
  commands=(
${described.join("\n")}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'slipway command' commands
    _arguments '--help' '--version'
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
${cases.join("\n")}
  esac
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _slipway "$@"
else
  compdef _slipway slipway
fi
`;
}

export function fishCompletion(commands: readonly CompletionSpec[]): string {
  const lines = [
    "# fish completion for slipway. Load it with: slipway completion fish | source",
    "# or install it: slipway completion fish > ~/.config/fish/completions/slipway.fish",
    "complete -c slipway -f",
    `complete -c slipway -n __fish_use_subcommand -l help -d ${sq("show help")}`,
    `complete -c slipway -n __fish_use_subcommand -l version -d ${sq("print the version")}`,
  ];
  for (const c of commands) {
    const when = sq(`__fish_seen_subcommand_from ${c.name}`);
    lines.push(`complete -c slipway -n __fish_use_subcommand -a ${c.name} -d ${sq(c.summary)}`);
    if (c.verbs.length > 0) lines.push(`complete -c slipway -n ${when} -a ${sq(c.verbs.join(" "))}`);
    else lines.push(`complete -c slipway -n ${when} -F`);
    for (const o of c.options) {
      const list = c.choices[o.name];
      const value = !o.takesValue ? "" : list ? ` -x -a ${sq(list.join(" "))}` : " -r -F";
      lines.push(`complete -c slipway -n ${when} -l ${o.name}${value}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function completionScript(shell: Shell, commands: readonly CompletionSpec[]): string {
  if (shell === "bash") return bashCompletion(commands);
  if (shell === "zsh") return zshCompletion(commands);
  return fishCompletion(commands);
}
