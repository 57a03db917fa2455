import type { Invoice, InvoiceStatus } from '../invoice';
import { type Money, subtractMoney } from '../money/money';
import { type MoneyParseOptions, parseMoney } from '../money/parse-money';
import { err, ok, type Result } from '../result';
import { isEmailAddress } from '../text';
import { type CalendarDate, addDays } from '../time/calendar-date';
import { type DateOrder, dateOrderFor, parseLedgerDate } from '../time/parse-ledger-date';
import { decimalSeparatorFor, decimalSeparatorInCells } from '../money/locale-separators';
import { isValidTimeZone } from '../time/time-zone';
import { type DetectedHeader, detectHeader, missingRequired } from './detect-header';
import { paymentLinkProblem } from '../payments/payment-link';
import { cellString, type ColumnMapping, FIELD_LABELS, type LedgerField } from './ledger-columns';
import { isNotADebt, type OwnStatusWords, parseDocumentType, parsePaidCell, parseStatus } from './paid-and-status';
import type { NotADebt } from './vocabulary';

export interface LedgerOptions {
  /** The spreadsheet's zone: date cells arrive as midnight there. */
  timeZone: string;
  /** Currency of amounts that name none. */
  currency: string;
  /** The spreadsheet's locale ("de_DE"): how it writes dates and decimals, when the cells do not say. */
  locale?: string;
  /** The team's choice (Settings), which always wins; else the amounts' own evidence, else the locale's. */
  decimalSeparator?: '.' | ',';
  /** The team's choice, which always wins; else the date cells' evidence (a day above 12), else the locale's. */
  dateOrder?: DateOrder;
  /** The team's own status words (Settings), read before the built-in vocabularies. */
  statusWords?: OwnStatusWords;
  /** A mapping the user confirmed in Settings; detected from the header row when absent. */
  mapping?: ColumnMapping;
  /** 0-based header row index that goes with `mapping`. */
  headerRowIndex?: number;
}

/** An invoice and the sheet row (1-based, as the user sees it) it came from. */
export type LedgerInvoice = Invoice & { row: number };

export interface RowIssue {
  row: number;
  /** The field, its header as written in the sheet, and the cell's text. */
  field?: LedgerField;
  header?: string;
  value?: string;
  reason: string;
  /** An error rejects the row; a warning keeps the invoice and says what is missing. */
  severity: 'error' | 'warning';
}

/**
 * Why a row below the header is not an invoice to chase: empty, a total or subtotal line, a
 * report's section heading (an aging bucket, a customer's name) or footer, or a row that is
 * not a debt (a draft, a voided invoice, one written off, a credit note, a payment).
 */
export type SkippedKind = 'blank' | 'total' | 'section' | 'footer' | NotADebt;

/** What a skipped row is, in words every view uses: "This row is {words}." in the sidebar, "skipped: {words}" in Settings' preview. */
export const SKIPPED_KIND_WORDS: Readonly<Record<SkippedKind, string>> = {
  blank: 'empty',
  total: 'a total line, not an invoice',
  section: 'a heading (a section of the report), not an invoice',
  footer: "the report's footer, not an invoice",
  draft: 'a draft: not a debt until it is sent',
  void: 'voided or cancelled: nothing is owed',
  written_off: 'written off: it is not chased',
  credit: 'a credit note, not a debt',
  payment: 'a payment, not a debt',
};

/** How the reader read something the sheet left open, said once so the team can correct it. */
export interface ReadingNote {
  about: 'dateOrder' | 'decimalSeparator';
  text: string;
}

export interface LedgerReadout {
  header: DetectedHeader;
  dateOrder: DateOrder;
  decimalSeparator: '.' | ',';
  invoices: LedgerInvoice[];
  issues: RowIssue[];
  skipped: { row: number; reason: SkippedKind }[];
  notes: ReadingNote[];
}

/** Total and subtotal lines, in the ledger's languages: "Total", "Total for 1 - 30 days past due", "Summe", "Totaal". */
const TOTAL_LABEL =
  /^(grand\s+|sub\s*)?totals?\b|^sum$|^balance\s+forward$|^(zwischen)?summe\b|^gesamt(summe)?\b|^totale?\b|^totaal\b|^sous[\s-]total\b|^subtotal\b/i;

function isBlank(cell: unknown): boolean {
  return cell === '' || cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** The cell as quoted back to the user in an issue, kept short. */
function cellText(cell: unknown): string {
  return cellString(cell).trim().slice(0, 80);
}

/** The first non-empty cell's text if it is text: only a text cell can say "TOTAL". */
function firstLabel(cells: readonly unknown[]): string {
  for (const cell of cells) {
    if (isBlank(cell)) continue;
    return typeof cell === 'string' ? cell.trim() : '';
  }
  return '';
}

/** The date columns' cells, lazily: guessing stops at the first day above 12. */
function* dateCells(rows: readonly (readonly unknown[])[], columns: readonly (number | undefined)[]): Generator<unknown> {
  for (const row of rows) for (const c of columns) if (c !== undefined) yield row[c];
}

/**
 * A day above 12 in the first or second position of d/d/yyyy settles which is the month.
 * `ambiguous` is a cell that could be read either way (03/04/2026), when nothing settled it.
 */
export function guessDateOrder(cells: Iterable<unknown>): { order?: DateOrder; ambiguous?: string } {
  let ambiguous: string | undefined;
  for (const cell of cells) {
    if (typeof cell !== 'string') continue;
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\s*$/.exec(cell);
    if (!m) continue;
    if (Number(m[1]) > 12) return { order: 'DMY' };
    if (Number(m[2]) > 12) return { order: 'MDY' };
    if (m[1] !== m[2]) ambiguous ??= cell.trim();
  }
  return ambiguous === undefined ? {} : { ambiguous };
}

/** The money columns' cells, for the decimal separator's evidence. */
function* moneyCells(rows: readonly (readonly unknown[])[], map: ColumnMapping): Generator<unknown> {
  for (const row of rows)
    for (const field of ['amount', 'balance', 'amountPaid', 'amountCredited'] as const) if (map[field] !== undefined) yield row[map[field]];
}

/**
 * How this sheet writes dates and decimals: the team's choice when made; else what the cells
 * show (a day above 12, "1.234,56"); else the spreadsheet's locale. A question the cells leave
 * open, answered from the locale, is noted once with how to change the answer.
 */
function readingConventions(rows: readonly (readonly unknown[])[], map: ColumnMapping, options: LedgerOptions) {
  const notes: ReadingNote[] = [];
  const locale = options.locale ?? 'en-US';
  let dateOrder = options.dateOrder;
  if (!dateOrder) {
    const guess = guessDateOrder(dateCells(rows, [map.dueDate, map.invoiceDate]));
    dateOrder = guess.order ?? dateOrderFor(locale);
    if (guess.ambiguous) {
      const how = dateOrder === 'DMY' ? 'day first' : 'month first';
      notes.push({
        about: 'dateOrder',
        text: `Dates such as "${guess.ambiguous}" can be read either way; they were read ${how}, as the spreadsheet's locale (${locale}) writes them. If that is wrong, choose the date order in Settings > Ledger.`,
      });
    }
  }
  let decimalSeparator = options.decimalSeparator;
  if (!decimalSeparator) {
    const evidence = decimalSeparatorInCells(moneyCells(rows, map));
    decimalSeparator = evidence ?? decimalSeparatorFor(locale);
    if (evidence && evidence !== decimalSeparatorFor(locale)) {
      notes.push({
        about: 'decimalSeparator',
        text: `Amounts are written with "${evidence}" for decimals, unlike the spreadsheet's locale (${locale}); they were read that way. If that is wrong, choose the decimal separator in Settings > Ledger.`,
      });
    }
  }
  return { dateOrder, decimalSeparator, notes };
}

/** "Jane Doe <ap@x.example>" -> name and address; a bare address; or nothing usable. */
function splitContact(text: string): { name?: string; email?: string } {
  const angle = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(text);
  if (angle) return { name: angle[1]?.trim() || undefined, email: angle[2]?.trim() };
  return { email: text.trim() };
}

/**
 * Reads a ledger's values (as Sheets' getValues returns them, or CSV cells) into invoices and
 * explained rejections. No row is dropped silently: every row below the header is an invoice,
 * an issue, or a skipped blank/total row. Duplicate invoice numbers are rejected, since the
 * number is how the backend and the audit trail name an invoice.
 */
export function readLedger(rows: readonly (readonly unknown[])[], options: LedgerOptions): Result<LedgerReadout> {
  const found = headerOf(rows, options);
  if (!found.ok) return found;
  const header = found.value;
  const dataRows = rows.slice(header.rowIndex + 1);
  const conventions = readingConventions(dataRows, header.mapping, options);
  // The last row holding an invoice number: text rows after it are the report's footer.
  const numberColumn = header.mapping.invoiceNumber;
  const lastNumbered = dataRows.reduce((last, cells, i) => (numberColumn !== undefined && !isBlank(cells[numberColumn]) ? i : last), -1);
  const read = readDataRows(dataRows, header.rowIndex + 2, {
    options,
    headerRow: rows[header.rowIndex] ?? [],
    mapping: header.mapping,
    ...conventions,
    footerAfter: lastNumbered,
  });
  return ok({ header, ...conventions, ...read });
}

/** How the rows of a ledger whose shape is already known are read: nothing is guessed from them. */
export interface KnownShape {
  options: LedgerOptions;
  /** The header row's cells, for naming fields in issues as the sheet names them. */
  headerRow: readonly unknown[];
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  decimalSeparator: '.' | ',';
}

/**
 * Some rows of a ledger whose header, mapping, date order and decimal separator were settled by
 * reading all of it (an edit's rows: `firstRow` is the sheet row of `rows[0]`). Duplicates are
 * found among these rows only; the caller looks for the rest of the ledger's.
 */
export function readLedgerRows(
  rows: readonly (readonly unknown[])[],
  firstRow: number,
  shape: KnownShape,
): Pick<LedgerReadout, 'invoices' | 'issues' | 'skipped'> {
  return readDataRows(rows, firstRow, { ...shape, footerAfter: Number.POSITIVE_INFINITY });
}

/** Every row below the header: an invoice, an issue, or a row skipped and why. */
function readDataRows(
  dataRows: readonly (readonly unknown[])[],
  firstRow: number,
  shape: KnownShape & { footerAfter: number },
): Pick<LedgerReadout, 'invoices' | 'issues' | 'skipped'> {
  const { options, mapping: map, headerRow, dateOrder, decimalSeparator } = shape;
  const out: Pick<LedgerReadout, 'invoices' | 'issues' | 'skipped'> = { invoices: [], issues: [], skipped: [] };
  const reading: RowReading = { options, map, headerRow, dateOptions: { timeZone: options.timeZone, dateOrder }, decimalSeparator };
  const seen = new Map<string, number>();
  dataRows.forEach((cells, i) => {
    const cell = rowCells(reading, cells, firstRow + i);
    const layout = layoutKind(cells, cell, i > shape.footerAfter);
    if (layout) return out.skipped.push({ row: cell.row, reason: layout });
    const read = readRow(reading, cell, seen);
    if (read.kind === 'skipped') out.skipped.push({ row: cell.row, reason: read.reason });
    else if (read.kind === 'unreadable') out.issues.push(...read.issues);
    else {
      out.issues.push(...read.warnings);
      out.invoices.push(read.invoice);
    }
  });
  return out;
}

/** The header: the team's mapping when it gave one, else the row the detector finds. */
function headerOf(rows: readonly (readonly unknown[])[], options: LedgerOptions): Result<DetectedHeader> {
  if (!options.mapping) return detectHeader(rows);
  const missing = missingRequired(options.mapping);
  if (missing.length > 0) return err(`The column mapping has no column for ${missing.join(', ')}.`);
  return ok({ rowIndex: options.headerRowIndex ?? 0, mapping: options.mapping, unrecognized: [] });
}

/** What every row is read with. */
interface RowReading {
  options: LedgerOptions;
  map: ColumnMapping;
  headerRow: readonly unknown[];
  dateOptions: { timeZone: string; dateOrder: DateOrder };
  decimalSeparator: '.' | ',';
}

/** One row's cells by field, and the issues found in it, each naming the field as its header says it. */
interface RowCells {
  row: number;
  get(field: LedgerField): unknown;
  /** The field is mapped and its cell holds something. */
  filled(field: LedgerField): boolean;
  fail(field: LedgerField, reason: string): void;
  warn(field: LedgerField, reason: string): void;
  errors: RowIssue[];
  warnings: RowIssue[];
}

function rowCells({ map, headerRow }: RowReading, cells: readonly unknown[], row: number): RowCells {
  const get = (field: LedgerField): unknown => {
    const column = map[field];
    return column === undefined ? undefined : cells[column];
  };
  const headerName = (field: LedgerField) => {
    const column = map[field];
    return column === undefined ? FIELD_LABELS[field] : cellString(headerRow[column]).trim() || FIELD_LABELS[field];
  };
  const issue = (field: LedgerField, reason: string, severity: RowIssue['severity']): RowIssue => ({
    row,
    field,
    header: headerName(field),
    value: cellText(get(field)),
    reason,
    severity,
  });
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  return {
    row,
    get,
    filled: (field) => map[field] !== undefined && !isBlank(get(field)),
    fail: (field, reason) => errors.push(issue(field, reason, 'error')),
    warn: (field, reason) => warnings.push(issue(field, reason, 'warning')),
    errors,
    warnings,
  };
}

/** A row that is part of the sheet's layout rather than an invoice: blank, a total, a heading, the footer. */
function layoutKind(cells: readonly unknown[], cell: RowCells, afterLastInvoice: boolean): SkippedKind | undefined {
  if (cells.every(isBlank)) return 'blank';
  const numberText = cellString(cell.get('invoiceNumber')).trim();
  // A label is a total only where no invoice number says otherwise: a customer called "Total Wine" is still a customer.
  const labelled =
    TOTAL_LABEL.test(firstLabel(cells)) || TOTAL_LABEL.test(numberText) || TOTAL_LABEL.test(cellString(cell.get('customer')).trim());
  if ((numberText === '' || TOTAL_LABEL.test(numberText)) && labelled) return 'total';
  // Text with no invoice number, no amount and no due date: a heading ("1 - 30 days past due",
  // a customer's name above its invoices) or, below the last invoice, the report's footer.
  if (numberText === '' && (['amount', 'balance', 'dueDate'] as const).every((f) => isBlank(cell.get(f))))
    return afterLastInvoice ? 'footer' : 'section';
  return undefined;
}

type RowRead =
  | { kind: 'invoice'; invoice: LedgerInvoice; warnings: RowIssue[] }
  | { kind: 'skipped'; reason: NotADebt }
  | { kind: 'unreadable'; issues: RowIssue[] };

/**
 * One invoice row, field by field: who and what, the money and whether it is a debt at all,
 * the dates, whom to write to. Every problem is collected, so the row's issue lists them all.
 */
function readRow(reading: RowReading, cell: RowCells, seen: Map<string, number>): RowRead {
  const { invoiceNumber, customer } = readIdentity(cell);
  const currency = readCurrency(cell, reading.options.currency);
  const money = readMoney(reading, cell, { currency, decimalSeparator: reading.decimalSeparator });
  if (money.notADebt) return { kind: 'skipped', reason: money.notADebt };
  const { invoiceDate, dueDate } = readDates(reading, cell);
  const contact = readContact(cell);
  const timeZone = readZone(cell);
  const paymentLink = readPaymentLink(cell);

  if (invoiceNumber !== '' && cell.errors.length === 0) {
    const firstRow = seen.get(invoiceNumber);
    if (firstRow !== undefined) cell.fail('invoiceNumber', `${invoiceNumber} is already on row ${firstRow}`);
    else seen.set(invoiceNumber, cell.row);
  }
  const { amount, balance } = money;
  if (cell.errors.length > 0 || !amount || !balance || !dueDate) return { kind: 'unreadable', issues: [...cell.errors, ...cell.warnings] };
  if (amount.currency !== balance.currency) {
    cell.fail('balance', `is in ${balance.currency} but the amount is in ${amount.currency}`);
    return { kind: 'unreadable', issues: cell.errors };
  }
  return {
    kind: 'invoice',
    warnings: cell.warnings,
    invoice: {
      row: cell.row,
      invoiceNumber,
      customer,
      ...contact,
      ...(invoiceDate !== undefined && { invoiceDate }),
      dueDate,
      amount,
      balance,
      status: settleStatus(money.status, amount, balance),
      ...(timeZone !== undefined && { timeZone }),
      ...(paymentLink !== undefined && { paymentLink }),
    },
  };
}

function readIdentity(cell: RowCells): { invoiceNumber: string; customer: string } {
  const invoiceNumber = cellString(cell.get('invoiceNumber')).trim();
  if (invoiceNumber === '') cell.fail('invoiceNumber', 'is empty');
  else if (invoiceNumber.length > 64 || /[\r\n]/.test(invoiceNumber))
    cell.fail('invoiceNumber', 'must be one line of at most 64 characters');
  const customer = cellString(cell.get('customer')).replace(/\s+/g, ' ').trim();
  if (customer === '') cell.fail('customer', 'is empty');
  else if (customer.length > 200) cell.fail('customer', 'is longer than 200 characters');
  return { invoiceNumber, customer };
}

/** The row's own currency code, else the ledger's. */
function readCurrency(cell: RowCells, ledgerCurrency: string): string {
  const code = cellString(cell.get('currency')).trim().toUpperCase();
  if (code === '') return ledgerCurrency;
  if (/^[A-Z]{3}$/.test(code)) return code;
  cell.fail('currency', 'is not a three-letter currency code such as USD');
  return ledgerCurrency;
}

/**
 * The amount, the status, and whether the row is a debt at all (a draft, a voided invoice, a
 * credit note...); then the balance: from its column, else the total less paid less credited.
 */
function readMoney(
  reading: RowReading,
  cell: RowCells,
  moneyOptions: MoneyParseOptions,
): { amount?: Money; balance?: Money; status?: InvoiceStatus; notADebt?: NotADebt } {
  const { map } = reading;
  let amount: Money | undefined;
  if (map.amount !== undefined) {
    const parsed = parseMoney(cell.get('amount'), moneyOptions);
    if (parsed.ok) amount = parsed.value;
    else cell.fail('amount', parsed.error);
  }

  let status: InvoiceStatus | undefined;
  let notADebt: NotADebt | undefined;
  if (cell.filled('status')) {
    const parsed = parseStatus(cell.get('status'), reading.options.statusWords);
    if (!parsed.ok) cell.fail('status', parsed.error);
    else if (isNotADebt(parsed.value)) notADebt = parsed.value;
    else status = parsed.value;
  }
  if (cell.filled('documentType')) {
    const parsed = parseDocumentType(cell.get('documentType'));
    if (!parsed.ok) cell.fail('documentType', parsed.error);
    else if (parsed.value !== 'invoice') notADebt ??= parsed.value;
  }
  // A credit note or payment listed among invoices carries a negative amount.
  if (amount && amount.minor < 0) notADebt ??= 'credit';
  if (notADebt) return { notADebt };

  let paid: Money | 'all' | undefined;
  for (const field of ['amountPaid', 'paidFlag'] as const) {
    if (!cell.filled(field)) continue;
    const parsed = parsePaidCell(cell.get(field), moneyOptions);
    if (!parsed.ok) {
      cell.fail(field, parsed.error);
      continue;
    }
    if (parsed.value.status) status ??= parsed.value.status;
    if (parsed.value.paid !== undefined) paid = parsed.value.paid;
  }

  let credited: Money | undefined;
  if (cell.filled('amountCredited')) {
    const parsed = parseMoney(cell.get('amountCredited'), moneyOptions);
    if (parsed.ok) credited = { ...parsed.value, minor: Math.abs(parsed.value.minor) };
    else cell.fail('amountCredited', parsed.error);
  }

  let balance: Money | undefined;
  if (cell.filled('balance')) {
    const parsed = parseMoney(cell.get('balance'), moneyOptions);
    if (parsed.ok) balance = parsed.value;
    else cell.fail('balance', parsed.error);
  } else if (amount) {
    if (paid === 'all') balance = { minor: 0, currency: amount.currency };
    else if (paid && paid.currency !== amount.currency)
      cell.fail('amountPaid', `is in ${paid.currency} but the amount is in ${amount.currency}`);
    else if (credited && credited.currency !== amount.currency)
      cell.fail('amountCredited', `is in ${credited.currency} but the amount is in ${amount.currency}`);
    else balance = [paid, credited].reduce<Money>((left, less) => (less ? subtractMoney(left, less) : left), amount);
  } else if (map.balance !== undefined) {
    cell.fail('balance', 'is empty');
  }
  return { ...((amount ?? balance) && { amount: amount ?? balance }), ...(balance && { balance }), ...(status && { status }) };
}

/** The invoice date, and the due date: from its column, else the invoice date plus the terms. */
function readDates({ map, dateOptions }: RowReading, cell: RowCells): { invoiceDate?: CalendarDate; dueDate?: CalendarDate } {
  let invoiceDate: CalendarDate | undefined;
  if (cell.filled('invoiceDate')) {
    const parsed = parseLedgerDate(cell.get('invoiceDate'), dateOptions);
    if (parsed.ok) invoiceDate = parsed.value;
    else cell.fail('invoiceDate', parsed.error);
  }
  let dueDate: CalendarDate | undefined;
  if (cell.filled('dueDate')) {
    const parsed = parseLedgerDate(cell.get('dueDate'), dateOptions);
    if (parsed.ok) dueDate = parsed.value;
    else cell.fail('dueDate', parsed.error);
  } else {
    const terms = Number(cellString(cell.get('terms')).replace(/^net\s*/i, ''));
    if (invoiceDate && Number.isInteger(terms) && terms >= 0 && terms <= 365) dueDate = addDays(invoiceDate, terms);
    else cell.fail('dueDate', map.dueDate === undefined ? 'cannot be worked out: no due date, or no invoice date and terms' : 'is empty');
  }
  return { ...(invoiceDate && { invoiceDate }), ...(dueDate && { dueDate }) };
}

/** Whom to write to: an address ("Jane Doe <ap@x.example>" gives the name too) and a name; a bad address warns, it does not refuse. */
function readContact(cell: RowCells): { contactEmail?: string; contactName?: string } {
  let contactEmail: string | undefined;
  let contactName: string | undefined;
  const contactCell = cellString(cell.get('contactEmail')).trim();
  if (contactCell !== '') {
    const { name, email } = splitContact(contactCell);
    contactName = name;
    if (email && isEmailAddress(email)) contactEmail = email.toLowerCase();
    else cell.warn('contactEmail', 'is not an email address; this invoice will not be emailed until it is fixed');
  }
  const nameCell = cellString(cell.get('contactName')).replace(/\s+/g, ' ').trim();
  if (nameCell !== '') contactName = nameCell.slice(0, 200);
  return { ...(contactEmail !== undefined && { contactEmail }), ...(contactName !== undefined && { contactName }) };
}

/** The row's own time zone, else none (the ledger's is used): a bad one warns. */
function readZone(cell: RowCells): string | undefined {
  const zone = cellString(cell.get('timeZone')).trim();
  if (zone === '') return undefined;
  if (isValidTimeZone(zone)) return zone;
  cell.warn('timeZone', "is not a time zone such as America/New_York; the ledger's zone is used");
  return undefined;
}

/** The row's own pay-online link, else none (the team's template is used): one that may not be offered warns. */
function readPaymentLink(cell: RowCells): string | undefined {
  const link = cellString(cell.get('paymentLink')).trim();
  if (link === '') return undefined;
  const problem = paymentLinkProblem(link);
  if (problem === undefined) return link;
  cell.warn('paymentLink', `${problem}; it is left out of emails and letters until it is fixed`);
  return undefined;
}

/**
 * One status from what the row says and what the numbers say. A zero balance is paid whatever
 * the status column claims, and so is a row a person marked paid even if its balance was not
 * updated: chasing a customer who has paid is the worst mistake this product can make. A human
 * hold (dispute, promise...) wins over open/partial; money received makes an open invoice partial.
 */
function settleStatus(stated: InvoiceStatus | undefined, amount: Money, balance: Money): InvoiceStatus {
  if (balance.minor <= 0 || stated === 'paid') return 'paid';
  if (stated && stated !== 'open' && stated !== 'partial') return stated;
  return balance.minor < amount.minor ? 'partial' : 'open';
}

/**
 * One issue as a sentence for people: `Due: "soon" is not a date we can read`, or
 * `Customer "" is empty`. Parsers already quote the value in some reasons; it is not repeated.
 */
export function describeRowIssue(issue: RowIssue): string {
  const header = issue.header ?? 'Row';
  if (!issue.value || issue.reason.includes(`"${issue.value}`)) return `${header}: ${issue.reason}`;
  return `${header} "${issue.value}" ${issue.reason}`;
}
