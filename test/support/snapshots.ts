/** An invoice snapshot as the add-on syncs it; tests override what they vary. */
export function snapshot(invoiceNumber: string, overrides: Record<string, unknown> = {}) {
  return {
    row: 2,
    invoiceNumber,
    customer: 'Union Square Florists',
    contactEmail: 'ap@unionsquareflo.example',
    dueDate: '2026-11-11',
    amount: { minor: 68807, currency: 'USD' },
    balance: { minor: 68807, currency: 'USD' },
    status: 'open',
    timeZone: 'America/New_York',
    ...overrides,
  };
}
