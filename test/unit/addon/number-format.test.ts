import { describe, expect, it } from '@jest/globals';
import { displayNumber } from '../../../addon/local/spreadsheet/number-format';

describe('the emulation shows numbers as Sheets does under the number formats ledgers use', () => {
  it('groups digits, pads with zeros, fixes decimals and shows percentages; any other pattern shows the plain number, as General does', () => {
    expect(displayNumber(1042, '#,##0')).toBe('1,042');
    expect(displayNumber(1234567.891, '#,##0.00')).toBe('1,234,567.89');
    expect(displayNumber(-1042.5, '#,##0.00')).toBe('-1,042.50');
    expect(displayNumber(1042, '00000')).toBe('01042');
    expect(displayNumber(7.5, '0.00')).toBe('7.50');
    expect(displayNumber(999, '#,##0')).toBe('999');
    expect(displayNumber(1042, undefined)).toBe('1042');
    expect(displayNumber(0.253, '0.0%')).toBe('25.3%');
    expect(displayNumber(1042, '[$€]#,##0')).toBe('1042');
  });
});
