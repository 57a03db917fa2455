import { build } from 'esbuild';
import { LAMBDA_ESBUILD_TARGET } from '../../cdk/lambda-node';
import { statSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LAMBDA_ALIASES, LAMBDA_ENTRIES, type LambdaName } from '../../lambdas/entries';

/**
 * The Node.js Lambda runtime provides AWS SDK v3, so @aws-sdk/* stays out of the bundles, as in
 * the stack's NodejsFunction bundling: what is measured here is what is deployed. (Bundling it
 * would pin its version but add about 500 KB and cold-start time to every function.)
 */
export const LAMBDA_EXTERNALS = ['@aws-sdk/*'];

/**
 * ESM has no require, __dirname or __filename; some CommonJS dependencies use them (pdfmake's
 * virtual file system compares paths with __dirname). The banner defines them for the bundle.
 */
export const LAMBDA_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; " +
  'const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL(".", import.meta.url));';

/**
 * Each Lambda as one minified ESM file for Node 22+ with a source map and the files it reads
 * beside it, the way the CDK stack bundles them, so size and cold start can be measured and
 * inspected here. Some dependencies are CommonJS; LAMBDA_BANNER gives them what CommonJS has.
 */
export async function buildLambdas(outDir: string): Promise<{ name: LambdaName; file: string; bytes: number }[]> {
  const results = [];
  for (const [name, { entry, files }] of Object.entries(LAMBDA_ENTRIES) as [
    LambdaName,
    { entry: string; files: readonly { from: string; to: string }[] },
  ][]) {
    const dir = join(outDir, name);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'index.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: LAMBDA_ESBUILD_TARGET,
      minify: true,
      sourcemap: true,
      outfile: file,
      logLevel: 'silent',
      legalComments: 'none',
      mainFields: ['module', 'main'],
      external: LAMBDA_EXTERNALS,
      alias: LAMBDA_ALIASES,
      banner: { js: LAMBDA_BANNER },
    });
    for (const { from, to } of files) {
      await mkdir(dirname(join(dir, to)), { recursive: true });
      await copyFile(from, join(dir, to));
    }
    results.push({ name, file, bytes: statSync(file).size });
  }
  return results;
}
