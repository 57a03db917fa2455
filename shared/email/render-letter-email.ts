import { escapeHtml, type EmailTeam, headerSafe, MAX_SUBJECT_LENGTH, type RenderedEmail } from './render-email';
import type { CalendarDate } from '../time/calendar-date';
import { dateForReader } from '../locale/reader-date';

export interface EmailedLetter {
  title: string;
  fileName: string;
  /** Already formatted, as the letter states it. */
  totalDue: string;
  deadline: CalendarDate;
}

/**
 * The short covering email a letter goes with: the letter itself is the attachment, so the email
 * only names it, its total and deadline, and how to reach the team. Every value is escaped in the
 * HTML part; the subject is one bounded line.
 */
export function renderLetterEmail(
  team: EmailTeam,
  debtor: { customer: string; contactName?: string },
  letter: EmailedLetter,
  locale: string,
): RenderedEmail {
  const lines = [
    `Dear ${debtor.contactName ?? debtor.customer},`,
    `Please find attached our ${letter.title.toLowerCase()} (${letter.fileName}).`,
    `It asks for ${letter.totalDue} by ${dateForReader(letter.deadline, locale)}. ${team.paymentInstructions}`.trim(),
    'If you have already paid, thank you, and please ignore this message. If something is wrong with these invoices, reply and tell us.',
    `${team.signature || team.senderName}`,
  ];
  const footer = `Questions? Reply to this email or write to ${team.senderName} at ${team.replyTo}.`;
  const text = [...lines, footer].join('\n\n');
  const html = `<!DOCTYPE html><html><body style="font-family:Arial,sans-serif;font-size:14px;color:#202124">${lines
    .map((line) => `<p>${escapeHtml(line).replace(/\n/g, '<br>')}</p>`)
    .join('')}<p style="color:#5f6368">${escapeHtml(footer)}</p></body></html>`;
  return { subject: headerSafe(`${letter.title}: ${debtor.customer}`, MAX_SUBJECT_LENGTH), text, html };
}
