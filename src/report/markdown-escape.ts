/** Text safe inside a Markdown table cell: no pipes or newlines breaking the row, no HTML, bounded. */
export function tableCell(text: string, max = 300): string {
  const clean = text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, " ");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Text safe inside `<summary>` or a heading. */
export function inlineText(text: string, max = 200): string {
  const clean = text.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, " ");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
