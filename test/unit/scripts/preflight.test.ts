import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type AccountFacts, judge, report } from '../../../scripts/preflight/preflight-checks';

const ready: AccountFacts = {
  account: '123456789012',
  region: 'eu-west-1',
  lambda: { concurrencyLimit: 1000, unreserved: 1000 },
  bootstrapVersion: 27,
  ses: {
    sendingEnabled: true,
    max24HourSend: 50_000,
    maxSendRate: 14,
    identities: { 'acme.example': 'Success', 'ar@acme.example': 'missing' },
  },
};
const levels = (facts: AccountFacts, input = { senderAddress: 'ar@acme.example' }) =>
  Object.fromEntries(judge(facts, input).map((v) => [v.check, v.level]));
const said = (facts: AccountFacts, check: string, input: Parameters<typeof judge>[1] = { senderAddress: 'ar@acme.example' }) =>
  judge(facts, input).find((v) => v.check === check)?.says ?? '';

describe('deploy preflight', () => {
  it('passes an account that is bootstrapped, out of the sandbox, with the sender domain verified', () => {
    expect(levels(ready)).toEqual({ 'CDK bootstrap': 'ok', 'Lambda concurrency': 'ok', 'SES sending': 'ok', 'SES sender': 'ok' });
    expect(report(judge(ready, { senderAddress: 'ar@acme.example' })).ok).toBe(true);
  });

  it('fails a region that is not bootstrapped, with the command that fixes it', () => {
    const { bootstrapVersion: _, ...facts } = ready;
    expect(said(facts, 'CDK bootstrap')).toBe(
      'aws://123456789012/eu-west-1 is not bootstrapped: run `npx cdk bootstrap aws://123456789012/eu-west-1` once.',
    );
    expect(report(judge(facts, {})).ok).toBe(false);
    expect(levels({ ...ready, bootstrapVersion: 4 })['CDK bootstrap']).toBe('fail');
  });

  it('warns of a new account’s concurrency of 10, and fails a reserved dispatcher it cannot hold', () => {
    const small = { ...ready, lambda: { concurrencyLimit: 10, unreserved: 10 } };
    expect(levels(small)['Lambda concurrency']).toBe('warn');
    expect(said(small, 'Lambda concurrency', { reservedConcurrency: 1 })).toMatch(
      /would leave 9 unreserved; Lambda requires 100. Deploy without -c dispatcherReservedConcurrency/,
    );
    expect(levels(ready)['Lambda concurrency']).toBe('ok');
  });

  it('warns of the SES sandbox and fails sending that is disabled', () => {
    expect(said({ ...ready, ses: { ...ready.ses, max24HourSend: 200, maxSendRate: 1 } }, 'SES sending')).toMatch(
      /in the SES sandbox in eu-west-1 \(200 emails a day, 1 a second, to verified addresses only\)/,
    );
    expect(levels({ ...ready, ses: { ...ready.ses, sendingEnabled: false } })['SES sending']).toBe('fail');
  });

  it('judges the sender: the stack’s own domain, an address-only identity (DMARC), pending, or nothing verified', () => {
    const none = { ...ready, ses: { ...ready.ses, identities: {} } };
    expect(said(none, 'SES sender', { senderAddress: 'ar@acme.example', senderDomain: 'acme.example' })).toMatch(
      /the stack will create acme.example with DKIM: add the 3 CNAME records/,
    );
    expect(said({ ...ready, ses: { ...ready.ses, identities: { 'ar@acme.example': 'Success' } } }, 'SES sender')).toMatch(
      /verified as an address only: .*DMARC/,
    );
    expect(levels({ ...ready, ses: { ...ready.ses, identities: { 'acme.example': 'Pending' } } })['SES sender']).toBe('warn');
    expect(said(none, 'SES sender')).toMatch(/neither ar@acme.example nor acme.example is a verified SES identity in eu-west-1/);
    expect(levels(none)['SES sender']).toBe('fail');
  });

  it('offline, lists the checks it would run and exits 0', async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'preflight-')), AWS_EC2_METADATA_DISABLED: 'true' };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/preflight.ts'], { env });
    expect(stdout).toMatch(/^No AWS credentials or region found, so nothing was read/);
    expect(stdout).toMatch(/CDK bootstrap: .*\n.*Lambda concurrency: .*\n.*SES sending: .*\n.*SES sender: /);
  }, 30_000);
});
