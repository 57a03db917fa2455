import type { Invoice, InvoiceStatus } from '../invoice';
import { type Money, subtractMoney } from '../money/money';
import { parseMoney } from '../money/parse-money';
import { err, ok, type Result } from '../result';
import { isEmailAddress } from '../text';
import { type CalendarDate, addDays } from '../time/calendar-date';
import { type DateOrder, dateOrderFor, parseLedgerDate } from '../time/parse-ledger-date';
import { decimalSeparatorFor, decimalSeparatorInCells } from '../money/locale-separators';
import { isValidTimeZone } from '../time/time-zone';
import { type DetectedHeader, detectHeader, missingRequired } from './detect-header';
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
  let header: DetectedHeader;
  if (options.mapping) {
    const missing = missingRequired(options.mapping);
    if (missing.length > 0) return err(`The column mapping has no column for ${missing.join(', ')}.`);
    header = { rowIndex: options.headerRowIndex ?? 0, mapping: options.mapping, unrecognized: [] };
  } else {
    const detected = detectHeader(rows);
    if (!detected.ok) return detected;
    header = detected.value;
  }
  const map = header.mapping;
  const headerRow = rows[header.rowIndex] ?? [];
  const headerName = (field: LedgerField) => {
    const column = map[field];
    return column === undefined ? FIELD_LABELS[field] : cellString(headerRow[column]).trim() || FIELD_LABELS[field];
  };

  const dataRows = rows.slice(header.rowIndex + 1);
  const { dateOrder, decimalSeparator, notes } = readingConventions(dataRows, map, options);
  const dateOptions = { timeZone: options.timeZone, dateOrder };

  const readout: LedgerReadout = { header, dateOrder, decimalSeparator, invoices: [], issues: [], skipped: [], notes };
  const seen = new Map<string, number>();
  // The last row holding an invoice number: text rows after it are the report's footer.
  const lastNumbered = dataRows.reduce(
    (last, cells, i) => (map.invoiceNumber !== undefined && !isBlank(cells[map.invoiceNumber]) ? i : last),
    -1,
  );

  dataRows.forEach((cells, i) => {
    const row = header.rowIndex + 2 + i;
    const get = (field: LedgerField): unknown => {
      const column = map[field];
      return column === undefined ? undefined : cells[column];
    };
    if (cells.every(isBlank)) {
      readout.skipped.push({ row, reason: 'blank' });
      return;
    }
    const numberText = cellString(get('invoiceNumber')).trim();
    // A label is a total only where no invoice number says otherwise: a customer called "Total Wine" is still a customer.
    if (
      (numberText === '' || TOTAL_LABEL.test(numberText)) &&
      (TOTAL_LABEL.test(firstLabel(cells)) || TOTAL_LABEL.test(numberText) || TOTAL_LABEL.test(cellString(get('customer')).trim()))
    ) {
      readout.skipped.push({ row, reason: 'total' });
      return;
    }
    // Text with no invoice number, no amount and no due date: a heading ("1 - 30 days past due",
    // a customer's name above its invoices) or, below the last invoice, the report's footer.
    if (numberText === '' && (['amount', 'balance', 'dueDate'] as const).every((f) => isBlank(get(f)))) {
      readout.skipped.push({ row, reason: i > lastNumbered ? 'footer' : 'section' });
      return;
    }

    const errors: RowIssue[] = [];
    const warnings: RowIssue[] = [];
    const fail = (field: LedgerField, reason: string) =>
      errors.push({ row, field, header: headerName(field), value: cellText(get(field)), reason, severity: 'error' });
    const warn = (field: LedgerField, reason: string) =>
      warnings.push({ row, field, header: headerName(field), value: cellText(get(field)), reason, severity: 'warning' });

    const invoiceNumber = numberText;
    if (invoiceNumber === '') fail('invoiceNumber', 'is empty');
    else if (invoiceNumber.length > 64 || /[\r\n]/.test(invoiceNumber)) fail('invoiceNumber', 'must be one line of at most 64 characters');

    const customer = cellString(get('customer')).replace(/\s+/g, ' ').trim();
    if (customer === '') fail('customer', 'is empty');
    else if (customer.length > 200) fail('customer', 'is longer than 200 characters');

    let currency = options.currency;
    const currencyCell = cellString(get('currency')).trim().toUpperCase();
    if (currencyCell !== '') {
      if (/^[A-Z]{3}$/.test(currencyCell)) currency = currencyCell;
      else fail('currency', 'is not a three-letter currency code such as USD');
    }
    const moneyOptions = { currency, decimalSeparator };

    let amount: Money | undefined;
    if (map.amount !== undefined) {
      const parsed = parseMoney(get('amount'), moneyOptions);
      if (parsed.ok) amount = parsed.value;
      else fail('amount', parsed.error);
    }

    let status: InvoiceStatus | undefined;
    let notADebt: NotADebt | undefined;
    if (map.status !== undefined && !isBlank(get('status'))) {
      const parsed = parseStatus(get('status'), options.statusWords);
      if (!parsed.ok) fail('status', parsed.error);
      else if (isNotADebt(parsed.value)) notADebt = parsed.value;
      else status = parsed.value;
    }
    if (map.documentType !== undefined && !isBlank(get('documentType'))) {
      const parsed = parseDocumentType(get('documentType'));
      if (!parsed.ok) fail('documentType', parsed.error);
      else if (parsed.value !== 'invoice') notADebt ??= parsed.value;
    }
    // A credit note or payment listed among invoices carries a negative amount.
    if (amount && amount.minor < 0) notADebt ??= 'credit';
    if (notADebt) {
      readout.skipped.push({ row, reason: notADebt });
      return;
    }

    let paid: Money | 'all' | undefined;
    for (const field of ['amountPaid', 'paidFlag'] as const) {
      if (map[field] === undefined || isBlank(get(field))) continue;
      const parsed = parsePaidCell(get(field), moneyOptions);
      if (!parsed.ok) {
        fail(field, parsed.error);
        continue;
      }
      if (parsed.value.status) status ??= parsed.value.status;
      if (parsed.value.paid !== undefined) paid = parsed.value.paid;
    }

    let credited: Money | undefined;
    if (map.amountCredited !== undefined && !isBlank(get('amountCredited'))) {
      const parsed = parseMoney(get('amountCredited'), moneyOptions);
      if (parsed.ok) credited = { ...parsed.value, minor: Math.abs(parsed.value.minor) };
      else fail('amountCredited', parsed.error);
    }

    let balance: Money | undefined;
    if (map.balance !== undefined && !isBlank(get('balance'))) {
      const parsed = parseMoney(get('balance'), moneyOptions);
      if (parsed.ok) balance = parsed.value;
      else fail('balance', parsed.error);
    } else if (amount) {
      // No balance column: the total, less what was paid, less what was credited.
      if (paid === 'all') balance = { minor: 0, currency: amount.currency };
      else if (paid && paid.currency !== amount.currency)
        fail('amountPaid', `is in ${paid.currency} but the amount is in ${amount.currency}`);
      else if (credited && credited.currency !== amount.currency)
        fail('amountCredited', `is in ${credited.currency} but the amount is in ${amount.currency}`);
      else balance = [paid, credited].reduce<Money>((left, less) => (less ? subtractMoney(left, less) : left), amount);
    } else if (map.balance !== undefined) {
      fail('balance', 'is empty');
    }
    if (balance && !amount) amount = balance;

    let invoiceDate: CalendarDate | undefined;
    if (map.invoiceDate !== undefined && !isBlank(get('invoiceDate'))) {
      const parsed = parseLedgerDate(get('invoiceDate'), dateOptions);
      if (parsed.ok) invoiceDate = parsed.value;
      else fail('invoiceDate', parsed.error);
    }
    let dueDate: CalendarDate | undefined;
    if (map.dueDate !== undefined && !isBlank(get('dueDate'))) {
      const parsed = parseLedgerDate(get('dueDate'), dateOptions);
      if (parsed.ok) dueDate = parsed.value;
      else fail('dueDate', parsed.error);
    } else {
      const terms = Number(cellString(get('terms')).replace(/^net\s*/i, ''));
      if (invoiceDate && Number.isInteger(terms) && terms >= 0 && terms <= 365) dueDate = addDays(invoiceDate, terms);
      else fail('dueDate', map.dueDate === undefined ? 'cannot be worked out: no due date, or no invoice date and terms' : 'is empty');
    }

    let contactEmail: string | undefined;
    let contactName: string | undefined;
    const contactCell = cellString(get('contactEmail')).trim();
    if (contactCell !== '') {
      const { name, email } = splitContact(contactCell);
      contactName = name;
      if (email && isEmailAddress(email)) contactEmail = email.toLowerCase();
      else warn('contactEmail', 'is not an email address; this invoice will not be emailed until it is fixed');
    }
    const nameCell = cellString(get('contactName')).replace(/\s+/g, ' ').trim();
    if (nameCell !== '') contactName = nameCell.slice(0, 200);

    let timeZone: string | undefined;
    const zoneCell = cellString(get('timeZone')).trim();
    if (zoneCell !== '') {
      if (isValidTimeZone(zoneCell)) timeZone = zoneCell;
      else warn('timeZone', "is not a time zone such as America/New_York; the ledger's zone is used");
    }

    if (invoiceNumber !== '' && errors.length === 0) {
      const firstRow = seen.get(invoiceNumber);
      if (firstRow !== undefined) fail('invoiceNumber', `${invoiceNumber} is already on row ${firstRow}`);
      else seen.set(invoiceNumber, row);
    }

    if (errors.length > 0 || !amount || !balance || !dueDate) {
      readout.issues.push(...errors, ...warnings);
      return;
    }
    if (amount.currency !== balance.currency) {
      readout.issues.push({
        row,
        field: 'balance',
        header: headerName('balance'),
        value: cellText(get('balance')),
        reason: `is in ${balance.currency} but the amount is in ${amount.currency}`,
        severity: 'error',
      });
      return;
    }
    readout.issues.push(...warnings);
    readout.invoices.push({
      row,
      invoiceNumber,
      customer,
      ...(contactEmail !== undefined && { contactEmail }),
      ...(contactName !== undefined && { contactName }),
      ...(invoiceDate !== undefined && { invoiceDate }),
      dueDate,
      amount,
      balance,
      status: settleStatus(status, amount, balance),
      ...(timeZone !== undefined && { timeZone }),
    });
  });
  return ok(readout);
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
