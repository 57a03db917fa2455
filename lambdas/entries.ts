/**
 * Every Lambda function: its entry file and exported handler. The build, the CDK stack and a
 * test that imports each entry read this one table, so a handler name cannot drift from the code.
 */
export const LAMBDA_ENTRIES = {
  api: { entry: 'lambdas/api/handler.ts', handler: 'handler' },
  dispatcher: { entry: 'lambdas/dispatcher/handler.ts', handler: 'handler' },
  sesEvents: { entry: 'lambdas/ses-events/handler.ts', handler: 'handler' },
  checkpoint: { entry: 'lambdas/checkpoint/handler.ts', handler: 'handler' },
} as const satisfies Record<string, { entry: string; handler: string }>;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;
