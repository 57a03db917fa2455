/**
 * The decimal separator a spreadsheet locale writes ("en_US" -> ".", "de_DE" -> ","), asked of
 * Intl so that no table of locales goes stale. Falls back to "." for a locale Intl lacks.
 */
export function decimalSeparatorFor(locale: string): '.' | ',' {
  try {
    const parts = new Intl.NumberFormat(locale.replace('_', '-')).formatToParts(1.5);
    return parts.find((p) => p.type === 'decimal')?.value === ',' ? ',' : '.';
  } catch {
    return '.';
  }
}
