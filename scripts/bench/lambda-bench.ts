/**
 * Each Lambda bundle: its size, and its cold init (a fresh Node process importing it), median of
 * 10, beside a baseline bundle of only the AWS SDK clients that function uses. Node here is 20;
 * Lambda runs 24 on arm64, so the absolute times are this machine's, the ratio is the point.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaName } from '../../lambdas/entries';
import { buildLambdas } from '../build/build-lambdas';

// Typed by the Lambda table, so a new function cannot be measured against an empty baseline.
const SDK_OF: Record<LambdaName, string[]> = {
  api: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-s3'],
  letters: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-s3'],
  dispatcher: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-ses'],
  sesEvents: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  checkpoint: ['@aws-sdk/client-s3'],
  holidays: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  inbound: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/client-ses'],
};

const ENV = {
  ...process.env,
  MAIN_TABLE: 'main',
  AUDIT_TABLE: 'audit',
  OAUTH_CLIENT_IDS: 'client',
  AWS_REGION: 'eu-west-1',
  FROM_ADDRESS: 'ar@acme.example',
  SES_CONFIGURATION_SET: 'cs',
  CHECKPOINT_BUCKET: 'checkpoints',
  INBOUND_BUCKET: 'inbound',
  REPLY_DOMAIN: 'replies.acme.example',
  AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
};

function coldInitMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const times = Array.from({ length: 10 }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: ENV,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ),
  );
  return Math.round((times.sort((a, b) => a - b)[5] ?? 0) * 10) / 10;
}

export interface LambdaFigures {
  name: string;
  kb: number;
  initMs: number;
  sdkOnlyInitMs: number;
}

export async function benchLambdas(): Promise<LambdaFigures[]> {
  mkdirSync('dist', { recursive: true });
  // Inside the repository, so the bundles find the AWS SDK in node_modules, as in the runtime.
  const dir = mkdtempSync(join(process.cwd(), 'dist', 'bench-lambdas-'));
  const built = await buildLambdas(dir);
  const figures: LambdaFigures[] = [];
  for (const b of built) {
    // The baseline: the same SDK clients alone, loaded from node_modules as the runtime loads them.
    const baseline = join(dir, `${b.name}-sdk-only.mjs`);
    writeFileSync(baseline, SDK_OF[b.name].map((m, i) => `import * as m${i} from '${m}'; globalThis.__keep${i} = m${i};`).join('\n'));
    figures.push({ name: b.name, kb: Math.round(b.bytes / 102.4) / 10, initMs: coldInitMs(b.file), sdkOnlyInitMs: coldInitMs(baseline) });
  }
  return figures;
}

export function lambdaTable(rows: readonly LambdaFigures[]): string {
  return [
    '| function | bundle (minified, AWS SDK from the runtime) | cold init, median of 10 | its AWS SDK clients alone | ratio |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.kb} KB | ${r.initMs} ms | ${r.sdkOnlyInitMs} ms | ${(r.initMs / r.sdkOnlyInitMs).toFixed(2)} |`),
  ].join('\n');
}
