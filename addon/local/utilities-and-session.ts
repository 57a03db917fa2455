import { createHash, randomUUID } from 'node:crypto';
import { wallTimeAt } from '../../shared/time/time-zone';
import type { CallCounter } from './call-counter';
import { EmulatedBlob, fromSignedBytes, toSignedBytes } from './drive';
import { asGas } from './gas-types';
import { enumOf } from './spreadsheet/spreadsheet-app';

export const DigestAlgorithm = enumOf('MD5', 'SHA_1', 'SHA_256', 'SHA_512');
const NODE_DIGEST: Record<keyof typeof DigestAlgorithm, string> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_512: 'sha512' };

/**
 * Utilities as Apps Script has them: computeDigest returns signed bytes (-128..127), and sleep
 * moves the environment's clock instead of blocking, so backoff in tests costs no real time.
 */
export function utilities(counter: CallCounter, advance: (ms: number) => void) {
  const api = {
    DigestAlgorithm: asGas<typeof GoogleAppsScript.Utilities.DigestAlgorithm>(DigestAlgorithm),
    sleep(milliseconds: number): void {
      counter.count('Utilities.sleep');
      if (milliseconds > 300_000) throw new Error('Exception: Invalid argument: milliseconds');
      advance(milliseconds);
    },
    computeDigest(algorithm: GoogleAppsScript.Utilities.DigestAlgorithm, value: string | number[]): number[] {
      counter.count('Utilities.computeDigest');
      const digest = createHash(NODE_DIGEST[String(algorithm) as keyof typeof DigestAlgorithm])
        .update(typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.map((b) => b & 0xff)))
        .digest();
      return [...digest].map((b) => (b > 127 ? b - 256 : b));
    },
    getUuid(): string {
      return randomUUID();
    },
    base64Decode(encoded: string): number[] {
      counter.count('Utilities.base64Decode');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw new Error('Exception: Could not decode string.');
      return toSignedBytes(Buffer.from(encoded, 'base64'));
    },
    newBlob(data: string | number[], contentType?: string, name?: string): GoogleAppsScript.Base.Blob {
      counter.count('Utilities.newBlob');
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : fromSignedBytes(data);
      return asGas(new EmulatedBlob(bytes, contentType ?? null, name ?? null));
    },
    formatDate(date: Date, timeZone: string, format: string): string {
      counter.count('Utilities.formatDate');
      const wall = wallTimeAt(date.getTime(), timeZone);
      const [year, month, day] = wall.date.split('-');
      const pad = (n: number) => String(n).padStart(2, '0');
      return format
        .replace(/yyyy/g, year ?? '')
        .replace(/MM/g, month ?? '')
        .replace(/dd/g, day ?? '')
        .replace(/HH/g, pad(Math.floor(wall.minuteOfDay / 60)))
        .replace(/mm/g, pad(wall.minuteOfDay % 60))
        .replace(/ss/g, pad(date.getUTCSeconds()));
    },
  } satisfies Pick<GoogleAppsScript.Utilities.Utilities, 'sleep' | 'computeDigest' | 'getUuid' | 'formatDate' | 'base64Decode'> & {
    DigestAlgorithm: unknown;
    newBlob(data: string | number[], contentType?: string, name?: string): GoogleAppsScript.Base.Blob;
  };
  return asGas<GoogleAppsScript.Utilities.Utilities>(api);
}

export function session(userEmail: string, timeZone: string, locale: string) {
  const user = asGas<GoogleAppsScript.Base.User>({ getEmail: () => userEmail } satisfies Pick<GoogleAppsScript.Base.User, 'getEmail'>);
  return asGas<GoogleAppsScript.Base.Session>({
    getActiveUser: () => user,
    getEffectiveUser: () => user,
    getScriptTimeZone: () => timeZone,
    getActiveUserLocale: () => locale.split('_')[0] ?? 'en',
  } satisfies Pick<GoogleAppsScript.Base.Session, 'getActiveUser' | 'getEffectiveUser' | 'getScriptTimeZone' | 'getActiveUserLocale'>);
}

export const ChartType = enumOf('AREA', 'BAR', 'COLUMN', 'LINE', 'PIE', 'TABLE');
export function charts() {
  return asGas<GoogleAppsScript.Charts.Charts>({ ChartType });
}
