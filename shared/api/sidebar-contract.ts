/**
 * What the sidebar (in the user's browser) may call on the add-on's server side through
 * google.script.run, and what comes back. google.script.run carries only plain data (no Date,
 * no functions), so every value here is a string, number, boolean, array or plain object.
 * The server implements this interface (`satisfies SidebarApi`); the client's promise wrapper
 * is typed from it, so the two cannot drift.
 */
import * as z from 'zod';

/** Expected failures come back as values; a thrown error reaches the client's failure handler. */
export type SidebarResult<T> =
  | { ok: true; data: T }
  /** `fields` names each form field that was refused, with the reason. */
  | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

export const SelectedInvoiceView = z.discriminatedUnion('state', [
  /** The active sheet holds no ledger we can read (with the reason). */
  z.object({ state: z.literal('no-ledger'), sheetName: z.string(), message: z.string() }),
  /** The selection is on or above the header row. */
  z.object({ state: z.literal('header-row'), sheetName: z.string(), row: z.number() }),
  /** A blank row, a total line, or a row we could not read (with the reasons). */
  z.object({ state: z.literal('not-an-invoice'), sheetName: z.string(), row: z.number(), reasons: z.array(z.string()) }),
  z.object({
    state: z.literal('invoice'),
    sheetName: z.string(),
    row: z.number(),
    invoice: z.object({
      invoiceNumber: z.string(),
      customer: z.string(),
      contactEmail: z.string().optional(),
      contactName: z.string().optional(),
      invoiceDate: z.string().optional(),
      dueDate: z.string(),
      amount: z.string(),
      balance: z.string(),
      status: z.string(),
      timeZone: z.string().optional(),
    }),
    daysPastDue: z.number(),
    /** The aging bucket, with the colors its rows have in the sheet. */
    bucket: z.object({ id: z.string(), label: z.string(), background: z.string(), text: z.string() }),
    /** The customer's open invoices in this ledger, this one included. */
    customerOpen: z.object({ count: z.number(), total: z.string() }),
    /** Warnings the reader had about this row (a contact that is not an email...). */
    warnings: z.array(z.string()),
  }),
]);
export type SelectedInvoiceView = z.infer<typeof SelectedInvoiceView>;

export interface SidebarApi {
  getSelectedInvoice(): SidebarResult<SelectedInvoiceView>;
}
