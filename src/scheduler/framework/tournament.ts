/**
 * A tournament tree over a fixed number of entries: the best entry is at the root and
 * changing one entry replays only the matches on its path, O(log n). The scheduler keeps
 * one per equivalence class of pods so that choosing a node after a placement costs the
 * nodes that changed, not a pass over every node.
 *
 * An entry beats another with a higher value, or an equal value and a lower rank (the
 * node's position in name order, as ties go to the name that sorts first). An entry
 * whose value is -Infinity takes no part: it is never returned.
 */
export class Tournament {
  readonly values: Float64Array;
  private readonly rank: Int32Array;
  /** Leaves start at `leaves`; node i plays children 2i and 2i+1; each holds the winning entry or -1. */
  private readonly tree: Int32Array;
  private readonly leaves: number;

  constructor(size: number, rank: Int32Array) {
    let leaves = 1;
    while (leaves < size) leaves *= 2;
    this.leaves = leaves;
    this.rank = rank;
    this.values = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.tree = new Int32Array(2 * leaves).fill(-1);
    for (let i = 0; i < size; i++) this.tree[leaves + i] = i;
  }

  private winner(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const va = this.values[a] as number;
    const vb = this.values[b] as number;
    if (va > vb) return a;
    if (vb > va) return b;
    return (this.rank[a] as number) <= (this.rank[b] as number) ? a : b;
  }

  /** Sets entry `i` and replays its path to the root. */
  set(i: number, value: number): void {
    this.values[i] = value;
    const tree = this.tree;
    for (let p = (this.leaves + i) >> 1; p >= 1; p >>= 1) {
      tree[p] = this.winner(tree[2 * p] as number, tree[2 * p + 1] as number);
    }
  }

  /** Replays every match after `values` were written directly. */
  rebuild(): void {
    const tree = this.tree;
    for (let p = this.leaves - 1; p >= 1; p--) {
      tree[p] = this.winner(tree[2 * p] as number, tree[2 * p + 1] as number);
    }
  }

  /** The winning entry, or -1 when every value is -Infinity. */
  best(): number {
    const i = this.tree[1] as number;
    if (i < 0) return -1;
    return (this.values[i] as number) === Number.NEGATIVE_INFINITY ? -1 : i;
  }

  /** The winning value (-Infinity when none). */
  bestValue(): number {
    const i = this.best();
    return i < 0 ? Number.NEGATIVE_INFINITY : (this.values[i] as number);
  }
}
