/**
 * How a number looks under a cell's number format, for the few format patterns ledgers put on
 * number-like columns: digit grouping ("#,##0", "#,##0.00"), zero padding ("00000", "0.00") and
 * percentages ("0.0%").
 * Sheets' own formatter does far more (currency, dates, sections, text); the emulation shows
 * any other pattern as the plain number, which is what "General" shows, so a test that needs
 * more must add it here. Grouping and the decimal point follow en-US, the emulation's locale.
 */
export function displayNumber(value: number, pattern: string | undefined): string {
  const match = pattern === undefined ? null : /^(#,##)?(0+)(?:\.(0+))?(%?)$/.exec(pattern);
  if (!match) return String(value);
  const [, grouping, whole = '0', fraction = '', percent] = match;
  const fixed = Math.abs(percent ? value * 100 : value).toFixed(fraction.length);
  const [integer = '0', decimals] = fixed.split('.');
  const padded = integer.padStart(whole.length, '0');
  const grouped = grouping ? padded.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : padded;
  return `${value < 0 ? '-' : ''}${grouped}${decimals ? `.${decimals}` : ''}${percent ?? ''}`;
}
