/**
 * One manifest file's text to Kubernetes objects, each with the file, document,
 * line and column it was written at. Every problem is a diagnostic; a bad document
 * never stops the ones after it.
 *
 * YAML is read with the core schema of YAML 1.2 plus the two YAML 1.1 readings
 * kubectl still applies (`yes`/`no`/`on`/`off` booleans, `0644` octal), and
 * nothing else: no custom tags (`!!js/function` and friends are refused), no
 * timestamps or binary values, so the data is plain JSON. JSON documents are YAML
 * documents, so a stream may mix both. Merge keys (`<<: *defaults`) are accepted
 * because kubectl accepts them; keys written in the mapping itself win over merged
 * ones, as in YAML 1.1.
 *
 * Files in plain block YAML are read by the fast reader (fast.ts) with the same
 * results; everything else, and where a field is written, by the `yaml` package.
 *
 * Over ~400 lines because reading the stream, translating YAML errors and checking each
 * object's kind, name and namespace all report through one FileContext with positions;
 * the fast reader is already its own file.
 */

import {
  Composer,
  type Document,
  type DocumentOptions,
  isScalar,
  LineCounter,
  type Node,
  type ParseOptions,
  Parser,
  Scalar,
  type SchemaOptions,
  type Tags,
  visit,
  type YAMLError,
} from 'yaml';
import {
  type Diagnostic,
  type DiagnosticCode,
  diagnostic,
  type SourcePosition,
} from '../model/diagnostics.ts';
import type { FieldPath, LoadResult, ManifestObject } from '../model/types.ts';
import { type AliasTargets, type MeasureProblem, measure, offsetOf, reach, startOf } from './ast.ts';
import { describeObject, dropDuplicates } from './duplicates.ts';
import { type FastResult, readFast, setScalarSchema } from './fast.ts';
import { jsonStreamSegments } from './json-stream.ts';
import { formatBytes, type ManifestLimits, resolveLimits } from './limits.ts';
import { dns1123Label, nameRule } from './names.ts';
import { mayBeSecret } from './pretty.ts';
import { validateSecret } from './secret.ts';
import { isYaml11OnlyBoolean, yaml11Bool, yaml11Octal } from './yaml11.ts';

const composerOptions = {
  schema: 'core',
  customTags: (tags: Tags) => [yaml11Bool, yaml11Octal, ...tags],
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  // The package would print some warnings on the console; berth reports them as diagnostics instead.
  logLevel: 'silent',
} satisfies DocumentOptions & ParseOptions & SchemaOptions;

setScalarSchema(composerOptions);

/** Beyond this many YAML errors in one document the rest are echoes of the first. */
const MAX_YAML_ERRORS_PER_DOCUMENT = 10;

interface FileContext {
  file: string;
  /** The whole file's text (without a byte order mark). */
  text: string;
  /** Where the text being parsed starts in the file; offsets from the parser are relative to it. */
  base: number;
  lines: LineCounter;
  limits: ManifestLimits;
  objects: ManifestObject[];
  diagnostics: Diagnostic[];
  /** Documents seen so far in the file, across JSON stream segments. */
  documents: { count: number };
  /** Objects checked so far in the file (toObject calls), kept or not. */
  checked: { count: number };
  /** When set, each checked object's field locator is recorded here, in order. */
  locators?: ((path: FieldPath) => SourcePosition | undefined)[];
}

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(ctx: FileContext, offset: number): SourcePosition {
  const { line, col } = ctx.lines.linePos(offset + ctx.base);
  return { file: ctx.file, line, column: col };
}

function report(
  ctx: FileContext,
  offset: number,
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  message: string,
) {
  ctx.diagnostics.push(diagnostic(at(ctx, offset), severity, code, message));
}

export interface ReadOptions {
  /** Read only with the `yaml` package (the reference path), never with the fast reader. */
  reference?: boolean;
}

export function parseManifests(
  text: string,
  file: string,
  limits?: Partial<ManifestLimits>,
  options: ReadOptions = {},
): LoadResult {
  const resolved = resolveLimits(limits);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > resolved.maxFileBytes) {
    return {
      objects: [],
      diagnostics: [fileTooLarge({ file, line: 1, column: 1 }, bytes, resolved.maxFileBytes)],
    };
  }
  // Editors do not count a byte order mark as a column, so neither do diagnostics.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const segments = jsonStreamSegments(source);
  const fast = segments || options.reference ? undefined : readFast(source, resolved);
  const read = fast && collectFast(file, source, resolved, fast);
  if (read) return { objects: dropDuplicates(read.objects, read.diagnostics), diagnostics: read.diagnostics };
  const ctx = referenceContext(file, source, resolved);
  readReference(ctx, segments);
  return { objects: dropDuplicates(ctx.objects, ctx.diagnostics), diagnostics: ctx.diagnostics };
}

/** Whether parseManifests reads `text` with the fast reader rather than the reference path. */
export function readsFast(text: string, limits?: Partial<ManifestLimits>): boolean {
  const resolved = resolveLimits(limits);
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (Buffer.byteLength(source, 'utf8') > resolved.maxFileBytes || jsonStreamSegments(source)) return false;
  const fast = readFast(source, resolved);
  return fast !== undefined && collectFast('', source, resolved, fast) !== undefined;
}

function referenceContext(file: string, source: string, limits: ManifestLimits): FileContext {
  return {
    file,
    text: source,
    base: 0,
    lines: new LineCounter(),
    limits,
    objects: [],
    diagnostics: [],
    documents: { count: 0 },
    checked: { count: 0 },
  };
}

function readReference(ctx: FileContext, segments: [number, number][] | undefined): void {
  const source = ctx.text;
  if (segments) {
    ctx.lines.addNewLine(0);
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) ctx.lines.addNewLine(i + 1);
    for (const [start, end] of segments) {
      if (!parseStream({ ...ctx, base: start }, source.slice(start, end), false)) break;
    }
  } else {
    parseStream(ctx, source, true);
  }
}

/**
 * The objects the fast reader's documents hold, checked as the reference path
 * checks them; undefined when a document needs what only the reference path
 * does (a list inside a list, list items it could not place).
 */
function collectFast(
  file: string,
  text: string,
  limits: ManifestLimits,
  fast: FastResult,
): { objects: ManifestObject[]; diagnostics: Diagnostic[] } | undefined {
  for (const { value, itemStarts } of fast.documents) {
    const kind = value.kind;
    if (!isListKind(kind, value)) continue;
    const items = value.items;
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items) || itemStarts?.length !== items.length) return undefined;
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -4);
    for (const item of items as PlainObject[]) if (isListKind(item.kind ?? itemKind, item)) return undefined;
  }

  const position = (offset: number): SourcePosition => {
    const starts = fast.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { file, line: low + 1, column: offset - starts[low]! + 1 };
  };
  // Where a field is written is found, when a diagnostic asks for it, by reading
  // the file again with the reference path: the n-th object checked there is the
  // n-th checked here.
  let locators: ((path: FieldPath) => SourcePosition | undefined)[] | undefined;
  const locatorOf = (n: number) => (path: FieldPath) => {
    if (!locators) {
      const ctx = referenceContext(file, text, limits);
      ctx.locators = [];
      readReference(ctx, undefined);
      locators = ctx.locators;
    }
    return locators[n]?.(path);
  };

  const ctx = referenceContext(file, text, limits);
  ctx.documents.count = fast.count;
  for (const { index, value, start, itemStarts } of fast.documents) {
    const kind = value.kind;
    if (isListKind(kind, value)) {
      const items = value.items;
      if (!Array.isArray(items)) continue;
      const itemDefaults =
        kind === 'List' ? undefined : { kind: kind.slice(0, -4), apiVersion: value.apiVersion };
      items.forEach((item, i) => {
        const object = toObject(
          ctx,
          item as PlainObject,
          { ...position(itemStarts![i]!), document: index },
          locatorOf(ctx.checked.count),
          itemDefaults,
        );
        if (object) ctx.objects.push(object);
      });
      continue;
    }
    const object = toObject(
      ctx,
      value,
      { ...position(start), document: index },
      locatorOf(ctx.checked.count),
    );
    if (object) ctx.objects.push(object);
  }
  return { objects: ctx.objects, diagnostics: ctx.diagnostics };
}

/** Parses one YAML stream into ctx; false once the document limit stops the file. */
function parseStream(ctx: FileContext, text: string, countLines: boolean): boolean {
  const parser = new Parser(countLines ? ctx.lines.addNewLine : undefined);
  const composer = new Composer(composerOptions);
  try {
    // Documents are parsed lazily, so stopping at the limit also stops the parsing.
    for (const document of composer.compose(parser.parse(text), true, text.length)) {
      if (ctx.documents.count >= ctx.limits.maxDocuments) {
        const start = (document.contents as Node | null)?.range?.[0] ?? document.range[0];
        report(
          ctx,
          start,
          'error',
          'too-many-documents',
          `file has more than ${ctx.limits.maxDocuments} documents; only the first ${ctx.limits.maxDocuments} were read (split the file, or raise limits.maxDocuments in the berth config)`,
        );
        return false;
      }
      readDocument(ctx, document, ctx.documents.count);
      ctx.documents.count++;
    }
  } catch (error) {
    // The parser reports problems as data; reaching here means a bug or exhausted resources.
    const message = error instanceof Error ? error.message : String(error);
    report(ctx, 0, 'error', 'yaml-syntax', `could not read the file: ${message}`);
  }
  return true;
}

/** `streamed`: the input was cut off at the limit, so only a lower bound of its size is known. */
export function fileTooLarge(at: SourcePosition, bytes: number, limit: number, streamed = false): Diagnostic {
  const size = streamed ? `more than ${formatBytes(limit)}` : formatBytes(bytes);
  return diagnostic(
    at,
    'error',
    'file-too-large',
    `file is ${size}, over the ${formatBytes(limit)} limit for one manifest file; split it, or raise limits.maxFileBytes in the berth config`,
  );
}

/** YAML problems whose message may quote what the parser read (an alias name, a tag, a token). */
const QUOTING_CODES: ReadonlySet<DiagnosticCode> = new Set(['yaml-syntax', 'yaml-tag', 'yaml-alias-limit']);

function readDocument(ctx: FileContext, document: Document.Parsed, index: number): void {
  const before = ctx.diagnostics.length;
  readDocumentContents(ctx, document, index);
  // In a Secret, what the parser quotes may be the secret itself: say only what
  // kind of problem it is, at its line.
  const [start = 0, , end = ctx.text.length - ctx.base] = document.range ?? [];
  if (ctx.diagnostics.length === before || !mayBeSecret(ctx.text.slice(ctx.base + start, ctx.base + end)))
    return;
  for (let i = before; i < ctx.diagnostics.length; i++) {
    const d = ctx.diagnostics[i]!;
    if (!QUOTING_CODES.has(d.code)) continue;
    const what =
      d.code === 'yaml-tag'
        ? 'an unknown tag'
        : d.code === 'yaml-alias-limit'
          ? 'too many aliases'
          : 'a YAML problem';
    ctx.diagnostics[i] = {
      ...d,
      message: `this Secret has ${what} here; the details are withheld because they could quote a secret value`,
    };
  }
}

function readDocumentContents(ctx: FileContext, document: Document.Parsed, index: number): void {
  if (!reportYamlProblems(ctx, document)) return;
  const contents = document.contents as Node | null;
  // Empty and comment-only documents (and an explicit `null`) hold no object: kubectl skips them too.
  if (!contents || (isScalar(contents) && contents.value === null)) return;

  const measured = measure(contents, ctx.limits);
  if (!measured.ok) {
    reportMeasureProblem(ctx, measured.problem);
    return;
  }

  warnYaml11Booleans(ctx, contents);

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: ctx.limits.maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ReferenceError && /alias/i.test(message)) {
      report(
        ctx,
        contents.range?.[0] ?? 0,
        'error',
        'yaml-alias-limit',
        `document expands its aliases too many times (${message}); raise limits.maxAliasCount in the berth config if it is genuine`,
      );
    } else {
      report(ctx, contents.range?.[0] ?? 0, 'error', 'yaml-syntax', message);
    }
    return;
  }
  collect(ctx, value, contents, measured.value.aliases, index);
}

/** Most warnings about YAML 1.1 booleans one document gets; one is enough to make the point. */
const MAX_BOOLEAN_WARNINGS_PER_DOCUMENT = 3;

/**
 * `enabled: yes` is a boolean to kubectl but a string to most YAML 1.2 tools; a
 * warning at the value says which one berth (like kubectl) took.
 */
function warnYaml11Booleans(ctx: FileContext, contents: Node): void {
  let warned = 0;
  visit(contents, {
    Scalar: (_key, node) => {
      if (warned >= MAX_BOOLEAN_WARNINGS_PER_DOCUMENT) return visit.BREAK;
      if (node.type !== Scalar.PLAIN || typeof node.value !== 'boolean' || node.tag) return undefined;
      const source = (node as Scalar & { source?: string }).source ?? '';
      if (!isYaml11OnlyBoolean(source)) return undefined;
      warned++;
      report(
        ctx,
        node.range?.[0] ?? 0,
        'warning',
        'yaml-syntax',
        `${source} is read as the boolean ${node.value}, as kubectl reads YAML 1.1; quote it ("${source}") if you mean the string`,
      );
      return undefined;
    },
  });
}

/** Reports the `yaml` package's errors and warnings; false when the document must be dropped. */
function reportYamlProblems(ctx: FileContext, document: Document.Parsed): boolean {
  let usable = true;
  let reported = 0;
  let sawOtherError = false;
  const problems: [YAMLError, boolean][] = [
    ...document.errors.map((e): [YAMLError, boolean] => [e, true]),
    ...document.warnings.map((w): [YAMLError, boolean] => [w, false]),
  ];
  for (const [problem, isError] of problems) {
    const { code, severity, message } = translate(ctx, problem, isError);
    if (severity === 'error') usable = false;
    if (reported >= MAX_YAML_ERRORS_PER_DOCUMENT) continue;
    // Each duplicate key and unknown tag is its own mistake; after the first syntax
    // error, the parser's later complaints are mostly consequences of it.
    if (code !== 'yaml-duplicate-key' && code !== 'yaml-tag' && severity === 'error') {
      if (sawOtherError) continue;
      sawOtherError = true;
    }
    reported++;
    report(ctx, problem.pos[0], severity, code, message);
  }
  return usable;
}

function translate(
  ctx: FileContext,
  problem: YAMLError,
  isError: boolean,
): { code: DiagnosticCode; severity: Diagnostic['severity']; message: string } {
  const firstLine = problem.message.split('\n')[0] ?? problem.code;
  switch (problem.code) {
    case 'DUPLICATE_KEY':
      return {
        code: 'yaml-duplicate-key',
        severity: 'error',
        message: `key ${keyAt(ctx.text, problem.pos[0] + ctx.base)} is written twice in the same mapping; tools disagree on which value wins, so remove one`,
      };
    case 'TAG_RESOLVE_FAILED': {
      const tag = (/Unresolved tag: (.*)$/.exec(firstLine)?.[1] ?? '').replace(/^tag:yaml\.org,2002:/, '!!');
      return {
        code: 'yaml-tag',
        severity: 'error',
        message: `unknown tag ${tag}: manifests may use only the YAML core schema (strings, numbers, booleans, null, mappings and sequences)`,
      };
    }
    case 'RESOURCE_EXHAUSTION':
      return { code: 'too-deep', severity: 'error', message: 'document is nested too deeply to be read' };
    default:
      return {
        code: 'yaml-syntax',
        severity: isError ? 'error' : 'warning',
        // Some messages quote the offending token, which could be a Secret's value.
        message: firstLine.replace(/: ".*"$/, ''),
      };
  }
}

/** The key written at `offset`, as it reads in the source (quoted keys keep their quotes). */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200).split('\n')[0] ?? '';
  const key = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:,{}[\]]*?)\s*(:|$)/.exec(rest)?.[1] ?? rest;
  return key.startsWith('"') || key.startsWith("'") ? key : `"${key}"`;
}

function reportMeasureProblem(ctx: FileContext, problem: MeasureProblem): void {
  const offset = problem.node.range?.[0] ?? 0;
  switch (problem.kind) {
    case 'too-deep':
      report(
        ctx,
        offset,
        'error',
        'too-deep',
        `document is nested more than ${ctx.limits.maxDepth} levels deep (raise limits.maxDepth in the berth config if it is genuine)`,
      );
      return;
    case 'too-many-nodes':
      report(
        ctx,
        offset,
        'error',
        'yaml-alias-limit',
        `document would hold more than ${ctx.limits.maxNodes.toLocaleString('en-US')} values once its aliases are expanded; refusing to expand it (raise maxNodes if it is genuine)`,
      );
      return;
    case 'alias-cycle':
      report(
        ctx,
        offset,
        'error',
        'yaml-alias-limit',
        `alias *${problem.node.source} refers to a node that contains it`,
      );
      return;
    case 'unresolved-alias':
      report(
        ctx,
        offset,
        'error',
        'yaml-syntax',
        `alias *${problem.node.source} has no anchor &${problem.node.source} before it`,
      );
      return;
  }
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function isListKind(kind: unknown, value: PlainObject): kind is string {
  if (kind === 'List') return true;
  // A typed list as the API returns it (`PodList`); a custom kind that merely ends in "List" has no items array.
  return typeof kind === 'string' && kind.length > 4 && kind.endsWith('List') && Array.isArray(value.items);
}

interface Inherited {
  kind: string;
  apiVersion: unknown;
}

function collect(
  ctx: FileContext,
  value: unknown,
  node: Node,
  aliases: AliasTargets,
  index: number,
  inherited?: Inherited,
): void {
  if (!isPlainObject(value)) {
    report(
      ctx,
      node.range?.[0] ?? 0,
      'error',
      'not-an-object',
      `expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found ${typeName(value)}`,
    );
    return;
  }
  const kind = value.kind ?? inherited?.kind;
  if (isListKind(kind, value)) {
    const items = value.items;
    if (items === undefined || items === null) return;
    if (!Array.isArray(items)) {
      const reached = reach(node, ['items'], aliases);
      report(
        ctx,
        offsetOf(reached) ?? startOf(node),
        'error',
        'invalid-field',
        `${kind} items must be a sequence of objects`,
      );
      return;
    }
    // Items of a typed list (`PodList`) may leave out their kind and apiVersion; they are the list's.
    const itemDefaults =
      kind === 'List' ? undefined : { kind: kind.slice(0, -4), apiVersion: value.apiVersion };
    items.forEach((item, i) => {
      const reached = reach(node, ['items', i], aliases);
      const itemNode = reached.found === 2 && reached.node ? reached.node : node;
      collect(ctx, item, itemNode, aliases, index, itemDefaults);
    });
    return;
  }
  const locateField = (path: FieldPath): SourcePosition | undefined => {
    const reached = reach(node, path, aliases);
    const offset = reached.found > 0 ? offsetOf(reached) : undefined;
    return offset === undefined ? undefined : at(ctx, offset);
  };
  ctx.locators?.push(locateField);
  const object = toObject(ctx, value, { ...at(ctx, startOf(node)), document: index }, locateField, inherited);
  if (object) ctx.objects.push(object);
}

/**
 * Checks one written object; `locateField` finds where a field is written
 * (undefined when it is not: the object's own position is used).
 */
function toObject(
  ctx: FileContext,
  written: PlainObject,
  source: ManifestObject['source'],
  locateField: (path: FieldPath) => SourcePosition | undefined,
  inherited?: Inherited,
): ManifestObject | undefined {
  ctx.checked.count++;
  let raw = written;
  if (inherited && raw.kind === undefined) raw = { ...raw, kind: inherited.kind };
  if (inherited && raw.apiVersion === undefined && typeof inherited.apiVersion === 'string') {
    raw = { ...raw, apiVersion: inherited.apiVersion };
  }

  const locate = (path: FieldPath): SourcePosition =>
    locateField(path) ?? { file: source.file, line: source.line, column: source.column };

  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const metadata = raw.metadata;
  const writtenName =
    isPlainObject(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
  const label = describeObject(typeof raw.kind === 'string' && raw.kind ? raw.kind : 'object', writtenName);
  const fail = (path: FieldPath, code: DiagnosticCode, message: string) =>
    errors.push(diagnostic(locate(path), 'error', code, message));

  for (const field of ['apiVersion', 'kind'] as const) {
    const value = raw[field];
    if (value === undefined || value === null || value === '') {
      fail(
        [],
        'missing-field',
        `${label} has no ${field}; every object needs apiVersion, kind and metadata.name`,
      );
    } else if (typeof value !== 'string') {
      fail([field], 'invalid-field', `${label}: ${field} must be a string, found ${typeName(value)}`);
    }
  }

  let name: string | undefined;
  if (metadata === undefined || metadata === null) {
    fail(
      [],
      'missing-field',
      `${label} has no metadata.name; every object needs apiVersion, kind and metadata.name`,
    );
  } else if (!isPlainObject(metadata)) {
    fail(['metadata'], 'invalid-field', `${label}: metadata must be a mapping, found ${typeName(metadata)}`);
  } else {
    name = checkName(metadata, typeof raw.kind === 'string' ? raw.kind : '', label, locate, errors, warnings);
    checkNamespace(metadata, label, locate, errors);
  }

  // A Secret whose data does not decode is refused before anything else is looked at.
  if (errors.length === 0 && name !== undefined && raw.kind === 'Secret' && raw.apiVersion === 'v1')
    errors.push(...validateSecret(raw, name, locate));

  if (errors.length === 0 && name !== undefined) {
    const bytes = Buffer.byteLength(JSON.stringify(raw), 'utf8');
    if (bytes > ctx.limits.maxObjectBytes) {
      fail(
        [],
        'object-too-large',
        `${label} is ${formatBytes(bytes)} as JSON, over the ${formatBytes(ctx.limits.maxObjectBytes)} the API server accepts for one object; split it (raise maxObjectBytes only if your cluster accepts larger objects)`,
      );
    }
  }

  ctx.diagnostics.push(...errors, ...warnings);
  if (errors.length > 0 || name === undefined || !isPlainObject(metadata)) return undefined;

  return {
    apiVersion: raw.apiVersion as string,
    kind: raw.kind as string,
    metadata: (metadata.name === name
      ? metadata
      : { ...metadata, name }) as unknown as ManifestObject['metadata'],
    raw,
    source,
    locate,
  };
}

/** The object's name, or undefined after reporting why it has none that the API server would accept. */
function checkName(
  metadata: PlainObject,
  kind: string,
  label: string,
  locate: (path: FieldPath) => SourcePosition,
  errors: Diagnostic[],
  warnings: Diagnostic[],
): string | undefined {
  const rule = nameRule(kind);
  const invalid = (field: string, value: unknown, problems: string[]) =>
    errors.push(
      diagnostic(
        locate(['metadata', field]),
        'error',
        'invalid-field',
        `The ${label} is invalid: metadata.${field}: Invalid value: ${JSON.stringify(value)}: ${problems.join('; ')}`,
      ),
    );

  const generateName = metadata.generateName;
  if (generateName !== undefined && generateName !== null) {
    if (typeof generateName !== 'string') {
      invalid('generateName', generateName, ['must be a string']);
      return undefined;
    }
    // Upstream checks the prefix with its trailing dash masked, since a suffix follows it.
    const problems = rule(generateName.replace(/-$/, 'a'));
    if (problems.length > 0) {
      invalid('generateName', generateName, problems);
      return undefined;
    }
  }

  const name = metadata.name;
  if (name === undefined || name === null || name === '') {
    if (typeof generateName === 'string' && generateName !== '') {
      warnings.push(
        diagnostic(
          locate(['metadata', 'generateName']),
          'warning',
          'missing-field',
          `${label} has no metadata.name; its generateName "${generateName}" is used as the name (the API server adds a random suffix to it)`,
        ),
      );
      return generateName;
    }
    errors.push(
      diagnostic(
        locate(['metadata']),
        'error',
        'missing-field',
        `${label} has no metadata.name; every object needs apiVersion, kind and metadata.name`,
      ),
    );
    return undefined;
  }
  if (typeof name !== 'string') {
    invalid('name', name, [`must be a string, found ${typeName(name)}`]);
    return undefined;
  }
  const problems = rule(name);
  if (problems.length > 0) {
    invalid('name', name, problems);
    return undefined;
  }
  return name;
}

function checkNamespace(
  metadata: PlainObject,
  label: string,
  locate: (path: FieldPath) => SourcePosition,
  errors: Diagnostic[],
): void {
  const namespace = metadata.namespace;
  if (namespace === undefined || namespace === null || namespace === '') return;
  const problems =
    typeof namespace === 'string'
      ? dns1123Label(namespace)
      : [`must be a string, found ${typeName(namespace)}`];
  if (problems.length === 0) return;
  errors.push(
    diagnostic(
      locate(['metadata', 'namespace']),
      'error',
      'invalid-field',
      `The ${label} is invalid: metadata.namespace: Invalid value: ${JSON.stringify(namespace)}: ${problems.join('; ')}`,
    ),
  );
}
