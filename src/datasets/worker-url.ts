/**
 * The URL of a worker module beside `from`: `.ts` when running from the sources (type stripping),
 * `.js` when running the compiled `dist/` (the container image), whose folder holds no `.ts` files.
 */
export function siblingWorker(name: string, from: string): URL {
  const extension = from.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`./${name}${extension}`, from);
}
