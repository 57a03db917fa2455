import { brotliDecompressSync } from 'node:zlib';

/**
 * Stands in for the `brotli` package's decompress.js in the letters bundle: fontkit calls it only
 * to read WOFF2 fonts, and that package carries a 465 KB JavaScript decoder with its dictionary,
 * while Node has Brotli built in. Same contract: the compressed bytes in, the original bytes out.
 */
export default function decompress(buffer: Uint8Array, _outputSize?: number): Uint8Array {
  return brotliDecompressSync(buffer);
}
