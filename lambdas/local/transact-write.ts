/**
 * DynamoDB's TransactWriteItems, done with the single-item calls of a DynamoDB that lacks it
 * (dynalite), in DynamoDB's wire format. The caller holds every other request back while this
 * runs (`localDynamo`), so nothing sees it half done; within it, each condition is checked by
 * the local DynamoDB itself against the item as it was, then every write is applied, and a write
 * that fails anyway is undone from the images read first. What AWS documents and our code relies
 * on is kept: all or nothing, `TransactionCanceledException` with one reason per item, at most
 * 100 items, one operation per item, and a `ClientRequestToken` that makes a retry within 10
 * minutes succeed without writing again.
 */

type Wire = Record<string, unknown>;
export type Answer = { status: number; body: Wire };
/** One single-item call to the local DynamoDB (`PutItem`, `GetItem`...). */
export type LocalCall = (action: string, payload: Wire) => Promise<Answer>;

const OPERATIONS = ['Put', 'Update', 'Delete', 'ConditionCheck'] as const;
type Operation = (typeof OPERATIONS)[number];
interface Step {
  operation: Operation;
  request: Wire;
  table: string;
  key: Wire;
}

/** What a token answered, kept as DynamoDB keeps it: 10 minutes. */
export const TOKEN_MEMORY_MS = 10 * 60_000;
export type TokenMemory = Map<string, { fingerprint: string; at: number }>;

const error = (type: string, message: string, extra: Wire = {}): Answer => ({
  status: 400,
  body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message, ...extra },
});

export async function transactWriteItems(
  request: Wire,
  call: LocalCall,
  state: { tokens: TokenMemory; keyNames: Map<string, string[]>; nowMs: number },
): Promise<Answer> {
  const items = request.TransactItems;
  if (!Array.isArray(items) || items.length < 1 || items.length > 100) {
    return error(
      'ValidationException',
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and 100`,
    );
  }
  const token = typeof request.ClientRequestToken === 'string' ? request.ClientRequestToken : undefined;
  const fingerprint = JSON.stringify(items);
  const seen = token ? state.tokens.get(token) : undefined;
  if (token && seen && state.nowMs - seen.at < TOKEN_MEMORY_MS) {
    if (seen.fingerprint !== fingerprint) {
      return error(
        'IdempotentParameterMismatchException',
        'The request uses the same client token as a previous, but non-identical request.',
      );
    }
    return { status: 200, body: {} };
  }

  const steps = await stepsOf(items as Wire[], call, state.keyNames);
  if (!Array.isArray(steps)) return steps;
  const itemIds = steps.map((s) => `${s.table}\u0000${JSON.stringify(s.key)}`);
  if (new Set(itemIds).size !== itemIds.length) {
    return error('ValidationException', 'Transaction request cannot include multiple operations on one item');
  }

  const images: (Wire | undefined)[] = [];
  for (const step of steps) {
    const read = await call('GetItem', { TableName: step.table, Key: step.key, ConsistentRead: true });
    if (read.status !== 200) return read;
    images.push(read.body.Item as Wire | undefined);
  }

  const reasons = await conditionsMet(steps, images, call);
  if (!Array.isArray(reasons)) return reasons;
  if (reasons.some((r) => r.Code !== 'None')) {
    const codes = reasons.map((r) => String(r.Code)).join(', ');
    return error(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
      {
        CancellationReasons: reasons,
      },
    );
  }

  for (const [i, step] of steps.entries()) {
    if (step.operation === 'ConditionCheck') continue;
    const { ReturnValuesOnConditionCheckFailure: _r, ...payload } = step.request;
    const action = step.operation === 'Put' ? 'PutItem' : step.operation === 'Update' ? 'UpdateItem' : 'DeleteItem';
    const applied = await call(action, payload);
    if (applied.status !== 200) {
      await restore(steps.slice(0, i), images, call);
      return applied;
    }
  }
  if (token) {
    for (const [old, { at }] of state.tokens) if (state.nowMs - at >= TOKEN_MEMORY_MS) state.tokens.delete(old);
    state.tokens.set(token, { fingerprint, at: state.nowMs });
  }
  return { status: 200, body: {} };
}

/** Each item's operation, table and key; an answer instead when the request is malformed. */
async function stepsOf(items: readonly Wire[], call: LocalCall, keyNames: Map<string, string[]>): Promise<Step[] | Answer> {
  const steps: Step[] = [];
  for (const item of items) {
    const present = OPERATIONS.filter((op) => item[op] !== undefined);
    const operation = present[0];
    if (present.length !== 1 || !operation) {
      return error('ValidationException', 'TransactItems can only contain one of Check, Put, Update or Delete');
    }
    const op = item[operation] as Wire;
    const table = String(op.TableName);
    const names = await keyNamesOf(table, call, keyNames);
    if (!Array.isArray(names)) return names;
    const source = (operation === 'Put' ? op.Item : op.Key) as Wire | undefined;
    steps.push({ operation, request: op, table, key: Object.fromEntries(names.map((n) => [n, source?.[n]])) });
  }
  return steps;
}

/** One cancellation reason per item, in DynamoDB's codes; an answer instead for an invalid condition. */
async function conditionsMet(steps: readonly Step[], images: readonly (Wire | undefined)[], call: LocalCall): Promise<Wire[] | Answer> {
  const reasons: Wire[] = [];
  for (const [i, step] of steps.entries()) {
    const condition = step.request.ConditionExpression;
    if (typeof condition !== 'string') {
      reasons.push({ Code: 'None' });
      continue;
    }
    const probe = await checkCondition(step, images[i], condition, call);
    if (probe.status === 200) reasons.push({ Code: 'None' });
    else if (String(probe.body.__type).endsWith('ConditionalCheckFailedException')) {
      reasons.push({ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' });
    } else return probe;
  }
  return reasons;
}

async function keyNamesOf(table: string, call: LocalCall, known: Map<string, string[]>): Promise<string[] | Answer> {
  const cached = known.get(table);
  if (cached) return cached;
  const described = await call('DescribeTable', { TableName: table });
  if (described.status !== 200) return described;
  const schema = (described.body.Table as { KeySchema: { AttributeName: string }[] }).KeySchema;
  const names = schema.map((k) => k.AttributeName);
  known.set(table, names);
  return names;
}

/**
 * The item's condition, evaluated by the local DynamoDB against the item as it is, changing
 * nothing: the item written back as it was, or (absent) a delete of nothing.
 */
function checkCondition(step: Step, image: Wire | undefined, condition: string, call: LocalCall): Promise<Answer> {
  // DynamoDB refuses names and values an expression does not use: keep only the condition's.
  const used = (bag: unknown, pattern: RegExp) => {
    const tokens = new Set(condition.match(pattern) ?? []);
    const entries = Object.entries((bag ?? {}) as Wire).filter(([k]) => tokens.has(k));
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  };
  const names = used(step.request.ExpressionAttributeNames, /#[A-Za-z0-9_]+/g);
  const values = used(step.request.ExpressionAttributeValues, /:[A-Za-z0-9_]+/g);
  const expression = {
    TableName: step.table,
    ConditionExpression: condition,
    ...(names && { ExpressionAttributeNames: names }),
    ...(values && { ExpressionAttributeValues: values }),
  };
  return image ? call('PutItem', { ...expression, Item: image }) : call('DeleteItem', { ...expression, Key: step.key });
}

/** Puts back what the steps already applied changed, from the images read before. */
async function restore(applied: readonly Step[], images: readonly (Wire | undefined)[], call: LocalCall): Promise<void> {
  for (const [i, step] of [...applied.entries()].reverse()) {
    const image = images[i];
    await (image ? call('PutItem', { TableName: step.table, Item: image }) : call('DeleteItem', { TableName: step.table, Key: step.key }));
  }
}
