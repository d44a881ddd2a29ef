/** Text safe in HTML element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Escaped and cut to `max` characters, the whole text kept in a tooltip when cut. */
export function shortHtml(text: string, max: number): string {
  if (text.length <= max) return escapeHtml(text);
  return `<span title="${escapeHtml(text)}">${escapeHtml(text.slice(0, max))}…</span>`;
}
