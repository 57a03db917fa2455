import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { EvidencePack, EvidenceTable } from '../../shared/evidence/compose-evidence';
import type { PdfEngine } from './letter-pdf';

export type EvidenceRenderer = (pack: EvidencePack, paper: 'A4' | 'LETTER') => Promise<Uint8Array>;

const small = { fontSize: 7.5 };

/** Columns that hold short values take their own width; the rest share what is left. */
const NARROW = new Set(['Invoice', '#', 'When', 'Sent', 'Made', 'Issued', 'Due', 'Pay by', 'Amount', 'Balance', 'Status', 'Days past due']);

function table(t: EvidenceTable): Content[] {
  const heading: Content = { text: t.title, style: 'section' };
  if (t.rows.length === 0) return [heading, { text: t.empty, color: '#5f6368' }];
  return [
    heading,
    {
      table: {
        headerRows: 1,
        // Long values (hashes, message ids, subjects) wrap inside their own column.
        widths: t.header.map((h) => (NARROW.has(h) ? 'auto' : '*')),
        body: [
          t.header.map((h) => ({ text: h, bold: true, ...small })),
          ...t.rows.map((row) => row.map((cell) => ({ text: cell, ...small }))),
        ],
      },
      layout: 'lightHorizontalLines',
    },
  ];
}

function definition(pack: EvidencePack, paper: 'A4' | 'LETTER'): TDocumentDefinitions {
  const { verification } = pack;
  const body: Content[] = [
    { text: pack.title, style: 'title' },
    { stack: pack.heading, margin: [0, 4, 0, 8], fontSize: 9 },
    {
      table: { widths: ['*'], body: [[{ stack: verification.lines, bold: true, color: verification.intact ? '#137333' : '#a50e0e' }]] },
      layout: {
        hLineColor: () => (verification.intact ? '#137333' : '#a50e0e'),
        vLineColor: () => (verification.intact ? '#137333' : '#a50e0e'),
      },
      margin: [0, 0, 0, 8],
    },
    ...table(pack.invoices),
    { text: 'Interest and charges', style: 'section' },
    ...(pack.feeLines.length > 0
      ? [{ ul: pack.feeLines, fontSize: 8.5 } as Content]
      : [{ text: 'None claimed under the ledger’s fee policy.', color: '#5f6368' } as Content]),
    { text: `Total claimed: ${pack.totalClaimed}`, bold: true, margin: [0, 4, 0, 0] },
    ...pack.sections.flatMap(table),
    ...table(pack.events),
  ];
  return {
    pageSize: paper,
    pageOrientation: 'landscape',
    pageMargins: [36, 36, 36, 40],
    info: { title: pack.title, creator: 'Dunning Desk', producer: pack.templateVersion },
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15 },
    styles: { title: { fontSize: 15, bold: true }, section: { fontSize: 11, bold: true, margin: [0, 12, 0, 4] } },
    footer: (page: number, pages: number) => ({
      text: `${pack.title} · ${pack.templateVersion} · page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 7.5,
      color: '#5f6368',
    }),
    content: body,
  };
}

/** The evidence pack's summary as a PDF, landscape for its wide tables. */
export function evidenceRenderer(engine: PdfEngine): EvidenceRenderer {
  return (pack, paper) => engine(definition(structuredClone(pack), paper));
}
