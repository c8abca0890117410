/**
 * The rows behind the virtual list: the pages of rows read so far and, once counted, the
 * total. Rows come first (a page is one short read), the total later (counting is the slow
 * part): until it is known, the list is as long as the rows read plus one page still to read,
 * so scrolling down asks for more, like an endless list; then it takes its exact length.
 */
import type { VisitView } from '@/lib/history/queries';
import type { PageAt, PageRead } from '@/lib/history/visit-query';

/** Reads one page of the current query. */
export type ReadPage = (at: PageAt) => Promise<PageRead>;

/** Rows per read; a screen shows ~25, so one read covers a screen and its overscan. */
const PAGE_SIZE = 100;

export class VisitListSource {
  /** The exact number of matching rows, once counted. */
  total?: number;
  private readonly pages = new Map<number, readonly VisitView[]>();
  private readonly loading = new Map<number, Promise<void>>();
  /** Index just past the last row, when a read found the end. */
  private endAt?: number;

  private constructor(
    private readonly read: ReadPage,
    first: PageRead,
    readonly pageSize: number,
  ) {
    this.store(0, first);
  }

  /** Reads the first page. */
  static async open(read: ReadPage, pageSize = PAGE_SIZE): Promise<VisitListSource> {
    return new VisitListSource(read, await read({ offset: 0, limit: pageSize }), pageSize);
  }

  /**
   * A fresh source for the same query holding the rows of `keep` (a refresh after the history
   * changed: what is on screen is read again, the rest on demand).
   */
  static async reload(read: ReadPage, keep: { start: number; end: number }, pageSize = PAGE_SIZE): Promise<VisitListSource> {
    const source = await VisitListSource.open(read, pageSize);
    await source.ensure(keep.start, keep.end);
    return source;
  }

  /** How many rows the list has now (see the class comment). */
  get count(): number {
    if (this.endAt !== undefined) return this.total !== undefined ? Math.min(this.total, this.endAt) : this.endAt;
    if (this.total !== undefined) return this.total;
    return (Math.max(...this.pages.keys()) + 2) * this.pageSize;
  }

  /** True once the total is known (counted, or the end was read). */
  get counted(): boolean {
    return this.total !== undefined || this.endAt !== undefined;
  }

  /** The row at `index`, or undefined while its page is not loaded. */
  row(index: number): VisitView | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Whether every row in [start, end] (within the list, once its length is known) is loaded. */
  has(start: number, end: number): boolean {
    return this.missingPages(start, end).length === 0;
  }

  /** Loads the pages covering rows [start, end]; resolves true if it loaded anything. */
  async ensure(start: number, end: number): Promise<boolean> {
    const missing = this.missingPages(start, end);
    if (missing.length === 0) return false;
    // In order: each page can then continue from the one before instead of skipping rows.
    for (const p of missing) await this.loadPage(p);
    return true;
  }

  private missingPages(start: number, end: number): number[] {
    // Before the count, any row may exist: only a known end or total limits what is read.
    const last = this.counted ? Math.min(end, this.count - 1) : end;
    const out: number[] = [];
    for (let p = Math.floor(Math.max(0, start) / this.pageSize); p * this.pageSize <= last; p++) {
      if (!this.pages.has(p)) out.push(p);
    }
    return out;
  }

  private loadPage(p: number): Promise<void> {
    let pending = this.loading.get(p);
    if (!pending) {
      const before = this.pages.get(p - 1);
      const after = before && before.length === this.pageSize ? before[before.length - 1] : undefined;
      const at = after ? { offset: p * this.pageSize, limit: this.pageSize, after } : { offset: p * this.pageSize, limit: this.pageSize };
      pending = this.read(at)
        .then(
          (page) => this.store(p, page),
          () => undefined,
        )
        .finally(() => this.loading.delete(p));
      this.loading.set(p, pending);
    }
    return pending;
  }

  private store(p: number, page: PageRead): void {
    this.pages.set(p, page.rows);
    if (page.end) this.endAt = Math.min(this.endAt ?? Infinity, p * this.pageSize + page.rows.length);
  }
}
