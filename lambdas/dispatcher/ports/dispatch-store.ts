import type { DeadlineIndex } from './deadline-index';
import type { ReplyAliases } from './reply-aliases';
import type { RunLocks } from './run-locks';
import type { SendLog } from './send-log';
import type { SenderHealth } from './sender-health';

/** What the dispatcher keeps besides invoices and reminders; one DynamoDB adapter implements it all. */
export type DispatchStore = DeadlineIndex & RunLocks & SendLog & SenderHealth & ReplyAliases;
