/** A ledger of `rows` generated invoices with plain headers, for cost measurements. */
export function generatedLedgerRows(rows: number, today = '2026-11-24'): string[][] {
  const header = ['Invoice Number', 'Customer', 'Contact Email', 'Invoice Date', 'Due Date', 'Amount', 'Balance', 'Status'];
  const base = Date.parse(`${today}T00:00:00Z`);
  const day = (offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);
  const out = [header];
  for (let i = 0; i < rows; i += 1) {
    const age = (i * 37) % 150;
    const amount = (100 + ((i * 7919) % 90_000) / 100).toFixed(2);
    out.push([
      `INV-${100000 + i}`,
      `Customer ${i % 97}`,
      `ap${i % 97}@customer${i % 97}.example`,
      day(-age - 30),
      day(-age),
      amount,
      i % 11 === 0 ? '0' : amount,
      i % 11 === 0 ? 'Paid' : 'Open',
    ]);
  }
  return out;
}
