/** Places per block: a block is allocated whole and never copied. */
const BLOCK_BITS = 14;
const BLOCK = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK - 1;

type Numbers = Uint16Array | Int32Array;

/**
 * A column of numbers read and written by index that grows by blocks, 0 where not written: a column
 * grown by doubling as the log is read left its old copies behind, external memory a full collection
 * frees, and room for up to twice what it held (at 1 GiB the classification's columns held 15 MB
 * and had left some 15 more behind at the fold's end, where the run's peak is). A class per kind of
 * block (each evaluation of the class is its own code, with its own inline caches): one class over
 * the kinds made every read a polymorphic one.
 */
function blockedColumn<T extends Numbers>(make: new (length: number) => T) {
  return class {
    // Not private: a class made by a function is exported as its type, which TypeScript cannot give private members.
    readonly blocks: T[] = [];
    length = 0;

    get(i: number): number {
      return this.blocks[i >>> BLOCK_BITS]![i & BLOCK_MASK]!;
    }

    set(i: number, value: number) {
      this.blocks[i >>> BLOCK_BITS]![i & BLOCK_MASK] = value;
    }

    /** `count` places more at the end: the index of the first. */
    reserve(count: number): number {
      const start = this.length;
      this.length += count;
      while (this.blocks.length << BLOCK_BITS < this.length) this.blocks.push(new make(BLOCK));
      return start;
    }

    push(value: number) {
      this.set(this.reserve(1), value);
    }

    /** Room for index `i`, the places before it kept (0 where new). */
    reach(i: number) {
      if (i >= this.length) this.reserve(i + 1 - this.length);
    }

    /** Once no more are written: the last block cut to what it holds. */
    seal() {
      const last = this.blocks.length - 1;
      const used = this.length - (last << BLOCK_BITS);
      if (last >= 0 && used < BLOCK) this.blocks[last] = this.blocks[last]!.slice(0, used) as T;
    }
  };
}

export const Int32Blocks = blockedColumn(Int32Array);
export type Int32Blocks = InstanceType<typeof Int32Blocks>;
export const Uint16Blocks = blockedColumn(Uint16Array);
export type Uint16Blocks = InstanceType<typeof Uint16Blocks>;
