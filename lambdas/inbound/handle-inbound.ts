import type { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import type { ReplyAliases } from '../dispatcher/ports/reply-aliases';
import type { SendLog } from '../dispatcher/ports/send-log';
import { parseReplyAddress } from '../mail/reply-address';
import type { RawMessages } from './raw-messages';
import { readReply } from './read-reply';
import { type RecordReplyDeps, recordReply } from './record-reply';
import { autoReplyReason } from './reply-kind';

/** The SES receipt rule's Lambda action event (the message itself was stored by the S3 action before it). */
const Verdict = z.object({ status: z.string() }).optional();
export const SesReceiptEvent = z.object({
  Records: z.array(
    z.object({
      ses: z.object({
        mail: z.object({ messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/), source: z.string().optional() }),
        receipt: z.object({ recipients: z.array(z.string()), spamVerdict: Verdict, virusVerdict: Verdict }),
      }),
    }),
  ),
});

export interface InboundDeps extends RecordReplyDeps {
  dispatch: SendLog & ReplyAliases;
  raw: Pick<RawMessages, 'open'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  replyDomain: string;
}

export interface InboundOutcome {
  recorded: number;
  autoReplies: number;
  dropped: number;
}

/**
 * Each message SES received for the reply domain: to one of our reply addresses, with a token
 * naming a send batch that exists in the tenant its alias names, and not spam or a virus by
 * SES's verdict. Anything else is dropped and logged (a forged or mistyped token, a reply after
 * the batch's 30 days), never guessed at: a reply is only ever attached to the invoices of the
 * email it answers, in that email's tenant. A store that cannot be reached throws, so SES's
 * invocation is retried; every step looks before it writes.
 */
export async function handleInbound(deps: InboundDeps, event: unknown): Promise<InboundOutcome> {
  const parsed = SesReceiptEvent.safeParse(event);
  const outcome: InboundOutcome = { recorded: 0, autoReplies: 0, dropped: 0 };
  if (!parsed.success) {
    deps.logger.warn('not an SES receipt event; ignored');
    outcome.dropped += 1;
    return outcome;
  }
  for (const { ses } of parsed.data.Records) {
    const { messageId } = ses.mail;
    const drop = (why: string, more: Record<string, unknown> = {}) => {
      deps.logger.warn(`inbound message dropped: ${why}`, { sesMessageId: messageId, ...more });
      outcome.dropped += 1;
    };
    const token = ses.receipt.recipients.map((r) => parseReplyAddress(r, deps.replyDomain)).find((t) => t !== undefined);
    if (!token) {
      drop('not addressed to a reply address', { recipients: ses.receipt.recipients.length });
      continue;
    }
    if (ses.receipt.virusVerdict?.status === 'FAIL' || ses.receipt.spamVerdict?.status === 'FAIL') {
      drop('SES judged it spam or a virus', { ...token });
      continue;
    }
    const tenant = await deps.dispatch.tenantOfAlias(token.alias);
    const batch = tenant ? await deps.dispatch.getBatch(tenant, token.batchId) : undefined;
    if (!tenant || !batch) {
      drop('its reply token names no email we sent (forged, mistyped, or older than the 30 days a send is kept)', { ...token });
      continue;
    }
    const raw = await deps.raw.open(messageId);
    if (!raw) throw new Error(`the received message ${messageId} is not in the store yet`);
    const reply = await readReply(raw);
    const autoReply = autoReplyReason(reply);
    const result = await recordReply(deps, { tenant, batch, reply, sesMessageId: messageId, ...(autoReply && { autoReply }) });
    for (const problem of result.problems) deps.logger.error(problem, { tenant, sesMessageId: messageId });
    if (autoReply) outcome.autoReplies += 1;
    else outcome.recorded += 1;
    deps.logger.info('reply recorded', { tenant, batchId: batch.batchId, invoices: result.invoices, paused: result.paused, autoReply });
  }
  return outcome;
}
