/**
 * LimitRanger's validation of a new pod (plugin/pkg/admission/limitranger): every
 * container (app and init) against each `type: Container` item's min, max and
 * maxLimitRequestRatio, and the pod as a whole against `type: Pod` items. The pod's
 * containers have already been defaulted by every LimitRange of the namespace.
 *
 * Upstream walks Go maps, so with several violations its order varies from run to
 * run; berth sorts resource names so the same input always gives the same message.
 */

import type { LimitRange, LimitRangeItem } from '../model/types.ts';
import { type AdmittedContainer, type AmountList, isMilliResource, podTotal } from './pod-resources.ts';
import { type Amount, formatOf, quantityString } from './quantity-format.ts';

type Bound = 'min' | 'max' | 'maxLimitRequestRatio';

function enforcedAmounts(item: LimitRangeItem, bound: Bound): [string, Amount][] {
  const values = item[bound] ?? {};
  return Object.keys(values)
    .sort()
    .map((name) => {
      const value = values[name] ?? 0;
      return [name, { value, format: formatOf(item.text?.[bound]?.[name] ?? String(value)) }];
    });
}

function show(amount: Amount, name: string): string {
  return quantityString(amount, isMilliResource(name));
}

function minConstraint(
  type: string,
  name: string,
  enforced: Amount,
  requests: AmountList,
  limits: AmountList,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const min = show(enforced, name);
  if (!req) return `minimum ${name} usage per ${type} is ${min}.  No request is specified`;
  if (req.value < enforced.value)
    return `minimum ${name} usage per ${type} is ${min}, but request is ${show(req, name)}`;
  if (lim && lim.value < enforced.value)
    return `minimum ${name} usage per ${type} is ${min}, but limit is ${show(lim, name)}`;
  return undefined;
}

function maxConstraint(
  type: string,
  name: string,
  enforced: Amount,
  requests: AmountList,
  limits: AmountList,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const max = show(enforced, name);
  if (!lim) return `maximum ${name} usage per ${type} is ${max}.  No limit is specified`;
  if (lim.value > enforced.value)
    return `maximum ${name} usage per ${type} is ${max}, but limit is ${show(lim, name)}`;
  if (req && req.value > enforced.value)
    return `maximum ${name} usage per ${type} is ${max}, but request is ${show(req, name)}`;
  return undefined;
}

/** `enforced` is in thousandths of the ratio, as the snapshot keeps maxLimitRequestRatio. */
function ratioConstraint(
  type: string,
  name: string,
  enforced: Amount,
  requests: AmountList,
  limits: AmountList,
): string | undefined {
  const req = requests.get(name);
  const lim = limits.get(name);
  const ratio = quantityString(enforced, true);
  if (!req || req.value === 0) {
    return `${name} max limit to request ratio per ${type} is ${ratio}, but no request is specified or request is 0`;
  }
  if (!lim || lim.value === 0) {
    return `${name} max limit to request ratio per ${type} is ${ratio}, but no limit is specified or limit is 0`;
  }
  const observed = lim.value / req.value;
  if (observed * 1000 > enforced.value) {
    // Go's %f: six decimals.
    return `${name} max limit to request ratio per ${type} is ${ratio}, but provided ratio is ${observed.toFixed(6)}`;
  }
  return undefined;
}

function checkItem(
  item: LimitRangeItem,
  type: string,
  requests: AmountList,
  limits: AmountList,
  errors: string[],
) {
  for (const [name, enforced] of enforcedAmounts(item, 'min')) {
    const e = minConstraint(type, name, enforced, requests, limits);
    if (e) errors.push(e);
  }
  for (const [name, enforced] of enforcedAmounts(item, 'max')) {
    const e = maxConstraint(type, name, enforced, requests, limits);
    if (e) errors.push(e);
  }
  for (const [name, enforced] of enforcedAmounts(item, 'maxLimitRequestRatio')) {
    const e = ratioConstraint(type, name, enforced, requests, limits);
    if (e) errors.push(e);
  }
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets. */
function aggregate(errors: readonly string[]): string | undefined {
  const unique = [...new Set(errors)];
  if (unique.length === 0) return undefined;
  if (unique.length === 1) return unique[0];
  return `[${unique.join(', ')}]`;
}

/** PodValidateLimitFunc for one LimitRange: the violation message, or undefined. */
export function limitRangeViolation(
  limitRange: LimitRange,
  containers: readonly AdmittedContainer[],
): string | undefined {
  const errors: string[] = [];
  for (const item of limitRange.limits) {
    if (item.type === 'Container') {
      // App containers first, then init containers, as upstream walks them.
      for (const c of containers) checkItem(item, 'Container', c.requests, c.limits, errors);
    } else if (item.type === 'Pod') {
      checkItem(item, 'Pod', podTotal(containers, 'requests'), podTotal(containers, 'limits'), errors);
    }
  }
  return aggregate(errors);
}

/** The first LimitRange of the namespace the pod violates, as the admission chain stops there. */
export function checkLimitRanges(
  limitRanges: readonly LimitRange[],
  containers: readonly AdmittedContainer[],
): string | undefined {
  for (const lr of limitRanges) {
    const violation = limitRangeViolation(lr, containers);
    if (violation) return violation;
  }
  return undefined;
}
