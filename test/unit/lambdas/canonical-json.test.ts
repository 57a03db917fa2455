import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { canonicalJson } from '../../../lambdas/audit/canonical-json';

describe('canonical JSON for audit hashes', () => {
  it('sorts keys at every level, keeps array order, and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, 2], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,1,2]},"b":1}');
    expect(canonicalJson({ z: null, y: true, x: 'é "q" \n' })).toBe('{"x":"é \\"q\\" \\n","y":true,"z":null}');
  });

  it('leaves out properties whose value is undefined, as the stored item does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('refuses what JSON cannot hold exactly, and objects that would hash as {}', () => {
    expect(() => canonicalJson(1.5)).toThrow('audit events hold only safe integers, got 1.5');
    expect(() => canonicalJson({ at: Number.NaN })).toThrow('safe integers');
    expect(() => canonicalJson(2 ** 53)).toThrow('safe integers');
    expect(() => canonicalJson(undefined)).toThrow('cannot put a undefined in an audit event');
    expect(() => canonicalJson({ when: new Date(0) })).toThrow('audit events hold only plain objects, got a Date');
    expect(() => canonicalJson({ m: new Map() })).toThrow('got a Map');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { a: 1 }))).toBe('{"a":1}');
    // An object from another realm (a body parsed in another context) is as plain as any; its Date is not.
    expect(canonicalJson(runInNewContext('({ b: [{ c: 1 }], a: "x" })'))).toBe('{"a":"x","b":[{"c":1}]}');
    expect(() => canonicalJson({ when: runInNewContext('new Date(0)') })).toThrow('got a Date');
  });

  it('gives the same bytes whatever order the keys were written in, and reads back to the same value', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.maxSafeInteger(),
        fc.string(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(value);
        const reversed = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(text);
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
