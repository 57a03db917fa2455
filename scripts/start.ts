/**
 * npm start: runs Dunning Desk locally on embedded defaults and prints where each part is.
 * Ports: API_PORT (8787), DYNAMODB_PORT (8000), ISSUER_PORT (8788), SES_PORT (8005);
 * DISPATCH_EVERY_MS (60000). Ctrl-C stops everything.
 */
import { systemClock } from '../lambdas/clock';
import { LOCAL_USER, startLocalStack } from '../lambdas/local/local-stack';

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const stack = await startLocalStack({
  apiPort: port('API_PORT', 8787),
  dynamoPort: port('DYNAMODB_PORT', 8000),
  issuerPort: port('ISSUER_PORT', 8788),
  sesPort: port('SES_PORT', 8005),
  dispatchEveryMs: port('DISPATCH_EVERY_MS', 60_000),
  clock: systemClock,
});
const token = await stack.issuer.token({ ...LOCAL_USER, expiresIn: 12 * 3600 });

console.log(`Dunning Desk is running locally.
  API               ${stack.apiUrl}   (routes: docs/API.md)
  DynamoDB          ${stack.dynamoUrl}   (dynalite, in memory)
  Token issuer      ${stack.jwksUrl}   (stands in for Google)
  SES mailbox       ${stack.sesUrl}   (aws-ses-v2-local: every email the dispatcher sends)
  Dispatcher        every ${Math.round(port('DISPATCH_EVERY_MS', 60_000) / 1000)} s

A sign-in token for ${LOCAL_USER.email}, valid 12 hours:
  export TOKEN=${token}
Try:
  curl -s ${stack.apiUrl}/v1/settings?ledgerId=demo-ledger-0001 -H "Authorization: Bearer $TOKEN"

Press Ctrl-C to stop.`);

const stop = () => {
  void stack.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
