/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs this with tsx). cdk-nag's
 * AwsSolutions pack checks the stack at synth; a finding fails the synth unless acknowledged
 * with a reason in the stack.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DunningDeskStack } from './dunning-desk-stack';

const app = new App();
// `npx cdk deploy -c stackName=...` to run a second copy (a staging one) in the same account.
const stackName: unknown = app.node.tryGetContext('stackName');
new DunningDeskStack(app, typeof stackName === 'string' && stackName ? stackName : 'DunningDesk', {
  description: 'Dunning Desk: collections backend (API, reminder dispatcher, SES events, audit trail)',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
