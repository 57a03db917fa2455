// Node 20 ignores `--import tsx` in a worker's execArgv, so this plain-JS entry loads the
// TypeScript workbench thread through tsx's API (as test/support/backend-thread-loader does).
import { tsImport } from 'tsx/esm/api';

await tsImport('./workbench-thread.ts', import.meta.url);
