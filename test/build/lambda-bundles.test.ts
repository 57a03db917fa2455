import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { buildLambdas, LAMBDA_BANNER, LAMBDA_EXTERNALS } from '../../scripts/build/build-lambdas';
import { LAMBDA_ENTRIES, LAMBDA_LOADERS } from '../../lambdas/entries';

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

  it.each(Object.entries(LAMBDA_ENTRIES))(
    'exports the configured handler of %s when Node imports the bundle as ESM',
    (name, { handler }) => {
      const file = built.find((b) => b.name === name)?.file ?? '';
      const script = `import(${JSON.stringify(pathToFileURL(file).href)}).then((m) => process.stdout.write(typeof m[${JSON.stringify(handler)}]))`;
      // The environment the stack gives the function: a bundle parses it at cold start.
      const env = {
        ...process.env,
        MAIN_TABLE: 'main',
        AUDIT_TABLE: 'audit',
        OAUTH_CLIENT_IDS: 'client.apps.googleusercontent.com',
        AWS_REGION: 'eu-west-1',
        FROM_ADDRESS: 'ar@acme.example',
        SES_CONFIGURATION_SET: 'dunning-desk',
        CHECKPOINT_BUCKET: 'checkpoints',
      };
      expect(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], {
          encoding: 'utf8',
          env,
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      ).toBe('function');
    },
  );

  it('keeps each bundle within its budget (500 KB; letters has its own for pdfmake and its fonts)', () => {
    for (const b of built)
      expect({ name: b.name, within: b.bytes < LAMBDA_ENTRIES[b.name].budgetKb * 1024 }).toEqual({ name: b.name, within: true });
  });

  it('renders a letter from the bundled fonts with no file reads, as the letters function does', async () => {
    // The renderer and the inlined fonts bundled exactly as the letters function is, then run
    // in a fresh Node with the working directory elsewhere: a font or AFM read from disk fails.
    const dir = mkdtempSync(join(process.cwd(), 'dist', 'test-letter-render-'));
    const file = join(dir, 'render.mjs');
    await build({
      stdin: {
        contents: `import { pdfRenderers } from './lambdas/letters/pdf-renderers'; import { bundledLetterFonts } from './lambdas/letters/bundled-fonts';
          import { composeLetter } from './shared/letters/compose-letter';
          const letter = composeLetter({ stage: 'formal_demand', today: '2026-11-24', creditor: { name: 'Acme', signature: 'Jo', replyTo: 'ar@acme.example', paymentInstructions: 'Bank transfer' },
            debtor: { customer: 'Harbor Coffee' }, invoices: [{ invoiceNumber: 'A-1', dueDate: '2026-10-01', amount: { minor: 10000, currency: 'USD' }, balance: { minor: 10000, currency: 'USD' } }],
            currency: 'USD', fees: { kind: 'none' }, deadlineDays: 10, locale: 'en-US' });
          if (!letter.ok) throw new Error(letter.error);
          const pdf = await pdfRenderers(bundledLetterFonts).letter(letter.value);
          process.stdout.write(new TextDecoder('latin1').decode(pdf.slice(0, 8)) + ' ' + pdf.length);`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile: file,
      logLevel: 'silent',
      mainFields: ['module', 'main'],
      external: LAMBDA_EXTERNALS,
      loader: LAMBDA_LOADERS,
      banner: { js: LAMBDA_BANNER },
    });
    const out = execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: tmpdir() });
    expect(out).toMatch(/^%PDF-1\.3\s+\d+$/);
  }, 60_000);
});
