/**
 * GitHub's own REST description (@octokit/openapi), loaded once: the operations the
 * stand-in matches requests against, ajv validators for parameters, bodies and
 * answers, and the description's examples that answers are built from.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export object; ESM sees it under `default`.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type Json = Record<string, unknown>;

export interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  paramNames: string[];
  spec: Json;
}

const require = createRequire(import.meta.url);
let loaded: { spec: Json; ajv: Ajv; operations: Operation[] } | null = null;

export function openapi() {
  if (loaded) return loaded;
  const path = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = nullableWithoutType(JSON.parse(readFileSync(path, 'utf8'))) as Json;
  const ajv = new Ajv({ strict: false, validateSchema: false, logger: false, allErrors: true });
  addFormats(ajv);
  // GitHub documents "" as the default of its optional URL fields (a deployment status's
  // target_url, log_url, environment_url) and sends it, while their schemas say `uri`.
  const uri = ajv.formats.uri as { validate?: (s: string) => boolean } | ((s: string) => boolean) | undefined;
  const check = typeof uri === 'function' ? uri : uri?.validate;
  if (check) ajv.addFormat('uri', (s: string) => s === '' || check(s));
  ajv.addSchema(spec, 'gh');
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths as Record<string, Json>)) {
    const paramNames: string[] = [];
    const pattern = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      paramNames.push(name);
      // The contents API's {path} spans slashes.
      return name === 'path' ? '(.+)' : '([^/]+)';
    });
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      const op = item[method] as Json | undefined;
      if (op) operations.push({ method, template, regex: new RegExp(`^${pattern}$`), paramNames, spec: op });
    }
  }
  // Literal segments beat parameters when two templates match the same path.
  operations.sort((a, b) => a.paramNames.length - b.paramNames.length);
  loaded = { spec, ajv, operations };
  return loaded;
}

/**
 * OpenAPI 3.0's `nullable: true` beside `allOf`/`$ref` and no `type` (the compare
 * answer's `merge_base_commit.author`, for one) is what ajv refuses to compile; it means
 * "this, or null", written so for ajv.
 */
function nullableWithoutType(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableWithoutType);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = nullableWithoutType(v);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

export function pointer(segments: (string | number)[]): string {
  return `gh#${segments.map((s) => `/${encodeURIComponent(String(s).replaceAll('~', '~0').replaceAll('/', '~1'))}`).join('')}`;
}

const compiled = new Map<string, ValidateFunction>();
export function validator(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = openapi().ajv.compile({ $ref: ref });
    compiled.set(ref, v);
  }
  return v;
}

export function deref(value: unknown): Json {
  let v = value as Json;
  const { spec } = openapi();
  while (v && typeof v.$ref === 'string') {
    const parts = (v.$ref as string).replace(/^#\//, '').split('/');
    let cur: unknown = spec;
    for (const p of parts) cur = (cur as Json)[p.replaceAll('~1', '/').replaceAll('~0', '~')];
    v = cur as Json;
  }
  return v;
}

/** The operation object of a method and path template. */
export function operation(method: string, template: string): Json | undefined {
  const item = (openapi().spec.paths as Record<string, Json>)[template];
  return item ? (deref(item[method]) as Json | undefined) : undefined;
}

/** Whether the description gives a JSON schema for an answer of this status. */
export function hasResponseSchema(method: string, template: string, status: number): boolean {
  const op = operation(method, template);
  const response = op ? deref((op.responses as Json | undefined)?.[String(status)]) : undefined;
  return Boolean(((response?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema);
}

export function responseSchemaRef(method: string, template: string, status: number): string {
  return pointer([
    'paths',
    template,
    method,
    'responses',
    String(status),
    'content',
    'application/json',
    'schema',
  ]);
}

/** A deep copy of one of the description's examples (the first unless named) of an operation's response. */
export function example(method: string, template: string, status: number, name?: string): Json {
  const op = operation(method, template)!;
  const response = deref((op.responses as Json)[String(status)]);
  const examples = ((response.content as Json)['application/json'] as Json).examples as Json;
  const chosen = deref(name === undefined ? Object.values(examples)[0] : examples[name]);
  return structuredClone(chosen.value) as Json;
}
