import { type CalendarDate, fromEpochDay, toEpochDay } from '../../../shared/time/calendar-date';
import { instantAt, wallTimeAt } from '../../../shared/time/time-zone';

/** Days from Sheets' epoch (1899-12-30) to the Unix epoch. */
const SERIAL_OF_UNIX_EPOCH = 25569;

/**
 * A date-time cell: Sheets stores a serial number (days since 1899-12-30, fractions for the
 * time) with a date format, and getValues turns it into a Date at that wall time in the
 * spreadsheet's zone.
 */
export class SerialDate {
  constructor(readonly serial: number) {}
}

/** What a cell holds. Empty is '' as getValues returns it. */
export type CellValue = string | number | boolean | SerialDate;

export function dateToSerial(date: Date, timeZone: string): number {
  const wall = wallTimeAt(date.getTime(), timeZone);
  return toEpochDay(wall.date) + SERIAL_OF_UNIX_EPOCH + wall.minuteOfDay / 1440;
}

export function serialToDate(serial: number, timeZone: string): Date {
  const day = Math.floor(serial);
  const minuteOfDay = Math.round((serial - day) * 1440);
  return new Date(instantAt(fromEpochDay(day - SERIAL_OF_UNIX_EPOCH), minuteOfDay, timeZone));
}

export function serialOfDay(isoDay: CalendarDate): number {
  return toEpochDay(isoDay) + SERIAL_OF_UNIX_EPOCH;
}

/** As getValues returns a cell: dates as Date objects in the spreadsheet's zone. */
export function cellToApi(cell: CellValue | undefined, timeZone: string): unknown {
  if (cell === undefined) return '';
  return cell instanceof SerialDate ? serialToDate(cell.serial, timeZone) : cell;
}

const TYPED_NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/**
 * A value given to setValues, stored as Sheets stores it. Strings are read as if typed: "42"
 * and "1e5" become numbers unless the cell is formatted as plain text ("@"), which is why the
 * add-on formats its own text columns as text.
 */
export function apiToCell(value: unknown, timeZone: string, plainText: boolean): CellValue {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return new SerialDate(dateToSerial(value, timeZone));
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (!plainText && TYPED_NUMBER.test(value)) return Number(value);
    if (!plainText && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
    return value;
  }
  throw new Error(`Exception: The parameters (${typeof value}) don't match the method signature for Range.setValues.`);
}
