export { describeObject, objectKey } from './duplicates.ts';
export { DEFAULT_MANIFEST_LIMITS, formatBytes, type ManifestLimits, resolveLimits } from './limits.ts';
export {
  type LoadOptions,
  loadManifests,
  loadManifestTexts,
  MANIFEST_EXTENSIONS,
  STDIN_NAME,
} from './load.ts';
export { dns1035Label, dns1123Label, dns1123Subdomain, nameRule, pathSegmentName } from './names.ts';
export { parseManifests } from './parse.ts';
export { isInSecret, prettyDiagnostic } from './pretty.ts';
