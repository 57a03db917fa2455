import type { CallCounter } from './call-counter';
import { asGas } from './gas-types';

/** Who holds the document lock: an execution id, released when that execution ends. */
export class LockTable {
  holder: number | null = null;
}

type LockApi = Pick<GoogleAppsScript.Lock.Lock, 'tryLock' | 'waitLock' | 'releaseLock' | 'hasLock'>;

/**
 * The document lock of one execution. There is one thread here, so a lock held by another
 * execution (a test holds it to stand for a run in progress) is never released while this one
 * waits: tryLock answers false at once and waitLock throws, as they would after the timeout.
 */
export class EmulatedLock implements LockApi {
  constructor(
    private readonly table: LockTable,
    private readonly execution: () => number,
    private readonly counter: CallCounter,
    private readonly advance: (ms: number) => void,
  ) {}
  tryLock(timeoutInMillis: number): boolean {
    this.counter.count('Lock.tryLock');
    if (this.table.holder === null || this.table.holder === this.execution()) {
      this.table.holder = this.execution();
      return true;
    }
    this.advance(timeoutInMillis);
    return false;
  }
  waitLock(timeoutInMillis: number): void {
    if (!this.tryLock(timeoutInMillis)) throw new Error('Exception: Lock timeout: another process was holding the lock for too long.');
  }
  releaseLock(): void {
    this.counter.count('Lock.releaseLock');
    if (this.table.holder === this.execution()) this.table.holder = null;
  }
  hasLock(): boolean {
    return this.table.holder === this.execution();
  }
}

export function lockService(table: LockTable, execution: () => number, counter: CallCounter, advance: (ms: number) => void) {
  const lock = () => asGas<GoogleAppsScript.Lock.Lock>(new EmulatedLock(table, execution, counter, advance));
  return asGas<GoogleAppsScript.Lock.LockService>({
    getDocumentLock: lock,
    getScriptLock: lock,
    getUserLock: lock,
  } satisfies Pick<GoogleAppsScript.Lock.LockService, 'getDocumentLock' | 'getScriptLock' | 'getUserLock'>);
}

type CacheApi = Pick<GoogleAppsScript.Cache.Cache, 'get' | 'put' | 'remove'>;

/** CacheService's limits: keys up to 250 characters, values up to 100 KB, at most 6 hours. */
export class EmulatedCache implements CacheApi {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  constructor(
    private readonly now: () => number,
    private readonly counter: CallCounter,
  ) {}
  get(key: string): string | null {
    this.counter.count('Cache.get');
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) return null;
    return entry.value;
  }
  put(key: string, value: string, expirationInSeconds = 600): void {
    this.counter.count('Cache.put');
    if (key.length > 250) throw new Error('Exception: Argument too large: key');
    if (value.length > 100 * 1024) throw new Error('Exception: Argument too large: value');
    this.entries.set(key, { value, expiresAt: this.now() + Math.min(expirationInSeconds, 21_600) * 1000 });
  }
  remove(key: string): void {
    this.counter.count('Cache.remove');
    this.entries.delete(key);
  }
}

export function cacheService(cache: EmulatedCache) {
  return asGas<GoogleAppsScript.Cache.CacheService>({
    getDocumentCache: () => asGas<GoogleAppsScript.Cache.Cache>(cache),
    getUserCache: () => asGas<GoogleAppsScript.Cache.Cache>(cache),
    getScriptCache: () => asGas<GoogleAppsScript.Cache.Cache>(cache),
  } satisfies Pick<GoogleAppsScript.Cache.CacheService, 'getDocumentCache' | 'getUserCache' | 'getScriptCache'>);
}
