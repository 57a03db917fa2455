/**
 * `npm run preflight [-- --sender ar@yourcompany.com --domain yourcompany.com --reserved 1]`:
 * what the AWS account needs before `npm run deploy`. With credentials (the SDK's usual chain:
 * environment, profile, SSO, instance role) it reads the account and says OK / WARN / FAIL per
 * check, exiting 1 on a FAIL. Without credentials it prints the checks it would run and exits 0.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetAccountSendingEnabledCommand,
  GetIdentityVerificationAttributesCommand,
  GetSendQuotaCommand,
  SESClient,
} from '@aws-sdk/client-ses';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseArgs } from 'node:util';
import { type AccountFacts, CHECKS, judge, type PreflightInput, report } from './preflight/preflight-checks';

const { values } = parseArgs({
  options: { sender: { type: 'string' }, domain: { type: 'string' }, reserved: { type: 'string' }, region: { type: 'string' } },
});
const input: PreflightInput = {
  ...(values.sender && { senderAddress: values.sender }),
  ...(values.domain && { senderDomain: values.domain }),
  ...(values.reserved && { reservedConcurrency: Number(values.reserved) }),
};
const region = values.region ? { region: values.region } : {};

async function credentialsFound(client: STSClient): Promise<boolean> {
  try {
    await client.config.credentials();
    await client.config.region();
    return true;
  } catch {
    return false;
  }
}

async function readFacts(sts: STSClient): Promise<AccountFacts> {
  const [cfn, lambda, ses] = [new CloudFormationClient(region), new LambdaClient(region), new SESClient(region)];
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const bootstrap = await cfn.send(new DescribeStacksCommand({ StackName: 'CDKToolkit' })).catch((error: unknown) => {
    if (/does not exist/.test(String(error))) return undefined;
    throw error;
  });
  const version = bootstrap?.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue;
  const settings = await lambda.send(new GetAccountSettingsCommand({}));
  const [enabled, quota] = await Promise.all([ses.send(new GetAccountSendingEnabledCommand({})), ses.send(new GetSendQuotaCommand({}))]);
  const names = [input.senderAddress, input.senderDomain ?? input.senderAddress?.split('@')[1]].filter((n): n is string => Boolean(n));
  const attributes = names.length
    ? ((await ses.send(new GetIdentityVerificationAttributesCommand({ Identities: names }))).VerificationAttributes ?? {})
    : {};
  return {
    account: identity.Account ?? 'unknown',
    region: await sts.config.region(),
    lambda: {
      concurrencyLimit: settings.AccountLimit?.ConcurrentExecutions ?? 0,
      unreserved: settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0,
    },
    ...(version !== undefined && { bootstrapVersion: Number(version) }),
    ses: {
      sendingEnabled: enabled.Enabled ?? false,
      max24HourSend: quota.Max24HourSend ?? 0,
      maxSendRate: quota.MaxSendRate ?? 0,
      identities: Object.fromEntries(names.map((n) => [n, attributes[n]?.VerificationStatus ?? 'missing'])),
    },
  };
}

const sts = new STSClient(region);
if (!(await credentialsFound(sts))) {
  console.log('No AWS credentials or region found, so nothing was read. With credentials, preflight checks:');
  for (const check of CHECKS) console.log(`  - ${check}`);
  console.log('Set AWS_PROFILE (or run `aws configure` / `aws sso login`) and AWS_REGION, then run it again.');
  process.exit(0);
}
try {
  const { text, ok } = report(judge(await readFacts(sts), input));
  console.log(text);
  console.log(ok ? '\nReady for `npm run deploy` (see the WARN lines, if any).' : '\nFix the FAIL lines before `npm run deploy`.');
  process.exit(ok ? 0 : 1);
} catch (error) {
  console.error(`Could not read the account: ${String(error)}`);
  process.exit(1);
}
