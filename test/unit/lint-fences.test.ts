/**
 * The lint fences that keep imports flowing inward (shared/ imports neither side; the add-on
 * never the backend; the backend never the add-on) catch a planted import at any folder depth,
 * and let through what may cross (the local workbench runs the add-on beside the backend). Each
 * path's configuration is the one eslint.config.js gives it (`eslint --print-config`); the rule
 * is then run on the planted line. The same way, the long-function rule refuses a planted
 * function of 81 lines in the folders it covers.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Linter } from 'eslint';

const run = promisify(execFile);

async function configuredRule(filePath: string, rule: string): Promise<Linter.RuleEntry | undefined> {
  const { stdout } = await run('npx', ['eslint', '--print-config', filePath], { maxBuffer: 16 * 1024 * 1024 });
  return (JSON.parse(stdout) as { rules: Record<string, Linter.RuleEntry> }).rules[rule];
}
const restrictedImportsRule = (filePath: string) => configuredRule(filePath, 'no-restricted-imports');

const PROBES: { file: string; refused: string[]; allowed: string[] }[] = [
  {
    file: 'shared/ledger/deep/er/probe.ts',
    refused: [
      '../../../../lambdas/store/keys',
      '../../../../addon/src/sync/sync-ledger',
      'node:fs',
      '@aws-sdk/client-ses',
      'nodemailer/lib/mime-funcs',
      'date-holidays',
    ],
    allowed: ['../../../text', 'zod'],
  },
  {
    file: 'addon/src/sync/deep/probe.ts',
    refused: ['../../../../lambdas/api/app', 'node:crypto', '@aws-sdk/lib-dynamodb', 'hono'],
    allowed: ['../../../../shared/text'],
  },
  { file: 'addon/sidebar/probe.ts', refused: ['../../lambdas/services/letter-service'], allowed: ['../../shared/api/contract'] },
  {
    file: 'lambdas/services/deep/probe.ts',
    refused: ['../../../addon/src/server/main'],
    allowed: ['../../../shared/text', '@aws-sdk/client-ses'],
  },
  { file: 'addon/local/deep/probe.ts', refused: [], allowed: ['../../../lambdas/local/shared-clock'] },
];

describe('lint fences at any folder depth', () => {
  // One eslint process per path, all at once: a few seconds in all.
  const rules = new Map<string, Linter.RuleEntry | undefined>();
  beforeAll(async () => {
    const found = await Promise.all(PROBES.map(async (p) => [p.file, await restrictedImportsRule(p.file)] as const));
    for (const [file, rule] of found) rules.set(file, rule);
  }, 60_000);

  it.each(PROBES)('$file', ({ file, refused, allowed }) => {
    const rule = rules.get(file);
    const linter = new Linter();
    const verdict = (specifier: string) =>
      linter
        .verify(
          `import probe from '${specifier}';\nexport default probe;\n`,
          [{ files: ['**/*.ts'], rules: rule ? { 'no-restricted-imports': rule } : {} }],
          { filename: file },
        )
        .map((m) => m.ruleId);
    for (const specifier of refused)
      expect({ specifier, rules: verdict(specifier) }).toEqual({ specifier, rules: ['no-restricted-imports'] });
    for (const specifier of allowed) expect({ specifier, rules: verdict(specifier) }).toEqual({ specifier, rules: [] });
  });
});

describe('long functions', () => {
  // Comments and blank lines do not count: a long explanation never forces a split.
  const fn = (statements: number) =>
    `export function probe() {\n  let n = 0;\n${'  // why\n\n  n += 1;\n'.repeat(statements)}  return n;\n}\n`;

  it.each(['lambdas/services/probe.ts', 'addon/src/sync/probe.ts', 'shared/ledger/deep/probe.ts'])(
    '%s: over 80 lines is refused, 80 is not',
    async (file) => {
      const rule = await configuredRule(file, 'max-lines-per-function');
      const verdict = (source: string) =>
        new Linter()
          .verify(source, [{ files: ['**/*.ts'], rules: rule ? { 'max-lines-per-function': rule } : {} }], { filename: file })
          .map((m) => m.ruleId);
      // Declaration, `let`, the statements and `return`, and the closing brace.
      expect(verdict(fn(76))).toEqual([]);
      expect(verdict(fn(77))).toEqual(['max-lines-per-function']);
    },
    60_000,
  );
});
