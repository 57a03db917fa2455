import type { Server } from 'node:http';
import * as sesModule from 'aws-ses-v2-local';

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;

/**
 * aws-ses-v2-local is CommonJS with a default export: Node's ESM loader (tsx, npm start) hands
 * over module.exports, with the function at .default, while transpilers that honour __esModule
 * (SWC in jest) hand over the function itself. Either way, this is the function.
 */
export const startSesServer: StartSes = (() => {
  const loaded = (sesModule as unknown as { default: StartSes | { default: StartSes } }).default;
  return typeof loaded === 'function' ? loaded : loaded.default;
})();
