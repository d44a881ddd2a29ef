import { readDirectory } from "../../src/repo/read-directory.ts";

export const TEMPLATE_DIR = new URL("../../platform-repo-template/", import.meta.url).pathname;
export const SERVER_CONFIG_EXAMPLE = new URL("../../server-config.example.yaml", import.meta.url).pathname;

const decoder = new TextDecoder();

/** The template repository as path → text, to copy and mutate in tests. */
export async function templateFiles(): Promise<Record<string, string>> {
  const tree = await readDirectory(TEMPLATE_DIR);
  return Object.fromEntries([...tree.files].map(([p, bytes]) => [p, decoder.decode(bytes)]));
}
