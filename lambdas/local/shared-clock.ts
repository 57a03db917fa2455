import type { Clock } from '../clock';

/** A clock that can be set and moved: what tests and the workbench hand the backend and the emulation. */
export interface MovableClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

/**
 * One clock read and moved by two threads: the Apps Script emulation on one and the backend on
 * the other (the emulation's UrlFetchApp blocks its thread, so the backend cannot live there);
 * in tests and in `npm start`'s workbench. A single float64 in shared memory; only one side moves it at a time,
 * because the test's thread is either blocked in a fetch or the backend is idle.
 */
export class SharedClock implements MovableClock {
  private readonly cell: Float64Array;
  constructor(readonly buffer: SharedArrayBuffer) {
    this.cell = new Float64Array(buffer);
  }
  static at(iso: string): SharedClock {
    const clock = new SharedClock(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
    clock.set(Date.parse(iso));
    return clock;
  }
  now(): number {
    return this.cell[0] ?? Number.NaN;
  }
  set(ms: number): void {
    this.cell[0] = ms;
  }
  advance(ms: number): void {
    this.set(this.now() + ms);
  }
}
