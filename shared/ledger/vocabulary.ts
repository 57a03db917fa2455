/**
 * The words ledgers use, as data: header names and status words, grouped by where they come
 * from (plain English, the invoicing tools whose exports teams paste in, other languages), so a
 * new export or language is a new entry here and a test beside it, not a change to the reader.
 * Header names are written as normalizeHeader() leaves them: lower case, accents folded,
 * punctuation gone ("Fällig am" -> "fallig am", "N° facture" -> "n facture"). Status words are
 * written as people type them, accents and all (the sheet's color rules compare them as typed);
 * the reader folds both sides.
 */
import type { InvoiceStatus } from '../invoice';
import type { LedgerField } from './ledger-columns';

/**
 * What a row may be that is not a debt to chase: a draft (not yet sent), a voided or cancelled
 * invoice, one written off, a credit note or a payment listed among the invoices.
 */
export const NOT_A_DEBT = ['draft', 'void', 'written_off', 'credit', 'payment'] as const;
export type NotADebt = (typeof NOT_A_DEBT)[number];

export interface Vocabulary {
  source: string;
  headers: Partial<Record<LedgerField, readonly string[]>>;
  statuses?: Readonly<Record<string, InvoiceStatus | NotADebt>>;
  /** Words in a document-type column ("Type": Invoice, Credit Note, Payment). */
  documentTypes?: Readonly<Record<string, 'invoice' | NotADebt>>;
}

export const VOCABULARIES: readonly Vocabulary[] = [
  {
    source: 'English',
    headers: {
      invoiceNumber: ['invoice number', 'invoice no', 'invoice #', 'invoice num', 'invoice', 'inv #', 'inv no', 'inv num', 'inv', 'invoice id', 'doc number', 'document number', 'ref', 'reference', 'num', 'no', '#'],
      customer: ['customer', 'client', 'customer name', 'client name', 'company', 'debtor', 'account', 'account name', 'bill to', 'name', 'payer'],
      contactEmail: ['email', 'e mail', 'contact email', 'billing email', 'billing contact', 'email address', 'ap email', 'billing e mail'],
      contactName: ['contact name', 'attention', 'attn', 'contact person'],
      invoiceDate: ['invoice date', 'inv date', 'date', 'issued', 'issue date', 'date issued', 'bill date', 'invoiced'],
      dueDate: ['due date', 'due on', 'payment due', 'date due', 'due by'],
      terms: ['terms', 'terms days', 'payment terms', 'net days', 'net'],
      amount: ['amount', 'amt', 'total', 'invoice amount', 'invoice total', 'original amount', 'amount invoiced', 'inv amount', 'inv amt', 'gross'],
      amountPaid: ['amount paid', 'paid amount', 'paid', 'payments', 'paid to date', 'amt paid', 'received', 'amount received'],
      amountCredited: ['credited', 'credits', 'credit', 'amount credited', 'credit applied', 'credits applied'],
      balance: ['balance', 'balance due', 'open balance', 'outstanding', 'amount outstanding', 'open amount', 'amt due', 'remaining', 'amount remaining', 'unpaid'],
      status: ['status', 'state', 'invoice status'],
      paidFlag: ['pd?', 'pd', 'paid?', 'is paid', 'settled?'],
      documentType: ['type', 'transaction type', 'document type', 'doc type'],
      currency: ['currency', 'ccy', 'cur', 'curr'],
      timeZone: ['time zone', 'timezone', 'tz', 'zone'],
    },
    statuses: {
      open: 'open', unpaid: 'open', outstanding: 'open', due: 'open', overdue: 'open', sent: 'open', 'past due': 'open', issued: 'open', 'awaiting payment': 'open',
      partial: 'partial', 'partially paid': 'partial', part: 'partial', 'part paid': 'partial',
      paid: 'paid', closed: 'paid', settled: 'paid', 'paid in full': 'paid',
      disputed: 'disputed', dispute: 'disputed', 'in dispute': 'disputed',
      promised: 'promised', 'promise to pay': 'promised', ptp: 'promised', promise: 'promised',
      'on hold': 'on_hold', hold: 'on_hold', paused: 'on_hold',
      bankrupt: 'bankrupt', bankruptcy: 'bankrupt', insolvent: 'bankrupt', insolvency: 'bankrupt',
      'do not contact': 'do_not_contact', dnc: 'do_not_contact', 'do not chase': 'do_not_contact',
      draft: 'draft', void: 'void', voided: 'void', cancelled: 'void', canceled: 'void', deleted: 'void',
      'written off': 'written_off', 'write off': 'written_off', 'bad debt': 'written_off',
      'credit note': 'credit', credit: 'credit', refunded: 'credit', payment: 'payment',
    },
    documentTypes: {
      invoice: 'invoice', bill: 'invoice', 'sales invoice': 'invoice', 'tax invoice': 'invoice',
      'credit note': 'credit', 'credit memo': 'credit', credit: 'credit', 'sales credit': 'credit', refund: 'credit',
      payment: 'payment', 'customer payment': 'payment', 'receive payment': 'payment', receipt: 'payment', 'journal entry': 'payment',
    },
  },
  {
    // An "A/R Aging Detail" or "Open Invoices" report: section rows per bucket, "Total for ..." lines.
    source: 'QuickBooks',
    headers: { invoiceNumber: ['num'], customer: ['customer full name'], dueDate: ['due date'], amount: ['amount'], balance: ['open balance'], documentType: ['transaction type'] },
    statuses: { deposited: 'paid' },
  },
  {
    // Aged Receivables Detail / invoice export: Contact is the customer, Due the balance, Credited subtracts.
    source: 'Xero',
    headers: { invoiceNumber: ['invoice number'], contactEmail: ['email address'], invoiceDate: ['invoice date'], dueDate: ['due date'], amount: ['total', 'invoice total'], amountPaid: ['paid'], amountCredited: ['credited'] },
    statuses: { 'awaiting payment': 'open', 'awaiting approval': 'draft', submitted: 'draft' },
  },
  {
    source: 'FreshBooks',
    headers: { invoiceNumber: ['invoice #'], customer: ['client', 'organization'], invoiceDate: ['date issued'], amount: ['invoice total'], balance: ['outstanding'] },
    statuses: { viewed: 'open', 'auto paid': 'paid', retry: 'open', failed: 'open' },
  },
  {
    source: 'Wave',
    headers: { invoiceNumber: ['invoice number'], customer: ['customer'], invoiceDate: ['invoice date'], dueDate: ['due date'], amount: ['total'] },
    statuses: { viewed: 'open', unsent: 'open', saved: 'draft' },
  },
  {
    source: 'Zoho Invoice',
    headers: { invoiceNumber: ['invoice number'], customer: ['customer name'], invoiceDate: ['invoice date'], dueDate: ['due date'], amount: ['total'], balance: ['balance'] },
    statuses: { viewed: 'open', 'partially paid': 'partial', 'pending approval': 'draft' },
  },
  {
    source: 'Sage',
    headers: { invoiceNumber: ['invoice no', 'reference'], customer: ['customer', 'customer name', 'a c name'], invoiceDate: ['date'], dueDate: ['due date'], amount: ['total', 'gross'], amountPaid: ['paid'], balance: ['outstanding'] },
    statuses: { 'part paid': 'partial', pending: 'open' },
  },
  {
    // The Invoices export: "Amount Remaining" is the balance; "Amount Due" is the total before payments.
    source: 'Stripe',
    headers: { invoiceNumber: ['number'], customer: ['customer name'], contactEmail: ['customer email'], invoiceDate: ['date utc', 'created utc', 'finalized at utc'], dueDate: ['due date utc'], amount: ['total'], amountPaid: ['amount paid'], balance: ['amount remaining'] },
    statuses: { uncollectible: 'written_off' },
  },
  {
    source: 'German',
    headers: {
      invoiceNumber: ['rechnungsnr', 'rechnungsnummer', 'rechnung nr', 're nr', 'rechnung', 'belegnr', 'belegnummer'],
      customer: ['kunde', 'kundenname', 'firma', 'debitor', 'auftraggeber'],
      contactEmail: ['e mail', 'email', 'e mail adresse'],
      contactName: ['ansprechpartner'],
      invoiceDate: ['rechnungsdatum', 'datum', 'belegdatum'],
      dueDate: ['fallig am', 'falligkeit', 'falligkeitsdatum', 'fallig'],
      terms: ['zahlungsziel', 'zahlungsziel tage'],
      amount: ['betrag', 'rechnungsbetrag', 'brutto', 'gesamt', 'gesamtbetrag', 'bruttobetrag'],
      amountPaid: ['bezahlt', 'gezahlt', 'zahlungseingang', 'bezahlter betrag'],
      amountCredited: ['gutschrift', 'gutgeschrieben'],
      balance: ['offen', 'offener betrag', 'restbetrag', 'saldo', 'offener posten'],
      status: ['status', 'zustand'],
      documentType: ['belegart', 'art', 'typ'],
      currency: ['wahrung'],
      timeZone: ['zeitzone'],
    },
    statuses: {
      offen: 'open', unbezahlt: 'open', 'überfällig': 'open', versendet: 'open', gemahnt: 'open',
      teilweise: 'partial', 'teilweise bezahlt': 'partial', teilbezahlt: 'partial', teilzahlung: 'partial',
      bezahlt: 'paid', beglichen: 'paid', erledigt: 'paid',
      strittig: 'disputed', bestritten: 'disputed', reklamiert: 'disputed',
      entwurf: 'draft', storniert: 'void', storno: 'void', abgeschrieben: 'written_off', gutschrift: 'credit', zahlung: 'payment',
    },
    documentTypes: { rechnung: 'invoice', gutschrift: 'credit', zahlung: 'payment' },
  },
  {
    source: 'French',
    headers: {
      invoiceNumber: ['n facture', 'no facture', 'numero de facture', 'numero facture', 'facture', 'n de facture'],
      customer: ['client', 'nom du client', 'societe', 'raison sociale'],
      contactEmail: ['e mail', 'email', 'courriel', 'adresse e mail'],
      contactName: ['interlocuteur'],
      invoiceDate: ['date de facture', 'date facture', 'date', 'date d emission'],
      dueDate: ['date d echeance', 'echeance', 'date echeance'],
      amount: ['montant', 'montant ttc', 'total ttc', 'total'],
      amountPaid: ['paye', 'montant paye', 'regle', 'montant regle', 'encaisse'],
      amountCredited: ['avoir', 'avoirs'],
      balance: ['solde', 'reste a payer', 'montant du', 'restant du', 'reste du'],
      status: ['statut', 'etat'],
      currency: ['devise', 'monnaie'],
      timeZone: ['fuseau horaire'],
    },
    statuses: {
      ouverte: 'open', ouvert: 'open', 'impayée': 'open', 'impayé': 'open', 'en retard': 'open', 'envoyée': 'open', 'en attente': 'open', 'échue': 'open',
      partielle: 'partial', 'partiellement payée': 'partial', 'paiement partiel': 'partial',
      'payée': 'paid', 'payé': 'paid', 'réglée': 'paid', 'réglé': 'paid', 'soldée': 'paid',
      'contestée': 'disputed', litige: 'disputed', 'en litige': 'disputed',
      brouillon: 'draft', 'annulée': 'void', 'annulé': 'void', avoir: 'credit', paiement: 'payment',
    },
  },
  {
    source: 'Spanish',
    headers: {
      invoiceNumber: ['n factura', 'no factura', 'numero de factura', 'numero factura', 'factura', 'n de factura'],
      customer: ['cliente', 'nombre del cliente', 'razon social', 'empresa'],
      contactEmail: ['correo', 'correo electronico', 'email', 'e mail'],
      contactName: ['persona de contacto'],
      invoiceDate: ['fecha', 'fecha de factura', 'fecha factura', 'fecha de emision'],
      dueDate: ['vencimiento', 'fecha de vencimiento', 'fecha vencimiento'],
      amount: ['importe', 'total', 'monto', 'importe total'],
      amountPaid: ['pagado', 'importe pagado', 'cobrado', 'monto pagado'],
      amountCredited: ['abonado', 'nota de credito'],
      balance: ['saldo', 'pendiente', 'importe pendiente', 'saldo pendiente'],
      status: ['estado'],
      currency: ['moneda', 'divisa'],
      timeZone: ['zona horaria'],
    },
    statuses: {
      pendiente: 'open', abierta: 'open', vencida: 'open', 'no pagada': 'open', impagada: 'open', enviada: 'open',
      parcial: 'partial', 'parcialmente pagada': 'partial', 'pago parcial': 'partial',
      pagada: 'paid', cobrada: 'paid', saldada: 'paid',
      disputada: 'disputed', 'en disputa': 'disputed', reclamada: 'disputed',
      borrador: 'draft', anulada: 'void', cancelada: 'void', 'nota de crédito': 'credit', pago: 'payment',
    },
  },
  {
    source: 'Dutch',
    headers: {
      invoiceNumber: ['factuurnummer', 'factuurnr', 'factuur', 'factuur nr'],
      customer: ['klant', 'debiteur', 'klantnaam', 'bedrijf'],
      contactEmail: ['e mail', 'email', 'e mailadres'],
      contactName: ['contactpersoon'],
      invoiceDate: ['factuurdatum', 'datum'],
      dueDate: ['vervaldatum', 'vervaldag'],
      amount: ['bedrag', 'totaal', 'factuurbedrag'],
      amountPaid: ['betaald', 'ontvangen'],
      amountCredited: ['gecrediteerd', 'creditnota'],
      balance: ['openstaand', 'saldo', 'openstaand bedrag', 'te betalen'],
      status: ['status'],
      currency: ['valuta', 'munt'],
      timeZone: ['tijdzone'],
    },
    statuses: {
      openstaand: 'open', onbetaald: 'open', vervallen: 'open', verzonden: 'open', 'te laat': 'open',
      'gedeeltelijk betaald': 'partial', 'deels betaald': 'partial', gedeeltelijk: 'partial',
      betaald: 'paid', voldaan: 'paid',
      betwist: 'disputed',
      concept: 'draft', geannuleerd: 'void', creditnota: 'credit', betaling: 'payment',
    },
  },
  {
    source: 'Italian',
    headers: {
      invoiceNumber: ['numero fattura', 'n fattura', 'fattura', 'nr fattura'],
      customer: ['cliente', 'ragione sociale', 'nome cliente'],
      contactEmail: ['email', 'e mail', 'posta elettronica'],
      contactName: ['referente'],
      invoiceDate: ['data fattura', 'data', 'data emissione'],
      dueDate: ['scadenza', 'data scadenza', 'data di scadenza'],
      amount: ['importo', 'totale', 'importo totale'],
      amountPaid: ['pagato', 'importo pagato', 'incassato'],
      amountCredited: ['nota di credito', 'accreditato'],
      balance: ['residuo', 'da pagare', 'importo residuo', 'saldo'],
      status: ['stato'],
      currency: ['valuta'],
      timeZone: ['fuso orario'],
    },
    statuses: {
      aperta: 'open', 'non pagata': 'open', scaduta: 'open', insoluta: 'open', inviata: 'open',
      parziale: 'partial', 'parzialmente pagata': 'partial',
      pagata: 'paid', saldata: 'paid', incassata: 'paid',
      contestata: 'disputed', 'in contestazione': 'disputed',
      bozza: 'draft', annullata: 'void', stornata: 'void', 'nota di credito': 'credit', pagamento: 'payment',
    },
  },
];

/**
 * Header names that mean different fields in different ledgers, resolved by the rest of the row
 * and the column's cells (detect-header.ts): "Due" is the due date unless another column is,
 * then the balance (Xero); "Contact" holds addresses in some ledgers and the customer in others.
 */
export const AMBIGUOUS_HEADERS: Readonly<Record<string, readonly LedgerField[]>> = {
  due: ['dueDate', 'balance'],
  contact: ['contactEmail', 'customer', 'contactName'],
  'amount due': ['balance', 'amount'],
  kontakt: ['contactEmail', 'contactName'],
  contacto: ['contactEmail', 'contactName'],
  contatto: ['contactEmail', 'contactName'],
};
