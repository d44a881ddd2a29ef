import { createRequire } from "node:module";

// s3rver in its own process. s3rver encrypts ListObjectsV2 continuation tokens with DES, which the
// OpenSSL 3 in Node 24 only offers through its legacy provider; the harness starts this process with
// --openssl-legacy-provider so paged listings work, and the test process stays as it is.

interface Instance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  httpServer: { on(event: "request", listener: (req: { method?: string; url?: string }) => void): void };
}
const S3rver = createRequire(import.meta.url)("s3rver") as new (options: Record<string, unknown>) => Instance;

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket, configs: [] }],
});
const { port } = await server.run();
const requests: { method: string; path: string }[] = [];
server.httpServer.on("request", (req) =>
  requests.push({ method: req.method ?? "", path: decodeURIComponent(req.url ?? "") }),
);

const send = (message: unknown) => process.send?.(message);
process.on("message", async (message: { id: number; command: string }) => {
  if (message.command === "requests") send({ id: message.id, requests });
  else if (message.command === "forget") {
    requests.length = 0;
    send({ id: message.id });
  } else if (message.command === "close") {
    await server.close();
    send({ id: message.id });
    process.disconnect();
  }
});
// The test process went away without closing this server (killed, or timed out): do not outlive it.
process.on("disconnect", () => process.exit(0));
send({ port });
