/**
 * Bounds on what one manifest file may cost to read. Manifests come from pull
 * requests, so a hostile or careless file must fail with a clear message rather
 * than exhaust the memory or time of the runner.
 */
export interface ManifestLimits {
  /** Largest file (or standard input) read, in bytes. */
  maxFileBytes: number;
  /** Most YAML documents read from one file; later documents are not parsed. */
  maxDocuments: number;
  /** Deepest nesting of mappings and sequences in one document. */
  maxDepth: number;
  /**
   * Alias budget handed to the `yaml` package: how many times an anchor may be
   * expanded, weighted by the aliases inside it.
   */
  maxAliasCount: number;
  /**
   * Most nodes one document may hold once every alias is expanded. This, not the
   * alias count, is what bounds memory: a few aliases can describe billions of nodes.
   */
  maxNodes: number;
  /** Largest object in its JSON form; the API server refuses bigger requests. */
  maxObjectBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_MANIFEST_LIMITS: Readonly<ManifestLimits> = Object.freeze({
  maxFileBytes: 8 * MiB,
  maxDocuments: 5000,
  maxDepth: 100,
  maxAliasCount: 1000,
  maxNodes: 1_000_000,
  maxObjectBytes: 1 * MiB,
});

export function resolveLimits(limits?: Partial<ManifestLimits>): ManifestLimits {
  const resolved: ManifestLimits = { ...DEFAULT_MANIFEST_LIMITS };
  if (!limits) return resolved;
  for (const key of Object.keys(resolved) as (keyof ManifestLimits)[]) {
    const value = limits[key];
    // An undefined or nonsensical override keeps the default rather than disabling the bound.
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) resolved[key] = value;
  }
  return resolved;
}

/** `8 MiB`, `1.5 KiB`, `300 bytes`: sizes in messages a person reads. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}
