/** Places per page (16 KiB of Int32). */
const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;
/** Pages kept for reuse once all zero: a page whose one nonzero place comes and goes is not made anew each time. */
const MAX_SPARE = 4;

/**
 * Int32 by index, 0 where not written, for a column nearly all zero at any moment but whose nonzero
 * places move on with the log (what waits by session id, match-responses.ts): kept in pages, a page
 * made at its first nonzero place and let go once all its places are 0 again. The column by session
 * code it replaces, an Int32Array grown by doubling, held 4 MB at the 2 GiB events log's fold's end
 * (825,000 strings), nearly all of them 0.
 */
export class ZeroPagedColumn {
  private readonly pages: (Int32Array | undefined)[] = [];
  /** By page: how many of its places are not 0. */
  private readonly nonZero: number[] = [];
  private readonly spare: Int32Array[] = [];

  get(i: number): number {
    const page = this.pages[i >>> PAGE_BITS];
    return page === undefined ? 0 : page[i & PAGE_MASK]!;
  }

  set(i: number, value: number) {
    const p = i >>> PAGE_BITS;
    const page = this.pages[p];
    if (page === undefined) {
      if (value !== 0) this.setInNewPage(i, value);
      return;
    }
    const k = i & PAGE_MASK;
    const was = page[k]!;
    page[k] = value;
    // Kept small, so that it is inlined where the matcher writes (its every request and answer).
    if (was === 0) {
      if (value !== 0) this.nonZero[p]!++;
    } else if (value === 0 && --this.nonZero[p]! === 0) {
      this.release(p, page);
    }
  }

  private setInNewPage(i: number, value: number) {
    const p = i >>> PAGE_BITS;
    while (this.pages.length < p) {
      this.pages.push(undefined);
      this.nonZero.push(0);
    }
    const page = this.spare.pop() ?? new Int32Array(PAGE);
    this.pages[p] = page;
    this.nonZero[p] = 1;
    page[i & PAGE_MASK] = value;
  }

  /** All zero again: as a new page would be. */
  private release(p: number, page: Int32Array) {
    this.pages[p] = undefined;
    if (this.spare.length < MAX_SPARE) this.spare.push(page);
  }

  /** How many pages hold a place not 0 (the spare ones, at most MAX_SPARE, are not counted). */
  get pagesInUse(): number {
    let count = 0;
    for (const page of this.pages) if (page !== undefined) count++;
    return count;
  }
}
