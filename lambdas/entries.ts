/**
 * Every Lambda function: its entry file, exported handler, bundle budget and the files shipped
 * beside its bundle. The build, the CDK stack and a test that imports each entry read this one
 * table, so a handler name cannot drift from the code. The design's budget is 500 KB; letters
 * carries pdfmake (its fonts are files beside it, not inlined), and holidays the public-holiday
 * data of about 200 countries: each has its own (cold starts are measured by `npm run bench`).
 */
export const LAMBDA_ENTRIES = {
  api: { entry: 'lambdas/api/handler.ts', handler: 'handler', budgetKb: 500, files: [] },
  letters: {
    entry: 'lambdas/letters/handler.ts',
    handler: 'handler',
    budgetKb: 1000,
    // Read by lambdas/letters/packaged-fonts.ts, paths relative to the repository and to the bundle.
    files: [
      { from: 'node_modules/pdfmake/fonts/Roboto/Roboto-Regular.ttf', to: 'fonts/Roboto-Regular.ttf' },
      { from: 'node_modules/pdfmake/fonts/Roboto/Roboto-Medium.ttf', to: 'fonts/Roboto-Medium.ttf' },
    ],
  },
  dispatcher: { entry: 'lambdas/dispatcher/handler.ts', handler: 'handler', budgetKb: 500, files: [] },
  sesEvents: { entry: 'lambdas/ses-events/handler.ts', handler: 'handler', budgetKb: 500, files: [] },
  checkpoint: { entry: 'lambdas/checkpoint/handler.ts', handler: 'handler', budgetKb: 500, files: [] },
  // Deployed only with a reply domain (`-c replyDomain=...`): debtors' replies, received by SES.
  // mailparser with iconv-lite's charset tables (481 KB): replies come in every charset mail
  // programs use (Latin-1, Windows-1252, Shift_JIS...); it runs only when a reply arrives.
  inbound: { entry: 'lambdas/inbound/handler.ts', handler: 'handler', budgetKb: 1500, files: [] },
  holidays: { entry: 'lambdas/holidays/handler.ts', handler: 'handler', budgetKb: 2000, files: [] },
} as const satisfies Record<string, { entry: string; handler: string; budgetKb: number; files: readonly { from: string; to: string }[] }>;

/**
 * Modules swapped at bundling (esbuild's alias), paths relative to the repository: fontkit's
 * WOFF2 reader imports a 465 KB JavaScript Brotli decoder where Node's own does the same.
 */
export const LAMBDA_ALIASES = { 'brotli/decompress.js': './lambdas/letters/brotli-decompress.ts' } as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;
