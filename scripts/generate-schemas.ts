/**
 * `npm run schemas`: writes src/schema/kubernetes.generated.ts, the structure of every
 * built-in kind (fields and their types) from the OpenAPI v3 description Kubernetes
 * publishes in its module (k8s.io/kubernetes, api/openapi-spec/v3), at the version the
 * control plane in test/cluster pins. Only what strict field validation needs is kept:
 * field names, scalar types and formats, lists, maps and references; descriptions,
 * defaults, enums and the rest are dropped so the bundle stays small.
 *
 * Needs Go (the module is fetched through the Go module proxy, as the control-plane
 * build fetches it). Run again whenever test/cluster/go.mod moves to another version.
 */

import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SchemaBundle, SchemaType } from '../src/schema/bundle.ts';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const moduleDir = join(root, 'test', 'cluster');
/** Where to write: src/schema/kubernetes.generated.ts, or the path given (to compare with it). */
const output = process.argv[2] ?? join(root, 'src', 'schema', 'kubernetes.generated.ts');

/** Go types whose JSON is taken as is, without field checks (they hold raw JSON). */
const RAW_JSON = new Set([
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
]);

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

interface OpenApiSchema {
  type?: string;
  format?: string;
  $ref?: string;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
}

async function specDir(): Promise<{ dir: string; version: string }> {
  const { stdout } = await run('go', ['mod', 'download', '-json', 'k8s.io/kubernetes'], {
    cwd: moduleDir,
    maxBuffer: 1 << 20,
  });
  const module = JSON.parse(stdout) as { Dir?: string; Version?: string; Error?: string };
  if (!module.Dir || !module.Version) throw new Error(`go mod download k8s.io/kubernetes: ${module.Error}`);
  return { dir: join(module.Dir, 'api', 'openapi-spec', 'v3'), version: module.Version };
}

const { dir, version } = await specDir();
const definitions = new Map<string, OpenApiSchema>();
/** Kinds created at a path without `{namespace}`: they have no namespace. */
const clusterScoped = new Set<string>();
for (const file of (await readdir(dir)).sort()) {
  if (!file.endsWith('.json')) continue;
  const spec = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
    components?: { schemas?: Record<string, OpenApiSchema> };
    paths?: Record<string, { post?: { 'x-kubernetes-group-version-kind'?: GroupVersionKind } }>;
  };
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) definitions.set(name, schema);
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    const gvk = item.post?.['x-kubernetes-group-version-kind'];
    // A collection's path (`/apis/storage.k8s.io/v1/storageclasses`), not a subresource's.
    if (!gvk || path.includes('{')) continue;
    clusterScoped.add(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`);
  }
}

const names: string[] = [];
const nameIndex = new Map<string, number>();
const types: SchemaType[] = [];
/** Interned types by their encoding, so `int32` or `[]string` is stored once. */
const interned = new Map<string, number>();
const byDefinition = new Map<string, number>();

function nameId(name: string): number {
  let id = nameIndex.get(name);
  if (id === undefined) {
    id = names.length;
    names.push(name);
    nameIndex.set(name, id);
  }
  return id;
}

function intern(type: SchemaType): number {
  const key = JSON.stringify(type);
  let id = interned.get(key);
  if (id === undefined) {
    id = types.length;
    types.push(type);
    interned.set(key, id);
  }
  return id;
}

function scalar(schema: OpenApiSchema, where: string): SchemaType {
  switch (schema.type) {
    case 'string':
      return schema.format === 'date-time' ? 'd' : schema.format === 'byte' ? 'y' : 's';
    case 'boolean':
      return 'b';
    case 'integer':
      return schema.format === 'int32' ? 'i' : 'l';
    case 'number':
      return 'n';
    default:
      throw new Error(`${where}: unexpected type ${schema.type}`);
  }
}

function definition(name: string): number {
  const known = byDefinition.get(name);
  if (known !== undefined) return known;
  const schema = definitions.get(name);
  if (!schema) throw new Error(`unknown definition ${name}`);
  if (RAW_JSON.has(name)) {
    const id = intern('*');
    byDefinition.set(name, id);
    return id;
  }
  if (name === 'io.k8s.apimachinery.pkg.api.resource.Quantity') return remember(name, intern('q'));
  if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') return remember(name, intern('x'));
  if (schema.type !== 'object' || schema.additionalProperties) return remember(name, typeOf(schema, name));
  // A struct: its slot is taken before its fields are read, since fields may lead back to it.
  const id = types.length;
  types.push([0]);
  byDefinition.set(name, id);
  const fields: number[] = [0];
  for (const [field, fieldSchema] of Object.entries(schema.properties ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    fields.push(nameId(field), typeOf(fieldSchema, `${name}.${field}`));
  }
  types[id] = fields as SchemaType;
  return id;
}

function remember(name: string, id: number): number {
  byDefinition.set(name, id);
  return id;
}

function typeOf(schema: OpenApiSchema, where: string): number {
  const ref = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0]?.$ref : undefined);
  if (ref) return definition(ref.replace('#/components/schemas/', ''));
  if (schema.type === 'array') {
    if (!schema.items) throw new Error(`${where}: array without items`);
    return intern([2, typeOf(schema.items, `${where}[]`)]);
  }
  if (schema.type === 'object') {
    const values = schema.additionalProperties;
    if (values && typeof values === 'object') return intern([1, typeOf(values, `${where}{}`)]);
    if (schema.properties) throw new Error(`${where}: inline struct`);
    return intern('*');
  }
  if (schema.type === undefined) return intern('*');
  return intern(scalar(schema, where));
}

const kinds: Record<string, number> = {};
for (const [name, schema] of [...definitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
    // Kinds every group shares (DeleteOptions, WatchEvent) are not objects anyone writes in a manifest.
    if (
      !name.startsWith('io.k8s.api.') &&
      !name.includes('.apiextensions.') &&
      !name.includes('.apiregistration.')
    )
      continue;
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    kinds[`${apiVersion}/${gvk.kind}`] = definition(name);
  }
}

const bundle: SchemaBundle = { version, names, types, kinds, clusterScoped: [...clusterScoped].sort() };
const json = JSON.stringify(bundle);
if (json.includes("'") || json.includes('\\')) throw new Error('the bundle would need escaping');
await writeFile(
  output,
  `/**
 * GENERATED by scripts/generate-schemas.ts (npm run schemas) from the OpenAPI v3
 * description in k8s.io/kubernetes ${version} (api/openapi-spec/v3). Do not edit:
 * run the script again. The format is described in bundle.ts.
 */

export const KUBERNETES_VERSION = '${version}';
export const KUBERNETES_SCHEMAS = '${json}';
`,
);
console.log(
  `wrote ${output}: Kubernetes ${version}, ${Object.keys(kinds).length} kinds, ${types.length} types, ${names.length} field names, ${json.length} bytes`,
);
