/**
 * `.github/berth.yml`: clusters, policy, scheduler profile, reservations, cost
 * rates, comment mode and timeline settings. Every problem is a diagnostic at
 * file:line; unknown keys are warnings (a typo must not silently disable a rule).
 * This file reads the document; keys.ts holds one parser per top-level key.
 */

import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { DEFAULT_APPLY_PARALLELISM } from '../apply/types.ts';
import { type ReadScope, readContained } from '../files/contained.ts';
import { DEFAULT_ROLES } from '../github/permission.ts';
import { decodeText } from '../manifests/text.ts';
import { BerthError, type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { KEY_PARSERS } from './keys.ts';
import { ConfigReader } from './reader.ts';
import type { BerthConfig } from './types.ts';

export type {
  ApplyConfig,
  BerthConfig,
  ClusterConfig,
  CommentMode,
  CostRates,
  ManifestLimitKey,
  PolicyConfig,
  Reservation,
  TimelinePolicy,
} from './types.ts';
export { COMMENT_MODES, DEFAULT_CONFIG_PATH } from './types.ts';

export function defaultConfig(): BerthConfig {
  return {
    clusters: [],
    policy: {
      unschedulable: true,
      quotaExceeded: true,
      nPlusOne: false,
      missedDeadlines: false,
      requireRequests: false,
    },
    scheduler: { scoringStrategy: 'LeastAllocated', pluginWeights: {}, disabledPlugins: [] },
    reservations: [],
    comment: { mode: 'update' },
    timeline: { policy: 'edf', horizon: '24h', defaultDuration: '1h' },
    workloads: [],
    limits: {},
    apply: {
      applySet: 'berth',
      inventoryNamespace: 'berth-system',
      namespace: 'default',
      allowKinds: [],
      pruneKinds: [],
      maxPrune: 10,
      parallelism: DEFAULT_APPLY_PARALLELISM,
      onMerge: true,
      prune: false,
      waitMs: 5 * 60_000,
      applyBeforeMerge: false,
      roles: { ...DEFAULT_ROLES },
    },
    render: {},
  };
}

export interface ConfigResult {
  config: BerthConfig;
  diagnostics: Diagnostic[];
}

export interface ConfigFileOptions {
  /** Where the config may be (default: inside the working directory); see src/files/contained.ts. */
  scope?: ReadScope;
  /** Filled with the config's text by its path, for code frames. */
  sources?: Map<string, string>;
}

export async function loadConfigFile(path: string, options: ConfigFileOptions = {}): Promise<ConfigResult> {
  const read = await readContained(path, options.scope ?? { root: process.cwd() });
  if (!read.ok) {
    const why =
      read.code === 'missing' ? 'no such file' : read.code === 'too-large' ? 'too large' : read.message;
    throw new BerthError('io', `cannot read config ${path}: ${why}`);
  }
  const decoded = decodeText(read.bytes);
  if (!decoded.ok) throw new BerthError('io', `cannot read config ${path}: ${decoded.why}`);
  options.sources?.set(path, decoded.text);
  return parseConfig(decoded.text, path);
}

export function parseConfig(text: string, file: string): ConfigResult {
  const config = defaultConfig();
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const read = new ConfigReader(file, lines);
  const diagnostics: Diagnostic[] = read.diagnostics;

  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    diagnostics.push(
      diagnostic(
        { file, line: pos.line, column: pos.col },
        'error',
        'invalid-config',
        e.message.split('\n')[0]!,
      ),
    );
  }
  if (doc.errors.length > 0) return { config, diagnostics };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, diagnostics };
  if (!isMap(root)) {
    read.error(root, 'the config must be a mapping of settings');
    return { config, diagnostics };
  }
  for (const [key, value, keyNode] of read.entries(root, 'the config', Object.keys(KEY_PARSERS))) {
    KEY_PARSERS[key]!(read, value, keyNode, config);
  }
  return { config, diagnostics };
}
