import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { declaredName, isGithubLogin, registrationManifest } from "./app-manifest.ts";
import { writeDotEnv } from "./dot-env.ts";
import { handOffPage, problemPage, startPage } from "./registration-pages.ts";

/**
 * Setup mode: `slipway serve` without App credentials. It serves GitHub's App manifest flow — a page,
 * the manifest handed to GitHub's "new App" form, the one-time code exchanged for the App's credentials,
 * which go to .env — and keeps /healthz answering (ready: no, on /readyz), so a probe or a person can
 * tell a server waiting to be registered from one that is down.
 */

const FORM_LIMIT = 4096;
const CONVERSION_LIMIT = 1_000_000;
const CONVERSION_TIMEOUT_MS = 30_000;

export interface RegistrationOptions {
  readonly port: number;
  /** GHE_HOST, GHE_PROTOCOL, HOST, WEBHOOK_PROXY_URL, SLIPWAY_PUBLIC_URL, SLIPWAY_APP_NAME, GH_ORG. */
  readonly env: NodeJS.ProcessEnv;
  /** Where .env is written. */
  readonly cwd: string;
  readonly appYml: string;
  readonly log: (line: string) => void;
  readonly metrics?: { readonly contentType: string; readonly text: () => Promise<string> };
}

export interface RegistrationServer {
  readonly port: number;
  /** The page to open. */
  readonly url: string;
  stop(): Promise<void>;
}

interface Conversion {
  id: number;
  slug: string;
  name: string;
  html_url: string;
  pem: string;
  webhook_secret: string | null;
  client_id: string;
  client_secret: string;
}

export async function startRegistrationServer(options: RegistrationOptions): Promise<RegistrationServer> {
  const { env } = options;
  const githubWeb = env.GHE_HOST ? `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}` : "https://github.com";
  const githubApi = env.GHE_HOST ? `${githubWeb}/api/v3` : "https://api.github.com";
  const state = randomBytes(20).toString("hex");
  const baseName = declaredName(options.appYml);
  let registered: Conversion | null = null;

  const publicUrl = (req: IncomingMessage) => {
    if (env.SLIPWAY_PUBLIC_URL) return env.SLIPWAY_PUBLIC_URL.replace(/\/+$/, "");
    const host = req.headers.host ?? "";
    return `http://${/^[\w.-]+(:\d+)?$|^\[[\d:a-fA-F]+\](:\d+)?$/.test(host) ? host : `localhost:${port}`}`;
  };
  const webhookUrl = (base: string) => env.WEBHOOK_PROXY_URL || `${base}/api/github/webhooks`;
  const unreachable = (url: string) =>
    /^https?:\/\/(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(url)
      ? `GitHub cannot deliver webhooks to ${url}. For local development, set WEBHOOK_PROXY_URL to a ` +
        "webhook proxy channel (see docs/operations.md) and restart; or set SLIPWAY_PUBLIC_URL to this " +
        "server's public address; or change the webhook URL in the App's settings later."
      : null;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://setup.invalid");
    const html = (status: number, body: string) =>
      res
        .writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
        .end(body);
    if (req.method === "GET" && url.pathname === "/healthz")
      return res.writeHead(200, { "content-type": "application/json" }).end('{"status":"setup"}\n');
    if (req.method === "GET" && url.pathname === "/readyz")
      return res
        .writeHead(503, { "content-type": "text/plain" })
        .end("setup mode: the GitHub App is not registered; webhooks are not taken\n");
    if (req.method === "GET" && url.pathname === "/metrics" && options.metrics)
      return res
        .writeHead(200, { "content-type": options.metrics.contentType })
        .end(await options.metrics.text());
    if (req.method === "GET" && url.pathname === "/") {
      const base = publicUrl(req);
      return html(
        200,
        startPage({
          baseName,
          webhookUrl: webhookUrl(base),
          webhookWarning: unreachable(webhookUrl(base)),
          githubWeb,
          defaultOwner: env.GH_ORG && isGithubLogin(env.GH_ORG) ? env.GH_ORG : "",
        }),
      );
    }
    if (req.method === "POST" && url.pathname === "/register") {
      const form = await readForm(req);
      const owner = form?.get("owner")?.trim() ?? "";
      if (!form || !isGithubLogin(owner))
        return html(400, problemPage("Not an account name", "Give the GitHub user or organisation login."));
      const base = publicUrl(req);
      const manifest = registrationManifest(options.appYml, {
        owner,
        webhookUrl: webhookUrl(base),
        redirectUrl: `${base}/callback`,
        ...(env.SLIPWAY_APP_NAME ? { name: env.SLIPWAY_APP_NAME } : {}),
      });
      const newApp =
        form.get("organization") === "on"
          ? `${githubWeb}/organizations/${owner}/settings/apps/new`
          : `${githubWeb}/settings/apps/new`;
      return html(200, handOffPage(`${newApp}?state=${state}`, manifest));
    }
    if (req.method === "GET" && url.pathname === "/callback") {
      const code = url.searchParams.get("code") ?? "";
      const given = Buffer.from(url.searchParams.get("state") ?? "");
      if (given.length !== state.length || !timingSafeEqual(given, Buffer.from(state)))
        return html(
          400,
          problemPage("Not this server's registration", "The state does not match; nothing was written."),
        );
      if (registered)
        return html(
          409,
          problemPage("Already registered", `The App ${registered.name} is in .env: restart slipway serve.`),
        );
      if (!/^[\w-]{1,200}$/.test(code))
        return html(400, problemPage("No code", "GitHub sent no usable code."));
      const conversion = await convert(githubApi, code).catch((error: Error) => error);
      if (conversion instanceof Error) {
        options.log(`slipway: the App registration failed: ${conversion.message}`);
        return html(502, problemPage("GitHub did not complete the registration", conversion.message));
      }
      writeDotEnv(options.cwd, {
        APP_ID: String(conversion.id),
        PRIVATE_KEY: conversion.pem,
        WEBHOOK_SECRET: conversion.webhook_secret ?? "",
        GITHUB_CLIENT_ID: conversion.client_id,
        GITHUB_CLIENT_SECRET: conversion.client_secret,
      });
      registered = conversion;
      const install = `${conversion.html_url}/installations/new`;
      options.log(
        `slipway: registered the GitHub App "${conversion.name}" (id ${conversion.id}); its credentials are in .env. ` +
          `Restart slipway serve, then install the App: ${install}`,
      );
      return res.writeHead(302, { location: install }).end();
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      options.log(`slipway: setup request failed: ${error.message}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("internal error\n");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, host: env.HOST || "localhost" }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = env.SLIPWAY_PUBLIC_URL
    ? `${env.SLIPWAY_PUBLIC_URL.replace(/\/+$/, "")}/`
    : `http://localhost:${port}/`;
  return {
    port,
    url,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

/** A urlencoded form of at most FORM_LIMIT bytes, or null. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMIT) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** GitHub's `POST /app-manifests/{code}/conversions`: the App's id, key and secrets for a one-time code. */
async function convert(api: string, code: string): Promise<Conversion> {
  const response = await fetch(`${api}/app-manifests/${code}/conversions`, {
    method: "POST",
    headers: {
      accept: "application/vnd.github+json",
      "user-agent": "slipway",
      "x-github-api-version": "2022-11-28",
    },
    signal: AbortSignal.timeout(CONVERSION_TIMEOUT_MS),
  });
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > CONVERSION_LIMIT) throw new Error(`GitHub answered ${declared} bytes; refused unread`);
  const text = await response.text();
  if (text.length > CONVERSION_LIMIT) throw new Error("GitHub's answer is too large");
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Reported below with the status.
  }
  if (response.status !== 201) {
    const message = typeof body.message === "string" ? body.message.slice(0, 200) : "no message";
    throw new Error(`GitHub answered ${response.status} to the code's conversion: ${message}`);
  }
  const strings = ["slug", "name", "html_url", "pem", "client_id", "client_secret"] as const;
  if (typeof body.id !== "number" || strings.some((k) => typeof body[k] !== "string"))
    throw new Error("GitHub's answer lacks the App's id, key or secrets");
  if (!/^https?:\/\/[^\s"<>]+$/.test(body.html_url as string))
    throw new Error("GitHub's answer has no App URL");
  return body as unknown as Conversion;
}
