/** Dependency cycles among the timeline's jobs (the `after` annotation). */

/** A job as the cycle search sees it: the indices of the jobs it waits for. */
export interface DependsOn {
  readonly after: readonly number[];
}

/**
 * Each strongly connected component with a cycle, as one concrete cycle starting at its
 * first job in manifest order (Tarjan's algorithm, iterative so deep chains do not
 * overflow the stack).
 */
export function findCycles(jobs: readonly DependsOn[]): number[][] {
  const n = jobs.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [v, edge] = frame;
      if (edge === 0 && index[v] === -1) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const deps = jobs[v]?.after ?? [];
      if (edge < deps.length) {
        frame[1] = edge + 1;
        const w = deps[edge] as number;
        if (index[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v] as number, index[w] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[v] as number);
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        const selfLoop = component.length === 1 && (jobs[v]?.after.includes(v) ?? false);
        if (component.length > 1 || selfLoop) components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components
    .map((component) => concreteCycle(jobs, component))
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** A path inside the component from its first member back to it: the cycle a person can read. */
function concreteCycle(jobs: readonly DependsOn[], component: number[]): number[] {
  const members = new Set(component);
  const start = component[0] as number;
  // Breadth-first from start's dependencies back to start gives the shortest cycle through it.
  const previous = new Map<number, number>();
  const queue: number[] = [];
  for (const w of jobs[start]?.after ?? []) {
    if (!members.has(w) || previous.has(w)) continue;
    previous.set(w, start);
    queue.push(w);
  }
  while (queue.length > 0) {
    const v = queue.shift() as number;
    if (v === start) break;
    for (const w of jobs[v]?.after ?? []) {
      if (!members.has(w) || previous.has(w)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  const path: number[] = [];
  let at = previous.get(start);
  while (at !== undefined && at !== start) {
    path.push(at);
    at = previous.get(at);
  }
  // path walks back from start's last dependency; reversed it reads as "start waits for ...".
  return [start, ...path.reverse()];
}
