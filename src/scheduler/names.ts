/**
 * Plugin names exactly as users write them in a scheduler profile, as upstream's names
 * package. Each is listed once and is its own value (`names.NodePorts` is 'NodePorts'),
 * so a constant and the spelling users write cannot drift apart.
 */
export const names = selfNamed(
  'PrioritySort',
  'SchedulingGates',
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
  'PodTopologySpread',
  'InterPodAffinity',
  'DefaultPreemption',
  'NodeResourcesBalancedAllocation',
);

function selfNamed<const N extends string>(...list: N[]): { readonly [K in N]: K } {
  // Object.fromEntries is typed loosely; its entries are exactly each name mapped to itself.
  return Object.freeze(Object.fromEntries(list.map((name) => [name, name]))) as { readonly [K in N]: K };
}
