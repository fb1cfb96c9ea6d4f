/**
 * Positions in a list (of the timeline's sessions) pushed in turn, up to a known number: none is
 * kept while each is its own index, the list's every element so far taken; from the first that is
 * not, all are, in an Int32Array. The report's census of created sessions takes every session of
 * the bench logs, whose positions were 2.8 MB an Int32Array at 2 GiB.
 */
export class Positions {
  private list: Int32Array | null = null;
  length = 0;

  constructor(private readonly capacity: number) {}

  push(position: number) {
    const k = this.length++;
    let list = this.list;
    if (list === null) {
      if (position === k) return;
      list = this.list = new Int32Array(this.capacity);
      for (let j = 0; j < k; j++) list[j] = j;
    }
    list[k] = position;
  }

  /** The kth position pushed. */
  get(k: number): number {
    const list = this.list;
    return list === null ? k : list[k]!;
  }
}
