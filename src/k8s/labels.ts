/**
 * Label selector matching as Kubernetes does it (metav1.LabelSelectorAsSelector).
 *
 * A nil selector selects nothing and an empty selector selects everything: a
 * PodDisruptionBudget or a spread constraint without a selector must not match
 * every pod, while `selector: {}` deliberately does.
 */

import type { LabelSelector, LabelSelectorRequirement } from '../model/k8s.ts';

export type Labels = Readonly<Record<string, string>>;

function hasOwn(labels: Labels, key: string): boolean {
  return Object.hasOwn(labels, key);
}

/**
 * Whether one requirement holds. An invalid requirement (In/NotIn without values,
 * Exists/DoesNotExist with values, an unknown operator) fails to convert upstream,
 * and a selector that fails to convert matches nothing.
 */
export function labelRequirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean | undefined {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      if (values.length === 0) return undefined;
      return hasOwn(labels, req.key) && values.includes(labels[req.key] as string);
    case 'NotIn':
      if (values.length === 0) return undefined;
      return !hasOwn(labels, req.key) || !values.includes(labels[req.key] as string);
    case 'Exists':
      if (values.length > 0) return undefined;
      return hasOwn(labels, req.key);
    case 'DoesNotExist':
      if (values.length > 0) return undefined;
      return !hasOwn(labels, req.key);
    default:
      return undefined;
  }
}

/** Whether `selector` selects an object with `labels`; nil matches nothing, `{}` matches everything. */
export function labelSelectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (selector === null || selector === undefined) return false;
  const matchLabels = selector.matchLabels;
  if (matchLabels) {
    for (const key in matchLabels) {
      if (!hasOwn(labels, key) || labels[key] !== matchLabels[key]) return false;
    }
  }
  const expressions = selector.matchExpressions;
  if (expressions) {
    for (const req of expressions) {
      if (labelRequirementMatches(req, labels) !== true) return false;
    }
  }
  return true;
}

/** A selector with no requirement at all, which selects everything. */
export function labelSelectorIsEmpty(selector: LabelSelector): boolean {
  return (
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0
  );
}

/**
 * The API server folds matchLabelKeys / mismatchLabelKeys into the selector when a pod
 * is created (`key In (value)` / `key NotIn (value)` for each key the pod carries), for
 * pod (anti-)affinity terms and spread constraints alike. Manifest pods never went
 * through it, so berth does it when reading them; doing it again on a cluster pod adds
 * requirements it already has, which changes nothing. A missing selector stays one that
 * selects nothing (null).
 */
export function mergeLabelKeys(
  selector: LabelSelector | null | undefined,
  labels: Labels,
  matchKeys: readonly string[] = [],
  mismatchKeys: readonly string[] = [],
): LabelSelector | null {
  if (!selector) return null;
  const extra: LabelSelectorRequirement[] = [];
  for (const key of matchKeys) {
    if (hasOwn(labels, key)) extra.push({ key, operator: 'In', values: [labels[key] as string] });
  }
  for (const key of mismatchKeys) {
    if (hasOwn(labels, key)) extra.push({ key, operator: 'NotIn', values: [labels[key] as string] });
  }
  if (extra.length === 0) return selector;
  return {
    matchLabels: selector.matchLabels,
    matchExpressions: [...(selector.matchExpressions ?? []), ...extra],
  };
}

/**
 * A selector from a plain map, as `labels.SelectorFromSet` builds one (a Service's or
 * ReplicationController's `selector`). An empty or absent map selects everything,
 * matching upstream's SelectorFromSet.
 */
export function selectorFromMap(map: Record<string, string> | null | undefined): LabelSelector {
  return { matchLabels: { ...(map ?? {}) } };
}

/** Whether every `key: value` of `map` is among `labels` (nodeSelector semantics). */
export function mapSubsetOf(map: Record<string, string> | null | undefined, labels: Labels): boolean {
  if (!map) return true;
  for (const key in map) {
    if (!hasOwn(labels, key) || labels[key] !== map[key]) return false;
  }
  return true;
}
