/**
 * The emulation implements the parts of Apps Script the add-on uses, each class declared as
 * `implements Pick<GoogleAppsScript.X, ...>` so a name or signature that drifts from Google's
 * published types fails to compile. Methods return the full Apps Script interface types, which
 * an emulated object satisfies only for the methods it has: this cast is the one place that
 * says so. A method the add-on calls that the emulation lacks throws "is not a function" in the
 * tests, loudly, rather than passing.
 */
export function asGas<T>(value: object): T {
  return value as T;
}
