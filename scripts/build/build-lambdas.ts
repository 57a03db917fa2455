import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LAMBDA_ENTRIES, type LambdaName } from '../../lambdas/entries';

/**
 * Each Lambda as one minified ESM file for Node 22 with a source map, the way the CDK stack
 * bundles them, so size and cold start can be measured and inspected here. Some dependencies
 * are CommonJS and call require(); the banner gives ESM output a real one.
 */
export async function buildLambdas(outDir: string): Promise<{ name: LambdaName; file: string; bytes: number }[]> {
  const results = [];
  for (const [name, { entry }] of Object.entries(LAMBDA_ENTRIES) as [LambdaName, { entry: string }][]) {
    const dir = join(outDir, name);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'index.mjs');
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      outfile: file,
      metafile: true,
      logLevel: 'silent',
      legalComments: 'none',
      mainFields: ['module', 'main'],
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    });
    const bytes = result.metafile.outputs[file]?.bytes ?? 0;
    results.push({ name, file, bytes });
  }
  return results;
}
