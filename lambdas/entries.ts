/**
 * Every Lambda function: its entry file, exported handler and bundle budget. The build, the CDK
 * stack and a test that imports each entry read this one table, so a handler name cannot drift
 * from the code. The design's budget is 500 KB; letters carries pdfmake and two fonts, and
 * holidays the public-holiday data of about 200 countries: each has its own (letters' cold start
 * is measured by `npm run bench`).
 */
export const LAMBDA_ENTRIES = {
  api: { entry: 'lambdas/api/handler.ts', handler: 'handler', budgetKb: 500 },
  letters: { entry: 'lambdas/letters/handler.ts', handler: 'handler', budgetKb: 2500 },
  dispatcher: { entry: 'lambdas/dispatcher/handler.ts', handler: 'handler', budgetKb: 500 },
  sesEvents: { entry: 'lambdas/ses-events/handler.ts', handler: 'handler', budgetKb: 500 },
  checkpoint: { entry: 'lambdas/checkpoint/handler.ts', handler: 'handler', budgetKb: 500 },
  holidays: { entry: 'lambdas/holidays/handler.ts', handler: 'handler', budgetKb: 2000 },
} as const satisfies Record<string, { entry: string; handler: string; budgetKb: number }>;

/** Files esbuild inlines as bytes: the letters function's fonts. */
export const LAMBDA_LOADERS = { '.ttf': 'binary' } as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;
