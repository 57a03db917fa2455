import { createRequire } from 'node:module';
import { brotliCompressSync } from 'node:zlib';
import decompress from '../../../lambdas/letters/brotli-decompress';

// The package the letters bundle swaps out (CommonJS, so required here as fontkit would get it).
const original = createRequire(__filename)('brotli/decompress.js') as (buffer: Uint8Array, outputSize?: number) => Uint8Array;

describe('the Brotli decoder the letters bundle uses in place of the brotli package', () => {
  it.each([
    ['text', Buffer.from('Roboto '.repeat(5000))],
    ['binary', Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251))],
    ['empty', Buffer.alloc(0)],
  ])('gives back the same bytes as the brotli package for %s', (_name, bytes) => {
    const compressed = brotliCompressSync(bytes);
    const ours = Buffer.from(decompress(compressed, bytes.length));
    expect(ours.equals(bytes)).toBe(true);
    expect(ours.equals(Buffer.from(original(compressed, bytes.length)))).toBe(true);
  });
});
