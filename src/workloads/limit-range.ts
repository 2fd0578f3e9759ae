/**
 * LimitRange defaults, as the LimitRanger admission plugin applies them to a new pod.
 *
 * A LimitRange object is defaulted when it is stored (SetDefaults_LimitRangeItem): in a
 * `Container` item, `default` falls back to `max`, then `defaultRequest` falls back to
 * `default`, then to `min`. At admission, every container and init container gets
 * `default` as its limit and `defaultRequest` as its request for each resource it
 * does not set itself; nothing is overwritten.
 *
 * Several LimitRanges in one namespace are applied one after another, so the first to
 * default a resource wins. Upstream takes them in informer order, which is not defined;
 * berth takes them by name so a plan is reproducible. Within one LimitRange a later
 * `Container` item overrides an earlier one, as upstream's loop does.
 */

import { type Diagnostic, diagnostic, type SourcePosition } from '../model/diagnostics.ts';
import type { FieldPath, LimitRange, LimitRangeItem, ManifestObject, ResourceList } from '../model/types.ts';
import { milliValue, parseQuantity, parseResourceMap, resourceUnit } from '../quantity/quantity.ts';
import type { ContainerDefaults, MilliList } from './requests.ts';

const MAPS = ['default', 'defaultRequest', 'min', 'max', 'maxLimitRequestRatio'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SetDefaults_LimitRangeItem; idempotent, so items read from a cluster can pass through it again. */
export function defaultLimitRangeItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== 'Container') return item;
  const defaults: ResourceList = { ...item.default };
  const defaultRequest: ResourceList = { ...item.defaultRequest };
  for (const [name, amount] of Object.entries(item.max ?? {}))
    if (!(name in defaults)) defaults[name] = amount;
  for (const [name, amount] of Object.entries(defaults))
    if (!(name in defaultRequest)) defaultRequest[name] = amount;
  for (const [name, amount] of Object.entries(item.min ?? {})) {
    if (!(name in defaultRequest)) defaultRequest[name] = amount;
  }
  return { ...item, default: defaults, defaultRequest };
}

/**
 * Reads a LimitRange manifest (or a LimitRange from a cluster snapshot, given the same
 * shape). Invalid quantities are diagnostics at their lines; the item keeps the rest.
 */
export function parseLimitRange(object: ManifestObject): {
  limitRange?: LimitRange;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const spec = object.raw.spec;
  const limitsPath: FieldPath = ['spec', 'limits'];
  if (spec !== undefined && !isPlainObject(spec)) {
    diagnostics.push(diagnostic(object.locate(['spec']), 'error', 'invalid-field', 'spec must be a mapping'));
    return { diagnostics };
  }
  const rawLimits = spec?.limits ?? [];
  if (!Array.isArray(rawLimits)) {
    diagnostics.push(
      diagnostic(object.locate(limitsPath), 'error', 'invalid-field', 'spec.limits must be a list'),
    );
    return { diagnostics };
  }
  const limits: LimitRangeItem[] = [];
  rawLimits.forEach((raw: unknown, index) => {
    const itemPath: FieldPath = [...limitsPath, index];
    if (!isPlainObject(raw)) {
      diagnostics.push(
        diagnostic(
          object.locate(itemPath),
          'error',
          'invalid-field',
          `spec.limits[${index}] must be a mapping`,
        ),
      );
      return;
    }
    const type = typeof raw.type === 'string' ? raw.type : '';
    if (!type) {
      diagnostics.push(
        diagnostic(
          object.locate([...itemPath, 'type']),
          'error',
          'missing-field',
          `spec.limits[${index}].type is required`,
        ),
      );
      return;
    }
    const item: LimitRangeItem = { type };
    const text: NonNullable<LimitRangeItem['text']> = {};
    for (const name of MAPS) {
      if (raw[name] === undefined) continue;
      const at = (key: string) => object.locate([...itemPath, name, ...(key ? [key] : [])]);
      const parsed =
        name === 'maxLimitRequestRatio' ? parseRatioMap(raw[name], at) : parseResourceMap(raw[name], at);
      diagnostics.push(...parsed.diagnostics);
      item[name] = parsed.list;
      if (isPlainObject(raw[name])) text[name] = textMap(raw[name]);
    }
    if (Object.keys(text).length > 0) item.text = text;
    limits.push(defaultLimitRangeItem(item));
  });
  return {
    limitRange: { namespace: object.metadata.namespace ?? 'default', name: object.metadata.name, limits },
    diagnostics,
  };
}

function textMap(map: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
  }
  return out;
}

/** Ratios are unitless: thousandths for every resource (`1.5` -> 1500), as the model keeps them. */
function parseRatioMap(
  map: unknown,
  at: (key: string) => SourcePosition,
): { list: ResourceList; diagnostics: Diagnostic[] } {
  const list: ResourceList = {};
  const diagnostics: Diagnostic[] = [];
  if (!isPlainObject(map)) {
    diagnostics.push(diagnostic(at(''), 'error', 'invalid-field', 'maxLimitRequestRatio must be a mapping'));
    return { list, diagnostics };
  }
  for (const [key, raw] of Object.entries(map)) {
    const parsed = parseQuantity(raw);
    if (!parsed.ok || parsed.q.nanos < 0n) {
      const error = parsed.ok ? `"${String(raw)}": must be greater than or equal to 0` : parsed.error;
      diagnostics.push(
        diagnostic(at(key), 'error', 'invalid-quantity', `invalid quantity for ${key}: ${error}`),
      );
      continue;
    }
    list[key] = milliValue(parsed.q);
  }
  return { list, diagnostics };
}

function toMilli(list: ResourceList | undefined): MilliList {
  const out: MilliList = new Map();
  for (const [name, amount] of Object.entries(list ?? {})) {
    out.set(name, resourceUnit(name) === 'millicores' ? BigInt(amount) : BigInt(amount) * 1000n);
  }
  return out;
}

/**
 * How the item writes its `key` default for `name`. A default filled in from `max`
 * or `min` when the LimitRange was stored is written there, so the text is looked
 * up where the same amount is written.
 */
function writtenDefault(
  item: LimitRangeItem,
  key: 'default' | 'defaultRequest',
  name: string,
  amount: number,
): string | undefined {
  const own = item.text?.[key]?.[name];
  if (own !== undefined) return own;
  for (const source of ['default', 'max', 'min'] as const) {
    const text = item.text?.[source]?.[name];
    if (text !== undefined && item[source]?.[name] === amount) return text;
  }
  return undefined;
}

/**
 * The defaults LimitRanger gives a container in `namespace`, merged over every
 * LimitRange there (first by name wins, see above); undefined when there are none.
 */
export function containerDefaultsFor(
  limitRanges: readonly LimitRange[],
  namespace: string,
): ContainerDefaults | undefined {
  const ranges = limitRanges
    .filter((lr) => lr.namespace === namespace)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (ranges.length === 0) return undefined;
  const text = { requests: new Map<string, string>(), limits: new Map<string, string>() };
  const merged: ContainerDefaults = { requests: new Map(), limits: new Map(), text };
  for (const range of ranges) {
    const own: ContainerDefaults = { requests: new Map(), limits: new Map() };
    const ownText = {
      requests: new Map<string, string | undefined>(),
      limits: new Map<string, string | undefined>(),
    };
    for (const raw of range.limits) {
      if (raw.type !== 'Container') continue;
      const item = defaultLimitRangeItem(raw);
      for (const [name, amount] of toMilli(item.defaultRequest)) {
        own.requests.set(name, amount);
        ownText.requests.set(
          name,
          writtenDefault(item, 'defaultRequest', name, item.defaultRequest?.[name] ?? 0),
        );
      }
      for (const [name, amount] of toMilli(item.default)) {
        own.limits.set(name, amount);
        ownText.limits.set(name, writtenDefault(item, 'default', name, item.default?.[name] ?? 0));
      }
    }
    for (const kind of ['requests', 'limits'] as const) {
      for (const [name, amount] of own[kind]) {
        if (merged[kind].has(name)) continue;
        merged[kind].set(name, amount);
        const written = ownText[kind].get(name);
        if (written !== undefined) text[kind].set(name, written);
      }
    }
  }
  return merged;
}
