import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

export interface DynamoTimeouts {
  /** Until the connection is made. */
  connectionTimeout: number;
  /** Until DynamoDB answers a request on its way: single-digit milliseconds normally, a page of a query well under a second. */
  requestTimeout: number;
}

export const DYNAMO_TIMEOUTS: DynamoTimeouts = { connectionTimeout: 3_000, requestTimeout: 10_000 };

/**
 * The functions' DynamoDB client. A connection that stops answering (a dropped NAT mapping, a
 * dead peer) ends at the request timeout and is retried by the SDK like any transient error,
 * instead of holding the request (an API call, a dispatcher lane) until the function's own
 * timeout; `throwOnRequestTimeout`, because the SDK's handler otherwise only warns and waits on.
 * A retried conditional write whose first try did land fails its condition, which every writer
 * already reads as "someone wrote it", looking for its own write where that matters.
 */
export function dynamoClient(config: DynamoDBClientConfig = {}, timeouts: DynamoTimeouts = DYNAMO_TIMEOUTS): DynamoDBClient {
  return new DynamoDBClient({ ...config, requestHandler: { ...timeouts, throwOnRequestTimeout: true } });
}
