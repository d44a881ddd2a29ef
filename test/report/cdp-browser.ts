import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Headless Chromium driven over the DevTools protocol (a WebSocket, no library): open a page, record
// every network request it makes, read element boxes, take a full-page screenshot. Flags keep the
// browser from reaching the network on its own (updates, sync, field trials), so any request seen is
// the page's.

export function findChromium(): string | null {
  for (const name of ["chromium", "chromium-browser", "/usr/bin/chromium"]) {
    const probe = spawnSync(name, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return name;
  }
  return null;
}

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--hide-scrollbars",
  "--remote-debugging-port=0",
];

type Message = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
};

export class CdpBrowser {
  readonly #child: ChildProcess;
  readonly #socket: WebSocket;
  readonly #profile: string;
  #next = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #listeners: ((m: Message) => void)[] = [];

  private constructor(child: ChildProcess, socket: WebSocket, profile: string) {
    this.#child = child;
    this.#socket = socket;
    this.#profile = profile;
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as Message;
      if (message.id !== undefined) {
        const waiter = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error.message));
        else waiter?.resolve(message.result);
      } else for (const listen of this.#listeners) listen(message);
    });
  }

  /** Starts the browser with a fresh profile and connects to it. */
  static async launch(executable: string): Promise<CdpBrowser> {
    const profile = mkdtempSync(join(tmpdir(), "slipway-chromium-"));
    const child = spawn(executable, [...FLAGS, `--user-data-dir=${profile}`, "about:blank"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let buffered = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const found = /DevTools listening on (ws:\/\/\S+)/.exec(buffered);
        if (found) resolve(found[1] as string);
      });
      child.once("exit", (code) =>
        reject(new Error(`chromium exited (${code}) before listening:\n${buffered}`)),
      );
    });
    const socket = new WebSocket(url);
    await once(socket as unknown as EventTarget, "open");
    return new CdpBrowser(child, socket, profile);
  }

  send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = this.#next++;
    this.#socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise<T>((resolve, reject) =>
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject }),
    );
  }

  on(listen: (m: Message) => void): void {
    this.#listeners.push(listen);
  }

  /** The next event of `method` in `sessionId`. */
  event(method: string, sessionId: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const listen = (m: Message) => {
        if (m.method === method && m.sessionId === sessionId) {
          this.#listeners.splice(this.#listeners.indexOf(listen), 1);
          resolve(m.params ?? {});
        }
      };
      this.#listeners.push(listen);
    });
  }

  async close(): Promise<void> {
    this.#socket.close();
    if (this.#child.exitCode === null) {
      const exited = once(this.#child, "exit");
      this.#child.kill("SIGTERM");
      await exited;
    }
    rmSync(this.#profile, { recursive: true, force: true });
  }
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderedPage {
  /** Every URL the page requested, in order. */
  requests: string[];
  title: string;
  /** Boxes of the elements the selectors found, in document order, with their caption's column name. */
  boxes: (Box & { selector: string; column: string | null })[];
  png: Buffer;
}

/** Opens `url` at `width` pixels wide, waits for the load event, and captures the whole page. */
export async function renderPage(
  browser: CdpBrowser,
  url: string,
  width: number,
  selectors: readonly string[],
): Promise<RenderedPage> {
  const { targetId } = await browser.send<{ targetId: string }>("Target.createTarget", {
    url: "about:blank",
  });
  const { sessionId } = await browser.send<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  });
  const requests: string[] = [];
  browser.on((m) => {
    if (m.sessionId === sessionId && m.method === "Network.requestWillBeSent")
      requests.push(String((m.params?.request as { url?: string } | undefined)?.url));
  });
  await browser.send("Network.enable", {}, sessionId);
  await browser.send("Page.enable", {}, sessionId);
  await browser.send(
    "Emulation.setDeviceMetricsOverride",
    { width, height: 900, deviceScaleFactor: 1, mobile: false },
    sessionId,
  );
  const loaded = browser.event("Page.loadEventFired", sessionId);
  await browser.send("Page.navigate", { url }, sessionId);
  await loaded;
  const expression = `JSON.stringify({
    title: document.title,
    height: Math.ceil(document.documentElement.scrollHeight),
    boxes: ${JSON.stringify(selectors)}.flatMap((selector) => [...document.querySelectorAll(selector)].map((e) => {
      const r = e.getBoundingClientRect();
      return { selector, column: e.querySelector("figcaption code")?.textContent ?? null, x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
    })),
  })`;
  const evaluated = await browser.send<{ result: { value: string } }>(
    "Runtime.evaluate",
    { expression, returnByValue: true },
    sessionId,
  );
  const layout = JSON.parse(evaluated.result.value) as {
    title: string;
    height: number;
    boxes: RenderedPage["boxes"];
  };
  const shot = await browser.send<{ data: string }>(
    "Page.captureScreenshot",
    {
      format: "png",
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width, height: layout.height, scale: 1 },
    },
    sessionId,
  );
  await browser.send("Target.closeTarget", { targetId });
  return { requests, title: layout.title, boxes: layout.boxes, png: Buffer.from(shot.data, "base64") };
}
