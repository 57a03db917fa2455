/**
 * What a letter may say about earlier contacts: only what the audit trail shows. These letters
 * are hashed and may be read by an agency or a court, so "despite our reminders" is written only
 * when reminders went, with their dates; with no such history the wording is neutral.
 */
import * as z from 'zod';
import { dateForReader, datesForReader } from '../locale/reader-date';
import { LetterStage } from '../escalation/ladder';
import { CalendarDate } from '../time/calendar-date';
import { inWords } from '../text';

export const LetterHistory = z.object({
  /** Days reminder emails about the listed invoices went out (SES accepted them). */
  reminders: z.array(CalendarDate),
  /** Earlier letters listing any of the invoices: made (and perhaps emailed) on `on`. */
  letters: z.array(z.object({ stage: LetterStage, on: CalendarDate, deadline: CalendarDate.optional() })),
  /** Days a call reached the customer (a call that did not is not cited). */
  calls: z.array(CalendarDate),
  /** Promises to pay: the day it was made and the day payment was promised for. */
  promises: z.array(z.object({ on: CalendarDate, promisedFor: CalendarDate })),
});
export type LetterHistory = z.infer<typeof LetterHistory>;

export const NO_HISTORY: LetterHistory = { reminders: [], letters: [], calls: [], promises: [] };

/** "our reminders of 3 and 17 November 2026", or for many, the count with the first and the latest. */
function remindersInWords(days: readonly CalendarDate[], locale: string): string | undefined {
  const sorted = [...new Set(days)].sort();
  if (sorted.length === 0) return undefined;
  if (sorted.length === 1) return `our reminder of ${dateForReader(sorted[0] as CalendarDate, locale)}`;
  if (sorted.length <= 4) return `our reminders of ${datesForReader(sorted, locale)}`;
  return `our ${sorted.length} reminders, the first on ${dateForReader(sorted[0] as CalendarDate, locale)} and the latest on ${dateForReader(sorted[sorted.length - 1] as CalendarDate, locale)}`;
}

/** The latest earlier letter of a stage, in words: "our formal demand of 20 November 2026, which asked for payment by 30 November 2026". */
function letterInWords(history: LetterHistory, stage: LetterStage, name: string, locale: string): string | undefined {
  const ofStage = history.letters.filter((l) => l.stage === stage).sort((a, b) => (a.on < b.on ? -1 : 1));
  const latest = ofStage[ofStage.length - 1];
  if (!latest) return undefined;
  return `our ${name} of ${dateForReader(latest.on, locale)}${latest.deadline ? `, which asked for payment by ${dateForReader(latest.deadline, locale)}` : ''}`;
}

/** The earlier contacts a letter of this stage refers to, in order, each with its dates. */
export function earlierContacts(history: LetterHistory, stage: LetterStage, locale: string): string | undefined {
  const calls = [...new Set(history.calls)].sort();
  const refs = [
    remindersInWords(history.reminders, locale),
    calls.length === 0 ? undefined : `our telephone call${calls.length === 1 ? '' : 's'} of ${datesForReader(calls, locale)}`,
    stage !== 'past_due_notice' ? letterInWords(history, 'past_due_notice', 'past-due notice', locale) : undefined,
    stage === 'final_notice' ? letterInWords(history, 'formal_demand', 'formal demand', locale) : undefined,
  ].filter((r): r is string => r !== undefined);
  return refs.length > 0 ? inWords(refs) : undefined;
}

/** The stage a letter of this stage presumes was sent first, when the record shows it was not. */
export function missingEarlierStage(history: LetterHistory, stage: LetterStage): LetterStage | undefined {
  return stage === 'final_notice' && !history.letters.some((l) => l.stage === 'formal_demand') ? 'formal_demand' : undefined;
}

/** The latest promise whose day has passed, as a fact: "On 12 November 2026 you told us ... by 20 November 2026; we have not received it." */
export function brokenPromise(history: LetterHistory, today: CalendarDate, locale: string): string | undefined {
  const passed = history.promises.filter((p) => p.promisedFor < today).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const latest = passed[passed.length - 1];
  return latest
    ? `On ${dateForReader(latest.on, locale)} you told us payment would be made by ${dateForReader(latest.promisedFor, locale)}; we have not received it.`
    : undefined;
}
