/**
 * Strict field validation, as the API server does it before it stores an object:
 *
 * - Built-in kinds are decoded into Go structs (sigs.k8s.io/json, case-sensitive). A
 *   field the struct does not have is an unknown field: with `fieldValidation=Warn`
 *   (kubectl's default) the server drops it and warns `unknown field "spec.x"`; a
 *   value of the wrong JSON type (`replicas: "3"`) fails the decoding and the object is
 *   refused whatever the field validation. `null` is accepted anywhere (it leaves the
 *   zero value). The structure comes from the OpenAPI schemas Kubernetes publishes
 *   (kubernetes.generated.ts).
 * - Custom resources are checked against the CustomResourceDefinition's structural
 *   schema: fields the schema does not name are pruned, hence unknown, unless
 *   `x-kubernetes-preserve-unknown-fields` keeps them; a value of another type than the
 *   schema's is refused. A `null` field is dropped unless its schema is `nullable`; a
 *   `null` list item is refused unless the items are `nullable`. A `required` field that is
 *   missing and a value outside an `enum` are refused too; the other value checks
 *   (patterns, bounds, formats, CEL rules) are not made.
 *
 * The work is one visit of each value of the object (a schema is only looked up, never
 * expanded), and at most MAX_ISSUES are reported per object.
 *
 * Over ~400 lines because built-in kinds and custom resources go through one walk over the
 * value with two kinds of schema; split, the rules the API server applies together would
 * drift apart.
 */

import type { FieldPath } from '../model/types.ts';
import type { SchemaBundle, SchemaType } from './bundle.ts';
import { KUBERNETES_SCHEMAS } from './kubernetes.generated.ts';

export interface SchemaIssue {
  /** `unknown`: a field the schema does not have (a warning); `type`: a value the server refuses. */
  kind: 'unknown' | 'type';
  path: FieldPath;
  message: string;
}

/** Beyond this many problems in one object the rest are listed as a count. */
export const MAX_ISSUES = 20;
/** Nesting deeper than this is not followed (the manifest reader already refuses much less). */
const MAX_DEPTH = 200;

let bundle: SchemaBundle | undefined;
function schemas(): SchemaBundle {
  bundle ??= JSON.parse(KUBERNETES_SCHEMAS) as SchemaBundle;
  return bundle;
}

/** The Kubernetes release whose schemas built-in kinds are checked against. */
export function schemaVersion(): string {
  return schemas().version;
}

/** Whether berth has the schema of a built-in `apiVersion` + `kind`. */
export function hasBuiltinSchema(apiVersion: string, kind: string): boolean {
  return Object.hasOwn(schemas().kinds, `${apiVersion}/${kind}`);
}

let clusterScoped: Set<string> | undefined;

/**
 * Whether objects of a built-in `apiVersion` + `kind` have no namespace (Node,
 * ClusterRole); undefined when the kind is not built in.
 */
export function builtinClusterScoped(apiVersion: string, kind: string): boolean | undefined {
  const b = schemas();
  clusterScoped ??= new Set(b.clusterScoped);
  const key = `${apiVersion}/${kind}`;
  if (clusterScoped.has(key)) return true;
  return Object.hasOwn(b.kinds, key) ? false : undefined;
}

/** `spec.template.spec.containers[0].resources.requets`, as the API server writes field paths. */
export function fieldPathText(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Known names looked at for a suggestion: built-in structs have under a hundred fields; a CRD may list any number. */
const MAX_SUGGESTION_CANDIDATES = 500;

/** A known field close enough to an unknown one to be what was meant (`requets` -> `requests`). */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let looked = 0;
  // At most one edit in three letters, and never all of them (`b` is not a misspelt `a`).
  let bestDistance = Math.min(Math.max(1, Math.floor(name.length / 3)), name.length - 1) + 1;
  for (const candidate of known) {
    if (++looked > MAX_SUGGESTION_CANDIDATES) break;
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
function distance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Number.POSITIVE_INFINITY;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]![j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

class Collector {
  readonly issues: SchemaIssue[] = [];
  dropped = 0;
  /** Whether a value of the wrong type was found, listed or not. */
  refused = false;
  add(issue: SchemaIssue) {
    if (issue.kind === 'type') this.refused = true;
    if (this.issues.length < MAX_ISSUES) this.issues.push(issue);
    else this.dropped++;
  }
  unknown(path: FieldPath, known: Iterable<string>) {
    const name = String(path[path.length - 1]);
    const meant = closest(name, known);
    this.add({
      kind: 'unknown',
      path,
      message: `unknown field "${fieldPathText(path)}"${meant ? ` (did you mean "${meant}"?)` : ''}`,
    });
  }
}

const GO_TYPES: Record<string, string> = {
  s: 'string',
  d: 'metav1.Time (an RFC 3339 time string)',
  y: '[]byte (a base64 string)',
  b: 'bool',
  i: 'int32',
  l: 'int64',
  n: 'float64',
  q: 'resource.Quantity (a string or a number)',
  x: 'intstr.IntOrString (an integer or a string)',
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const INT32 = 2 ** 31;
const INT64 = 2 ** 63;

function scalarFits(code: string, value: unknown): boolean {
  switch (code) {
    case 's':
    case 'y':
      return typeof value === 'string';
    case 'd':
      return typeof value === 'string' && RFC3339.test(value);
    case 'b':
      return typeof value === 'boolean';
    case 'i':
      return typeof value === 'number' && Number.isInteger(value) && value >= -INT32 && value < INT32;
    case 'l':
      return typeof value === 'number' && Number.isInteger(value) && value >= -INT64 && value < INT64;
    case 'n':
      return typeof value === 'number';
    case 'q':
      return typeof value === 'string' || typeof value === 'number';
    case 'x':
      return (
        typeof value === 'string' ||
        (typeof value === 'number' && Number.isInteger(value) && value >= -INT32 && value < INT32)
      );
    default:
      return true;
  }
}

/**
 * How a value reads in a message: its JSON type only, as in the API server's own message.
 * Never the value: it may be a Secret's.
 */
function shown(value: unknown): string {
  return jsonType(value);
}

function checkBuiltin(
  b: SchemaBundle,
  typeId: number,
  value: unknown,
  path: (string | number)[],
  out: Collector,
): void {
  if (value === null || path.length > MAX_DEPTH) return;
  const type: SchemaType | undefined = b.types[typeId];
  if (type === undefined || type === '*') return;
  if (typeof type === 'string') {
    if (!scalarFits(type, value)) {
      out.add({
        kind: 'type',
        path: [...path],
        message: `${fieldPathText(path)}: cannot unmarshal ${shown(value)} into a field of type ${GO_TYPES[type]}`,
      });
    }
    return;
  }
  const [shape, inner] = type;
  if (shape === 2) {
    if (!Array.isArray(value)) {
      wrongShape(path, value, 'a list', out);
      return;
    }
    value.forEach((item, i) => {
      path.push(i);
      checkBuiltin(b, inner!, item, path, out);
      path.pop();
    });
    return;
  }
  if (!isObject(value)) {
    wrongShape(path, value, shape === 1 ? 'a map' : 'an object', out);
    return;
  }
  if (shape === 1) {
    for (const [key, item] of Object.entries(value)) {
      path.push(key);
      checkBuiltin(b, inner!, item, path, out);
      path.pop();
    }
    return;
  }
  const fields = structFields(b, typeId, type);
  for (const [key, item] of Object.entries(value)) {
    path.push(key);
    const fieldType = fields.get(key);
    if (fieldType === undefined) out.unknown([...path], fields.keys());
    else checkBuiltin(b, fieldType, item, path, out);
    path.pop();
  }
}

const fieldMaps = new WeakMap<SchemaBundle, Map<number, Map<string, number>>>();

/** A struct's fields by name, worked out once per struct. */
function structFields(b: SchemaBundle, typeId: number, type: readonly number[]): Map<string, number> {
  let byType = fieldMaps.get(b);
  if (!byType) {
    byType = new Map();
    fieldMaps.set(b, byType);
  }
  let fields = byType.get(typeId);
  if (!fields) {
    fields = new Map();
    for (let i = 1; i + 1 < type.length; i += 2) fields.set(b.names[type[i]!]!, type[i + 1]!);
    byType.set(typeId, fields);
  }
  return fields;
}

function wrongShape(path: FieldPath, value: unknown, expected: string, out: Collector): void {
  out.add({
    kind: 'type',
    path: [...path],
    message: `${path.length === 0 ? 'the object' : fieldPathText(path)}: cannot unmarshal ${shown(value)} where ${expected} is expected`,
  });
}

export interface SchemaResult {
  issues: SchemaIssue[];
  /** Problems found beyond MAX_ISSUES, not listed. */
  more: number;
  /** Whether the API server refuses the object (a value of the wrong type, listed or not). */
  refused: boolean;
  /** How the object was checked: `builtin`, `crd`, or not at all (no schema known). */
  checked: 'builtin' | 'crd' | 'none';
}

/** A structural schema from a CustomResourceDefinition: untrusted JSON, read as it is. */
type Structural = Record<string, unknown>;

/**
 * The schemas the CustomResourceDefinitions define, by `group/version/Kind`
 * (the CR's `apiVersion/kind`). Later definitions of the same kind do not replace earlier ones.
 */
export function crdSchemas(crds: Iterable<Record<string, unknown>>): Map<string, Structural> {
  const found = new Map<string, Structural>();
  for (const crd of crds) {
    const spec = crd.spec;
    if (!isObject(spec) || typeof spec.group !== 'string' || !isObject(spec.names)) continue;
    const kind = spec.names.kind;
    if (typeof kind !== 'string' || !Array.isArray(spec.versions)) continue;
    for (const version of spec.versions) {
      if (!isObject(version) || typeof version.name !== 'string') continue;
      const schema = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      const key = `${spec.group}/${version.name}/${kind}`;
      if (isObject(schema) && !found.has(key)) found.set(key, schema);
    }
  }
  return found;
}

function schemaProperty(schema: Structural, name: string): Structural | undefined {
  const properties = schema.properties;
  if (!isObject(properties) || !Object.hasOwn(properties, name)) return undefined;
  const property = properties[name];
  return isObject(property) ? property : undefined;
}

const namesOf = new WeakMap<Structural, string[]>();

/** The field names a structural schema lists, for "did you mean": worked out once per schema, at most a few hundred. */
function propertyNames(schema: Structural): string[] {
  let names = namesOf.get(schema);
  if (!names) {
    names = [];
    if (isObject(schema.properties))
      for (const name in schema.properties) {
        if (names.length >= MAX_SUGGESTION_CANDIDATES) break;
        if (Object.hasOwn(schema.properties, name)) names.push(name);
      }
    namesOf.set(schema, names);
  }
  return names;
}

function crdTypeFits(schema: Structural, value: unknown): boolean {
  if (value === null) return schema.nullable === true;
  if (schema['x-kubernetes-int-or-string'] === true)
    return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  switch (schema.type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/** The API server's words for a CR value of the wrong type (apiextensions validation). */
function crdTypeMessage(path: FieldPath, schema: Structural, value: unknown): string {
  const where = fieldPathText(path);
  const expected = schema['x-kubernetes-int-or-string'] === true ? 'integer or string' : String(schema.type);
  const got = value === null ? 'null' : jsonType(value) === 'number' ? 'number' : jsonType(value);
  return `${where}: Invalid value: "${got}": ${where} in body must be of type ${expected}: "${got}"`;
}

function checkCustom(
  b: SchemaBundle,
  schema: Structural,
  value: unknown,
  path: (string | number)[],
  out: Collector,
  root: boolean,
): void {
  if (path.length > MAX_DEPTH) return;
  if (!crdTypeFits(schema, value)) {
    out.add({ kind: 'type', path: [...path], message: crdTypeMessage(path, schema, value) });
    return;
  }
  if (value !== null && !inEnum(schema, value)) {
    const where = fieldPathText(path);
    const supported = (schema.enum as unknown[]).slice(0, 10).map((v) => JSON.stringify(v));
    // The value itself is not quoted (it may be a secret); the allowed ones are the schema's.
    out.add({
      kind: 'type',
      path: [...path],
      message: `${where}: Unsupported value: supported values: ${supported.join(', ')}${(schema.enum as unknown[]).length > 10 ? ', ...' : ''}`,
    });
  }
  if (Array.isArray(value)) {
    const items = isObject(schema.items) ? schema.items : undefined;
    if (!items) return;
    value.forEach((item, i) => {
      path.push(i);
      checkCustom(b, items, item, path, out, false);
      path.pop();
    });
    return;
  }
  if (!isObject(value)) return;
  if (Array.isArray(schema.required)) {
    for (const key of schema.required.slice(0, MAX_REQUIRED)) {
      if (typeof key !== 'string') continue;
      const present =
        Object.hasOwn(value, key) && (value[key] !== null || schemaProperty(schema, key)?.nullable === true);
      if (!present) {
        // A null that is not nullable is dropped first, so it is missing too.
        const at = [...path, key];
        out.add({
          kind: 'type',
          path: path.length === 0 ? [key] : [...path],
          message: `${fieldPathText(at)}: Required value`,
        });
      }
    }
  }
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const additional = schema.additionalProperties;
  for (const [key, item] of Object.entries(value)) {
    path.push(key);
    const property = schemaProperty(schema, key);
    if (property && item === null) {
      // The API server drops a null field whose schema is not nullable (PruneNonNullableNullsWithoutDefaults).
    } else if ((root || embedded) && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) {
      // The object's type and metadata are the API server's, whatever the schema says: many
      // definitions (Strimzi's) declare `metadata: { type: object }` with no properties, and
      // the API server still reads metadata.name and metadata.labels as ObjectMeta.
      if (key === 'metadata') checkBuiltin(b, objectMetaType(b), item, path, out);
    } else if (property) {
      checkCustom(b, property, item, path, out, false);
    } else if (isObject(additional)) {
      if (item !== null) checkCustom(b, additional, item, path, out, false);
    } else if (!preserve && additional !== true) {
      out.unknown([...path], propertyNames(schema));
    }
    path.pop();
  }
}

/** Enums and required lists longer than this are not checked (no real schema comes close). */
const MAX_ENUM = 1000;
const MAX_REQUIRED = 1000;

/** JSON with keys in order, so two equal values compare equal whatever order their keys were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const enumTexts = new WeakMap<Structural, Set<string>>();

/** Whether a value is among the schema's `enum` (true when the schema has none, or too long a one). */
function inEnum(schema: Structural, value: unknown): boolean {
  const allowed = schema.enum;
  if (!Array.isArray(allowed) || allowed.length === 0 || allowed.length > MAX_ENUM) return true;
  // Each enum is written out once per schema, so a long list of values costs one lookup each.
  let texts = enumTexts.get(schema);
  if (!texts) {
    texts = new Set(allowed.map(canonicalJson));
    enumTexts.set(schema, texts);
  }
  return texts.has(canonicalJson(value));
}

function objectMetaType(b: SchemaBundle): number {
  const pod = b.types[b.kinds['v1/Pod']!];
  if (!Array.isArray(pod)) throw new Error('the Kubernetes schemas have no Pod');
  for (let i = 1; i + 1 < pod.length; i += 2) if (b.names[pod[i]!] === 'metadata') return pod[i + 1]!;
  throw new Error('the Kubernetes schemas have no ObjectMeta');
}

/**
 * Checks one object: against its built-in schema, else the CRD schema for its
 * `apiVersion/kind` in `custom`, else not at all.
 */
export function validateObject(raw: Record<string, unknown>, custom?: Map<string, Structural>): SchemaResult {
  const b = schemas();
  const out = new Collector();
  const apiVersion = raw.apiVersion;
  const kind = raw.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return { issues: [], more: 0, refused: false, checked: 'none' };
  const key = `${apiVersion}/${kind}`;
  if (Object.hasOwn(b.kinds, key)) {
    checkBuiltin(b, b.kinds[key]!, raw, [], out);
    return { issues: out.issues, more: out.dropped, refused: out.refused, checked: 'builtin' };
  }
  const schema = custom?.get(key);
  if (!schema) return { issues: [], more: 0, refused: false, checked: 'none' };
  checkCustom(b, schema, raw, [], out, true);
  return { issues: out.issues, more: out.dropped, refused: out.refused, checked: 'crd' };
}
