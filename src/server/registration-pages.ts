// The pages of the registration flow (setup mode). Every value shown is escaped; none holds a secret.

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .2em}.warn{border-left:4px solid #d29922;padding:.2rem .8rem;background:#fff8e5}
label{display:block;margin:.6rem 0}input[type=text]{font:inherit;padding:.2rem .4rem;width:16rem}
button{font:inherit;padding:.4rem 1rem}</style></head>
<body>${body}</body></html>
`;

export interface StartPage {
  readonly baseName: string;
  readonly webhookUrl: string;
  /** Why GitHub will not reach the webhook URL, when it will not. */
  readonly webhookWarning: string | null;
  readonly githubWeb: string;
  readonly defaultOwner: string;
}

export function startPage(p: StartPage): string {
  const warning = p.webhookWarning ? `<p class="warn">${escapeHtml(p.webhookWarning)}</p>` : "";
  return page(
    "Register Slipway on GitHub",
    `<h1>Register Slipway as a GitHub App</h1>
<p>This server has no GitHub App credentials yet. Registering creates an App on
<code>${escapeHtml(p.githubWeb)}</code> with the permissions and events of <code>app.yml</code> and writes its
credentials to <code>.env</code> here; then start <code>slipway serve</code> again and install the App on
your platform repository.</p>
<p>App names are unique across GitHub, so the App is named after the account that owns it, e.g.
<code>${escapeHtml(p.baseName)} (acme)</code>. Webhooks will go to <code>${escapeHtml(p.webhookUrl)}</code>.</p>
${warning}
<form method="post" action="/register">
<label>Account that will own the App (your user name or an organisation)
<input type="text" name="owner" required pattern="[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}" value="${escapeHtml(p.defaultOwner)}"></label>
<label><input type="checkbox" name="organization" value="on"${p.defaultOwner ? " checked" : ""}> it is an organisation</label>
<button type="submit">Continue on GitHub</button>
</form>`,
  );
}

/** Posts the manifest to GitHub's "new App" form at once (a button when scripts are off). */
export function handOffPage(action: string, manifest: Record<string, unknown>): string {
  return page(
    "Continue on GitHub",
    `<h1>Continue on GitHub</h1>
<form id="manifest" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}">
<p>Registering <code>${escapeHtml(String(manifest.name))}</code>.</p>
<button type="submit">Create the App on GitHub</button>
</form>
<script>document.getElementById("manifest").submit()</script>`,
  );
}

export function problemPage(title: string, detail: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p><p><a href="/">Start again</a></p>`,
  );
}
