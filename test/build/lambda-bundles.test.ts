import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { lettersFunctionStatements } from '../../lambdas/dispatcher/letters-function-statements';
import { composeStatement } from '../../shared/statements/compose-statement';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { buildLambdas, LAMBDA_BANNER, LAMBDA_EXTERNALS } from '../../scripts/build/build-lambdas';
import { LAMBDA_ALIASES, LAMBDA_ENTRIES } from '../../lambdas/entries';
import { nodeLetterFonts } from '../../lambdas/letters/node-fonts';
import { pdfRenderers } from '../../lambdas/letters/pdf-renderers';
import { composeLetter } from '../../shared/letters/compose-letter';
import type { CalendarDate } from '../../shared/time/calendar-date';

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
        INBOUND_BUCKET: 'inbound-mail',
        REPLY_DOMAIN: 'replies.acme.example',
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

  it('keeps each bundle within its budget (500 KB; letters 1,000 KB for pdfmake, holidays 2,000 KB for its data)', () => {
    for (const b of built)
      expect({ name: b.name, within: b.bytes < LAMBDA_ENTRIES[b.name].budgetKb * 1024 }).toEqual({ name: b.name, within: true });
  });

  it('renders a letter from the fonts beside the bundle, the same bytes as the tests and the local server', async () => {
    // The renderer bundled exactly as the letters function is (aliases and all), its fonts copied
    // beside it as the build and the stack ship them, then run in a fresh Node with the working
    // directory elsewhere: a font or AFM read from anywhere else fails.
    const dir = mkdtempSync(join(process.cwd(), 'dist', 'test-letter-render-'));
    const file = join(dir, 'render.mjs');
    // One letter, composed the same way in the bundle and here.
    const input: Parameters<typeof composeLetter>[0] = {
      stage: 'formal_demand',
      today: '2026-11-24' as CalendarDate,
      creditor: { name: 'Acme', signature: 'Jo', replyTo: 'ar@acme.example', paymentInstructions: 'Bank transfer' },
      debtor: { customer: 'Harbor Coffee' },
      invoices: [
        {
          invoiceNumber: 'A-1',
          dueDate: '2026-10-01' as CalendarDate,
          amount: { minor: 10000, currency: 'USD' },
          balance: { minor: 10000, currency: 'USD' },
        },
      ],
      currency: 'USD',
      fees: { kind: 'none' },
      deadlineDays: 10,
      locale: 'en-US',
    };
    await build({
      stdin: {
        contents: `import { pdfRenderers } from './lambdas/letters/pdf-renderers'; import { packagedLetterFonts } from './lambdas/letters/packaged-fonts';
          import { composeLetter } from './shared/letters/compose-letter'; import { createHash } from 'node:crypto';
          const letter = composeLetter(${JSON.stringify(input)});
          if (!letter.ok) throw new Error(letter.error);
          const pdf = await pdfRenderers(packagedLetterFonts(import.meta.url)).letter(letter.value);
          process.stdout.write(new TextDecoder('latin1').decode(pdf.slice(0, 8)) + ' ' + createHash('sha256').update(pdf).digest('hex'));`,
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
      alias: LAMBDA_ALIASES,
      banner: { js: LAMBDA_BANNER },
    });
    for (const { from, to } of LAMBDA_ENTRIES.letters.files) {
      mkdirSync(dirname(join(dir, to)), { recursive: true });
      copyFileSync(from, join(dir, to));
    }
    const [header, hash] = execFileSync(process.execPath, [file], { encoding: 'utf8', cwd: tmpdir() }).split(' ');
    expect(header).toMatch(/^%PDF-1\.3/);
    const letter = composeLetter(input);
    if (!letter.ok) throw new Error(letter.error);
    const here = await pdfRenderers(await nodeLetterFonts()).letter(letter.value);
    expect(hash).toBe(createHash('sha256').update(here).digest('hex'));
  }, 60_000);

  it('renders a statement when the dispatcher invokes the letters bundle directly: the same bytes as in process, an error when it fails', async () => {
    // The letters bundle behind Lambda's Invoke API as the SDK speaks it (POST .../invocations; a
    // function's error is a 200 with X-Amz-Function-Error), in a fresh Node with the stack's environment.
    const bundle = built.find((b) => b.name === 'letters')?.file ?? '';
    const server = `import { createServer } from 'node:http';
      const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
      const http = createServer(async (req, res) => {
        let body = ''; for await (const chunk of req) body += chunk;
        try {
          const answer = await handler(JSON.parse(body), { getRemainingTimeInMillis: () => 30000 });
          res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' }).end(JSON.stringify(answer));
        } catch (error) {
          res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' })
            .end(JSON.stringify({ errorMessage: String(error && error.message), errorType: 'Error' }));
        }
      });
      http.listen(0, '127.0.0.1', () => process.stdout.write(http.address().port + '\\n'));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', server], {
      cwd: tmpdir(),
      env: {
        ...process.env,
        MAIN_TABLE: 'main',
        AUDIT_TABLE: 'audit',
        OAUTH_CLIENT_IDS: 'client.apps.googleusercontent.com',
        AWS_REGION: 'eu-west-1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [port] = (await once(child.stdout, 'data')) as [Buffer];
      const lambda = new LambdaClient({
        endpoint: `http://127.0.0.1:${String(port).trim()}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const statement = composeStatement({
        today: '2026-11-24' as CalendarDate,
        locale: 'en-US',
        currency: 'USD',
        aging: { boundaries: [30, 60, 90] },
        creditor: { name: 'Acme', replyTo: 'ar@acme.example', paymentInstructions: 'Bank transfer' },
        customer: { name: 'Harbor Coffee' },
        invoices: [
          {
            invoiceNumber: 'A-1',
            dueDate: '2026-10-01' as CalendarDate,
            amount: { minor: 10000, currency: 'USD' },
            balance: { minor: 4000, currency: 'USD' },
            paymentLink: 'https://pay.acme.example/A-1',
          },
        ],
      });
      if (!statement.ok) throw new Error(statement.error);
      const render = lettersFunctionStatements(lambda, 'dunning-desk-letters');
      const there = await render(statement.value);
      const here = await pdfRenderers(await nodeLetterFonts()).statement(statement.value);
      expect(createHash('sha256').update(there).digest('hex')).toBe(createHash('sha256').update(here).digest('hex'));
      // A statement the function cannot read is its error, named, not a PDF.
      await expect(render({ ...statement.value, table: undefined } as never)).rejects.toThrow(
        /the letters function failed: .*not a statement to render: .*table/,
      );
      lambda.destroy();
    } finally {
      child.kill();
    }
  }, 60_000);
});
