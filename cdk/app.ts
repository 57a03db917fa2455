/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs this with tsx). cdk-nag's
 * AwsSolutions pack checks the stack at synth; a finding fails the synth unless acknowledged
 * with a reason in the stack.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DunningDeskStack, stageOf } from './dunning-desk-stack';

const app = new App();
// `-c stage=staging` (or dev): a copy that deletes cleanly, beside production in the same account.
const stage = stageOf(app.node.tryGetContext('stage'));
// `-c stackName=...` names another copy of the same stage.
const stackName: unknown = app.node.tryGetContext('stackName');
const defaultName = stage === 'production' ? 'DunningDesk' : `DunningDesk-${stage}`;
new DunningDeskStack(app, typeof stackName === 'string' && stackName ? stackName : defaultName, {
  stage,
  description: `Dunning Desk (${stage}): collections backend (API, reminder dispatcher, SES events, audit trail)`,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
