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

/**
 * Which of '.' and ',' the amounts written as text use for decimals, from the cells themselves:
 * "1.234,56" or "87,03" say ','; "1,234.56" or "87.03" say '.'. Undefined when no cell decides
 * (whole numbers, or "1.234" alone, which is either).
 */
export function decimalSeparatorInCells(cells: Iterable<unknown>): '.' | ',' | undefined {
  let comma = 0;
  let dot = 0;
  for (const cell of cells) {
    if (typeof cell !== 'string') continue;
    const digits = cell.replace(/[^\d.,]/g, '');
    if (/\.\d{3},\d{1,2}$|^\d+,\d{1,2}$|\.\d{3},$/.test(digits) || /^\d{1,3}(?:\.\d{3})+,\d+$/.test(digits)) comma += 1;
    else if (/,\d{3}\.\d{1,2}$|^\d+\.\d{1,2}$/.test(digits) || /^\d{1,3}(?:,\d{3})+\.\d+$/.test(digits)) dot += 1;
  }
  if (comma === dot) return undefined;
  return comma > dot ? ',' : '.';
}
