/*
 * Columns of a block (records.ts, line-table.ts) narrower than a Float64Array, for numbers that
 * mostly fit in fewer bytes: line numbers and log positions in four, strings' numbers in two, a
 * time as its distance from the block's first. Each value is read back once written; a value the
 * narrow column does not give back as itself (too large, a fraction, -0, NaN) turns the block's
 * column into a Float64Array of the values, so that no input ever loses one.
 */

export type IntegerArray = Int16Array | Int32Array | Uint32Array;

/** Writes `value` at `row` and returns the column that holds it: `column`, or its copy as a Float64Array when it does not fit. */
export function put<C extends IntegerArray | Float64Array>(column: C, row: number, value: number): C | Float64Array {
  column[row] = value;
  if (Object.is(column[row], value)) return column;
  const wide = new Float64Array(column.length);
  wide.set(column);
  wide[row] = value;
  return wide;
}

/**
 * Times (epoch milliseconds) as their distance from the column's first, in an Int32Array: 24
 * days either way. Widened, the column holds the times themselves and its base is -0, which
 * leaves every number (-0 included) as it is when added.
 */
export class TimeColumn {
  private values: Int32Array | Float64Array;
  private base = Number.NaN;
  private used = false;

  constructor(rows: number) {
    this.values = new Int32Array(rows);
  }

  get(row: number): number {
    return this.base + this.values[row]!;
  }

  set(row: number, time: number) {
    if (!this.used) {
      this.used = true;
      this.base = time;
    }
    const values = this.values;
    values[row] = time - this.base;
    if (Object.is(this.base + values[row]!, time)) return;
    const wide = new Float64Array(values.length);
    for (let i = 0; i < wide.length; i++) wide[i] = this.base + values[i]!;
    wide[row] = time;
    this.values = wide;
    this.base = -0;
  }
}
