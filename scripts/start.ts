/**
 * npm start: runs Dunning Desk locally on embedded defaults and prints where each part is.
 * Ctrl-C stops everything.
 */
import { serveApi } from '../lambdas/local/serve-api';

const port = Number(process.env.PORT ?? 8787);
const api = await serveApi(port);
console.log(`Dunning Desk API   ${api.url}  (try ${api.url}/v1/health)`);
console.log('Press Ctrl-C to stop.');

const stop = () => {
  void api.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
