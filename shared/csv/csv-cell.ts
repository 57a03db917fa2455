/**
 * One CSV cell (RFC 4180 quoting). A cell a spreadsheet would run as a formula is prefixed with '
 * (CSV injection): these files are opened in Sheets and Excel by the people they are sent to.
 */
export function csvCell(value: unknown): string {
  let text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as a CSV file: CRLF line ends, as RFC 4180 and Excel expect. */
export function csvFile(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `${[header.join(','), ...rows.map((row) => row.map(csvCell).join(','))].join('\r\n')}\r\n`;
}
