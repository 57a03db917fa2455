/**
 * npm run build: the add-on (addon/dist, what `clasp push` uploads), its sidebar, and each Lambda
 * (dist/lambdas). Prints what it wrote and how big it is.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAddon } from './build/build-addon';
import { buildLambdas } from './build/build-lambdas';
import { buildSidebar } from './build/build-sidebar';

const ADDON_OUT = 'addon/dist';
const LAMBDA_OUT = 'dist/lambdas';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const addon = await buildAddon(ADDON_OUT, process.env.DD_BACKEND_URL);
const sidebar = await buildSidebar(ADDON_OUT);
for (const file of [...addon.files, ...sidebar]) {
  const { size } = await stat(join(ADDON_OUT, file));
  console.log(`add-on  ${join(ADDON_OUT, file).padEnd(34)} ${kb(size).padStart(9)}`);
}
console.log(`        Apps Script entry points: ${addon.exports.join(', ')}`);
console.log(
  `        UrlFetch allow-list: ${JSON.stringify(addon.allowList)}${process.env.DD_BACKEND_URL ? '' : ' (set DD_BACKEND_URL to allow only your backend)'}`,
);
for (const lambda of await buildLambdas(LAMBDA_OUT)) {
  console.log(`lambda  ${lambda.file.padEnd(34)} ${kb(lambda.bytes).padStart(9)}`);
}
