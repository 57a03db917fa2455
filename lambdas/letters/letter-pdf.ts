import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { type LetterContent, MAX_LETTER_QR_CODES } from '../../shared/letters/compose-letter';

/** The two weights of Roboto the letters use, as TrueType bytes (subset into each PDF). */
export interface LetterFonts {
  regular: Uint8Array;
  medium: Uint8Array;
}

export type LetterRenderer = (content: LetterContent) => Promise<Uint8Array>;

// pdfmake's Node build reads fonts from its virtual file system; its type declarations omit it.
type WithVirtualFs = { virtualfs: { writeFileSync(name: string, data: Uint8Array): void } };

/**
 * A document's properties: a fixed creation date (its own day, never "now") keeps the bytes, and
 * so the hash recorded in the audit trail, the same for the same inputs.
 */
export function documentInfo(
  c: {
    asOf: string;
    title: string;
    creditorLines: readonly string[];
    invoiceNumbers: readonly string[];
    templateVersion: string;
  },
  title: string,
): TDocumentDefinitions['info'] {
  const [year, month, day] = c.asOf.split('-').map(Number);
  return {
    title,
    author: c.creditorLines[0] ?? '',
    subject: c.invoiceNumbers.join(', '),
    creationDate: new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)),
    producer: c.templateVersion,
    creator: 'Dunning Desk',
  };
}

/** Letter paper where it is the custom; A4 elsewhere. */
export const US_PAPER = new Set(['USD', 'CAD', 'MXN']);

/**
 * "Pay online": each link as text a reader can type or click, beside it a QR code a phone can
 * scan (pdfmake draws it as vector squares, so the bytes stay the same for the same link),
 * captioned with the invoices it pays when there are several. Beside rather than below, so a
 * letter that fitted on a page still does.
 */
export function payOnline(c: Pick<LetterContent, 'payOnline'>): Content[] {
  if (c.payOnline.length === 0) return [];
  const several = c.payOnline.length > 1;
  const caption = (numbers: string[]) => (numbers.length === 1 ? `Invoice ${numbers[0]}` : `Invoices ${numbers.join(', ')}`);
  const lines: Content[] = c.payOnline.map(({ invoiceNumbers, link }) => ({
    text: [...(several ? [`${caption(invoiceNumbers)}: `] : []), { text: link, link, color: '#1a73e8' }],
    margin: [0, 0, 0, 2],
  }));
  const codes: Content[] = c.payOnline.slice(0, MAX_LETTER_QR_CODES).map(({ invoiceNumbers, link }) => ({
    width: 76,
    stack: [
      { qr: link, fit: 72, eccLevel: 'M' as const },
      ...(several ? [{ text: caption(invoiceNumbers), fontSize: 7, margin: [0, 1, 0, 0] } as Content] : []),
    ],
  }));
  const hint = several
    ? 'Scan a code with a phone to open its payment page, or use the links, which cover every invoice.'
    : 'Scan the code with a phone to open the payment page.';
  return [
    {
      columns: [
        {
          width: '*',
          stack: [
            { text: 'Pay online', bold: true, margin: [0, 0, 0, 2] },
            ...lines,
            { text: hint, fontSize: 9, color: '#5f6368', margin: [0, 2, 0, 0] },
          ],
        },
        ...codes,
      ],
      columnGap: 8,
      margin: [0, 8, 0, 0],
    },
  ];
}

function definition(c: LetterContent): TDocumentDefinitions {
  const small = { fontSize: 9, color: '#5f6368' };
  const body: Content[] = [
    {
      columns: [
        { stack: c.creditorLines, bold: true },
        { text: c.date, alignment: 'right' },
      ],
    },
    { stack: c.debtorLines, margin: [0, 24, 0, 0] },
    { text: c.title, style: 'title', margin: [0, 24, 0, 12] },
    ...(c.salutation ? [{ text: c.salutation, margin: [0, 0, 0, 8] } satisfies Content] : []),
    { text: c.opening, margin: [0, 0, 0, 12] },
    {
      table: {
        headerRows: 1,
        widths: ['auto', '*', '*', 'auto', 'auto', 'auto'],
        body: [
          c.table.header.map((h) => ({ text: h, bold: true, fontSize: 9 })),
          ...c.table.rows.map((row) =>
            row.map((cell, i) => ({ text: cell, fontSize: 9, alignment: i >= 3 ? ('right' as const) : ('left' as const) })),
          ),
          c.table.totals.map((cell, i) => ({
            text: cell,
            bold: true,
            fontSize: 9,
            alignment: i >= 3 ? ('right' as const) : ('left' as const),
          })),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    ...(c.feeLines.length > 0
      ? [{ text: 'Interest and charges', bold: true, margin: [0, 12, 0, 4] } as Content, { ul: c.feeLines, ...small } as Content]
      : []),
    { text: c.totalDueText, bold: true, fontSize: 12, margin: [0, 12, 0, 4] },
    { text: c.demand, margin: [0, 0, 0, 8] },
    ...(c.paymentOptions.length > 0
      ? [{ text: 'How to pay', bold: true, margin: [0, 4, 0, 2] } as Content, { stack: c.paymentOptions } as Content]
      : []),
    ...payOnline(c),
    ...(c.offer ? [{ text: c.offer, margin: [0, 12, 0, 0] } as Content] : []),
    { text: c.consequences, margin: [0, 12, 0, 0] },
    { text: c.closing, margin: [0, 12, 0, 0] },
    { stack: ['Yours sincerely,', ' ', ...c.signature], margin: [0, 16, 0, 0] },
  ];
  return {
    pageSize: US_PAPER.has(c.totalDue.currency) ? 'LETTER' : 'A4',
    pageMargins: [56, 56, 56, 56],
    info: documentInfo(c, `${c.title}: ${c.debtorLines[0] ?? ''}`),
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: { title: { fontSize: 16, bold: true } },
    footer: (page: number, pages: number) => ({
      text: `${c.title} · ${c.invoiceNumbers.join(', ')} · page ${page} of ${pages}`,
      alignment: 'center',
      ...small,
    }),
    content: body,
  };
}

/**
 * pdfmake with the bundled fonts and no way out: turns a document definition into PDF bytes.
 * pdfmake rewrites the definition in place (strings in a stack become node objects), so each
 * renderer builds it from a copy of its content: the caller's content stays as it was.
 */
export type PdfEngine = (definition: TDocumentDefinitions) => Promise<Uint8Array>;

/**
 * No network or disk access: fonts come in as bytes, and pdfmake's URL and local-file policies
 * refuse everything else, so no value in a document can make the renderer fetch or read a file.
 */
export function pdfEngine(fonts: LetterFonts): PdfEngine {
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  const vfs = (pdfmake as unknown as WithVirtualFs).virtualfs;
  vfs.writeFileSync('dd-Roboto-Regular.ttf', fonts.regular);
  vfs.writeFileSync('dd-Roboto-Medium.ttf', fonts.medium);
  pdfmake.setFonts({
    Roboto: {
      normal: 'dd-Roboto-Regular.ttf',
      bold: 'dd-Roboto-Medium.ttf',
      italics: 'dd-Roboto-Regular.ttf',
      bolditalics: 'dd-Roboto-Medium.ttf',
    },
  });
  return async (doc) => new Uint8Array(await pdfmake.createPdf(doc).getBuffer());
}

/** A demand letter as a PDF, deterministic for the same content. */
export function letterRenderer(engine: PdfEngine): LetterRenderer {
  return (content) => engine(definition(structuredClone(content)));
}
