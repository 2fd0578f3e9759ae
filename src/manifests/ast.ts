/**
 * Walking the `yaml` package's syntax tree: measuring a document before it is
 * turned into data (so an alias bomb is refused before it is expanded), and
 * finding where a field is written (so a diagnostic points at its line).
 */

import { type Alias, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { FieldPath } from '../model/types.ts';

/** Each alias mapped to the node it stands for: the last node with that anchor written before it. */
export type AliasTargets = Map<Alias, Node>;

export type MeasureProblem =
  | { kind: 'too-deep'; node: Node }
  | { kind: 'too-many-nodes'; node: Node; nodes: number }
  | { kind: 'alias-cycle'; node: Alias }
  | { kind: 'unresolved-alias'; node: Alias };

export interface Measured {
  aliases: AliasTargets;
  /** Nodes in the document with every alias expanded. */
  nodes: number;
}

interface Extent {
  nodes: number;
  height: number;
}

class Stop {
  readonly problem: MeasureProblem;
  constructor(problem: MeasureProblem) {
    this.problem = problem;
  }
}

/**
 * Counts the nodes and nesting of a document as they would be once aliases are
 * expanded, without expanding them: each anchored node is measured once and an
 * alias adds its target's measure. The recursion never goes deeper than
 * `maxDepth + 1`, so a hostile document cannot overflow the stack here either.
 */
export function measure(
  root: Node,
  limits: { maxDepth: number; maxNodes: number },
): { ok: true; value: Measured } | { ok: false; problem: MeasureProblem; aliases: AliasTargets } {
  const aliases: AliasTargets = new Map();
  const anchors = new Map<string, Node>();
  const measured = new Map<Node, Extent>();

  const visit = (node: Node, depth: number): Extent => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) throw new Stop({ kind: 'unresolved-alias', node });
      aliases.set(node, target);
      const extent = measured.get(target);
      // Anchors are registered on entry, so a target still being measured is an ancestor.
      if (!extent) throw new Stop({ kind: 'alias-cycle', node });
      if (depth + extent.height - 1 > limits.maxDepth) throw new Stop({ kind: 'too-deep', node });
      if (extent.nodes > limits.maxNodes) {
        throw new Stop({ kind: 'too-many-nodes', node, nodes: extent.nodes });
      }
      return extent;
    }
    if (depth > limits.maxDepth) throw new Stop({ kind: 'too-deep', node });
    if (node.anchor) anchors.set(node.anchor, node);
    let nodes = 1;
    let childHeight = 0;
    const add = (child: unknown) => {
      if (!child || typeof child !== 'object') return;
      const extent = visit(child as Node, depth + 1);
      nodes += extent.nodes;
      if (extent.height > childHeight) childHeight = extent.height;
      if (nodes > limits.maxNodes) throw new Stop({ kind: 'too-many-nodes', node, nodes });
    };
    if (isMap(node)) {
      for (const pair of node.items) {
        add(pair.key);
        add(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) add(item);
    }
    const extent = { nodes, height: childHeight + 1 };
    measured.set(node, extent);
    return extent;
  };

  try {
    const extent = visit(root, 1);
    return { ok: true, value: { aliases, nodes: extent.nodes } };
  } catch (error) {
    if (error instanceof Stop) return { ok: false, problem: error.problem, aliases };
    throw error;
  }
}

/** Where a path leads in the tree: the deepest node reached and the key that names it. */
export interface Reached {
  /** The value node at the end of the reached part of the path (null for `key:` with no value). */
  node: Node | null;
  /** The mapping key under which `node` is written, when it is a mapping value. */
  key: Node | null;
  /** How many segments of the path were found. */
  found: number;
}

function keyText(key: unknown): string | undefined {
  // A merge key is read as a Symbol, not the string `<<`.
  if (isScalar(key)) return typeof key.value === 'symbol' ? key.value.description : String(key.value);
  return undefined;
}

function deref(node: unknown, aliases: AliasTargets): Node | null {
  if (isAlias(node)) return aliases.get(node) ?? null;
  return (node as Node | null) ?? null;
}

/**
 * The pair under `segment` in a mapping, looking into `<<` merge sources when the
 * mapping does not write the key itself (keys written directly win, as in YAML 1.1).
 */
function findPair(
  map: Node,
  segment: string,
  aliases: AliasTargets,
  seen = new Set<Node>(),
): Pair | undefined {
  if (!isMap(map) || seen.has(map)) return undefined;
  seen.add(map);
  let merges: unknown[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const name = keyText(pair.key);
    if (name === segment && name !== '<<') return pair;
    if (name === '<<' && isScalar(pair.key)) {
      const source = deref(pair.value, aliases);
      merges = merges.concat(isSeq(source) ? source.items : [source]);
    }
  }
  for (const source of merges) {
    const found = findPair(deref(source, aliases) as Node, segment, aliases, seen);
    if (found) return found;
  }
  return undefined;
}

export function reach(root: Node, path: FieldPath, aliases: AliasTargets): Reached {
  let node: Node | null = deref(root, aliases);
  let key: Node | null = null;
  let found = 0;
  for (const segment of path) {
    if (node && isMap(node)) {
      const pair = findPair(node, String(segment), aliases);
      if (!pair) break;
      key = pair.key as Node;
      node = deref(pair.value, aliases);
    } else if (node && isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      key = null;
      node = deref(item, aliases);
    } else {
      break;
    }
    found++;
  }
  return { node, key, found };
}

/** The offset a diagnostic about `reached` should point at: a scalar value itself, else the key naming it. */
export function offsetOf(reached: Reached): number | undefined {
  const { node, key } = reached;
  if (node && isScalar(node) && node.range) return node.range[0];
  if (key?.range) return key.range[0];
  return node?.range?.[0];
}

/** Where an object starts: its first key when it has one, so block and flow styles point alike. */
export function startOf(node: Node): number {
  if (isMap(node)) {
    const first = node.items[0];
    const key = first && isPair(first) ? (first.key as Node | null) : null;
    if (key?.range) return key.range[0];
  }
  return node.range?.[0] ?? 0;
}
