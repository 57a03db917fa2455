import { AMBIGUOUS_HEADERS, VOCABULARIES } from './vocabulary';

/** The facts a ledger column can hold, and the header names teams give them. */
export const LEDGER_FIELDS = [
  'invoiceNumber',
  'customer',
  'contactEmail',
  'contactName',
  'invoiceDate',
  'dueDate',
  'terms',
  'amount',
  'amountPaid',
  'amountCredited',
  'balance',
  'status',
  'paidFlag',
  'documentType',
  'currency',
  'timeZone',
  'paymentLink',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** Column index (0-based) per field; fields the ledger lacks are absent. */
export type ColumnMapping = Partial<Record<LedgerField, number>>;

export const FIELD_LABELS: Record<LedgerField, string> = {
  invoiceNumber: 'Invoice number',
  customer: 'Customer',
  contactEmail: 'Contact email',
  contactName: 'Contact name',
  invoiceDate: 'Invoice date',
  dueDate: 'Due date',
  terms: 'Terms (days)',
  amount: 'Amount',
  amountPaid: 'Amount paid',
  amountCredited: 'Amount credited',
  balance: 'Balance',
  status: 'Status',
  paidFlag: 'Paid?',
  documentType: 'Type (invoice, credit note, payment)',
  currency: 'Currency',
  timeZone: 'Time zone',
  paymentLink: 'Pay online link',
};

/** Every header name in the vocabularies, to its one field; names that mean several are resolved in detect-header.ts. */
const LOOKUP = new Map<string, LedgerField>();
for (const vocabulary of VOCABULARIES) {
  for (const [field, names] of Object.entries(vocabulary.headers) as [LedgerField, readonly string[]][])
    for (const name of names) LOOKUP.set(normalizeHeader(name), field);
}

/**
 * A cell as text: what getValues returns (string, number, boolean, Date) or a CSV string.
 * Anything else (an object from a buggy caller) reads as empty rather than "[object Object]".
 */
export function cellString(cell: unknown): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return '';
}

/** "Invoice No." -> "invoice no", " Client " -> "client", "Terms (days)" -> "terms days", "Fällig am" -> "fallig am". */
export function normalizeHeader(cell: unknown): string {
  return foldWord(cellString(cell))
    .replace(/\./g, '')
    .replace(/[^a-z0-9#?]+/g, ' ')
    .trim();
}

/** Lower case with accents folded and ß as ss, so "Fällig", "fallig" and "FÄLLIG" are one word. */
export function foldWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/** The one field a header names, if it names exactly one. */
export function fieldForHeader(cell: unknown): LedgerField | undefined {
  return LOOKUP.get(normalizeHeader(cell));
}

/** The fields an ambiguous header may name, in order of preference ("Due": the due date, else the balance). */
export function fieldsForAmbiguousHeader(cell: unknown): readonly LedgerField[] | undefined {
  return AMBIGUOUS_HEADERS[normalizeHeader(cell)];
}
