/**
 * Node selection as Kubernetes' component-helpers nodeaffinity package does it:
 * `nodeSelector` and the required node affinity terms both have to hold.
 *
 * Terms are ORed, the requirements inside a term ANDed. A term with neither
 * matchExpressions nor matchFields selects nothing, and so does a term holding a
 * requirement that fails to parse (Gt with a non-integer, In without values): upstream
 * drops such terms rather than failing the whole selector.
 */

import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from '../model/k8s.ts';
import type { Node } from '../model/types.ts';
import { mapSubsetOf } from './labels.ts';

/** The only field node selectors may use. */
export const NODE_NAME_FIELD = 'metadata.name';

const DECIMAL_INTEGER = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Parses as Go's strconv.ParseInt(s, 10, 64) does; undefined when it would fail. */
export function parseInt64(value: string): bigint | undefined {
  if (!DECIMAL_INTEGER.test(value)) return undefined;
  const n = BigInt(value);
  if (n < INT64_MIN || n > INT64_MAX) return undefined;
  return n;
}

/**
 * Whether one requirement holds for `labels`; undefined when the requirement is invalid
 * (the term holding it then matches nothing).
 */
export function nodeSelectorRequirementMatches(
  req: NodeSelectorRequirement,
  labels: Readonly<Record<string, string>>,
): boolean | undefined {
  const values = req.values ?? [];
  const present = Object.hasOwn(labels, req.key);
  switch (req.operator) {
    case 'In':
      if (values.length === 0) return undefined;
      return present && values.includes(labels[req.key] as string);
    case 'NotIn':
      if (values.length === 0) return undefined;
      return !present || !values.includes(labels[req.key] as string);
    case 'Exists':
      if (values.length > 0) return undefined;
      return present;
    case 'DoesNotExist':
      if (values.length > 0) return undefined;
      return !present;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) return undefined;
      const bound = parseInt64(values[0] as string);
      if (bound === undefined) return undefined;
      if (!present) return false;
      // A label that is not an integer never satisfies Gt/Lt (labels.Requirement.Matches).
      const actual = parseInt64(labels[req.key] as string);
      if (actual === undefined) return false;
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return undefined;
  }
}

function fieldRequirementMatches(req: NodeSelectorRequirement, node: Node): boolean | undefined {
  // Upstream accepts only metadata.name as a field, and only In/NotIn with one value.
  if (req.key !== NODE_NAME_FIELD) return undefined;
  if (req.operator !== 'In' && req.operator !== 'NotIn') return undefined;
  if ((req.values ?? []).length !== 1) return undefined;
  return nodeSelectorRequirementMatches(req, { [NODE_NAME_FIELD]: node.name });
}

/** Whether one term selects the node. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  for (const req of expressions) {
    if (nodeSelectorRequirementMatches(req, node.labels) !== true) return false;
  }
  for (const req of fields) {
    if (fieldRequirementMatches(req, node) !== true) return false;
  }
  return true;
}

/** Whether any of the terms selects the node; an empty list selects nothing. */
export function nodeSelectorTermsMatch(
  terms: readonly NodeSelectorTerm[] | null | undefined,
  node: Node,
): boolean {
  if (!terms) return false;
  for (const term of terms) {
    if (nodeSelectorTermMatches(term, node)) return true;
  }
  return false;
}

/** Whether the pod's required node affinity (alone, without nodeSelector) admits the node. */
export function podMatchesRequiredNodeAffinity(spec: PodSpec, node: Node): boolean {
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return nodeSelectorTermsMatch(required.nodeSelectorTerms, node);
}

/**
 * Whether the node satisfies the pod's `nodeSelector` and its required node affinity,
 * as upstream's RequiredNodeAffinity.Match: both must hold when both are present.
 */
export function podMatchesNodeSelectorAndAffinity(spec: PodSpec, node: Node): boolean {
  return mapSubsetOf(spec.nodeSelector, node.labels) && podMatchesRequiredNodeAffinity(spec, node);
}
