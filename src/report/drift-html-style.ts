/** The report's only stylesheet, inline: system fonts, no external resource. */
export const DRIFT_HTML_STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #24292f; background: #ffffff; margin: 24px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.verdict { font-size: 16px; padding: 10px 14px; border-radius: 6px; border: 1px solid; }
.verdict.fail { background: #ffebe9; border-color: #ff8182; }
.verdict.warn { background: #fff8c5; border-color: #d4a72c; }
.verdict.pass { background: #dafbe1; border-color: #4ac26b; }
.muted { color: #57606a; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.mark { text-align: center; }
tr.error td.mark { color: #cf222e; }
tr.warning td.mark { color: #9a6700; }
tr.info td.mark { color: #0969da; }
tr.ok td.mark { color: #1a7f37; }
tr.error td:first-child { border-left: 4px solid #cf222e; }
tr.warning td:first-child { border-left: 4px solid #bf8700; }
tr.info td:first-child { border-left: 4px solid #0969da; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
ul.findings { padding-left: 20px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; }
figcaption { font-size: 13px; margin-bottom: 4px; max-width: 460px; }
p.meta { margin: 2px 0; color: #57606a; font-size: 13px; }
.areas { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 10px; }
.area { flex: 1 1 260px; border: 1px solid; border-radius: 6px; padding: 8px 12px; font-size: 13px; }
.area-title { font-weight: 600; margin-bottom: 2px; }
.area.fail { background: #ffebe9; border-color: #ff8182; }
.area.warn { background: #fff8c5; border-color: #d4a72c; }
.area.pass { background: #dafbe1; border-color: #4ac26b; }
.area.none { background: #f6f8fa; border-color: #d0d7de; color: #57606a; }
tr.untested td.mark { color: #8c959f; }
tr.untested td { color: #57606a; }
.tag { font-size: 11px; color: #57606a; border: 1px solid #d0d7de; border-radius: 10px; padding: 0 6px; }
.result.drift { color: #cf222e; font-weight: 600; }
.result.nodrift { color: #1a7f37; }
.result.untested { color: #57606a; font-style: italic; }
.side { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; margin: 8px 0; }
table.matrix td { min-width: 48px; }
caption { text-align: left; font-size: 13px; margin-bottom: 4px; }
td a { color: inherit; text-decoration: none; }
td a code { text-decoration: underline dotted #57606a; }
figure:target { outline: 2px solid #0969da; }
td.spark { padding: 2px 6px; vertical-align: middle; }
svg.spark { display: block; }
`;
