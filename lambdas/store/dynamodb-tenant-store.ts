import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantStore } from '../services/ports/tenant-store';
import { keys } from './keys';
import { queryAll } from './paged-reads';
import { InvitedRecord, RemovedRecord, TenantRecord } from './tenant-records';

const TENANT_SK = 'TENANT';
const enc = encodeURIComponent;
const invitedSk = (email: string) => `MEMBER#${enc(email.toLowerCase())}`;
const removedSk = (email: string) => `REMOVED#${enc(email.toLowerCase())}`;
/** Outside every tenant: which team an invited address belongs to. */
const whoPk = (email: string) => `WHO#${enc(email.toLowerCase())}`;
/** Outside every tenant: which team a sending domain is. */
const domainPk = (domain: string) => `SENDER-DOMAIN#${enc(domain.toLowerCase())}`;

/**
 * What a conditional write came to: 'ok' once made, `failed` when its condition did not hold.
 * Any other error is thrown.
 */
async function conditional<F extends string>(write: Promise<unknown>, failed: F): Promise<'ok' | F> {
  try {
    await write;
    return 'ok';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return failed;
    throw error;
  }
}

/** Teams in the main table, in their own tenant's partition (T#<tenant>), as every other item. */
export class DynamoDbTenantStore implements TenantStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getTenant(tenantId: string) {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: keys.tenant(tenantId), sk: TENANT_SK } }));
    return Item ? TenantRecord.parse(Item) : undefined;
  }

  async createTenant(record: TenantRecord) {
    const put = new PutCommand({
      TableName: this.table,
      Item: { pk: keys.tenant(record.tenantId), sk: TENANT_SK, ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return conditional(this.client.send(put), 'exists');
  }

  async putTenant(record: TenantRecord, ifVersion: number) {
    const put = new PutCommand({
      TableName: this.table,
      Item: { pk: keys.tenant(record.tenantId), sk: TENANT_SK, ...record },
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':v': ifVersion },
    });
    return conditional(this.client.send(put), 'conflict');
  }

  async invitationOf(email: string) {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: whoPk(email), sk: TENANT_SK } }));
    return typeof Item?.tenantId === 'string' ? { tenantId: Item.tenantId, accepted: Item.accepted === true } : undefined;
  }

  async acceptInvitation(tenantId: string, email: string, at: string) {
    const accept = new UpdateCommand({
      TableName: this.table,
      Key: { pk: whoPk(email), sk: TENANT_SK },
      UpdateExpression: 'SET accepted = :yes',
      ConditionExpression: 'tenantId = :t',
      ExpressionAttributeValues: { ':yes': true, ':t': tenantId },
    });
    if ((await conditional(this.client.send(accept), 'gone')) === 'gone') return 'gone';
    // Removed from the team's list meanwhile: nothing to mark.
    const mark = new UpdateCommand({
      TableName: this.table,
      Key: { pk: keys.tenant(tenantId), sk: invitedSk(email) },
      UpdateExpression: 'SET acceptedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    });
    await conditional(this.client.send(mark), 'not listed');
    return 'ok';
  }

  async invite(tenantId: string, invited: InvitedRecord) {
    // The address's one team first (conditional: it may be another team's), then the team's list.
    const claim = new PutCommand({
      TableName: this.table,
      // Invited anew (after a removal, say): they accept again.
      Item: { pk: whoPk(invited.email), sk: TENANT_SK, tenantId, accepted: false },
      ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :t',
      ExpressionAttributeValues: { ':t': tenantId },
    });
    if ((await conditional(this.client.send(claim), 'taken')) === 'taken') return 'taken';
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: { pk: keys.tenant(tenantId), sk: invitedSk(invited.email), ...invited } }),
    );
    return 'ok';
  }

  async isRemoved(tenantId: string, email: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { pk: keys.tenant(tenantId), sk: removedSk(email) } }),
    );
    return Item !== undefined;
  }

  async remove(tenantId: string, removed: RemovedRecord) {
    // Refused first: whatever happens after, the address is out.
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: { pk: keys.tenant(tenantId), sk: removedSk(removed.email), ...removed } }),
    );
    await this.client.send(new DeleteCommand({ TableName: this.table, Key: { pk: keys.tenant(tenantId), sk: invitedSk(removed.email) } }));
    const forget = new DeleteCommand({
      TableName: this.table,
      Key: { pk: whoPk(removed.email), sk: TENANT_SK },
      ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :t',
      ExpressionAttributeValues: { ':t': tenantId },
    });
    // Invited to another team since: that membership is not this owner's to end.
    await conditional(this.client.send(forget), 'another team');
  }

  async unremove(tenantId: string, email: string) {
    await this.client.send(new DeleteCommand({ TableName: this.table, Key: { pk: keys.tenant(tenantId), sk: removedSk(email) } }));
  }

  async people(tenantId: string) {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':from': 'MEMBER#', ':to': 'REMOVED#\uffff' },
    });
    return {
      invited: items.filter((i) => String(i.sk).startsWith('MEMBER#')).map((i) => InvitedRecord.parse(i)),
      removed: items.filter((i) => String(i.sk).startsWith('REMOVED#')).map((i) => RemovedRecord.parse(i)),
    };
  }

  async claimDomain(domain: string, tenantId: string) {
    const claim = new PutCommand({
      TableName: this.table,
      Item: { pk: domainPk(domain), sk: TENANT_SK, tenantId },
      ConditionExpression: 'attribute_not_exists(pk) OR tenantId = :t',
      ExpressionAttributeValues: { ':t': tenantId },
    });
    return conditional(this.client.send(claim), 'taken');
  }

  async releaseDomain(domain: string, tenantId: string) {
    const release = new DeleteCommand({
      TableName: this.table,
      Key: { pk: domainPk(domain), sk: TENANT_SK },
      ConditionExpression: 'tenantId = :t',
      ExpressionAttributeValues: { ':t': tenantId },
    });
    // Already another team's (or nobody's): not this team's to release.
    await conditional(this.client.send(release), 'not theirs');
  }

  async takeRequest(tenantId: string, second: number, limit: number) {
    const count = new UpdateCommand({
      TableName: this.table,
      Key: { pk: keys.tenant(tenantId), sk: `RATE#${second}` },
      UpdateExpression: 'ADD uses :one SET expiresAt = if_not_exists(expiresAt, :exp)',
      ConditionExpression: 'attribute_not_exists(uses) OR uses < :limit',
      // TTL removes a second's count a few minutes later; nothing reads an old one.
      ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':exp': second + 300 },
    });
    return conditional(this.client.send(count), 'over');
  }
}
