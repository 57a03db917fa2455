import type { LetterHistory } from '../../shared/letters/letter-history';
import { LetterStage } from '../../shared/escalation/ladder';
import { CalendarDate } from '../../shared/time/calendar-date';
import { calendarDateIn } from '../../shared/time/time-zone';
import type { ChainedEvent } from '../audit/hash-chain';
import { THANK_YOU_STEP } from './reminder-planner';

/**
 * What the audit trails of the invoices a letter lists show of earlier contacts: the days
 * reminder emails went (SES accepted them: `email.sent`; a thank-you note and an emailed letter
 * are not reminders, a reminder with the statement attached is), the letters made that listed any of them (`letter.generated` on the
 * invoice it was made for, `letter.included` on the others), each once, calls that reached the
 * customer, and promises to pay.
 */
export function letterHistoryFrom(events: readonly ChainedEvent[], timeZone: string): LetterHistory {
  const reminders = new Set<CalendarDate>();
  const calls = new Set<CalendarDate>();
  const promises = new Map<string, { on: CalendarDate; promisedFor: CalendarDate }>();
  const letters = new Map<string, LetterHistory['letters'][number]>();
  for (const e of events) {
    const on = calendarDateIn(Date.parse(e.at), timeZone);
    if (e.type === 'email.sent' && !emailedLetter(e.data) && e.data.stepId !== THANK_YOU_STEP) reminders.add(on);
    if (e.type === 'contact.logged' && e.data.channel === 'call' && e.data.reached === true) {
      const occurred =
        typeof e.data.occurredAt === 'string' && !Number.isNaN(Date.parse(e.data.occurredAt))
          ? calendarDateIn(Date.parse(e.data.occurredAt), timeZone)
          : on;
      calls.add(occurred);
    }
    if (e.type === 'promise.recorded') {
      const promisedFor = CalendarDate.safeParse(e.data.promisedFor);
      if (promisedFor.success) promises.set(`${on}#${promisedFor.data}`, { on, promisedFor: promisedFor.data });
    }
    if (e.type === 'letter.generated' || e.type === 'letter.included') {
      const stage = LetterStage.safeParse(e.data.stage);
      const deadline = CalendarDate.safeParse(e.data.deadline);
      const asOf = CalendarDate.safeParse((e.data.inputs as { asOf?: unknown } | undefined)?.asOf);
      if (!stage.success) continue;
      const letter = { stage: stage.data, on: asOf.success ? asOf.data : on, ...(deadline.success && { deadline: deadline.data }) };
      // One letter is recorded on each invoice it lists: its hash says it is the same letter.
      const sha256 = typeof e.data.sha256 === 'string' ? e.data.sha256 : `${letter.stage}@${letter.on}`;
      letters.set(sha256, letter);
    }
  }
  const byDay = (a: { on: string }, b: { on: string }) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0);
  return {
    reminders: [...reminders].sort(),
    letters: [...letters.values()].sort(byDay),
    calls: [...calls].sort(),
    promises: [...promises.values()].sort(byDay),
  };
}

/** An email.sent whose attachment is a letter (a statement of account rides on a reminder; older records have no kind). */
function emailedLetter(data: Record<string, unknown>): boolean {
  const attachment = data.attachment;
  return typeof attachment === 'object' && attachment !== null && (attachment as { kind?: unknown }).kind !== 'statement';
}
