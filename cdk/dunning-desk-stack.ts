import {
  ArnFormat,
  CfnCondition,
  CfnMapping,
  CfnOutput,
  CfnParameter,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LAMBDA_ESBUILD_TARGET, LAMBDA_NODE_MAJOR } from './lambda-node';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { LAMBDA_ALIASES, LAMBDA_ENTRIES, type LambdaName } from '../lambdas/entries';
import { LAMBDA_BANNER, LAMBDA_EXTERNALS } from '../scripts/build/build-lambdas';
import { AUDIT_TABLE, MAIN_TABLE, type TableDefinition } from '../lambdas/store/table-definitions';
import { INBOUND_PREFIX } from '../lambdas/inbound/raw-messages';

/** CDK's own runtime object for the Node the Lambdas run on (cdk-nag checks it is the latest). */
const LAMBDA_RUNTIME =
  lambda.Runtime.ALL.find((r) => r.name === `nodejs${LAMBDA_NODE_MAJOR}.x` && !r.isVariable) ??
  (() => {
    throw new Error(`aws-cdk-lib has no runtime nodejs${LAMBDA_NODE_MAJOR}.x`);
  })();

/**
 * The repository root: the CDK CLI runs the app where cdk.json is, and jest runs from there too.
 * (Neither __dirname nor import.meta works in both ESM under tsx and CommonJS under jest.)
 */
const ROOT = process.cwd();
if (!existsSync(join(ROOT, 'lambdas', 'entries.ts'))) throw new Error(`run the CDK app from the repository root, not ${ROOT}`);

/** DynamoDB actions each function calls, and nothing more. The audit table never gets Update or Delete. */
export const MAIN_ACTIONS: Partial<Record<LambdaName, string[]>> = {
  // UpdateItem: the daily count of "send a test to myself" (an atomic ADD with a limit).
  api: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  letters: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  // ConditionCheckItem: a send's transaction checks the invoices, holds and suppression it was decided from.
  dispatcher: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:DeleteItem',
    'dynamodb:UpdateItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
  ],
  sesEvents: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  // A reply pauses its customer as the sidebar does: the same actions as the api.
  inbound: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
};
export const AUDIT_ACTIONS = ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'];
/** Added to those when hosted (Tenancy=hosted): the team's records read, and each request counted against its rate. */
/** `-c dispatchShards=N`: how many dispatcher workers share the teams (1, the default, is one run at a time). */
export function dispatchShardsOf(value: unknown): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`dispatchShards must be a whole number from 1 to 64, not ${JSON.stringify(value)}`);
  return n;
}

export const HOSTED_MAIN_ACTIONS = {
  letters: ['dynamodb:UpdateItem'],
  holidays: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
} as const satisfies Partial<Record<LambdaName, string[]>>;

/**
 * The routes API Gateway sends to a function of their own (pdfmake's, the holiday data's); every
 * other route goes to the api function. One list for the stack and for the test that checks each
 * route's DynamoDB calls against its function's permissions.
 */
export const OWN_FUNCTION_ROUTES = [
  { fn: 'letters', method: 'POST', path: '/v1/letters' },
  { fn: 'letters', method: 'POST', path: '/v1/statements' },
  { fn: 'letters', method: 'GET', path: '/v1/evidence' },
  { fn: 'holidays', method: 'GET', path: '/v1/holidays' },
  { fn: 'holidays', method: 'GET', path: '/v1/holidays/countries' },
] as const satisfies readonly { fn: LambdaName; method: 'GET' | 'POST'; path: string }[];

/**
 * Where a stack runs. Production keeps what the audit promises (7-year compliance lock, tables
 * and logs retained on delete); any other stage is for trying things and goes away cleanly.
 * A context value (`-c stage=staging`), not a CloudFormation parameter, because removal policies
 * and the lock's mode must be known when the template is made.
 */
export const STAGES = ['production', 'staging', 'dev'] as const;
export type Stage = (typeof STAGES)[number];

/** The `replyDomain` context value, checked: a domain SES can receive for. */
export function replyDomainOf(value: unknown): string {
  if (typeof value !== 'string' || !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(value))
    throw new Error(`replyDomain must be a domain such as replies.yourcompany.com, not ${JSON.stringify(value)}`);
  return value;
}

export function stageOf(value: unknown): Stage {
  if (value === undefined) return 'production';
  const stage = STAGES.find((s) => s === value);
  if (!stage) throw new Error(`stage must be one of ${STAGES.join(', ')}, not ${JSON.stringify(value)}`);
  return stage;
}

/**
 * How often the dispatcher may run, and the alarm window for "it has not run for 3 intervals".
 * A fixed list, because an alarm's period cannot be computed from a parameter in CloudFormation:
 * the mapping gives both from one choice.
 */
const DISPATCH_INTERVALS: Record<string, { expression: string; seconds: number }> = {
  '1minute': { expression: 'rate(1 minute)', seconds: 60 },
  '5minutes': { expression: 'rate(5 minutes)', seconds: 300 },
  '10minutes': { expression: 'rate(10 minutes)', seconds: 600 },
  '15minutes': { expression: 'rate(15 minutes)', seconds: 900 },
  '30minutes': { expression: 'rate(30 minutes)', seconds: 1800 },
  '1hour': { expression: 'rate(1 hour)', seconds: 3600 },
};

type StackParameters = ReturnType<DunningDeskStack['parameters']>;

interface StackFunctions {
  api: NodejsFunction;
  letters: NodejsFunction;
  holidays: NodejsFunction;
  dispatcher: NodejsFunction;
  sesEvents: NodejsFunction;
  checkpoint: NodejsFunction;
}

export interface DunningDeskStackProps extends StackProps {
  stage?: Stage;
}

/** Findings about a function's permissions are on its role, which is not under the function. */
function roleOf(f: lambda.IFunction): iam.IRole {
  if (!f.role) throw new Error(`${f.node.path} has no role`);
  return f.role;
}

function keyAttribute(key: TableDefinition['partitionKey']): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}

/**
 * The whole backend: two tables, the audit checkpoints under Object Lock, the API behind an HTTP
 * API, the dispatcher on EventBridge Scheduler, SES's configuration set with its events routed to
 * the ses-events function, and alarms to an email address.
 */
type FunctionExtras = Partial<ConstructorParameters<typeof NodejsFunction>[2]>;

export class DunningDeskStack extends Stack {
  constructor(scope: Construct, id: string, props: DunningDeskStackProps = {}) {
    super(scope, id, props);
    const production = (props.stage ?? 'production') === 'production';
    const removal = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Each step makes its part in the order CloudFormation has always seen them, so the
    // template is the same resource for resource.
    const p = this.parameters();
    const { mainTable, auditTable } = this.tables(production, removal);
    const { checkpoints, accessLogs } = this.checkpointBucket(production, removal);
    const dlq = this.deadLetterQueue();
    const configurationSet = this.sendingIdentity(p);
    const fns = this.functions(p, { mainTable, auditTable, checkpoints, configurationSet, dlq, removal });
    this.grantStorage(fns, { mainTable, auditTable, checkpoints, dlq });
    this.hostedSending(this.hostedTeamAccess(p, fns, mainTable), fns, configurationSet);
    const sesTopic = this.sesSending(p, fns, configurationSet, dlq);
    const { httpApi, stage } = this.httpApi(fns, removal);
    const notRunning = this.schedule(p, fns.dispatcher, dlq);
    const alarms = this.alarms(p, fns, { stage, notRunning, dlq });
    this.acknowledgeFindings(fns, { httpApi, sesTopic, alarms, stage });
    this.outputs({ httpApi, mainTable, auditTable, checkpoints, configurationSet });
    // Replies are received only where the team chose a domain for them (SES receives mail in fewer
    // regions than it sends, and the domain's MX record is the team's to add): a context value.
    const replyDomain: unknown = this.node.tryGetContext('replyDomain');
    if (replyDomain !== undefined)
      this.inboundMail(replyDomainOf(replyDomain), p, fns, { mainTable, auditTable, configurationSet, dlq, accessLogs, removal, alarms });
  }

  /** What the team fills in at deploy time. */
  private parameters() {
    return {
      senderAddress: new CfnParameter(this, 'SenderAddress', {
        type: 'String',
        description: 'The verified SES address reminders come from, e.g. ar@yourcompany.com',
        allowedPattern: '^[^@\\s]+@[^@\\s]+$',
      }),
      replyTo: new CfnParameter(this, 'ReplyTo', {
        type: 'String',
        description: "Reply-To for ledgers that have not set one: your team's mailbox",
        allowedPattern: '^[^@\\s]+@[^@\\s]+$',
      }),
      allowedDomains: new CfnParameter(this, 'AllowedGoogleDomains', {
        type: 'String',
        default: '',
        description: 'Comma-separated Google Workspace domains whose users may use the backend',
      }),
      allowedEmails: new CfnParameter(this, 'AllowedGoogleEmails', {
        type: 'String',
        default: '',
        description: 'Comma-separated individual Google accounts allowed outside those domains',
      }),
      clientIds: new CfnParameter(this, 'OAuthClientIds', {
        type: 'String',
        description: "Comma-separated OAuth client id(s) of the add-on's Apps Script project (the ID token audience)",
      }),
      dispatchEvery: new CfnParameter(this, 'DispatchInterval', {
        type: 'String',
        default: '5minutes',
        allowedValues: Object.keys(DISPATCH_INTERVALS),
        description: 'How often the dispatcher runs',
      }),
      senderDomain: new CfnParameter(this, 'SenderDomain', {
        type: 'String',
        default: '',
        allowedPattern: '^$|^([a-z0-9-]+\\.)+[a-z]{2,}$',
        description:
          "The sender address's domain, e.g. yourcompany.com: the stack creates it as an SES identity signed with DKIM (add the 3 CNAME records it outputs). Empty: verify the sender address in SES yourself.",
      }),
      tenancy: new CfnParameter(this, 'Tenancy', {
        type: 'String',
        default: 'allow-list',
        allowedValues: ['allow-list', 'hosted'],
        description:
          'allow-list: your own backend, used by the Google domains and accounts above. hosted: one backend for many teams, each signing up from the add-on (the allow-list is then not used).',
      }),
      alarmEmail: new CfnParameter(this, 'AlarmEmail', {
        type: 'String',
        description: 'Where alarms are emailed',
        allowedPattern: '^[^@\\s]+@[^@\\s]+$',
      }),
    };
  }

  /** The main and audit tables, on demand, with point-in-time recovery; the audit table streams to the checkpoint function. */
  private tables(production: boolean, removal: RemovalPolicy) {
    const table = (name: string, def: TableDefinition, stream?: dynamodb.StreamViewType) =>
      new dynamodb.Table(this, name, {
        partitionKey: keyAttribute(def.partitionKey),
        sortKey: keyAttribute(def.sortKey),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: production,
        removalPolicy: removal,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        ...(def.ttlAttribute && { timeToLiveAttribute: def.ttlAttribute }),
        ...(stream && { stream }),
      });
    const mainTable = table('MainTable', MAIN_TABLE);
    const auditTable = table('AuditTable', AUDIT_TABLE, dynamodb.StreamViewType.NEW_IMAGE);
    for (const [t, def] of [
      [mainTable, MAIN_TABLE],
      [auditTable, AUDIT_TABLE],
    ] as const) {
      for (const index of def.indexes)
        t.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: keyAttribute(index.partitionKey),
          sortKey: keyAttribute(index.sortKey),
        });
    }
    return { mainTable, auditTable };
  }

  /** Audit checkpoints under Object Lock, with their access log. */
  private checkpointBucket(production: boolean, removal: RemovalPolicy): { checkpoints: s3.Bucket; accessLogs: s3.Bucket } {
    // Outside production the buckets empty themselves (lifecycle rules), so deleting the stack
    // can delete them: CloudFormation deletes only empty buckets, and a custom resource to empty
    // them could not remove locked checkpoint versions anyway.
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: removal,
      lifecycleRules: [{ expiration: Duration.days(production ? 400 : 1) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });
    const checkpoints = new s3.Bucket(this, 'AuditCheckpoints', {
      objectLockEnabled: true,
      // Compliance mode: no one, not the account's root, can shorten it. Elsewhere, governance for
      // a day, then the versions expire, so a staging stack can be deleted.
      objectLockDefaultRetention: production
        ? s3.ObjectLockRetention.compliance(Duration.days(7 * 365))
        : s3.ObjectLockRetention.governance(Duration.days(1)),
      ...(!production && {
        lifecycleRules: [
          { id: 'expire-checkpoints', expiration: Duration.days(2), noncurrentVersionExpiration: Duration.days(1) },
          { id: 'remove-delete-markers', expiredObjectDeleteMarker: true },
        ],
      }),
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: removal,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'audit-checkpoints/',
    });
    return { checkpoints, accessLogs };
  }

  /** Where asynchronous invocations that failed for good are kept. */
  private deadLetterQueue(): sqs.Queue {
    const dlq = new sqs.Queue(this, 'AsyncFailures', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the asynchronous functions; it has no consumer to fail.',
    });
    return dlq;
  }

  /** SES's configuration set, and the sender domain as an identity with Easy DKIM when one is given. */
  private sendingIdentity(p: StackParameters): ses.ConfigurationSet {
    const configurationSet = new ses.ConfigurationSet(this, 'SendingEvents', { reputationMetrics: true, sendingEnabled: true });
    // The sender as a domain identity with Easy DKIM, when a domain is given: mail then passes
    // DMARC aligned with the team's own domain. Without one, the team verifies the sender address
    // in SES (SES signs that with its own amazonses.com key, which does not align with a domain
    // that publishes a strict DMARC policy).
    const withDomain = new CfnCondition(this, 'SenderDomainGiven', {
      expression: Fn.conditionNot(Fn.conditionEquals(p.senderDomain.valueAsString, '')),
    });
    const domainIdentity = new ses.EmailIdentity(this, 'SenderDomainIdentity', {
      identity: ses.Identity.domain(p.senderDomain.valueAsString),
      configurationSet,
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });
    (domainIdentity.node.defaultChild as ses.CfnEmailIdentity).cfnOptions.condition = withDomain;
    domainIdentity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        condition: withDomain,
        value: Fn.join(' ', [record.name, 'CNAME', record.value]),
        description: `DKIM: add this CNAME record to ${'the sender domain'}'s DNS`,
      });
    });
    return configurationSet;
  }

  /** One function from `LAMBDA_ENTRIES`, bundled as `npm run build` bundles it, with its own role and log group. */
  private lambdaFunction(
    name: LambdaName,
    environment: Record<string, string>,
    extra: FunctionExtras,
    removal: RemovalPolicy,
  ): NodejsFunction {
    const { entry, handler, files } = LAMBDA_ENTRIES[name];
    const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: removal });
    // Its own role, writing its own log group only: the managed basic execution role would let
    // every function write any log group in the account.
    const role = new iam.Role(this, `${name}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    const f = new NodejsFunction(this, `${name}Function`, {
      role,
      entry: join(ROOT, entry),
      handler,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      logGroup,
      environment: { ...environment, NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_LOG_LEVEL: 'INFO' },
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.ESM,
        target: LAMBDA_ESBUILD_TARGET,
        mainFields: ['module', 'main'],
        // The runtime provides AWS SDK v3; the same list as `npm run build` (see build-lambdas.ts).
        externalModules: LAMBDA_EXTERNALS,
        banner: LAMBDA_BANNER,
        // The same module swaps as `npm run build`, resolved from the project root esbuild runs in.
        esbuildArgs: Object.fromEntries(Object.entries(LAMBDA_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
        // The files the function reads beside its bundle (the letters' fonts), as `npm run build` ships them.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            (files as readonly { from: string; to: string }[]).map(
              ({ from, to }) =>
                `mkdir -p "${posix.join(outputDir, posix.dirname(to))}" && cp "${posix.join(inputDir, from)}" "${posix.join(outputDir, to)}"`,
            ),
        },
      },
      ...extra,
    });
    return f;
  }

  /** The six functions, each with its own role and log group. */
  private functions(
    p: StackParameters,
    {
      mainTable,
      auditTable,
      checkpoints,
      configurationSet,
      dlq,
      removal,
    }: {
      mainTable: dynamodb.Table;
      auditTable: dynamodb.Table;
      checkpoints: s3.Bucket;
      configurationSet: ses.ConfigurationSet;
      dlq: sqs.Queue;
      removal: RemovalPolicy;
    },
  ): StackFunctions {
    const common = {
      MAIN_TABLE: mainTable.tableName,
      AUDIT_TABLE: auditTable.tableName,
    };
    // Who may use the API (every function serving it admits the same way) and whose reminders go.
    const tenancy = { TENANCY: p.tenancy.valueAsString };
    const fn = (name: LambdaName, environment: Record<string, string>, extra: FunctionExtras = {}) =>
      this.lambdaFunction(name, environment, extra, removal);
    const api = fn('api', {
      ...common,
      ...tenancy,
      OAUTH_CLIENT_IDS: p.clientIds.valueAsString,
      ALLOWED_DOMAINS: p.allowedDomains.valueAsString,
      ALLOWED_EMAILS: p.allowedEmails.valueAsString,
      // "Send a test to myself": one email to the signed-in user, through the same configuration set.
      FROM_ADDRESS: p.senderAddress.valueAsString,
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      CHECKPOINT_BUCKET: checkpoints.bucketName,
    });
    // The same app with PDF rendering; API Gateway gives it POST /v1/letters, POST /v1/statements and GET /v1/evidence only.
    const letters = fn(
      'letters',
      {
        ...common,
        ...tenancy,
        OAUTH_CLIENT_IDS: p.clientIds.valueAsString,
        ALLOWED_DOMAINS: p.allowedDomains.valueAsString,
        ALLOWED_EMAILS: p.allowedEmails.valueAsString,
        CHECKPOINT_BUCKET: checkpoints.bucketName,
      },
      { memorySize: 1024 },
    );
    // The same app with public-holiday data; API Gateway gives it GET /v1/holidays only. It reads
    // no table, but for its teams' records when hosted (see hostedTeamAccess).
    const holidays = fn('holidays', {
      ...common,
      ...tenancy,
      OAUTH_CLIENT_IDS: p.clientIds.valueAsString,
      ALLOWED_DOMAINS: p.allowedDomains.valueAsString,
      ALLOWED_EMAILS: p.allowedEmails.valueAsString,
    });
    // One run at a time is the run lock's job (a DynamoDB item with a lease): reserved concurrency
    // fails the deploy on a new account whose concurrency quota is 10. Opt in with
    // `-c dispatcherReservedConcurrency=1` where the account allows it.
    const reserved: unknown = this.node.tryGetContext('dispatcherReservedConcurrency');
    const dispatcher = fn(
      'dispatcher',
      {
        ...common,
        FROM_ADDRESS: p.senderAddress.valueAsString,
        DEFAULT_REPLY_TO: p.replyTo.valueAsString,
        SES_CONFIGURATION_SET: configurationSet.configurationSetName,
        ...tenancy,
        // A reminder that attaches the statement of account has it rendered by the letters function.
        LETTERS_FUNCTION: letters.functionName,
      },
      {
        timeout: Duration.minutes(4),
        deadLetterQueue: dlq,
        retryAttempts: 0,
        ...(reserved !== undefined && { reservedConcurrentExecutions: Number(reserved) }),
      },
    );
    // Invoking it directly, the function itself only: grantInvoke would add its versions and aliases (:*).
    dispatcher.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [letters.functionArn] }));
    const sesEvents = fn('sesEvents', common, { deadLetterQueue: dlq, retryAttempts: 2 });
    const checkpoint = fn('checkpoint', { CHECKPOINT_BUCKET: checkpoints.bucketName });
    return { api, letters, holidays, dispatcher, sesEvents, checkpoint };
  }

  /**
   * Hosted, every function serving the API admits people by their team's records and counts each
   * request against the team's rate: what the api function may do anyway, the letters and
   * holidays functions get only then (HOSTED_MAIN_ACTIONS), by a condition on the parameter, so
   * one template serves both modes.
   */
  private hostedTeamAccess(p: StackParameters, fns: StackFunctions, mainTable: dynamodb.Table): CfnCondition {
    const hosted = new CfnCondition(this, 'Hosted', { expression: Fn.conditionEquals(p.tenancy.valueAsString, 'hosted') });
    for (const [name, actions] of Object.entries(HOSTED_MAIN_ACTIONS) as [keyof typeof HOSTED_MAIN_ACTIONS, string[]][]) {
      const policy = new iam.Policy(this, `${name}HostedTeams`, {
        statements: [new iam.PolicyStatement({ actions, resources: [mainTable.tableArn] })],
      });
      policy.attachToRole(roleOf(fns[name]));
      (policy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = hosted;
    }
    return hosted;
  }

  /**
   * Hosted, a team may send from its own domain once SES has verified it: the api function adds
   * and checks domain identities (SES's v1 identity actions have no resource-level permissions,
   * hence `*`; the code refuses the service's own domains, and a domain is one team's only), and
   * the dispatcher and the test email may send from any verified identity (SES refuses the rest),
   * through the configuration set. Self-hosted, the ses:FromAddress condition still holds alone.
   */
  private hostedSending(hosted: CfnCondition, { api, dispatcher }: StackFunctions, configurationSet: ses.ConfigurationSet): void {
    const sendThrough = (action: string) =>
      new iam.PolicyStatement({
        actions: [action],
        resources: [
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
          this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
        ],
      });
    const grants: [string, lambda.IFunction, iam.PolicyStatement[]][] = [
      [
        'api',
        api,
        [
          sendThrough('ses:SendEmail'),
          new iam.PolicyStatement({
            actions: ['ses:VerifyDomainDkim', 'ses:GetIdentityDkimAttributes', 'ses:DeleteIdentity'],
            resources: ['*'],
          }),
        ],
      ],
      [
        'dispatcher',
        dispatcher,
        [sendThrough('ses:SendRawEmail'), new iam.PolicyStatement({ actions: ['ses:GetIdentityDkimAttributes'], resources: ['*'] })],
      ],
    ];
    for (const [name, f, statements] of grants) {
      const policy = new iam.Policy(this, `${name}HostedSending`, { statements });
      policy.attachToRole(roleOf(f));
      (policy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = hosted;
      Validations.of(policy).acknowledge(
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: "SES's v1 domain-identity actions have no resource-level permissions; the code refuses the service's own domains.",
        },
        {
          id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
          reason:
            'Hosted, each team sends from its own verified domain, not known in advance; SES refuses a From whose domain is not verified.',
        },
      );
    }
  }

  /** Each function's actions on the tables and the checkpoints, named; the audit stream to the checkpoint function. */
  private grantStorage(
    { api, letters, dispatcher, sesEvents, checkpoint }: StackFunctions,
    {
      mainTable,
      auditTable,
      checkpoints,
      dlq,
    }: { mainTable: dynamodb.Table; auditTable: dynamodb.Table; checkpoints: s3.Bucket; dlq: sqs.Queue },
  ): void {
    // Explicit statements rather than table.grant(): those allow every index (index/*); these name
    // the indexes the code queries.
    const grantTable = (f: lambda.IFunction, t: dynamodb.ITable, def: TableDefinition, actions: string[]) =>
      f.addToRolePolicy(
        new iam.PolicyStatement({ actions, resources: [t.tableArn, ...def.indexes.map((i) => `${t.tableArn}/index/${i.name}`)] }),
      );
    for (const [name, f] of [
      ['api', api],
      ['letters', letters],
      ['dispatcher', dispatcher],
      ['sesEvents', sesEvents],
    ] as const) {
      grantTable(f, mainTable, MAIN_TABLE, MAIN_ACTIONS[name] ?? []);
      grantTable(f, auditTable, AUDIT_TABLE, AUDIT_ACTIONS);
    }
    // Checkpoint objects are named as they are written (per batch, per chain, per tamper signal).
    const checkpointPrefixes = ['heads', 'chains', 'tamper'];
    checkpoint.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: checkpointPrefixes.map((prefix) => checkpoints.arnForObjects(`${prefix}/*`)),
      }),
    );
    for (const prefix of checkpointPrefixes) {
      Validations.of(roleOf(checkpoint)).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<AuditCheckpoints2FBCE690.Arn>/${prefix}/*]`,
        reason: `Checkpoint objects under ${prefix}/ are named as they are written; the role may only add objects (a new version at most), never read or delete them, and Object Lock keeps every version.`,
      });
    }
    // Verification and evidence packs compare the table with the checkpoints: read the newest head of a chain, list and read tamper signals.
    for (const reader of [api, letters]) {
      reader.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [checkpoints.arnForObjects('chains/*'), checkpoints.arnForObjects('tamper/*')],
        }),
      );
      reader.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [checkpoints.bucketArn],
          conditions: { StringLike: { 's3:prefix': 'tamper/*' } },
        }),
      );
      for (const prefix of ['chains', 'tamper']) {
        Validations.of(roleOf(reader)).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<AuditCheckpoints2FBCE690.Arn>/${prefix}/*]`,
          reason: `Verification reads the checkpoint objects under ${prefix}/, named by a hash of each chain or ledger; read only, under that prefix only.`,
        });
      }
    }
    Validations.of(roleOf(checkpoint)).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams, needed by the stream event source, has no resource-level permissions.',
    });
    checkpoint.addEventSource(
      new DynamoEventSource(auditTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 500,
        maxBatchingWindow: Duration.minutes(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(dlq),
      }),
    );
  }

  /** Sending as the one sender address, and SES's events to the ses-events function. */
  private sesSending(
    p: StackParameters,
    { api, dispatcher, sesEvents }: StackFunctions,
    configurationSet: ses.ConfigurationSet,
    dlq: sqs.Queue,
  ): sns.Topic {
    // SES: send only as the sender address, through the configuration set. Identities are `*`
    // because in the SES sandbox SES also authorises against each *recipient's* verified
    // identity, so naming the sender's alone fails the first test email on a new account; the
    // ses:FromAddress condition is what keeps every send to the one sender.
    const sendFromSender = (action: string) => this.sendAsSender(p, configurationSet, action);
    dispatcher.addToRolePolicy(sendFromSender('ses:SendRawEmail'));
    // Only "send a test to myself"; SendEmail (SES builds the MIME), so no MIME library in the api bundle.
    api.addToRolePolicy(sendFromSender('ses:SendEmail'));
    dispatcher.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetSendQuota'], resources: ['*'] }));

    const sesTopic = new sns.Topic(this, 'SesEvents', { enforceSSL: true });
    configurationSet.addEventDestination('ToSns', {
      destination: ses.EventDestination.snsTopic(sesTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.REJECT],
    });
    sesTopic.addSubscription(new subscriptions.LambdaSubscription(sesEvents, { deadLetterQueue: dlq }));
    return sesTopic;
  }

  /**
   * Sending as the sender address only, through the configuration set. Identities are `*`
   * because in the SES sandbox SES also authorises against each *recipient's* verified identity,
   * so naming the sender's alone fails the first test email on a new account; the
   * ses:FromAddress condition is what keeps every send to the one sender.
   */
  private sendAsSender(p: StackParameters, configurationSet: ses.ConfigurationSet, action: string): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: [action],
      resources: [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
        this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': p.senderAddress.valueAsString } },
    });
  }

  /**
   * Debtors' replies: an SES receipt rule for the reply domain stores each message in an
   * encrypted, private bucket, then invokes the inbound function, which may read those messages
   * only, write the tables as the sidebar does, and send as the sender (the forward to the team).
   * The dispatcher's Reply-To then names the domain. The rule set must be made the active one
   * (SES allows one per region, and CloudFormation cannot activate it): the README says how.
   */
  private inboundMail(
    replyDomain: string,
    p: StackParameters,
    { dispatcher, api }: StackFunctions,
    deps: {
      mainTable: dynamodb.Table;
      auditTable: dynamodb.Table;
      configurationSet: ses.ConfigurationSet;
      dlq: sqs.Queue;
      accessLogs: s3.Bucket;
      removal: RemovalPolicy;
      alarms: sns.Topic;
    },
  ): void {
    const bucket = new s3.Bucket(this, 'InboundMail', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: deps.removal,
      serverAccessLogsBucket: deps.accessLogs,
      serverAccessLogsPrefix: 'inbound-mail/',
      // The reply's hash is on the audit trail for good; the message itself is kept for 400 days.
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    const inbound = this.lambdaFunction(
      'inbound',
      {
        MAIN_TABLE: deps.mainTable.tableName,
        AUDIT_TABLE: deps.auditTable.tableName,
        INBOUND_BUCKET: bucket.bucketName,
        REPLY_DOMAIN: replyDomain,
        FROM_ADDRESS: p.senderAddress.valueAsString,
        SES_CONFIGURATION_SET: deps.configurationSet.configurationSetName,
      },
      { deadLetterQueue: deps.dlq, retryAttempts: 2, memorySize: 1024 },
      deps.removal,
    );
    this.grantInbound(inbound, bucket, p, deps);
    dispatcher.addEnvironment('REPLY_DOMAIN', replyDomain);
    // Hosted: no team may claim the reply domain as its sending domain.
    api.addEnvironment('REPLY_DOMAIN', replyDomain);
    new ses.ReceiptRuleSet(this, 'InboundRules', {
      rules: [
        {
          recipients: [replyDomain],
          scanEnabled: true,
          tlsPolicy: ses.TlsPolicy.REQUIRE,
          actions: [
            new sesActions.S3({ bucket, objectKeyPrefix: INBOUND_PREFIX }),
            new sesActions.Lambda({ function: inbound, invocationType: sesActions.LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
    new cloudwatch.Alarm(this, 'InboundErrors', {
      metric: inbound.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      alarmDescription: 'The Inbound function failed: a reply may not be recorded yet (SES retries twice, then the dead-letter queue)',
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new cwActions.SnsAction(deps.alarms));
    // The operator's `npm run tenant -- delete` deletes a team's stored replies here when given it as INBOUND_BUCKET.
    new CfnOutput(this, 'InboundBucket', { value: bucket.bucketName });
    new CfnOutput(this, 'ReplyMxRecord', {
      value: `${replyDomain} MX 10 inbound-smtp.${this.region}.amazonaws.com`,
      description: "Add this MX record, verify the domain in SES, then make the InboundRules rule set SES's active one",
    });
  }

  /** The inbound function reads received messages only, writes the tables as the api does, and sends as the sender. */
  private grantInbound(
    inbound: NodejsFunction,
    bucket: s3.Bucket,
    p: StackParameters,
    deps: { mainTable: dynamodb.Table; auditTable: dynamodb.Table; configurationSet: ses.ConfigurationSet },
  ): void {
    const grantTable = (t: dynamodb.ITable, def: TableDefinition, actions: string[]) =>
      inbound.addToRolePolicy(
        new iam.PolicyStatement({ actions, resources: [t.tableArn, ...def.indexes.map((i) => `${t.tableArn}/index/${i.name}`)] }),
      );
    grantTable(deps.mainTable, MAIN_TABLE, MAIN_ACTIONS.inbound ?? []);
    grantTable(deps.auditTable, AUDIT_TABLE, AUDIT_ACTIONS);
    inbound.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`${INBOUND_PREFIX}*`)] }),
    );
    inbound.addToRolePolicy(this.sendAsSender(p, deps.configurationSet, 'ses:SendRawEmail'));
    Validations.of(roleOf(inbound)).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
      reason:
        'In the SES sandbox SES authorises a send against the recipient identity too; the ses:FromAddress condition limits the forward to the one sender address.',
    });
    Validations.of(roleOf(inbound)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${INBOUND_PREFIX}*]`,
      reason: 'Each received message is named by SES as it stores it; the function may only read them, under that prefix.',
    });
  }

  /** The HTTP API: the app behind a proxy route, letters and holidays on their own functions. */
  private httpApi({ api, letters, holidays }: StackFunctions, removal: RemovalPolicy) {
    const accessLog = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: removal });
    const httpApi = new HttpApi(this, 'HttpApi', { apiName: 'dunning-desk', createDefaultStage: false });
    httpApi.addRoutes({
      path: '/{proxy+}',
      methods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT],
      integration: new HttpLambdaIntegration('ApiIntegration', api),
    });
    // A more specific route wins over the proxy in API Gateway: letters and holidays go to their own functions.
    const integrations = {
      letters: new HttpLambdaIntegration('LettersIntegration', letters),
      holidays: new HttpLambdaIntegration('HolidaysIntegration', holidays),
    };
    for (const { fn, method, path } of OWN_FUNCTION_ROUTES)
      httpApi.addRoutes({ path, methods: [method === 'GET' ? HttpMethod.GET : HttpMethod.POST], integration: integrations[fn] });
    const stage = httpApi.addStage('LiveStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLog) },
    });
    return { httpApi, stage };
  }

  /** The dispatcher on EventBridge Scheduler, and the alarm for when it stops running. */
  private schedule(p: StackParameters, dispatcher: NodejsFunction, dlq: sqs.Queue): cloudwatch.Alarm {
    const intervals = new CfnMapping(this, 'DispatchIntervals', {
      mapping: Object.fromEntries(
        Object.entries(DISPATCH_INTERVALS).map(([key, v]) => [key, { Expression: v.expression, AlarmSeconds: String(3 * v.seconds) }]),
      ),
    });
    // Fanned out over `-c dispatchShards=N` workers (hosted, past what one function's lanes send):
    // one schedule per shard of teams, each invocation told its shard; the first keeps its old id.
    const shards = dispatchShardsOf(this.node.tryGetContext('dispatchShards'));
    dispatcher.addEnvironment('DISPATCH_SHARDS', String(shards));
    for (let shard = 0; shard < shards; shard += 1)
      new scheduler.Schedule(this, shard === 0 ? 'DispatchEvery' : `DispatchEveryShard${shard}`, {
        schedule: scheduler.ScheduleExpression.expression(intervals.findInMap(p.dispatchEvery.valueAsString, 'Expression')),
        target: new schedulerTargets.LambdaInvoke(dispatcher, {
          deadLetterQueue: dlq,
          retryAttempts: 0,
          input: scheduler.ScheduleTargetInput.fromObject({ shard }),
        }),
        description:
          shards === 1 ? 'Runs the reminder dispatcher' : `Runs the reminder dispatcher for shard ${shard} of ${shards} of the teams`,
      });
    // Missing data is breaching: a dispatcher that never runs sends no data at all.
    const notRunning = new cloudwatch.Alarm(this, 'DispatcherNotRunning', {
      metric: dispatcher.metricInvocations({ statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription:
        'The dispatcher has not run for 3 of its scheduled intervals: no reminder is going out. Check the DispatchInterval schedule (EventBridge Scheduler) and its dead-letter queue',
    });
    // The window is 3 intervals of the chosen schedule, from the same mapping as the schedule.
    (notRunning.node.defaultChild as cloudwatch.CfnAlarm).addPropertyOverride(
      'Period',
      intervals.findInMap(p.dispatchEvery.valueAsString, 'AlarmSeconds'),
    );
    // Scheduler makes its invoke role at stack level; the finding names the dispatcher's ARN, so this covers nothing else.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<dispatcherFunction2734E859.Arn>:*]',
      reason: "Scheduler's invoke role covers the dispatcher function's versions and aliases (:*), nothing else.",
    });
    return notRunning;
  }

  /** The alarms' topic, mailed to the team; CloudWatch alarms of this account may publish to it, nothing else. */
  private alarmTopic(p: StackParameters): sns.Topic {
    const alarms = new sns.Topic(this, 'Alarms', { enforceSSL: true });
    alarms.addSubscription(new subscriptions.EmailSubscription(p.alarmEmail.valueAsString));
    // The topic policy enforceSSL writes replaces SNS's default one: CloudWatch must be let in by
    // name, for this account's alarms only, or no alarm email ever arrives.
    alarms.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [alarms.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    return alarms;
  }

  /** Counts read from the dispatcher's and the checkpoint's structured log lines, each with its alarm. */
  private logAlarms(
    alarm: (id: string, metric: cloudwatch.IMetric, threshold: number, description: string) => void,
    dispatcher: NodejsFunction,
    checkpoint: NodejsFunction,
  ): void {
    // Counts read from a function's structured log lines, each with its alarm.
    const fromLog = (
      alarmId: string,
      logGroup: logs.ILogGroup,
      message: string,
      metricName: string,
      metricValue: string,
      minutes: number,
      description: string,
    ) => {
      const filter = new logs.MetricFilter(this, `${metricName}Filter`, {
        logGroup,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', message),
        metricNamespace: 'DunningDesk',
        metricName,
        metricValue,
        defaultValue: 0,
      });
      alarm(alarmId, filter.metric({ statistic: 'Sum', period: Duration.minutes(minutes) }), 1, description);
    };
    fromLog(
      'RemindersNeedReview',
      dispatcher.logGroup,
      'dispatcher run',
      'NeedsReview',
      '$.needsReview',
      15,
      'A reminder could not be confirmed as sent: a person must check it in the sidebar',
    );
    // A run goes on past a bad item, ledger or tenant (so the function's Errors stay at 0): its summary counts them.
    fromLog(
      'DispatchProblems',
      dispatcher.logGroup,
      'dispatcher run',
      'DispatchProblems',
      '$.problems',
      15,
      'The dispatcher went past items it could not handle: its log names each with its keys and reason',
    );
    // SES refusing every message (paused, daily quota, access denied): nothing goes until a person mends it.
    fromLog(
      'SendingBlocked',
      dispatcher.logGroup,
      'dispatcher run',
      'SendingBlocked',
      '$.blocked',
      15,
      "SES refuses every email (sending paused, daily quota used up, or access denied): the dispatcher's 'dispatcher run' log line says which (blockedBy)",
    );
    // The app only appends to the audit table: an edit or a deletion there is someone rewriting the record.
    fromLog(
      'AuditTampered',
      checkpoint.logGroup,
      'audit events were edited or deleted in the table',
      'AuditTampered',
      '1',
      5,
      "Stored audit events were edited or deleted in the audit table (the app only appends): the checkpoint function's log names the chains and events; GET /v1/audit/verify names them per ledger",
    );
  }

  /** Alarms to the team's email: function errors, the API's 5xx and latency, dead letters, log-read counts, SES reputation. */
  private alarms(
    p: StackParameters,
    { api, letters, holidays, dispatcher, sesEvents, checkpoint }: StackFunctions,
    { stage, notRunning, dlq }: { stage: HttpStage; notRunning: cloudwatch.Alarm; dlq: sqs.Queue },
  ): sns.Topic {
    const alarms = this.alarmTopic(p);
    const alarm = (id: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        alarmDescription: description,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new cwActions.SnsAction(alarms));
    for (const [name, f] of [
      ['Api', api],
      ['Letters', letters],
      ['Holidays', holidays],
      ['Dispatcher', dispatcher],
      ['SesEvents', sesEvents],
      ['Checkpoint', checkpoint],
    ] as const) {
      alarm(`${name}Errors`, f.metricErrors({ period: Duration.minutes(5) }), 1, `The ${name} function failed`);
    }
    // The app answers an exception with a 500 rather than failing the invocation, so the
    // functions' Errors stay at 0: API Gateway's own 5xx count is what shows it.
    alarm(
      'Api5xx',
      stage.metricServerError({ statistic: 'Sum', period: Duration.minutes(5) }),
      1,
      "The API answered with a server error (5xx): the api function's log names the request",
    );
    new cloudwatch.Alarm(this, 'ApiLatency', {
      metric: stage.metricLatency({ statistic: 'p95', period: Duration.minutes(5) }),
      threshold: 10_000,
      evaluationPeriods: 3,
      alarmDescription: 'API answers slower than 10 s (p95) for 15 minutes',
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new cwActions.SnsAction(alarms));
    notRunning.addAlarmAction(new cwActions.SnsAction(alarms));
    alarm(
      'DeadLetters',
      dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      1,
      'An asynchronous invocation failed for good: see the dead-letter queue',
    );
    this.logAlarms(alarm, dispatcher, checkpoint);
    // Account-wide SES reputation: SES reviews at 5% bounces and 0.1% complaints; warn before.
    const sesMetric = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    alarm('SesBounceRate', sesMetric('Reputation.BounceRate'), 0.04, 'SES bounce rate at 4% (SES reviews the account at 5%)');
    alarm(
      'SesComplaintRate',
      sesMetric('Reputation.ComplaintRate'),
      0.0008,
      'SES complaint rate at 0.08% (SES reviews the account at 0.1%)',
    );
    return alarms;
  }

  /** cdk-nag findings accepted, each with its reason. */
  private acknowledgeFindings(
    { api, dispatcher }: StackFunctions,
    { httpApi, sesTopic, alarms, stage }: { httpApi: HttpApi; sesTopic: sns.Topic; alarms: sns.Topic; stage: HttpStage },
  ): void {
    Validations.of(roleOf(dispatcher)).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:GetSendQuota has no resource-level permissions; it is the only action granted on *.',
    });
    for (const f of [dispatcher, api]) {
      Validations.of(roleOf(f)).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
        reason:
          'In the SES sandbox SES authorises a send against the recipient identity too, so identities cannot be named in advance; the ses:FromAddress condition limits every send to the one sender address.',
      });
    }
    Validations.of(httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Every route but /v1/health verifies a Google ID token in the function (issuer in both forms, audience, expiry, email_verified, allowed domains); API Gateway JWT authorizers accept one issuer form only.',
    });
    Validations.of(sesTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        "SES event publishing to an SNS topic encrypted with a KMS key needs a customer key policy for SES; the events carry message ids and addresses already in the main table's encrypted items.",
    });
    Validations.of(alarms).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: "Alarm notifications carry the alarm's name, description, state and metric figures: no customer data.",
    });
    Validations.of(stage).acknowledge({
      id: 'AwsSolutions-APIG1',
      reason: 'Access logging is configured on this stage (accessLogSettings).',
    });
  }

  private outputs({
    httpApi,
    mainTable,
    auditTable,
    checkpoints,
    configurationSet,
  }: {
    httpApi: HttpApi;
    mainTable: dynamodb.Table;
    auditTable: dynamodb.Table;
    checkpoints: s3.Bucket;
    configurationSet: ses.ConfigurationSet;
  }): void {
    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint, description: "Paste into the add-on's Settings as the backend URL" });
    new CfnOutput(this, 'MainTableName', { value: mainTable.tableName });
    new CfnOutput(this, 'AuditTableName', { value: auditTable.tableName });
    new CfnOutput(this, 'AuditCheckpointBucket', { value: checkpoints.bucketName });
    new CfnOutput(this, 'SesConfigurationSet', { value: configurationSet.configurationSetName });
  }
}
