/**
 * Taint and toleration matching as Kubernetes' component-helpers do it
 * (Toleration.ToleratesTaint, FindMatchingUntoleratedTaint).
 */

import type { Taint, TaintEffect, Toleration } from '../model/k8s.ts';
import { parseInt64 } from './node-affinity.ts';

/**
 * Upstream accepts a numeric toleration or taint value only when it is a plain decimal
 * integer: an optional minus sign, no leading zeros, no plus sign.
 */
const STRICT_DECIMAL_INTEGER = /^(0|-?[1-9][0-9]*)$/;

function strictInt64(value: string | undefined): bigint | undefined {
  if (value === undefined || !STRICT_DECIMAL_INTEGER.test(value)) return undefined;
  return parseInt64(value);
}

/**
 * Whether the toleration tolerates the taint:
 * - an empty effect tolerates every effect, otherwise the effects must be equal;
 * - an empty key (only valid with Exists) tolerates every key;
 * - Equal (or no operator) compares values, Exists ignores them;
 * - Lt / Gt compare integers: `Gt 900` tolerates a taint whose value is above 900,
 *   `Lt 900` one whose value is below it; a value that is not an integer on either
 *   side tolerates nothing.
 */
export function tolerationTolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator) {
    case undefined:
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt': {
      const bound = strictInt64(toleration.value);
      const actual = strictInt64(taint.value);
      if (bound === undefined || actual === undefined) return false;
      return toleration.operator === 'Lt' ? actual < bound : actual > bound;
    }
    default:
      return false;
  }
}

/** Whether any of the tolerations tolerates the taint. */
export function tolerationsTolerate(
  tolerations: readonly Toleration[] | null | undefined,
  taint: Taint,
): boolean {
  if (!tolerations) return false;
  for (const toleration of tolerations) {
    if (tolerationTolerates(toleration, taint)) return true;
  }
  return false;
}

/** Which taints a caller cares about, e.g. only NoSchedule and NoExecute for filtering. */
export type TaintFilter = (taint: Taint) => boolean;

/** The filter the TaintToleration plugin and DaemonSets use: NoSchedule and NoExecute taints. */
export const scheduleBlockingTaint: TaintFilter = (taint) =>
  taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';

/** A filter keeping taints with one of the given effects. */
export function taintEffectIn(...effects: TaintEffect[]): TaintFilter {
  return (taint) => effects.includes(taint.effect);
}

/**
 * The first taint (in the node's order) that passes `effectFilter` and no toleration
 * tolerates, or undefined when every such taint is tolerated. Without a filter every
 * taint counts.
 */
export function findUntoleratedTaint(
  taints: readonly Taint[] | null | undefined,
  tolerations: readonly Toleration[] | null | undefined,
  effectFilter?: TaintFilter,
): Taint | undefined {
  if (!taints) return undefined;
  for (const taint of taints) {
    if (effectFilter && !effectFilter(taint)) continue;
    if (!tolerationsTolerate(tolerations, taint)) return taint;
  }
  return undefined;
}
