import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { StatementContent } from '../../shared/statements/compose-statement';
import { documentInfo, payOnline, type PdfEngine, US_PAPER } from './letter-pdf';

export type StatementRenderer = (content: StatementContent) => Promise<Uint8Array>;

/** The figures (amounts, balances, days) align right; the invoice and its dates left. */
const right = (i: number): 'left' | 'right' => (i >= 3 ? 'right' : 'left');

function definition(c: StatementContent): TDocumentDefinitions {
  const small = { fontSize: 9, color: '#5f6368' };
  const body: Content[] = [
    {
      columns: [
        { stack: c.creditorLines, bold: true },
        { text: c.date, alignment: 'right' },
      ],
    },
    { stack: c.customerLines, margin: [0, 24, 0, 0] },
    { text: c.title, style: 'title', margin: [0, 24, 0, 8] },
    { text: c.intro, margin: [0, 0, 0, 10] },
    {
      table: {
        headerRows: 1,
        widths: ['auto', '*', '*', 'auto', 'auto', 'auto', 'auto', 'auto'],
        body: [
          c.table.header.map((h, i) => ({ text: h, bold: true, fontSize: 8, alignment: right(i) })),
          ...c.table.rows.map((row) => row.map((cell, i) => ({ text: cell, fontSize: 8, alignment: right(i) }))),
          c.table.totals.map((cell, i) => ({ text: cell, bold: true, fontSize: 8, alignment: right(i) })),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    { text: 'Balance by age (days past due)', bold: true, margin: [0, 14, 0, 4] },
    {
      table: {
        widths: c.aging.map(() => '*'),
        body: [
          c.aging.map((a) => ({ text: a.label, bold: true, fontSize: 9, alignment: 'right' as const })),
          c.aging.map((a) => ({ text: a.amount, fontSize: 9, alignment: 'right' as const })),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    { text: c.totalDueText, bold: true, fontSize: 12, margin: [0, 14, 0, 4] },
    ...(c.paymentOptions.length > 0
      ? [{ text: 'How to pay', bold: true, margin: [0, 4, 0, 2] } as Content, { stack: c.paymentOptions } as Content]
      : []),
    ...payOnline(c),
    { text: c.closing, margin: [0, 12, 0, 0] },
  ];
  // Read now: pdfmake turns the strings of a stack into nodes while it lays the page out.
  const customer = c.customerLines[0] ?? '';
  return {
    pageSize: US_PAPER.has(c.totalDue.currency) ? 'LETTER' : 'A4',
    pageMargins: [48, 56, 48, 56],
    info: documentInfo(c, `${c.title}: ${customer}`),
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: { title: { fontSize: 16, bold: true } },
    footer: (page: number, pages: number) => ({
      text: `${c.title} · ${customer} · ${c.date} · page ${page} of ${pages}`,
      alignment: 'center',
      ...small,
    }),
    content: body,
  };
}

/** A statement of account as a PDF, deterministic for the same content. */
export function statementRenderer(engine: PdfEngine): StatementRenderer {
  return (content) => engine(definition(structuredClone(content)));
}
