import { parseCsv } from '../../../shared/ledger/parse-csv';

const UNCLOSED = 'a quote (") opens a cell that is never closed; close it or remove it';

describe('reading CSV', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, CRLF or LF, and a BOM', () => {
    expect(parseCsv('\ufeffa,"b, c","say ""hi"""\r\n"x\ny",2\n')).toEqual({
      ok: true,
      value: [
        ['a', 'b, c', 'say "hi"'],
        ['x\ny', '2'],
      ],
    });
  });

  it('refuses a quote never closed, naming the line it opened on, rather than swallowing the rest', () => {
    expect(parseCsv('Invoice,Customer\nA-1,"Harbor Coffee\nA-2,Blue Fern\nA-3,Atlas\n')).toEqual({
      ok: false,
      error: `line 2: ${UNCLOSED}`,
    });
    // A cell quoted over two lines is fine; the quote opened after it is counted from its own line.
    expect(parseCsv('a,"b\nc"\nd,"e\nf,g')).toEqual({ ok: false, error: `line 3: ${UNCLOSED}` });
  });
});
