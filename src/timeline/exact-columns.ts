/*
 * Columns of a block (records.ts, line-table.ts, logged-session.ts) narrower than a Float64Array,
 * for numbers that mostly fit in fewer bytes: log positions in four, strings' numbers in two (an
 * end's kind, line-table.ts, in one), a line number as its distance from its log position and a
 * time as its distance from another time in two or four. Each value is read back once written; a
 * value the column does not give back as itself (too large, a fraction, -0, NaN) widens the
 * block's column, so no input ever loses one.
 */

/*
 * Each write reads its value back and compares it with Object.is: equal numbers other than zeros
 * are the same number, and only the rest (unequal, a zero's sign, NaN) is asked of Object.is, in a
 * function of its own, called with the values as they came. Object.is of a double the write
 * computed boxed it (a new heap number) for the builtin it calls, even on the path that did not
 * call it: the fold of the 100 MiB bench log allocated 64 MB, 50 without (a sampling heap profile
 * counting collected objects, /tmp/s29/fold-alloc.mjs).
 */

/** Writes `value` at `row` and returns the column that holds it: `column`, or a wider copy (Int8 → Int16 → Int32 → Float64) when it does not fit. */
export function put(column: Int16Array | Int32Array | Float64Array, row: number, value: number): Int16Array | Int32Array | Float64Array;
export function put(column: Int8Array | Int16Array | Int32Array | Float64Array, row: number, value: number): Int8Array | Int16Array | Int32Array | Float64Array;
export function put(column: Uint32Array | Float64Array, row: number, value: number): Uint32Array | Float64Array;
export function put(column: Int8Array | Int16Array | Int32Array | Uint32Array | Float64Array, row: number, value: number): Int8Array | Int16Array | Int32Array | Uint32Array | Float64Array {
  column[row] = value;
  const read = column[row]!;
  return read === value && read !== 0 ? column : keptOrWidened(column, row, value);
}

/** `column` if its row `row` gives `value` back (see put), else a wider copy holding it. */
function keptOrWidened(column: Int8Array | Int16Array | Int32Array | Uint32Array | Float64Array, row: number, value: number): Int8Array | Int16Array | Int32Array | Uint32Array | Float64Array {
  if (Object.is(column[row], value)) return column;
  const wide = new (widerFor(column, value))(column.length);
  wide.set(column);
  wide[row] = value;
  return wide;
}

/** The narrowest column wider than `column` that holds `value`. */
function widerFor(column: Int8Array | Int16Array | Int32Array | Uint32Array | Float64Array, value: number): Int16ArrayConstructor | Int32ArrayConstructor | Float64ArrayConstructor {
  if (!(column instanceof Int8Array || column instanceof Int16Array) || !Object.is(value | 0, value)) return Float64Array;
  return column instanceof Int8Array && (value << 16) >> 16 === value ? Int16Array : Int32Array;
}

/**
 * Numbers kept as their distance from a base the caller gives with each (the row's log position
 * for its line number, the request's time for its response's), less the column's shift: in an
 * Int16Array while every distance fits (an Int8Array first when made `narrow`), then an
 * Int32Array, then a Float64Array (without the shift). A number that its base plus a distance does
 * not give back exactly (a fraction, -0, NaN) is kept aside, its row marked NaN. The shift is the distance a RepeatedOffsetColumn repeated
 * before another came: a pino log's line is half its log position (a request and its response per
 * line), so its distance moves by 8,192 over a block of requests but is some -600,000 at 1 GiB,
 * which took four bytes a row for a request's line and its response's without the shift (9.9 MB).
 */
export class OffsetColumn {
  private values: Int8Array | Int16Array | Int32Array | Float64Array;
  private shift = 0;
  private exceptions: Map<number, number> | null = null;

  /** Every row's distance `distance` until written (see RepeatedOffsetColumn); a byte a row first when `narrow`. */
  constructor(rows: number, distance = 0, narrow = false) {
    if (Number.isFinite(distance)) {
      this.values = narrow ? new Int8Array(rows) : new Int16Array(rows);
      this.shift = distance;
    } else {
      this.values = filled(rows, distance);
    }
  }

  get(row: number, base: number): number {
    const value = base + this.shift + this.values[row]!;
    return value === value ? value : this.exceptions!.get(row)!;
  }

  set(row: number, base: number, value: number) {
    this.values[row] = value - base - this.shift;
    const read = base + this.shift + this.values[row]!;
    if (read !== value || read === 0) this.setApart(row, base, value);
  }

  /** As set, for a value its distance may not give back (see put). */
  private setApart(row: number, base: number, value: number) {
    if (this.fits(row, base, value)) return;
    if (this.values instanceof Int8Array) {
      this.values = Int16Array.from(this.values);
      if (this.fits(row, base, value)) return;
    }
    if (this.values instanceof Int16Array) {
      this.values = Int32Array.from(this.values);
      if (this.fits(row, base, value)) return;
    }
    if (this.values instanceof Int32Array) {
      const { shift } = this;
      this.values = Float64Array.from(this.values, (distance) => shift + distance);
      this.shift = 0;
      if (this.fits(row, base, value)) return;
    }
    this.values[row] = Number.NaN;
    (this.exceptions ??= new Map()).set(row, value);
  }

  /** Writes the distance; whether it gives the value back (a NaN read would look in the exceptions). */
  private fits(row: number, base: number, value: number): boolean {
    this.values[row] = value - base - this.shift;
    const read = base + this.shift + this.values[row]!;
    return read === read && Object.is(read, value);
  }
}

/**
 * Times (epoch milliseconds) as their distance from the first time of their stretch of
 * TIME_STRETCH_ROWS rows, in an Int16Array: some 33 seconds either way, where the 1 GiB bench log's
 * 256 requests span 7 on average, 256 lines of the server's 9. A distance that does not fit widens
 * the block's column to an Int32Array (24 days either way), then to a Float64Array of the times
 * themselves, the stretches' bases -0, which leaves every number (-0 included) as it is when
 * added. Times are what the rules read most: a column of one array type keeps their reads
 * monomorphic, where an OffsetColumn's, shared with line numbers in Int16Arrays, made each read of
 * a request's time a fifth slower. Two bytes a row and a base per stretch where one base and four
 * bytes a row were: 3.8 MB of the 1 GiB bench log's requests, 2.8 MB of its server's lines.
 */
export class TimeColumn {
  private values: Int16Array | Int32Array | Float64Array;
  /** Each stretch's base: NaN until a finite time is written in it. */
  private readonly bases: Float64Array;

  constructor(rows: number) {
    this.values = new Int16Array(rows);
    this.bases = new Float64Array(Math.ceil(rows / TIME_STRETCH_ROWS)).fill(Number.NaN);
  }

  get(row: number): number {
    return this.bases[row >>> TIME_STRETCH_BITS]! + this.values[row]!;
  }

  set(row: number, time: number) {
    const stretch = row >>> TIME_STRETCH_BITS;
    const bases = this.bases;
    let base = bases[stretch]!;
    if (base !== base) {
      // A time that is not a finite number as a stretch's base would read another as NaN.
      if (!Number.isFinite(time)) return this.widen(row, time);
      bases[stretch] = base = time;
    }
    const values = this.values;
    values[row] = time - base;
    const read = base + values[row]!;
    if (read !== time || read === 0) this.widenUnlessKept(row, time);
  }

  /** Widens the column unless the row gives `time` back (see put). */
  private widenUnlessKept(row: number, time: number) {
    if (!Object.is(this.bases[row >>> TIME_STRETCH_BITS]! + this.values[row]!, time)) this.widen(row, time);
  }

  private widen(row: number, time: number) {
    const { bases } = this;
    const base = bases[row >>> TIME_STRETCH_BITS]!;
    if (this.values instanceof Int16Array && base === base) {
      this.values = Int32Array.from(this.values);
      this.values[row] = time - base;
      if (Object.is(base + this.values[row]!, time)) return;
    }
    if (!(this.values instanceof Float64Array)) {
      const values = this.values;
      const wide = new Float64Array(values.length);
      for (let i = 0; i < wide.length; i++) wide[i] = bases[i >>> TIME_STRETCH_BITS]! + values[i]!;
      this.values = wide;
      bases.fill(-0);
    }
    this.values[row] = time;
  }
}

const TIME_STRETCH_BITS = 8;
const TIME_STRETCH_ROWS = 1 << TIME_STRETCH_BITS;

/**
 * Numbers that mostly repeat one value over a whole block: a line's file (one file but in a
 * merge) and instance (none without --instance-from). The value alone while every row written
 * repeats it, then an Int16Array filled with it, widened as `put` widens. A row never written
 * reads the value (the columns are read only at rows written: a request's, a response's once
 * answered). 8 of a request's 45 bytes were its file and instance and its response's.
 */
export class RepeatedColumn {
  private values: Int16Array | Int32Array | Float64Array | null = null;
  private value = 0;
  private written = false;

  constructor(private readonly rows: number) {}

  get(row: number): number {
    const values = this.values;
    return values === null ? this.value : values[row]!;
  }

  set(row: number, value: number) {
    if (this.values !== null) {
      this.values = put(this.values, row, value);
    } else if (!this.written) {
      this.value = value;
      this.written = true;
    } else if (value !== this.value || value === 0) {
      this.spread(row, value);
    }
  }

  /** The rows' values as a column, unless `value` is the one repeated (see put). */
  private spread(row: number, value: number) {
    if (!Object.is(value, this.value)) this.values = put(filled(this.rows, this.value), row, value);
  }
}

/** `rows` of `value`, in the narrowest column that gives it back. */
function filled(rows: number, value: number): Int16Array | Int32Array | Float64Array {
  const narrow = new Int16Array(rows).fill(value);
  if (Object.is(narrow[0], value)) return narrow;
  const wide = new Int32Array(rows).fill(value);
  return Object.is(wide[0], value) ? wide : new Float64Array(rows).fill(value);
}

/**
 * As OffsetColumn, for distances that mostly repeat over a block: a line number from its log
 * position, which moves only at a line not read as an event (3 in the 1 GiB bench log's 5.48
 * million). The distance alone while every row written repeats it, then an OffsetColumn filled
 * with it. A request's line and its response's, a closure's, a session's start: 11 MB at 1 GiB.
 */
export class RepeatedOffsetColumn {
  private column: OffsetColumn | null = null;
  private distance = 0;
  private written = false;

  constructor(private readonly rows: number) {}

  get(row: number, base: number): number {
    const column = this.column;
    return column === null ? base + this.distance : column.get(row, base);
  }

  set(row: number, base: number, value: number) {
    const column = this.column;
    if (column !== null) return column.set(row, base, value);
    const read = base + this.distance;
    if (!this.written || read !== value || read === 0) this.setApart(row, base, value);
  }

  /** As set, while no column is made, for a row that may not repeat the distance (see put). */
  private setApart(row: number, base: number, value: number) {
    if (this.written ? Object.is(base + this.distance, value) : this.repeat(base, value)) return;
    this.column = new OffsetColumn(this.rows, this.distance);
    this.column.set(row, base, value);
  }

  /** Whether the first row's distance gives its value back: rows then read it until another comes. */
  private repeat(base: number, value: number): boolean {
    const distance = value - base;
    if (!Object.is(base + distance, value)) return false;
    this.distance = distance;
    this.written = true;
    return true;
  }
}

/**
 * Log positions of a block's rows as their distance from the first row's, in a Uint16Array while
 * every distance fits (a request block's 16,384 rows span some 45,000 lines of the 1 GiB bench
 * log, a line block's 4,096 some 15,000), then a Uint32Array; widened past that, a Float64Array of
 * the positions themselves, with a base of -0 (as TimeColumn's). Two bytes a row where a
 * Uint32Array took four: 3.8 MB of the 1 GiB bench log's requests, 2.8 MB of its server's lines.
 */
export class SeqColumn {
  private values: Uint16Array | Uint32Array | Float64Array;
  private base = Number.NaN;
  private used = false;

  constructor(rows: number) {
    this.values = new Uint16Array(rows);
  }

  get(row: number): number {
    return this.base + this.values[row]!;
  }

  set(row: number, seq: number) {
    if (!this.used) {
      this.used = true;
      this.base = seq;
    }
    const values = this.values;
    values[row] = seq - this.base;
    const read = this.base + values[row]!;
    if (read !== seq || read === 0) this.widenUnlessKept(row, seq);
  }

  /** Widens the column unless the row gives `seq` back (see put). */
  private widenUnlessKept(row: number, seq: number) {
    if (!Object.is(this.base + this.values[row]!, seq)) this.widen(row, seq);
  }

  private widen(row: number, seq: number) {
    const values = this.values;
    if (values instanceof Uint16Array) {
      const distance = seq - this.base;
      if (distance >= 0 && distance <= 0xffffffff && Number.isInteger(distance) && Object.is(this.base + distance, seq)) {
        const wide = Uint32Array.from(values);
        wide[row] = distance;
        this.values = wide;
        return;
      }
    }
    if (!(values instanceof Float64Array)) {
      const wide = new Float64Array(values.length);
      for (let i = 0; i < wide.length; i++) wide[i] = this.base + values[i]!;
      this.values = wide;
      this.base = -0;
    }
    this.values[row] = seq;
  }
}

/**
 * Numbers that may be null (a line's elapsed ms, its count of active sessions), in an Int16Array
 * whose lowest value stands for null, widened as `put` widens (Int32Array, the same; Float64Array,
 * NaN): where a number and a byte saying whether it was there took three bytes a row, two. A number
 * equal to the column's null widens it; NaN is null (a NaN number was read back as null already).
 */
export class NullableColumn {
  private values: Int16Array | Int32Array | Float64Array;
  /** The value that stands for null in `values`. */
  private none = NULL_INT16;

  constructor(rows: number) {
    this.values = new Int16Array(rows).fill(NULL_INT16);
  }

  get(row: number): number | null {
    const value = this.values[row]!;
    return value === this.none || value !== value ? null : value;
  }

  set(row: number, value: number | null) {
    if (value === null || Number.isNaN(value)) return;
    this.values[row] = value;
    while (!Object.is(this.values[row], value) || value === this.none) {
      const values = this.values;
      if (values instanceof Int16Array && Object.is(value | 0, value) && value !== NULL_INT32) {
        this.values = widened(values, new Int32Array(values.length), NULL_INT16, NULL_INT32);
        this.none = NULL_INT32;
      } else {
        this.values = widened(values, new Float64Array(values.length), this.none, Number.NaN);
        this.none = Number.NaN;
      }
      this.values[row] = value;
    }
  }
}

const NULL_INT16 = -0x8000;
const NULL_INT32 = -0x80000000;

/** `wide` filled with `values`, their nulls (`from`) written as its own (`to`). */
function widened<T extends Int32Array | Float64Array>(values: Int16Array | Int32Array | Float64Array, wide: T, from: number, to: number): T {
  for (let i = 0; i < values.length; i++) wide[i] = values[i] === from ? to : values[i]!;
  return wide;
}
