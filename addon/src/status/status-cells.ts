import type { InvoiceStatusView } from '../../../shared/api/contract';
import { calendarDateIn } from '../../../shared/time/time-zone';

/** The status columns' headers, in order; found again by name on the next write. */
export const STATUS_HEADERS = ['Last contact', 'Next step', 'Automation'] as const;

const CONTACT_WORDS: Record<NonNullable<InvoiceStatusView['lastContact']>['kind'], string> = {
  call: 'Call',
  email: 'Email',
  letter: 'Letter',
  meeting: 'Meeting',
  note: 'Note',
  reminder: 'Reminder',
};
const ACTION_WORDS: Record<NonNullable<InvoiceStatusView['nextStep']>['action'], string> = {
  email: 'email',
  letter: 'letter to send',
  call: 'call to make',
  referral: 'referral to decide',
};
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * One invoice's three cells, in words a finance person reads at a glance: "2026-11-24 Reminder:
 * Due-date reminder", "Final notice (letter to send) on 2026-12-05", "Waiting: a promise to pay
 * is pending until 2026-12-05". Dates are the ledger's calendar days.
 */
export function statusCells(view: InvoiceStatusView | undefined, timeZone: string): [string, string, string] {
  if (!view) return ['', '', 'Not synced yet'];
  const { lastContact, nextStep, automation } = view;
  const contact = lastContact
    ? `${calendarDateIn(Date.parse(lastContact.at), timeZone)} ${CONTACT_WORDS[lastContact.kind]}${lastContact.label ? `: ${lastContact.label}` : ''}`
    : '';
  const next = nextStep
    ? `${nextStep.label}${nextStep.action === 'email' ? '' : ` (${ACTION_WORDS[nextStep.action]})`} on ${nextStep.on}`
    : '';
  const reason = automation.reason ? `: ${automation.reason}` : '';
  const words: Record<InvoiceStatusView['automation']['state'], string> = {
    sending: 'Sending reminders',
    your_turn: 'Your turn',
    waiting: `Waiting${reason}`,
    stopped: `Stopped${reason}`,
    paid: 'Paid',
    finished: sentence(automation.reason ?? 'finished'),
  };
  return [contact, next, words[automation.state]];
}

/**
 * Where the status columns go: where their headers already are (three in a row, in order), else
 * just right of the widest row. 0-based column index.
 */
export function statusColumnIndex(headerRow: readonly unknown[], width: number): number {
  const at = headerRow.findIndex((cell, i) => STATUS_HEADERS.every((h, k) => (k === 0 ? cell : headerRow[i + k]) === h));
  return at >= 0 ? at : width;
}
