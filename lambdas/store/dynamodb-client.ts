import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { answerWithin } from '../aws-timeouts';

/** DynamoDB answers in single-digit milliseconds, a page of a query well under a second. */
export const DYNAMO_REQUEST_TIMEOUT_MS = 10_000;

/**
 * The functions' DynamoDB client. A request that stops being answered (a dropped NAT mapping, a
 * dead peer) ends at the timeout and is retried by the SDK like any transient error, instead of
 * holding an API call or a dispatcher lane until the function's own timeout. A retried
 * conditional write whose first try did land fails its condition, which every writer already
 * reads as "someone wrote it", looking for its own write where that matters (the audit append).
 */
export function dynamoClient(config: DynamoDBClientConfig = {}, requestTimeoutMs = DYNAMO_REQUEST_TIMEOUT_MS): DynamoDBClient {
  return new DynamoDBClient({ ...config, requestHandler: answerWithin(requestTimeoutMs) });
}
