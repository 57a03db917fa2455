// Worker threads do not inherit jest's TypeScript transform, and Node 20 ignores `--import tsx`
// in a worker's execArgv, so this plain-JS entry loads the TypeScript backend through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./backend-thread.ts', import.meta.url);
