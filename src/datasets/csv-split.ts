// Where a CSV body can be cut into chunks for several threads: just after a line feed that is not
// inside a quoted field. Quote parity is followed from the start with indexOf (a file without quotes
// costs one search), so a cut never falls inside a field, whatever the field holds.

const QUOTE = 0x22;
const LF = 0x0a;

/** Up to `parts` ranges [start, end) covering [from, to), each beginning at a record. */
export function splitRecords(bytes: Uint8Array, from: number, to: number, parts: number): [number, number][] {
  const cuts = [from];
  let pos = from;
  let quoted = false;
  let nextQuote = bytes.indexOf(QUOTE, pos);
  // Moves `pos` to `target`, flipping the parity at each quote passed.
  const advance = (target: number) => {
    while (nextQuote !== -1 && nextQuote < target) {
      quoted = !quoted;
      nextQuote = bytes.indexOf(QUOTE, nextQuote + 1);
    }
    pos = Math.max(pos, target);
  };
  for (let k = 1; k < parts; k++) {
    advance(from + Math.floor(((to - from) * k) / parts));
    let cut = -1;
    while (cut < 0) {
      const lf = bytes.indexOf(LF, pos);
      if (lf === -1 || lf + 1 >= to) break;
      advance(lf);
      if (!quoted) cut = lf + 1;
      pos = lf + 1;
    }
    if (cut < 0) break;
    if (cut > (cuts.at(-1) as number)) cuts.push(cut);
  }
  cuts.push(to);
  return cuts.slice(0, -1).map((start, i) => [start, cuts[i + 1] as number]);
}
