import { addDays, type CalendarDate } from '../../../shared/time/calendar-date';

interface DemoInvoice {
  customer: string;
  email: string;
  /** Days from today to the due date: negative is overdue. */
  dueIn: number;
  amount: number;
  paid?: number;
  status?: string;
  timeZone?: string;
}

/**
 * Small businesses with a spread of ages, written relative to `today` so that every aging
 * bucket has invoices whatever day the workbench starts on; three are paid and one partly, one
 * is disputed in the sheet, one customer owes nothing at all, one is in another time zone, and
 * one (Northwind Bakery) has three open invoices, one part paid: a statement of account's case.
 */
const DEMO: readonly DemoInvoice[] = [
  { customer: 'Union Square Florists', email: 'ap@unionsquareflorists.example', dueIn: 12, amount: 688.07 },
  { customer: 'Union Square Florists', email: 'ap@unionsquareflorists.example', dueIn: -3, amount: 1240.0 },
  { customer: 'Summit Events', email: 'billing@summitevents.example', dueIn: 5, amount: 2310.5 },
  { customer: 'Summit Events', email: 'billing@summitevents.example', dueIn: -18, amount: 455.25 },
  { customer: 'Harbor Coffee Roasters', email: 'accounts@harborcoffee.example', dueIn: -27, amount: 980.0 },
  { customer: 'Harbor Coffee Roasters', email: 'accounts@harborcoffee.example', dueIn: -41, amount: 3120.4 },
  { customer: 'Greenline Landscaping', email: 'office@greenline.example', dueIn: -55, amount: 760.0 },
  { customer: 'Greenline Landscaping', email: 'office@greenline.example', dueIn: -9, amount: 1500.0, paid: 1500.0, status: 'Paid' },
  { customer: 'Northwind Bakery', email: 'ap@northwindbakery.example', dueIn: -68, amount: 2045.9 },
  { customer: 'Northwind Bakery', email: 'ap@northwindbakery.example', dueIn: -84, amount: 412.6, paid: 200.0 },
  { customer: 'Bluebird Dental', email: 'finance@bluebirddental.example', dueIn: -97, amount: 5400.0 },
  { customer: 'Bluebird Dental', email: 'finance@bluebirddental.example', dueIn: -33, amount: 890.0, status: 'Disputed' },
  { customer: 'Atlas Print Shop', email: 'pay@atlasprint.example', dueIn: -128, amount: 1830.75 },
  { customer: 'Atlas Print Shop', email: 'pay@atlasprint.example', dueIn: 20, amount: 640.0 },
  { customer: 'Maple & Oak Interiors', email: 'accounts@mapleoak.example', dueIn: -14, amount: 4200.0, timeZone: 'Europe/London' },
  {
    customer: 'Maple & Oak Interiors',
    email: 'accounts@mapleoak.example',
    dueIn: -62,
    amount: 2760.0,
    paid: 2760.0,
    status: 'Paid',
    timeZone: 'Europe/London',
  },
  { customer: 'Cedar Street Books', email: 'owner@cedarstreetbooks.example', dueIn: -45, amount: 975.0, paid: 975.0, status: 'Paid' },
  // Last, so the invoice numbers above stay as they were: Northwind's third, for its statement of account.
  { customer: 'Northwind Bakery', email: 'ap@northwindbakery.example', dueIn: 8, amount: 318.4 },
];

export const DEMO_HEADER = [
  'Invoice Number',
  'Customer',
  'Contact Email',
  'Invoice Date',
  'Due Date',
  'Terms (days)',
  'Amount',
  'Amount Paid',
  'Balance',
  'Status',
  'Currency',
  'Time Zone',
];

/** The demo ledger as CSV rows (ISO dates, plain numbers), as a user would import it. */
export function demoLedgerRows(today: CalendarDate): string[][] {
  return [
    DEMO_HEADER,
    ...DEMO.map((inv, i) => {
      const due = addDays(today, inv.dueIn);
      const paid = inv.paid ?? 0;
      return [
        `INV-${2041 + i}`,
        inv.customer,
        inv.email,
        addDays(due, -30),
        due,
        '30',
        inv.amount.toFixed(2),
        paid.toFixed(2),
        (inv.amount - paid).toFixed(2),
        inv.status ?? (paid > 0 ? 'Partial' : 'Open'),
        'USD',
        inv.timeZone ?? '',
      ];
    }),
  ];
}
