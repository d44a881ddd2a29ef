import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// A reader of a clone, of the npm package or of the repository on GitHub follows the documents' links:
// each relative link must reach a file of the repository (never a folder beside it), and each #anchor a
// heading of its document.

const ROOT = new URL("../../", import.meta.url).pathname;
const DOCUMENTS = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith(".md"),
);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, "");
  return new Set(
    [...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      (m[1] ?? "")
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    ),
  );
}

function links(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
}

describe("links in README.md and docs/", () => {
  it.each(DOCUMENTS)("%s links only inside the repository, to files and headings that exist", (doc) => {
    const text = readFileSync(join(ROOT, doc), "utf8");
    const broken: string[] = [];
    for (const link of links(text)) {
      if (/^(https?|mailto):/.test(link)) continue;
      const [path = "", anchor] = link.split("#");
      const target = path === "" ? join(ROOT, doc) : resolve(dirname(join(ROOT, doc)), path);
      if (relative(ROOT, target).startsWith("..")) broken.push(`${link}: outside the repository`);
      else if (!existsSync(target)) broken.push(`${link}: no such file`);
      else if (anchor && target.endsWith(".md") && !anchors(readFileSync(target, "utf8")).has(anchor))
        broken.push(`${link}: no such heading`);
    }
    expect(broken).toEqual([]);
  });

  it("finds the links it checks", () => {
    const readme = links(readFileSync(join(ROOT, "README.md"), "utf8"));
    expect(readme).toEqual(expect.arrayContaining(["LICENSE", "action.yml", "#a-tour-of-the-cli"]));
    expect(anchors("## 4. Deploy with kustomize\n### Which overlay\n")).toEqual(
      new Set(["4-deploy-with-kustomize", "which-overlay"]),
    );
  });
});
