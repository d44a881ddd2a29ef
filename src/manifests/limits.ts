/**
 * Bounds on untrusted input. A PR can contain anything; these keep one validation run small and
 * predictable. Each limit, when hit, becomes a located diagnostic rather than an exception.
 */
export const LIMITS = {
  /** Largest manifest file read (bytes). The largest realistic manifest is a few KiB. */
  maxFileBytes: 1024 * 1024,
  /** Largest sum of manifest bytes in one repository. */
  maxTotalBytes: 64 * 1024 * 1024,
  /** Most manifest files in one repository. */
  maxFiles: 20_000,
  /** Most YAML documents in one file. */
  maxDocumentsPerFile: 1000,
  /** Deepest nesting of mappings and sequences. */
  maxDepth: 64,
  /** Most aliases (`*name`) per document. */
  maxAliasCount: 100,
  /** Most nodes a document may have once its aliases are expanded (the "billion laughs" guard). */
  maxExpandedNodes: 100_000,
  /** Most diagnostics reported per file; the rest are summarised in one SLW007. */
  maxDiagnosticsPerFile: 200,
  /** Longest path accepted for a repository file. */
  maxPathLength: 1024,
} as const;

export type Limits = { readonly [K in keyof typeof LIMITS]: number };
