/** Rows per block: a block is allocated whole and never copied (see records.ts). */
const BLOCK_ROWS = 16_384;

/** A list of 32-bit integers that grows by blocks: numbers the collector never copies or reads. */
export class Int32Column {
  private readonly blocks: Int32Array[] = [];
  private used = BLOCK_ROWS;
  length = 0;

  push(value: number) {
    if (this.used === BLOCK_ROWS) {
      this.blocks.push(new Int32Array(BLOCK_ROWS));
      this.used = 0;
    }
    this.blocks[this.blocks.length - 1]![this.used++] = value;
    this.length++;
  }

  /** The values in one array, `length` long. */
  toArray(): Int32Array {
    const values = new Int32Array(this.length);
    this.blocks.forEach((block, b) => values.set(block.subarray(0, Math.min(BLOCK_ROWS, this.length - b * BLOCK_ROWS)), b * BLOCK_ROWS));
    return values;
  }

  at(index: number): number {
    return this.blocks[Math.floor(index / BLOCK_ROWS)]![index % BLOCK_ROWS]!;
  }
}
