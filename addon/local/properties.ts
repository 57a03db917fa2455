import type { CallCounter } from './call-counter';
import { asGas } from './gas-types';

type PropertiesApi = Pick<
  GoogleAppsScript.Properties.Properties,
  'getProperty' | 'setProperty' | 'deleteProperty' | 'deleteAllProperties' | 'getProperties' | 'getKeys' | 'setProperties'
>;

/** Apps Script's quotas: 9 KB per value, 500 KB per store. */
export const PROPERTY_VALUE_LIMIT = 9 * 1024;
export const PROPERTY_STORE_LIMIT = 500 * 1024;

/** A property store (document, user or script), with Apps Script's size limits enforced. */
export class EmulatedProperties implements PropertiesApi {
  readonly values = new Map<string, string>();
  constructor(
    private readonly label: string,
    private readonly counter: CallCounter,
  ) {}

  private count(method: string): void {
    this.counter.count(`Properties.${method}`);
  }
  private self(): GoogleAppsScript.Properties.Properties {
    return asGas(this);
  }
  private check(key: string, value: string, replacing: number): void {
    if (key.length + value.length > PROPERTY_VALUE_LIMIT)
      throw new Error(`Exception: Argument too large: value (${this.label} property "${key}")`);
    let total = replacing;
    for (const [k, v] of this.values) if (k !== key) total += k.length + v.length;
    if (total + key.length + value.length > PROPERTY_STORE_LIMIT)
      throw new Error('Exception: You have exceeded the property storage quota.');
  }

  getProperty(key: string): string | null {
    this.count('getProperty');
    return this.values.get(key) ?? null;
  }
  setProperty(key: string, value: string) {
    this.count('setProperty');
    this.check(key, String(value), 0);
    this.values.set(key, String(value));
    return this.self();
  }
  deleteProperty(key: string) {
    this.count('deleteProperty');
    this.values.delete(key);
    return this.self();
  }
  deleteAllProperties() {
    this.count('deleteAllProperties');
    this.values.clear();
    return this.self();
  }
  getProperties(): Record<string, string> {
    this.count('getProperties');
    return Object.fromEntries(this.values);
  }
  getKeys(): string[] {
    this.count('getKeys');
    return [...this.values.keys()];
  }
  setProperties(properties: Record<string, string>, deleteAllOthers?: boolean) {
    this.count('setProperties');
    if (deleteAllOthers) this.values.clear();
    for (const [key, value] of Object.entries(properties)) this.check(key, String(value), 0);
    for (const [key, value] of Object.entries(properties)) this.values.set(key, String(value));
    return this.self();
  }
}

export function propertiesService(document: EmulatedProperties, user: EmulatedProperties, script: EmulatedProperties) {
  return asGas<GoogleAppsScript.Properties.PropertiesService>({
    getDocumentProperties: () => asGas<GoogleAppsScript.Properties.Properties>(document),
    getUserProperties: () => asGas<GoogleAppsScript.Properties.Properties>(user),
    getScriptProperties: () => asGas<GoogleAppsScript.Properties.Properties>(script),
  } satisfies Pick<GoogleAppsScript.Properties.PropertiesService, 'getDocumentProperties' | 'getUserProperties' | 'getScriptProperties'>);
}
