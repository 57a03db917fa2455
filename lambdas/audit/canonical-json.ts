/**
 * JSON with object keys sorted at every level and no whitespace, so the same event always has
 * the same bytes and therefore the same hash, whatever order its fields were written in or
 * DynamoDB returned them. Only what JSON can hold exactly is accepted: a float, a Date, a Map or
 * any other non-plain object in an audit event is a bug, refused rather than rounded or hashed
 * as "{}". A property whose value is undefined is left out, as JSON.stringify and the
 * DynamoDB marshaller (removeUndefinedValues) both leave it out, so the stored event hashes the same.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`audit events hold only safe integers, got ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    // Plain: its prototype is an Object.prototype (of any realm: a request body parsed in
    // another context has its own) or none. A Date's or a Map's prototype has one above it.
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype !== null && Object.getPrototypeOf(prototype) !== null) {
      throw new TypeError(`audit events hold only plain objects, got a ${value.constructor.name}`);
    }
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`cannot put a ${typeof value} in an audit event`);
}
