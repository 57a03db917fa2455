import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildLambdas } from '../../scripts/build/build-lambdas';
import { LAMBDA_ENTRIES } from '../../lambdas/entries';

describe('the Lambda bundles', () => {
  let built: Awaited<ReturnType<typeof buildLambdas>>;
  beforeAll(async () => {
    mkdirSync(join(process.cwd(), 'dist'), { recursive: true });
    // Inside the repository, so the bundles find the AWS SDK in node_modules as they find it in the runtime.
    built = await buildLambdas(mkdtempSync(join(process.cwd(), 'dist', 'test-lambdas-')));
  }, 60_000);

  it('builds one file per entry in the table', () => {
    expect(built.map((b) => b.name).sort()).toEqual(Object.keys(LAMBDA_ENTRIES).sort());
  });

  it.each(Object.entries(LAMBDA_ENTRIES))('exports the configured handler of %s when Node imports the bundle as ESM', (name, { handler }) => {
    const file = built.find((b) => b.name === name)?.file ?? '';
    const script = `import(${JSON.stringify(pathToFileURL(file).href)}).then((m) => process.stdout.write(typeof m[${JSON.stringify(handler)}]))`;
    // The environment the stack gives the function: a bundle parses it at cold start.
    const env = {
      ...process.env, MAIN_TABLE: 'main', AUDIT_TABLE: 'audit', OAUTH_CLIENT_IDS: 'client.apps.googleusercontent.com', AWS_REGION: 'eu-west-1',
      FROM_ADDRESS: 'ar@acme.example', SES_CONFIGURATION_SET: 'dunning-desk', CHECKPOINT_BUCKET: 'checkpoints',
    };
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] })).toBe('function');
  });

  it('keeps each bundle under the 500 KB budget', () => {
    for (const b of built) expect(b.bytes).toBeLessThan(500 * 1024);
  });
});
