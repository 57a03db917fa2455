/**
 * Counts the Apps Script service calls an operation makes, by service and method
 * ("Range.getValues"). The budget that matters is Spreadsheet calls per operation: each one is
 * a round trip to Google's servers in production, so an operation must make the same number
 * whatever the ledger's size. Tests and `npm run bench` read this counter.
 */
export class CallCounter {
  private readonly counts = new Map<string, number>();
  private cells = 0;
  private kill: { call: string; after: number; seen: number } | null = null;
  private killed = false;

  count(call: string): void {
    if (this.killed) throw new ExecutionKilled();
    this.counts.set(call, (this.counts.get(call) ?? 0) + 1);
    if (this.kill && call === this.kill.call) {
      this.kill.seen += 1;
      if (this.kill.seen >= this.kill.after) this.killed = true;
    }
  }

  /** Cells whose values came back to the script: what a read costs beyond its round trip. */
  cellsRead(cells: number): void {
    this.cells += cells;
  }

  /**
   * Stands for Apps Script killing the execution (the 6-minute limit, a closed tab): once the
   * `after`-th call of `call` has completed, every further service call throws, so nothing the
   * script would have done next (saving progress, writing the sheet) happens.
   */
  killAfter(call: string, after: number): void {
    this.kill = { call, after, seen: 0 };
    this.killed = false;
  }

  /** A new execution starts alive. */
  revive(): void {
    this.kill = null;
    this.killed = false;
  }

  reset(): void {
    this.counts.clear();
    this.cells = 0;
  }

  /** Calls whose name starts with one of the prefixes ("Range.", "Sheet."), summed. */
  total(prefixes: readonly string[] = SPREADSHEET_SERVICE): number {
    let sum = 0;
    for (const [call, n] of this.counts) if (prefixes.some((p) => call.startsWith(p))) sum += n;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Runs `work` and returns what it cost, leaving earlier counts out. */
  measure<T>(work: () => T): { result: T; calls: Record<string, number>; spreadsheetCalls: number; cellsRead: number } {
    this.reset();
    const result = work();
    return { result, calls: this.snapshot(), spreadsheetCalls: this.total(), cellsRead: this.cells };
  }
}

/**
 * The objects of the Spreadsheet service. Rule and chart builders are left out: they build a
 * value in the script and reach the server only through the Sheet call that stores it.
 */
export const SPREADSHEET_SERVICE = ['SpreadsheetApp.', 'Spreadsheet.', 'Sheet.', 'Range.', 'TextFinder.'] as const;

export class ExecutionKilled extends Error {
  constructor() {
    super('Exceeded maximum execution time');
    this.name = 'ExecutionKilled';
  }
}
