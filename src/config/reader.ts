/**
 * Reading values out of the config's YAML nodes: each reader checks the value's
 * type and range and, when it is wrong, records an error at the node's file:line
 * and returns nothing, so the default stays.
 */

import { isMap, isScalar, isSeq, type LineCounter, type Node as YamlNode } from 'yaml';
import { type Diagnostic, diagnostic, type SourcePosition } from '../model/diagnostics.ts';
import type { ResourceList } from '../model/types.ts';
import { parseResourceAmount } from '../quantity/quantity.ts';

export type { YamlNode };

export class ConfigReader {
  readonly diagnostics: Diagnostic[] = [];

  private readonly file: string;
  private readonly lines: LineCounter;

  constructor(file: string, lines: LineCounter) {
    this.file = file;
    this.lines = lines;
  }

  /** Where a node starts (line 1, column 1 when there is no node). */
  at(node: YamlNode | null | undefined): SourcePosition {
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col };
  }

  error(node: YamlNode | null | undefined, message: string): void {
    this.diagnostics.push(diagnostic(this.at(node), 'error', 'invalid-config', message));
  }

  warn(node: YamlNode | null | undefined, message: string): void {
    this.diagnostics.push(diagnostic(this.at(node), 'warning', 'invalid-config', message));
  }

  /** The entries of a mapping node, warning about keys not in `known`. */
  entries(node: YamlNode, where: string, known: readonly string[]): [string, YamlNode | null, YamlNode][] {
    if (!isMap(node)) {
      this.error(node, `${where} must be a mapping`);
      return [];
    }
    const out: [string, YamlNode | null, YamlNode][] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      if (!known.includes(key)) {
        this.warn(keyNode, `unknown key "${key}" in ${where} (known: ${known.join(', ')})`);
        continue;
      }
      out.push([key, pair.value as YamlNode | null, keyNode]);
    }
    return out;
  }

  str(node: YamlNode | null, where: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string' && node.value !== '') return node.value;
    this.error(node, `${where} must be a non-empty string`);
    return undefined;
  }

  bool(node: YamlNode | null, where: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.error(node, `${where} must be true or false`);
    return undefined;
  }

  num(node: YamlNode | null, where: string, min: number, max: number): number | undefined {
    if (isScalar(node) && typeof node.value === 'number' && node.value >= min && node.value <= max)
      return node.value;
    this.error(node, `${where} must be a number from ${min} to ${max}`);
    return undefined;
  }

  oneOf<T extends string>(node: YamlNode | null, where: string, allowed: readonly T[]): T | undefined {
    if (isScalar(node) && allowed.includes(node.value as T)) return node.value as T;
    this.error(node, `${where} must be one of ${allowed.join(', ')}`);
    return undefined;
  }

  /** A list of strings; a single string is a list of one. */
  strings(node: YamlNode | null, where: string): string[] {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) {
      this.error(node, `${where} must be a list of strings`);
      return [];
    }
    return node.items.flatMap((item) => {
      const s = this.str(item as YamlNode, where);
      return s === undefined ? [] : [s];
    });
  }

  /** A mapping of resource name to quantity, each quantity checked for its resource. */
  resources(node: YamlNode | null, where: string): ResourceList {
    const out: ResourceList = {};
    if (!isMap(node)) {
      this.error(node, `${where} must be a mapping of resource to quantity, e.g. { cpu: 500m, memory: 1Gi }`);
      return out;
    }
    for (const pair of node.items) {
      const key = String((pair.key as YamlNode & { value?: unknown }).value ?? '');
      const valueNode = pair.value as YamlNode | null;
      const raw = isScalar(valueNode) ? valueNode.value : undefined;
      const parsed = parseResourceAmount(key, raw);
      if (parsed.ok) out[key] = parsed.value;
      else this.error(valueNode, `${where}.${key}: ${parsed.error}`);
    }
    return out;
  }

  /** The pairs of a mapping of name to number from `min` to `max`, or an error saying `mustMap`. */
  numbers(
    node: YamlNode | null,
    where: string,
    min: number,
    max: number,
    mustMap: string,
  ): Record<string, number> | undefined {
    if (!isMap(node)) {
      this.error(node, mustMap);
      return undefined;
    }
    const out: Record<string, number> = {};
    for (const pair of node.items) {
      const name = String((pair.key as YamlNode & { value?: unknown }).value ?? '');
      const n = this.num(pair.value as YamlNode, `${where}.${name}`, min, max);
      if (n !== undefined) out[name] = n;
    }
    return out;
  }
}
