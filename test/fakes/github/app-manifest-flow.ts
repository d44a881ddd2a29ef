import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * GitHub's App manifest flow, as a server: the "new App" form a browser POSTs a manifest to
 * (`/settings/apps/new`, `/organizations/{org}/settings/apps/new`), which registers the App and sends the
 * browser to the manifest's redirect_url with a one-time code, and the API's
 * `POST /api/v3/app-manifests/{code}/conversions`, which answers the App's id, key and secrets once.
 * It refuses what GitHub refuses: a name taken by any App (names are unique across GitHub), a name over
 * 34 characters, a manifest without `url` or `hook_attributes.url`, an unknown organisation, and a code
 * used twice or older than an hour.
 */

export interface RegisteredApp {
  id: number;
  slug: string;
  name: string;
  owner: string;
  manifest: Record<string, unknown>;
  pem: string;
  webhookSecret: string;
  clientId: string;
  clientSecret: string;
}

export interface FakeManifestFlow {
  readonly host: string;
  readonly apps: RegisteredApp[];
  /** Form submissions GitHub refused, with the reason it showed. */
  readonly refusals: string[];
  readonly conversions: { code: string; status: number }[];
  close(): Promise<void>;
}

const CODE_LIFETIME_MS = 60 * 60 * 1000;

export async function startFakeManifestFlow(options: {
  /** Names already taken on GitHub ("Slipway" is, by whoever registered it first). */
  takenNames?: string[];
  organizations?: string[];
  /** The user whose browser session submits the form. */
  user?: string;
  now?: () => number;
}): Promise<FakeManifestFlow> {
  const now = options.now ?? Date.now;
  const apps: RegisteredApp[] = [];
  const refusals: string[] = [];
  const conversions: { code: string; status: number }[] = [];
  const taken = new Set((options.takenNames ?? []).map((n) => n.toLowerCase()));
  const codes = new Map<string, { app: RegisteredApp; issued: number; used: boolean }>();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();

  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
  const refuse = (res: ServerResponse, reason: string) => {
    refusals.push(reason);
    res.writeHead(422, { "content-type": "text/html" }).end(`<p class="flash-error">${reason}</p>`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://github.invalid");
    const body = await read(req);
    const conversion = /^\/api\/v3\/app-manifests\/([^/]+)\/conversions$/.exec(url.pathname);
    if (req.method === "POST" && conversion) {
      const code = decodeURIComponent(conversion[1] ?? "");
      const entry = codes.get(code);
      const valid = entry && !entry.used && now() - entry.issued < CODE_LIFETIME_MS;
      conversions.push({ code, status: valid ? 201 : 404 });
      if (!entry || !valid)
        return json(res, 404, {
          message: "Not Found",
          documentation_url: "https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest",
          status: "404",
        });
      entry.used = true;
      const { app } = entry;
      return json(res, 201, {
        id: app.id,
        slug: app.slug,
        node_id: `A_${app.id}`,
        owner: { login: app.owner, type: "Organization" },
        name: app.name,
        description: app.manifest.description ?? "",
        external_url: app.manifest.url,
        html_url: `http://${host}/apps/${app.slug}`,
        created_at: new Date(now()).toISOString(),
        updated_at: new Date(now()).toISOString(),
        permissions: app.manifest.default_permissions ?? {},
        events: app.manifest.default_events ?? [],
        client_id: app.clientId,
        client_secret: app.clientSecret,
        webhook_secret: app.webhookSecret,
        pem: app.pem,
      });
    }
    const form = /^(?:\/organizations\/([^/]+))?\/settings\/apps\/new$/.exec(url.pathname);
    if (req.method === "POST" && form) {
      const org = form[1];
      if (org !== undefined && !(options.organizations ?? []).includes(org))
        return res.writeHead(404, { "content-type": "text/html" }).end("<h1>404</h1>");
      let manifest: Record<string, unknown>;
      try {
        manifest = JSON.parse(new URLSearchParams(body).get("manifest") ?? "") as Record<string, unknown>;
      } catch {
        return refuse(res, "Invalid GitHub App configuration: manifest is not JSON");
      }
      const name = typeof manifest.name === "string" ? manifest.name : "";
      const hook = manifest.hook_attributes as { url?: unknown } | undefined;
      if (name === "") return refuse(res, "Name can't be blank");
      if (name.length > 34) return refuse(res, "Name is too long (maximum is 34 characters)");
      if (taken.has(name.toLowerCase())) return refuse(res, "Name has already been taken");
      if (typeof manifest.url !== "string") return refuse(res, "Homepage URL can't be blank");
      if (typeof hook?.url !== "string") return refuse(res, "Webhook URL can't be blank");
      if (typeof manifest.redirect_url !== "string") return refuse(res, "Redirect URL can't be blank");
      taken.add(name.toLowerCase());
      const app: RegisteredApp = {
        id: 100 + apps.length,
        slug: name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, "-")
          .replace(/^-|-$/g, ""),
        name,
        owner: org ?? options.user ?? "octocat",
        manifest,
        pem,
        webhookSecret: randomBytes(20).toString("hex"),
        clientId: `Iv23li${randomBytes(7).toString("hex")}`,
        clientSecret: randomBytes(20).toString("hex"),
      };
      apps.push(app);
      const code = randomBytes(10).toString("hex");
      codes.set(code, { app, issued: now(), used: false });
      const back = new URL(manifest.redirect_url);
      back.searchParams.set("code", code);
      const state = url.searchParams.get("state");
      if (state !== null) back.searchParams.set("state", state);
      return res.writeHead(302, { location: back.href }).end();
    }
    json(res, 404, { message: "Not Found" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    apps,
    refusals,
    conversions,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function read(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
