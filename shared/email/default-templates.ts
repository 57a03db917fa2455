import type { EmailTemplate } from '../api/contract';

/**
 * Polite by default: every reminder thanks those who already paid and says how to reach the
 * team. Placeholders in {{double braces}} are filled (and HTML-escaped in the HTML part) when
 * the email is rendered: customer, contact_name, invoice_number, amount, balance, due_date,
 * days_overdue, payment_instructions, sender_name, signature.
 */
export const DEFAULT_TEMPLATES: Record<string, EmailTemplate> = {
  'courtesy-before-due': {
    subject: 'Invoice {{invoice_number}} is due on {{due_date}}',
    body:
      'Hello {{contact_name}},\n\nA friendly note that invoice {{invoice_number}} for {{balance}} is due on {{due_date}}.\n\n' +
      '{{payment_instructions}}\n\nIf you have already paid, thank you, and please ignore this message.\n\n{{signature}}',
  },
  // Worded to stay true when a late entrant gets this step days after the due date.
  'due-today': {
    subject: 'Payment reminder: invoice {{invoice_number}}, due {{due_date}}',
    body:
      'Hello {{contact_name}},\n\nThis is a reminder that invoice {{invoice_number}} for {{balance}} has a due date of {{due_date}}, and our records show it as unpaid.\n\n' +
      '{{payment_instructions}}\n\nIf you have already paid, thank you, and please ignore this message.\n\n{{signature}}',
  },
  overdue: {
    subject: 'Invoice {{invoice_number}} is {{days_overdue}} days overdue',
    body:
      'Hello {{contact_name}},\n\nOur records show invoice {{invoice_number}} for {{balance}}, due on {{due_date}}, as unpaid. ' +
      'Could you let us know when we can expect payment?\n\n{{payment_instructions}}\n\n' +
      'If you have already paid, thank you, and please ignore this message. If something about the invoice is not right, just reply and we will sort it out.\n\n{{signature}}',
  },
  'second-notice': {
    subject: 'Second notice: invoice {{invoice_number}} is {{days_overdue}} days overdue',
    body:
      'Hello {{contact_name}},\n\nInvoice {{invoice_number}} for {{balance}} was due on {{due_date}} and is now {{days_overdue}} days overdue. ' +
      'Please arrange payment, or reply to tell us when it will be made.\n\n{{payment_instructions}}\n\n' +
      'If you have already paid, thank you, and please ignore this message.\n\n{{signature}}',
  },
  'thank-you': {
    subject: 'Thank you for your payment of invoice {{invoice_number}}',
    body: 'Hello {{contact_name}},\n\nWe have received your payment for invoice {{invoice_number}}. Thank you.\n\n{{signature}}',
  },
  'final-notice': {
    subject: 'Final notice: invoice {{invoice_number}}',
    body:
      'Hello {{contact_name}},\n\nInvoice {{invoice_number}} for {{balance}} remains unpaid {{days_overdue}} days after its due date of {{due_date}}. ' +
      'Unless payment reaches us or we hear from you, we will consider referring the debt to a collection agency.\n\n{{payment_instructions}}\n\n' +
      'If you have already paid, thank you, and please ignore this message.\n\n{{signature}}',
  },
};

/** What the standard emails are called where a person picks one (Settings > Schedule). */
export const DEFAULT_TEMPLATE_NAMES: Record<string, string> = {
  'courtesy-before-due': 'Courtesy note before due',
  'due-today': 'Due-date reminder',
  overdue: 'Overdue reminder',
  'second-notice': 'Second notice',
  'final-notice': 'Final notice email',
};
