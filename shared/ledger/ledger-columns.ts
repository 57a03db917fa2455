/** The facts a ledger column can hold, and the header names teams give them. */
export const LEDGER_FIELDS = [
  'invoiceNumber', 'customer', 'contactEmail', 'contactName', 'invoiceDate', 'dueDate', 'terms',
  'amount', 'amountPaid', 'balance', 'status', 'paidFlag', 'currency', 'timeZone',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** Column index (0-based) per field; fields the ledger lacks are absent. */
export type ColumnMapping = Partial<Record<LedgerField, number>>;

export const FIELD_LABELS: Record<LedgerField, string> = {
  invoiceNumber: 'Invoice number', customer: 'Customer', contactEmail: 'Contact email', contactName: 'Contact name',
  invoiceDate: 'Invoice date', dueDate: 'Due date', terms: 'Terms (days)', amount: 'Amount', amountPaid: 'Amount paid',
  balance: 'Balance', status: 'Status', paidFlag: 'Paid?', currency: 'Currency', timeZone: 'Time zone',
};

/** Synonyms after normalizeHeader(). Order within the table does not matter; a name maps to one field. */
const SYNONYMS: Record<LedgerField, readonly string[]> = {
  invoiceNumber: ['invoice number', 'invoice no', 'invoice #', 'invoice num', 'invoice', 'inv #', 'inv no', 'inv num', 'inv', 'invoice id', 'doc number', 'document number', 'ref', 'reference', 'num', 'no', '#'],
  customer: ['customer', 'client', 'customer name', 'client name', 'company', 'debtor', 'account', 'account name', 'bill to', 'name', 'payer'],
  contactEmail: ['email', 'e mail', 'contact email', 'billing email', 'billing contact', 'contact', 'email address', 'ap email', 'billing e mail'],
  contactName: ['contact name', 'attention', 'attn', 'contact person'],
  invoiceDate: ['invoice date', 'inv date', 'date', 'issued', 'issue date', 'date issued', 'bill date', 'invoiced'],
  dueDate: ['due date', 'due', 'due on', 'payment due', 'date due', 'due by'],
  terms: ['terms', 'terms days', 'payment terms', 'net days', 'net'],
  amount: ['amount', 'amt', 'total', 'invoice amount', 'invoice total', 'original amount', 'amount invoiced', 'inv amount', 'inv amt'],
  amountPaid: ['amount paid', 'paid amount', 'paid', 'payments', 'paid to date', 'amt paid', 'received'],
  balance: ['balance', 'amount due', 'balance due', 'open balance', 'outstanding', 'amount outstanding', 'open amount', 'amt due', 'remaining'],
  status: ['status', 'state', 'invoice status'],
  paidFlag: ['pd?', 'pd', 'paid?', 'is paid', 'settled?'],
  currency: ['currency', 'ccy', 'cur', 'curr'],
  timeZone: ['time zone', 'timezone', 'tz', 'zone'],
};

const LOOKUP = new Map<string, LedgerField>();
for (const field of LEDGER_FIELDS) for (const name of SYNONYMS[field]) LOOKUP.set(name, field);

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

/** "Invoice No." -> "invoice no", " Client " -> "client", "Terms (days)" -> "terms days". */
export function normalizeHeader(cell: unknown): string {
  return cellString(cell)
    .toLowerCase()
    .replace(/\./g, '')
    .replace(/[^a-z0-9#?]+/g, ' ')
    .trim();
}

export function fieldForHeader(cell: unknown): LedgerField | undefined {
  return LOOKUP.get(normalizeHeader(cell));
}
