import { clockTime, wallTimeAt } from '../../shared/time/time-zone';
import type { ReminderRecord } from '../store/records';

export interface BrokenPromiseLine {
  invoiceNumber: string;
  customer: string;
  promisedFor: string;
}

export interface DigestInput {
  ledgerName: string;
  timeZone: string;
  /** Every reminder waiting (PENDING or held for review) with a send time before `windowEnd`. */
  waiting: readonly Pick<ReminderRecord, 'sendAt' | 'invoiceNumber' | 'label' | 'state'>[];
  /** This digest's scheduled instant and the next one's: consecutive digests' windows meet and never overlap. */
  windowStart: number;
  windowEnd: number;
  broken: readonly BrokenPromiseLine[];
}

/**
 * The team's daily digest. Each step is listed once, in the digest whose window holds its send
 * time; a held step still waiting after its day is counted, not listed again, so a team that
 * leaves steps unapproved is not sent the same lines every morning.
 */
export function digestText(input: DigestInput): { subject: string; text: string } {
  const inWindow = input.waiting.filter((r) => Date.parse(r.sendAt) >= input.windowStart && Date.parse(r.sendAt) < input.windowEnd);
  const heldBefore = input.waiting.filter((r) => r.state === 'AWAITING_APPROVAL' && Date.parse(r.sendAt) < input.windowStart).length;
  const lines = inWindow.map(
    (r) =>
      `- ${onClock(r.sendAt, input.timeZone)}  ${r.invoiceNumber}  ${r.label}${r.state === 'AWAITING_APPROVAL' ? '  (waiting for your approval)' : ''}`,
  );
  const text = [
    `What Dunning Desk will send for "${input.ledgerName}" in the next 24 hours (times in ${input.timeZone}):`,
    '',
    ...(lines.length > 0 ? lines : ['Nothing is scheduled.']),
    '',
    ...(heldBefore > 0
      ? [
          `${heldBefore === 1 ? '1 email' : `${heldBefore} emails`} from earlier days still ${heldBefore === 1 ? 'waits' : 'wait'} for your approval: "Your turn" in the sidebar lists them.`,
          '',
        ]
      : []),
    ...(input.broken.length > 0
      ? [
          'Promises to pay not kept since yesterday (the next step for each is a call):',
          ...input.broken.map((b) => `- ${b.invoiceNumber}  ${b.customer}  promised by ${b.promisedFor}`),
          '',
        ]
      : []),
    'To hold any of these, open the invoice in the sidebar and pause or cancel the step.',
  ].join('\n');
  const count = inWindow.length;
  return { subject: `Dunning Desk: ${count} reminder${count === 1 ? '' : 's'} to go out in the next 24 hours`, text };
}

/** "2026-12-08 09:00": an instant as the clocks in `timeZone` show it. */
function onClock(isoInstant: string, timeZone: string): string {
  const { date, minuteOfDay } = wallTimeAt(Date.parse(isoInstant), timeZone);
  return `${date} ${clockTime(minuteOfDay)}`;
}
