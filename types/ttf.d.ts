/** TrueType fonts inlined by esbuild's binary loader (the letters function's bundle). */
declare module '*.ttf' {
  const bytes: Uint8Array;
  export default bytes;
}
