import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DunningDeskStack, stageOf } from '../../cdk/dunning-desk-stack';
import { LAMBDA_ENTRIES } from '../../lambdas/entries';
import { AUDIT_TABLE, MAIN_TABLE } from '../../lambdas/store/table-definitions';

/** The functions every stack has: inbound only comes with a reply domain (tested below). */
const ALWAYS = Object.keys(LAMBDA_ENTRIES).filter((name) => name !== 'inbound');

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Condition?: string;
};

describe('the CDK stack', () => {
  let stack: DunningDeskStack;
  let template: Template;
  let resources: Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const tableId = (prefix: string) => ofType('AWS::DynamoDB::Table').find(([id]) => id.startsWith(prefix))?.[0] ?? '';

  beforeAll(() => {
    const app = new App();
    stack = new DunningDeskStack(app, 'Test');
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Record<string, Resource>;
  }, 120_000);

  describe('tables', () => {
    it.each([
      ['MainTable', MAIN_TABLE],
      ['AuditTable', AUDIT_TABLE],
    ] as const)('%s is on-demand, recoverable, protected and retained, with the indexes the code queries', (prefix, def) => {
      const [, table] = ofType('AWS::DynamoDB::Table').find(([id]) => id.startsWith(prefix)) ?? [];
      expect(table?.DeletionPolicy).toBe('Retain');
      expect(table?.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
        ],
      });
      const indexes = (table?.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map((i) => i.IndexName);
      expect(indexes).toEqual(def.indexes.map((i) => i.name));
    });

    it("expires items by TTL on both tables: on the audit table only a deleted team's events, once their retention ends", () => {
      expect(resources[tableId('MainTable')]?.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
      // Only the operator's deletion sets it there: no function may update an audit event (tested below).
      expect(resources[tableId('AuditTable')]?.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    });
  });

  describe('permissions', () => {
    const statements = () =>
      ofType('AWS::IAM::Policy').flatMap(([id, p]) =>
        (
          p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] }
        ).Statement.map((s) => ({
          policy: id,
          actions: ([] as string[]).concat(s.Action),
          resource: JSON.stringify(s.Resource),
          condition: s.Condition,
          /** Only when the stack is deployed with Tenancy=hosted. */
          hosted: (p as { Condition?: string }).Condition === 'Hosted',
        })),
      );

    it('gives no function UpdateItem, DeleteItem or BatchWriteItem on the audit table', () => {
      const onAudit = statements().filter((s) => s.resource.includes(tableId('AuditTable')));
      const forbidden = [
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:PartiQLUpdate',
        'dynamodb:PartiQLDelete',
      ];
      expect(onAudit.flatMap((s) => s.actions.filter((a) => forbidden.includes(a)))).toEqual([]);
      // Writers get exactly these; the checkpoint function only reads the table's stream.
      const dataPlane = onAudit.filter((s) => !s.resource.includes('StreamArn'));
      expect(dataPlane.length).toBeGreaterThanOrEqual(3);
      for (const s of dataPlane) expect(s.actions.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    });

    it('uses no wildcard in any action', () => {
      const wild = statements().flatMap((s) => s.actions.filter((a) => a.includes('*')).map((a) => `${s.policy}: ${a}`));
      expect(wild).toEqual([]);
    });

    it('names the indexes it may query instead of index/*', () => {
      expect(statements().some((s) => s.resource.includes('index/*'))).toBe(false);
    });

    it('lets only the dispatcher (reminders) and the api (a test to the signed-in user) send email, only as the sender address, through the configuration set, in and out of the SES sandbox', () => {
      const send = statements().filter((s) => !s.hosted && s.actions.some((a) => a.startsWith('ses:Send')));
      expect(send.map((s) => [s.policy.replace(/Role.*$/, ''), s.actions]).sort()).toEqual([
        ['api', ['ses:SendEmail']],
        ['dispatcher', ['ses:SendRawEmail']],
      ]);
      for (const statement of send) {
        // identity/*: in the sandbox SES also authorises against the recipient's verified identity.
        expect(statement.resource).toMatch(/:identity\/\*/);
        expect(statement.resource).toMatch(/configuration-set/);
        expect(statement.condition).toEqual({ StringEquals: { 'ses:FromAddress': { Ref: 'SenderAddress' } } });
      }
    });

    it("hosted only: lets the api add, check and remove teams' domain identities, and both senders send from a team's verified domain", () => {
      const hosted = statements().filter((s) => s.hosted && s.actions.some((a) => a.startsWith('ses:')));
      expect(hosted.map((s) => [s.policy.replace(/HostedSending.*$/, ''), s.actions]).sort()).toEqual([
        ['api', ['ses:SendEmail']],
        ['api', ['ses:VerifyDomainDkim', 'ses:GetIdentityDkimAttributes', 'ses:DeleteIdentity']],
        ['dispatcher', ['ses:GetIdentityDkimAttributes']],
        ['dispatcher', ['ses:SendRawEmail']],
      ]);
      for (const statement of hosted.filter((s) => s.actions.some((a) => a.startsWith('ses:Send')))) {
        expect(statement.resource).toMatch(/:identity\/\*/);
        expect(statement.resource).toMatch(/configuration-set/);
        expect(statement.condition).toBeUndefined();
      }
      // Nothing about SES identities is granted outside hosted mode.
      expect(statements().filter((s) => !s.hosted && s.actions.some((a) => /Identity|Dkim/.test(a)))).toEqual([]);
    });

    it('lets only the dispatcher invoke the letters function directly (the statement a reminder attaches), that function alone', () => {
      const invoke = statements().filter((s) => s.actions.includes('lambda:InvokeFunction') && s.resource.includes('lettersFunction'));
      expect(invoke.map((s) => [s.policy.replace(/Role.*$/, ''), s.actions])).toEqual([['dispatcher', ['lambda:InvokeFunction']]]);
      expect(JSON.parse(invoke[0]?.resource ?? 'null')).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^lettersFunction/), 'Arn'] });
    });
  });

  describe('functions', () => {
    const functions = () =>
      ofType('AWS::Lambda::Function').filter(([id]) => Object.keys(LAMBDA_ENTRIES).some((name) => id.startsWith(`${name}Function`)));

    it('builds every entry of the Lambda table (inbound only with a reply domain), on Node 22 or newer, arm64, with the configured handler', () => {
      expect(functions()).toHaveLength(ALWAYS.length);
      for (const [, f] of functions()) {
        expect(f.Properties).toMatchObject({ Architectures: ['arm64'], Handler: 'index.handler' });
        expect(Number(/nodejs(\d+)\.x/.exec(String(f.Properties.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
      }
    });

    it('keeps logs for a set time', () => {
      const groups = ofType('AWS::Logs::LogGroup');
      expect(groups.length).toBeGreaterThanOrEqual(ALWAYS.length);
      for (const [, g] of groups) expect(g.Properties.RetentionInDays).toBe(90);
    });

    it('reserves no concurrency for the dispatcher (a new account’s quota of 10 would refuse it): its run lock keeps it to one run at a time', () => {
      const [, dispatcher] = functions().find(([id]) => id.startsWith('dispatcherFunction')) ?? [];
      expect(dispatcher?.Properties.ReservedConcurrentExecutions).toBeUndefined();
      for (const [, f] of functions()) expect(f.Properties.ReservedConcurrentExecutions).toBeUndefined();
    });

    it('sends failed asynchronous invocations of the dispatcher and ses-events to the dead-letter queue', () => {
      for (const name of ['dispatcherFunction', 'sesEventsFunction']) {
        const [, f] = functions().find(([id]) => id.startsWith(name)) ?? [];
        expect(f?.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^AsyncFailures/), 'Arn'] } });
      }
    });

    it('selects self-hosted or hosted with one parameter: every function that serves the API admits the same way, and the dispatcher knows', () => {
      template.hasParameter('Tenancy', { Default: 'allow-list', AllowedValues: ['allow-list', 'hosted'] });
      for (const name of ['api', 'letters', 'holidays', 'dispatcher']) {
        const [, f] = functions().find(([id]) => id.startsWith(`${name}Function`)) ?? [];
        expect({ name, env: f?.Properties.Environment }).toMatchObject({ name, env: { Variables: { TENANCY: { Ref: 'Tenancy' } } } });
      }
      // The letters and holidays functions read the teams' records and count requests only when hosted.
      for (const [name, actions] of [
        ['letters', 'dynamodb:UpdateItem'],
        ['holidays', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
      ] as const) {
        const [, policy] = ofType('AWS::IAM::Policy').find(([id]) => id.startsWith(`${name}HostedTeams`)) ?? [];
        expect(policy?.Condition).toBe('Hosted');
        expect(policy?.Properties.PolicyDocument).toMatchObject({ Statement: [{ Action: actions }] });
      }
    });

    it('passes configuration from the stack parameters', () => {
      const [, api] = functions().find(([id]) => id.startsWith('apiFunction')) ?? [];
      expect(api?.Properties.Environment).toMatchObject({
        Variables: {
          OAUTH_CLIENT_IDS: { Ref: 'OAuthClientIds' },
          ALLOWED_DOMAINS: { Ref: 'AllowedGoogleDomains' },
          ALLOWED_EMAILS: { Ref: 'AllowedGoogleEmails' },
        },
      });
      const [, dispatcher] = functions().find(([id]) => id.startsWith('dispatcherFunction')) ?? [];
      expect(dispatcher?.Properties.Environment).toMatchObject({
        Variables: {
          FROM_ADDRESS: { Ref: 'SenderAddress' },
          DEFAULT_REPLY_TO: { Ref: 'ReplyTo' },
          LETTERS_FUNCTION: { Ref: expect.stringMatching(/^lettersFunction/) },
        },
      });
    });
  });

  it('serves the API through an HTTP API with throttling and access logs, and no CORS', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP', CorsConfiguration: Match.absent() });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
  });

  it('sends POST /v1/letters, POST /v1/statements and GET /v1/evidence to the letters function, public holidays to theirs, and every other route to the api function', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as { Properties: { RouteKey: string; Target: unknown } }).Properties,
    );
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const targetOf = (key: string) => {
      const target = JSON.stringify(routes.find((r) => r.RouteKey === key)?.Target ?? '');
      const integration = Object.entries(integrations).find(([id]) => target.includes(id))?.[1] as
        { Properties: { IntegrationUri: unknown } } | undefined;
      return JSON.stringify(integration?.Properties.IntegrationUri ?? '');
    };
    expect(targetOf('POST /v1/letters')).toMatch(/lettersFunction/);
    expect(targetOf('GET /v1/evidence')).toMatch(/lettersFunction/);
    expect(targetOf('POST /v1/statements')).toMatch(/lettersFunction/);
    expect(targetOf('GET /v1/holidays')).toMatch(/holidaysFunction/);
    expect(targetOf('GET /v1/holidays/countries')).toMatch(/holidaysFunction/);
    expect(targetOf('POST /{proxy+}')).toMatch(/apiFunction/);
  });

  it('runs the dispatcher from an EventBridge Scheduler schedule at the configured rate, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: { 'Fn::FindInMap': ['DispatchIntervals', { Ref: 'DispatchInterval' }, 'Expression'] },
      Target: Match.objectLike({ DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }) }),
    });
    expect(ofType('AWS::Events::Rule')).toEqual([]);
  });

  it('routes SES bounce, complaint, delivery and reject events through SNS to the ses-events function', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'delivery', 'reject']),
        SnsDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('^sesEventsFunction'), 'Arn'] },
    });
  });

  it('checkpoints audit chain heads to a bucket under Object Lock in compliance mode, fed by the audit stream', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } } },
    });
    // Every kind of stream record reaches it (no filter): edits and deletions are tamper signals.
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTable'), 'StreamArn'] },
      FilterCriteria: Match.absent(),
    });
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.find((a) => a.MetricName === 'AuditTampered')).toMatchObject({ Namespace: 'DunningDesk', Threshold: 1 });
  });

  it('lets the checkpoint function only add checkpoint objects, and the api and letters functions only read them, to compare', () => {
    const bucket = ofType('AWS::S3::Bucket').find(([, b]) => b.Properties.ObjectLockEnabled)?.[0] ?? '';
    const statementsOf = (role: string) =>
      ofType('AWS::IAM::Policy')
        .filter(([id]) => id.startsWith(role))
        .flatMap(
          ([, p]) =>
            (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown; Condition?: unknown }[] }).Statement,
        )
        .filter((st) => JSON.stringify(st.Resource).includes(bucket));
    expect(statementsOf('checkpointRole').map((st) => st.Action)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(statementsOf('checkpointRole')[0]?.Resource)).toMatch(/heads\/\*.*chains\/\*.*tamper\/\*/);
    for (const reader of ['apiRole', 'lettersRole']) {
      expect(
        statementsOf(reader)
          .map((st) => st.Action)
          .sort(),
      ).toEqual(['s3:GetObject', 's3:ListBucket']);
      expect(statementsOf(reader).find((st) => st.Action === 's3:ListBucket')?.Condition).toEqual({
        StringLike: { 's3:prefix': 'tamper/*' },
      });
      const [, f] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(reader.replace('Role', 'Function'))) ?? [];
      expect(f?.Properties.Environment).toMatchObject({ Variables: { CHECKPOINT_BUCKET: { Ref: bucket } } });
    }
  });

  it('alarms on function errors, dead letters, reminders needing review and SES reputation, to an email topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(ALWAYS.length);
    expect(alarms.map((a) => a.MetricName)).toEqual(
      expect.arrayContaining([
        'ApproximateNumberOfMessagesVisible',
        'NeedsReview',
        'DispatchProblems',
        'Reputation.BounceRate',
        'Reputation.ComplaintRate',
      ]),
    );
    expect(alarms.find((a) => a.MetricName === 'Reputation.BounceRate')?.Threshold).toBe(0.04);
    expect(alarms.find((a) => a.MetricName === 'Reputation.ComplaintRate')?.Threshold).toBe(0.0008);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } });
    // Server errors are answered as 500s (the functions do not fail), so API Gateway's count is watched, and its latency.
    expect(alarms.find((a) => a.MetricName === '5xx')).toMatchObject({ Namespace: 'AWS/ApiGateway', Threshold: 1, Statistic: 'Sum' });
    expect(alarms.find((a) => a.MetricName === 'Latency')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      Threshold: 10_000,
      EvaluationPeriods: 3,
      ExtendedStatistic: 'p95',
    });
    // SES refusing every message (paused, quota, access): counted from the run summary's `blocked`.
    expect(alarms.find((a) => a.MetricName === 'SendingBlocked')).toMatchObject({ Namespace: 'DunningDesk', Threshold: 1 });
    expect(
      resources[ofType('AWS::Logs::MetricFilter').find(([id]) => id.startsWith('SendingBlocked'))?.[0] ?? '']?.Properties,
    ).toMatchObject({ MetricTransformations: [expect.objectContaining({ MetricValue: '$.blocked' })] });
  });

  it('alarms when the dispatcher has not run for 3 of its intervals, the window taken from the same choice as the schedule', () => {
    const notRunning = ofType('AWS::CloudWatch::Alarm').find(([id]) => id.startsWith('DispatcherNotRunning'))?.[1].Properties;
    expect(notRunning).toMatchObject({
      MetricName: 'Invocations',
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: expect.stringMatching(/^Alarms/) }],
      Period: { 'Fn::FindInMap': ['DispatchIntervals', { Ref: 'DispatchInterval' }, 'AlarmSeconds'] },
    });
    const mapping =
      (template.toJSON().Mappings as Record<string, Record<string, { Expression: string; AlarmSeconds: string }>>).DispatchIntervals ?? {};
    expect(mapping['5minutes']).toEqual({ Expression: 'rate(5 minutes)', AlarmSeconds: '900' });
    expect(mapping['1hour']).toEqual({ Expression: 'rate(1 hour)', AlarmSeconds: '10800' });
    // CloudWatch accepts periods of 60 s multiples only (above 30 s); every choice gives one.
    for (const { AlarmSeconds } of Object.values(mapping)) expect(Number(AlarmSeconds) % 60).toBe(0);
    expect((template.toJSON().Parameters as Record<string, { AllowedValues: string[] }>).DispatchInterval?.AllowedValues).toEqual(
      Object.keys(mapping),
    );
  });

  it('gives each function a role that writes its own log group only, not the managed basic execution role (which may write any)', () => {
    const roles = ofType('AWS::IAM::Role').filter(([id]) => Object.keys(LAMBDA_ENTRIES).some((name) => id.startsWith(`${name}Role`)));
    expect(roles).toHaveLength(ALWAYS.length);
    for (const [, role] of roles)
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(/AWSLambdaBasicExecutionRole/);
    const logStatements = ofType('AWS::IAM::Policy')
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement)
      .filter((st) => JSON.stringify(st.Action).includes('logs:PutLogEvents'));
    expect(logStatements).toHaveLength(ALWAYS.length);
    for (const st of logStatements) expect(st.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Logs[0-9A-F]{8}$/), 'Arn'] });
  });

  it('creates the sender domain as an SES identity with 2048-bit Easy DKIM only when a domain is given, and outputs its three CNAME records', () => {
    expect(template.toJSON().Conditions).toMatchObject({
      SenderDomainGiven: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SenderDomain' }, ''] }] },
    });
    const [, identity] = ofType('AWS::SES::EmailIdentity')[0] ?? [];
    expect(identity).toMatchObject({
      Condition: 'SenderDomainGiven',
      Properties: {
        EmailIdentity: { Ref: 'SenderDomain' },
        DkimAttributes: { SigningEnabled: true },
        DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      },
    });
    const outputs = template.toJSON().Outputs as Record<string, { Condition?: string }>;
    for (const name of ['DkimRecord1', 'DkimRecord2', 'DkimRecord3']) expect(outputs[name]?.Condition).toBe('SenderDomainGiven');
  });

  describe('stages', () => {
    const staging = () => {
      const s = new DunningDeskStack(new App(), 'Staging', { stage: 'staging' });
      return Template.fromStack(s).toJSON().Resources as Record<string, Resource>;
    };

    it('keeps production for 7 years under compliance lock, tables protected and retained', () => {
      for (const [, t] of ofType('AWS::DynamoDB::Table'))
        expect(t).toMatchObject({ DeletionPolicy: 'Retain', Properties: { DeletionProtectionEnabled: true } });
      for (const [, b] of ofType('AWS::S3::Bucket')) expect(b.DeletionPolicy).toBe('Retain');
      for (const [, g] of ofType('AWS::Logs::LogGroup')) expect(g.DeletionPolicy).toBe('Retain');
    });

    it('lets another stage go away cleanly: a day of governance lock, buckets that empty themselves, everything deleted with the stack', () => {
      const all = Object.values(staging());
      const of = (type: string) => all.filter((r) => r.Type === type);
      for (const t of of('AWS::DynamoDB::Table'))
        expect(t).toMatchObject({ DeletionPolicy: 'Delete', Properties: { DeletionProtectionEnabled: false } });
      for (const g of of('AWS::Logs::LogGroup')) expect(g.DeletionPolicy).toBe('Delete');
      const locked = of('AWS::S3::Bucket').find((b) => b.Properties.ObjectLockEnabled);
      expect(locked).toMatchObject({
        DeletionPolicy: 'Delete',
        Properties: { ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } } },
      });
      expect(JSON.stringify(locked?.Properties.LifecycleConfiguration)).toMatch(/NoncurrentVersionExpiration/);
      for (const b of of('AWS::S3::Bucket')) expect(b.Properties.LifecycleConfiguration).toBeDefined();
    });

    it('refuses a stage it does not know', () => {
      expect(stageOf(undefined)).toBe('production');
      expect(stageOf('staging')).toBe('staging');
      expect(() => stageOf('prod')).toThrow(/stage must be one of production, staging, dev/);
    });
  });

  it('lets CloudWatch publish to the alarm topic, for this account’s alarms only, beside the SSL-only rule', () => {
    const [, alarmTopic] = ofType('AWS::SNS::Topic').find(([id]) => id.startsWith('Alarms')) ?? [];
    const policies = ofType('AWS::SNS::TopicPolicy').map(
      ([, p]) =>
        p.Properties as {
          Topics: unknown[];
          PolicyDocument: {
            Statement: { Sid?: string; Effect: string; Principal?: unknown; Action: unknown; Condition?: Record<string, unknown> }[];
          };
        },
    );
    const topicId = ofType('AWS::SNS::Topic').find(([id]) => id.startsWith('Alarms'))?.[0] ?? '';
    const policy = policies.find((p) => JSON.stringify(p.Topics).includes(topicId));
    expect(alarmTopic).toBeDefined();
    const statements = policy?.PolicyDocument.Statement ?? [];
    expect(statements.find((st) => st.Sid === 'CloudWatchAlarmsPublish')).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(statements.some((st) => st.Effect === 'Deny' && JSON.stringify(st.Condition).includes('aws:SecureTransport'))).toBe(true);
  });

  it('takes its settings as parameters and outputs the API URL and table names', () => {
    const params = Object.keys(template.toJSON().Parameters as object);
    expect(params).toEqual(
      expect.arrayContaining([
        'SenderAddress',
        'ReplyTo',
        'AllowedGoogleDomains',
        'AllowedGoogleEmails',
        'OAuthClientIds',
        'DispatchInterval',
        'SenderDomain',
        'AlarmEmail',
      ]),
    );
    expect(Object.keys(template.toJSON().Outputs as object)).toEqual(expect.arrayContaining(['ApiUrl', 'MainTableName', 'AuditTableName']));
  });

  it('passes cdk-nag’s AwsSolutions pack, every finding fixed or acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });

  describe('the dispatcher fanned out, with -c dispatchShards', () => {
    const schedules = (json: { Resources: Record<string, Resource> }) =>
      Object.values(json.Resources)
        .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
        .map((r) => JSON.parse(String((r.Properties.Target as { Input?: string }).Input ?? '{}')) as unknown);
    const shardsEnv = (json: { Resources: Record<string, Resource> }) =>
      Object.entries(json.Resources).find(([id, r]) => id.startsWith('dispatcherFunction') && r.Type === 'AWS::Lambda::Function')?.[1]
        .Properties.Environment as { Variables: Record<string, unknown> } | undefined;

    it('schedules one worker by default, told it is shard 0 of 1', () => {
      const json = Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> };
      expect(schedules(json)).toEqual([{ shard: 0 }]);
      expect(shardsEnv(json)?.Variables.DISPATCH_SHARDS).toBe('1');
    });

    it('schedules one invocation per shard of the teams, each told its shard', () => {
      const sharded = new DunningDeskStack(new App({ context: { dispatchShards: '3' } }), 'Sharded');
      const json = Template.fromStack(sharded).toJSON() as { Resources: Record<string, Resource> };
      expect(schedules(json)).toEqual([{ shard: 0 }, { shard: 1 }, { shard: 2 }]);
      expect(shardsEnv(json)?.Variables.DISPATCH_SHARDS).toBe('3');
      expect(() => new DunningDeskStack(new App({ context: { dispatchShards: '0' } }), 'NoShards')).toThrow(
        'dispatchShards must be a whole number from 1 to 64, not "0"',
      );
    }, 120_000);
  });

  describe('replies received, with -c replyDomain', () => {
    let replies: DunningDeskStack;
    let json: { Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };
    const of = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
    beforeAll(() => {
      const app = new App({ context: { replyDomain: 'replies.acme.example' } });
      replies = new DunningDeskStack(app, 'Replies');
      json = Template.fromStack(replies).toJSON() as typeof json;
    }, 120_000);

    it('is not there without it: no receipt rule, no inbound function, no reply domain for the dispatcher', () => {
      expect(ofType('AWS::SES::ReceiptRule')).toEqual([]);
      expect(ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith('inbound'))).toEqual([]);
      expect(JSON.stringify(resources)).not.toContain('REPLY_DOMAIN');
    });

    it('stores each message for the domain in a private, encrypted bucket, then invokes the inbound function', () => {
      const [, rule] = of('AWS::SES::ReceiptRule')[0] ?? [];
      const r = rule?.Properties.Rule as {
        Recipients: string[];
        ScanEnabled: boolean;
        TlsPolicy: string;
        Actions: Record<string, unknown>[];
      };
      expect(r).toMatchObject({ Recipients: ['replies.acme.example'], ScanEnabled: true, TlsPolicy: 'Require' });
      expect(r.Actions.map((a) => Object.keys(a)[0])).toEqual(['S3Action', 'LambdaAction']);
      expect(r.Actions[0]).toMatchObject({ S3Action: { ObjectKeyPrefix: 'inbound/' } });
      expect(r.Actions[1]).toMatchObject({ LambdaAction: { InvocationType: 'Event' } });
      const [, bucket] = of('AWS::S3::Bucket').find(([id]) => id.startsWith('InboundMail')) ?? [];
      expect(bucket?.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      });
      const [, dispatcher] = of('AWS::Lambda::Function').find(([id]) => id.startsWith('dispatcherFunction')) ?? [];
      expect(dispatcher?.Properties.Environment).toMatchObject({ Variables: { REPLY_DOMAIN: 'replies.acme.example' } });
      expect(JSON.stringify(json.Outputs.ReplyMxRecord?.Value)).toContain('inbound-smtp.');
      const [, inbound] = of('AWS::Lambda::Function').find(([id]) => id.startsWith('inboundFunction')) ?? [];
      expect(inbound?.Properties).toMatchObject({ Architectures: ['arm64'], DeadLetterConfig: expect.anything() });
      expect(of('AWS::CloudWatch::Alarm').some(([id]) => id.startsWith('InboundErrors'))).toBe(true);
    });

    it('lets the inbound function read received messages only, write the tables as the sidebar does, and send as the sender', () => {
      const [roleId] = of('AWS::IAM::Role').find(([id]) => id.startsWith('inboundRole')) ?? [];
      const statements = of('AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId ?? '?'))
        .flatMap(
          ([, p]) =>
            (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] })
              .Statement,
        )
        .map((st) => ({ actions: ([] as string[]).concat(st.Action), resource: JSON.stringify(st.Resource), condition: st.Condition }));
      const actions = statements.flatMap((st) => st.actions);
      expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
      expect(statements.find((st) => st.actions.includes('s3:GetObject'))?.resource).toContain('/inbound/*');
      expect(actions).not.toContain('dynamodb:UpdateItem');
      expect(actions).not.toContain('ses:SendEmail');
      const send = statements.find((st) => st.actions.includes('ses:SendRawEmail'));
      expect(send?.condition).toEqual({ StringEquals: { 'ses:FromAddress': { Ref: 'SenderAddress' } } });
      const audit = statements.filter((st) => st.resource.includes('AuditTable'));
      for (const st of audit) expect(st.actions).not.toEqual(expect.arrayContaining(['dynamodb:DeleteItem']));
    });

    it('passes cdk-nag too, and refuses a reply domain that is not one', () => {
      const report = new AwsSolutionsChecks(replies).validateScope(replies);
      expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
      expect(() => new DunningDeskStack(new App({ context: { replyDomain: 'not a domain' } }), 'Bad')).toThrow(
        'replyDomain must be a domain such as replies.yourcompany.com, not "not a domain"',
      );
    });
  });

  it('would fail cdk-nag for an unacknowledged finding (the check can fail)', () => {
    const other = new Stack(new App(), 'Control');
    new sqs.Queue(other, 'Plain');
    expect(new AwsSolutionsChecks(other).validateScope(other).violations.length).toBeGreaterThan(0);
  });
});
