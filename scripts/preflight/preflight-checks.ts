/**
 * What an AWS account needs before `cdk deploy`, judged from facts read from it (or, offline,
 * the list of what would be read). Pure, so each verdict is tested without AWS.
 */

export type IdentityState = 'Success' | 'Pending' | 'Failed' | 'TemporaryFailure' | 'NotStarted' | 'missing';

export interface AccountFacts {
  account: string;
  region: string;
  lambda: { concurrencyLimit: number; unreserved: number };
  /** The CDK bootstrap stack's version, absent when the region is not bootstrapped. */
  bootstrapVersion?: number;
  ses: {
    sendingEnabled: boolean;
    /** SES's sandbox allows 200 emails a day at 1 a second. */
    max24HourSend: number;
    maxSendRate: number;
    /** The sender address's and its domain's verification states. */
    identities: Record<string, IdentityState>;
  };
}

export interface PreflightInput {
  senderAddress?: string;
  /** The domain the stack will create as a DKIM identity (SenderDomain). */
  senderDomain?: string;
  /** `-c dispatcherReservedConcurrency=N`, if the deploy will use it. */
  reservedConcurrency?: number;
}

export interface Verdict {
  level: 'ok' | 'warn' | 'fail';
  check: string;
  says: string;
}

/** The CDK version whose bootstrap this stack's assets need (modern bootstrap, file and image assets). */
export const MIN_BOOTSTRAP_VERSION = 6;
/** Lambda keeps this much concurrency unreserved; reserving more fails the deploy. */
export const UNRESERVED_MINIMUM = 100;

/** The checks, in words, for the offline run and the head of the online one. */
export const CHECKS = [
  'CDK bootstrap: the CDKToolkit stack exists in the region, version 6 or newer (CloudFormation DescribeStacks)',
  'Lambda concurrency: the account quota, and room for a reserved dispatcher if asked for (Lambda GetAccountSettings)',
  'SES sending: enabled for the account, and whether it is still in the sandbox (SES GetAccountSendingEnabled, GetSendQuota)',
  'SES sender: the sender address or its domain is a verified identity, or the stack will create the domain (SES GetIdentityVerificationAttributes)',
];

export function judge(facts: AccountFacts, input: PreflightInput): Verdict[] {
  const verdicts: Verdict[] = [];
  const where = `aws://${facts.account}/${facts.region}`;

  if (facts.bootstrapVersion === undefined) {
    verdicts.push({
      level: 'fail',
      check: 'CDK bootstrap',
      says: `${where} is not bootstrapped: run \`npx cdk bootstrap ${where}\` once.`,
    });
  } else if (facts.bootstrapVersion < MIN_BOOTSTRAP_VERSION) {
    verdicts.push({
      level: 'fail',
      check: 'CDK bootstrap',
      says: `bootstrap version ${facts.bootstrapVersion} is older than ${MIN_BOOTSTRAP_VERSION}: run \`npx cdk bootstrap ${where}\` again to update it.`,
    });
  } else {
    verdicts.push({ level: 'ok', check: 'CDK bootstrap', says: `version ${facts.bootstrapVersion}.` });
  }

  const { concurrencyLimit, unreserved } = facts.lambda;
  if (input.reservedConcurrency !== undefined && unreserved - input.reservedConcurrency < UNRESERVED_MINIMUM) {
    verdicts.push({
      level: 'fail',
      check: 'Lambda concurrency',
      says: `reserving ${input.reservedConcurrency} for the dispatcher would leave ${unreserved - input.reservedConcurrency} unreserved; Lambda requires ${UNRESERVED_MINIMUM}. Deploy without -c dispatcherReservedConcurrency (the run lock keeps one run at a time), or ask for a higher quota in Service Quotas.`,
    });
  } else if (concurrencyLimit < 100) {
    verdicts.push({
      level: 'warn',
      check: 'Lambda concurrency',
      says: `the account runs at most ${concurrencyLimit} functions at once (new accounts start low): enough to deploy, but a busy team's requests may be throttled. Ask for 1,000 in Service Quotas (Lambda, Concurrent executions).`,
    });
  } else {
    verdicts.push({ level: 'ok', check: 'Lambda concurrency', says: `${concurrencyLimit} at once, ${unreserved} unreserved.` });
  }

  if (!facts.ses.sendingEnabled) {
    verdicts.push({
      level: 'fail',
      check: 'SES sending',
      says: `sending is disabled for the account in ${facts.region} (paused by AWS or by hand): see the SES console's reputation page.`,
    });
  } else if (facts.ses.max24HourSend <= 200) {
    verdicts.push({
      level: 'warn',
      check: 'SES sending',
      says: `the account is in the SES sandbox in ${facts.region} (${facts.ses.max24HourSend} emails a day, ${facts.ses.maxSendRate} a second, to verified addresses only): customers will not receive reminders until you request production access.`,
    });
  } else {
    verdicts.push({
      level: 'ok',
      check: 'SES sending',
      says: `production access: ${facts.ses.max24HourSend} emails a day, ${facts.ses.maxSendRate} a second.`,
    });
  }

  const address = input.senderAddress;
  const domain = input.senderDomain ?? address?.split('@')[1];
  const stateOf = (identity: string | undefined) => (identity ? (facts.ses.identities[identity] ?? 'missing') : 'missing');
  if (!address) {
    verdicts.push({ level: 'warn', check: 'SES sender', says: 'no sender address given (--sender ar@yourcompany.com): not checked.' });
  } else if (stateOf(domain) === 'Success') {
    verdicts.push({ level: 'ok', check: 'SES sender', says: `${domain} is verified: ${address} may send, signed for the domain.` });
  } else if (input.senderDomain && stateOf(input.senderDomain) === 'missing') {
    verdicts.push({
      level: 'ok',
      check: 'SES sender',
      says: `the stack will create ${input.senderDomain} with DKIM: add the 3 CNAME records it outputs (DkimRecord1-3) to your DNS, then sending works once SES sees them.`,
    });
  } else if (stateOf(address) === 'Success') {
    verdicts.push({
      level: 'warn',
      check: 'SES sender',
      says: `${address} is verified as an address only: SES signs its mail with amazonses.com, so a domain with a strict DMARC policy (p=quarantine or reject) may see it junked. Give SenderDomain=${domain ?? 'yourcompany.com'} to sign for the domain.`,
    });
  } else if (stateOf(address) === 'Pending' || stateOf(domain) === 'Pending') {
    verdicts.push({
      level: 'warn',
      check: 'SES sender',
      says: `${stateOf(domain) === 'Pending' ? domain : address} is waiting for verification: open the email SES sent, or add the DNS records.`,
    });
  } else {
    verdicts.push({
      level: 'fail',
      check: 'SES sender',
      says: `neither ${address} nor ${domain ?? 'its domain'} is a verified SES identity in ${facts.region}: give SenderDomain to have the stack create the domain, or verify the address in the SES console.`,
    });
  }
  return verdicts;
}

export function report(verdicts: readonly Verdict[]): { text: string; ok: boolean } {
  const mark = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL' } as const;
  const text = verdicts.map((v) => `${mark[v.level]} ${v.check}: ${v.says}`).join('\n');
  return { text, ok: verdicts.every((v) => v.level !== 'fail') };
}
