/** One instruction of a Dockerfile, with its 1-based line, for located messages. */
export interface Instruction {
  line: number;
  keyword: string;
  args: string;
}

export interface Stage {
  name: string | null;
  base: string;
  line: number;
  instructions: Instruction[];
}

/**
 * A Dockerfile as stages of instructions: comments dropped, `\` continuations joined, keywords upper-cased.
 * Enough to check what each stage runs and copies; BuildKit heredocs and parser directives other than
 * comments are refused rather than misread.
 */
export function parseDockerfile(text: string, file = "Dockerfile"): Stage[] {
  const instructions: Instruction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let joined = (lines[i] ?? "").trim();
    if (joined === "" || joined.startsWith("#")) continue;
    while (joined.endsWith("\\")) {
      joined = joined.slice(0, -1);
      let next: string;
      // Comment and blank lines inside a continuation are dropped, as Docker does.
      do {
        i++;
        if (i >= lines.length)
          throw new Error(`${file}:${start}: a line continuation runs past the end of the file`);
        next = (lines[i] ?? "").trim();
      } while (next === "" || next.startsWith("#"));
      joined += ` ${next}`;
    }
    const match = /^([A-Za-z]+)\s+(.*)$/.exec(joined.trim());
    if (!match?.[1] || match[2] === undefined)
      throw new Error(`${file}:${start}: not an instruction: ${joined}`);
    if (match[2].includes("<<"))
      throw new Error(`${file}:${start}: heredocs are not understood by this parser`);
    instructions.push({ line: start, keyword: match[1].toUpperCase(), args: match[2].replace(/\s+/g, " ") });
  }
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const [base = "", as, name] = instruction.args.split(" ");
      stages.push({
        name: as?.toUpperCase() === "AS" && name ? name : null,
        base,
        line: instruction.line,
        instructions: [],
      });
    } else if (instruction.keyword !== "ARG" || stages.length > 0) {
      const stage = stages.at(-1);
      if (!stage)
        throw new Error(`${file}:${instruction.line}: ${instruction.keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** `COPY --from=<stage> <src…> <dest>`: the stage copied from, or null for the build context. */
export function copySource(instruction: Instruction): { from: string | null; paths: string[] } {
  const words = instruction.args.split(" ");
  const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length) ?? null;
  const paths = words.filter((w) => !w.startsWith("--"));
  return { from, paths: paths.slice(0, -1) };
}
