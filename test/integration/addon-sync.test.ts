import { ExecutionKilled } from '../../addon/local/call-counter';
import { importCsv } from '../../addon/local/spreadsheet/csv-import';
import { writeSettings } from '../../addon/src/settings/addon-settings';
import { readStatus } from '../../addon/src/sync/sync-state';
import { syncLedger } from '../../addon/src/sync/sync-ledger';
import { SYNC_SHEET } from '../../addon/src/sync/sync-store';
import { hourly, ledgerEdited } from '../../addon/src/server/triggers';
import { STATUS_HEADERS, statusCells } from '../../addon/src/status/status-cells';
import { LedgerStatusResponse } from '../../shared/api/contract';
import { cellString } from '../../shared/ledger/ledger-columns';
import { generatedLedgerRows, ledgerEnv } from '../support/addon-env';
import { useBackendThread } from '../support/backend-thread-client';

const thread = useBackendThread();
beforeEach(async () => {
  await thread.backend.reset();
});

/** The backend's next sync answers 400, naming these invoices of the request, as its validation does. */
const refuses = (issues: { path: string; message: string }[]) =>
  thread.backend.fault({ status: 400, body: { error: { code: 'bad_request', message: 'invalid', issues } } });

/** The invoice number on a 0-based sheet row, as the ledger reader quotes it. */
const invoiceAt = (sheet: { rows: unknown[][] }, index: number) => cellString(sheet.rows[index]?.[0]);

/**
 * The sample's first 40 rows, unless a test asks for the whole ledger: each invoice the backend
 * records the first time costs about eight DynamoDB writes, and most tests here are about how the
 * sync behaves, not how much it carries.
 */
const FEW_ROWS = 40;

let ledgers = 0;
function syncedEnv(fixture: 'ledger-sample.csv' | 'ledger-messy.csv' = 'ledger-sample.csv', dataRows: number | 'all' = FEW_ROWS) {
  ledgers += 1;
  const { clock } = thread.backend;
  const made = ledgerEnv(
    fixture,
    {
      identityToken: () => thread.token,
      extraAllowedUrls: [`${thread.backend.url}/`],
      spreadsheetId: `sync-test-ledger-${ledgers}-${Date.now()}`,
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
    },
    dataRows === 'all' ? undefined : dataRows,
  );
  const saved = writeSettings(made.env.documentProperties, { backendUrl: thread.backend.url });
  if (!saved.ok) throw new Error(saved.error);
  const sync = (trigger: 'manual' | 'hourly' = 'manual', chunkInvoices?: number) =>
    made.env.run(() => syncLedger(made.ports, { trigger, startedAt: clock.now(), ...(chunkInvoices && { chunkInvoices }) }));
  const syncCalls = async () => (await thread.backend.seen()).filter((r) => r.path === '/v1/invoices/sync');
  const sentInvoices = async () =>
    (await syncCalls()).flatMap((r) =>
      (JSON.parse(r.body) as { invoices: { invoiceNumber: string }[] }).invoices.map((i) => i.invoiceNumber),
    );
  return { ...made, sync, syncCalls, sentInvoices };
}

describe('sync to the backend', () => {
  it('sends every invoice once, then only the rows that changed, then nothing', async () => {
    const { sheet, sync, syncCalls, sentInvoices, env } = syncedEnv('ledger-sample.csv', 'all');
    const first = sync();
    expect(first.ok && first.value).toMatchObject({ state: 'synced', sent: 400, unchanged: 0, remaining: 0 });
    expect((await syncCalls()).map((c) => c.status)).toEqual([200]);

    await thread.backend.reset();
    const again = sync('hourly');
    expect(again.ok && again.value).toMatchObject({ state: 'nothing-to-do', sent: 0, unchanged: 400 });
    expect(await syncCalls()).toHaveLength(0);

    // A person records a payment on two rows.
    sheet.rows[2]![8] = 0;
    sheet.rows[7]![7] = 50;
    sheet.rows[7]![8] = Number(sheet.rows[7]![6]) - 50;
    const edited = sync('hourly');
    expect(edited.ok && edited.value).toMatchObject({ state: 'synced', sent: 2, unchanged: 398 });
    expect((await sentInvoices()).sort()).toEqual([invoiceAt(sheet, 2), invoiceAt(sheet, 7)].sort());
    // The hidden sync sheet holds one fingerprint per invoice, as text.
    const store = env.spreadsheet.sheet(SYNC_SHEET);
    expect(store.hidden).toBe(true);
    expect(store.lastRow()).toBe(401);
    expect(env.spreadsheet.activeSheet.name).toBe('Ledger');
  });

  it('survives a backend that answers 500 and then 200, retrying with the same request id', async () => {
    const { sync, syncCalls, env } = syncedEnv();
    await thread.backend.fault({ status: 500, body: { error: { code: 'internal', message: 'boom' } } });
    const result = sync();
    expect(result.ok && result.value).toMatchObject({ state: 'synced', sent: FEW_ROWS });
    const calls = await syncCalls();
    expect(calls.map((c) => c.status)).toEqual([500, 200]);
    expect(calls[0]?.requestId).toBe(calls[1]?.requestId);
    expect(calls[0]?.body).toBe(calls[1]?.body);
    expect(env.counter.snapshot()['Utilities.sleep']).toBe(1);
  });

  it('waits as long as a 429 asks (Retry-After) before the same request again', async () => {
    const { sync, syncCalls } = syncedEnv();
    await thread.backend.fault({
      status: 429,
      body: { error: { code: 'rate_limited', message: 'slow down' } },
      headers: { 'retry-after': '20' },
    });
    const before = thread.backend.clock.now();
    const result = sync();
    expect(result.ok && result.value.state).toBe('synced');
    const calls = await syncCalls();
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[0]?.requestId).toBe(calls[1]?.requestId);
    expect(thread.backend.clock.now() - before).toBeGreaterThanOrEqual(20_000);
  });

  it('gives up after four attempts with a message a finance person understands, and keeps nothing as sent', async () => {
    const { sync, syncCalls, env } = syncedEnv();
    const down = { status: 503, body: { message: 'Service Unavailable' } };
    await thread.backend.fault(down, down, down, down);
    const result = sync();
    expect(result.ok && result.value.state).toBe('failed');
    const status = readStatus(env.documentProperties);
    expect(status?.message).toMatch(/backend|try again/i);
    // The reference is a hash, whose hex digits can spell "503" by chance: the words around it are what must not.
    expect(status?.message.replace(/\(reference [^)]*\)/, '')).not.toMatch(/503|HTTP|undefined/);
    expect(await syncCalls()).toHaveLength(4);
    expect(env.spreadsheet.sheets.some((s) => s.name === SYNC_SHEET)).toBe(false);
    await thread.backend.reset();
    const next = sync();
    expect(next.ok && next.value).toMatchObject({ state: 'synced', sent: FEW_ROWS });
  });

  it("names a refused row's column in words (Contact email), not as the API's field (contactEmail); a hosted plan's limit among them", async () => {
    const { sync, sheet } = syncedEnv();
    const planFull = "is new, and this ledger already tracks the 2,000 invoices your team's plan allows";
    await refuses([
      { path: 'invoices.0.invoiceNumber', message: planFull },
      { path: 'invoices.3.contactEmail', message: 'is not an email address' },
      { path: 'invoices.5.balance.minor', message: 'is more than the amount' },
      { path: 'invoices.6', message: 'is not an invoice' },
    ]);
    const result = sync();
    if (!result.ok) throw new Error(result.error);
    expect(result.value.failedRows).toEqual([
      { row: 2, invoiceNumber: invoiceAt(sheet, 1), reason: `refused by the backend: Invoice number ${planFull}` },
      { row: 5, invoiceNumber: invoiceAt(sheet, 4), reason: 'refused by the backend: Contact email is not an email address' },
      { row: 7, invoiceNumber: invoiceAt(sheet, 6), reason: 'refused by the backend: Balance is more than the amount' },
      { row: 8, invoiceNumber: invoiceAt(sheet, 7), reason: 'refused by the backend: The invoice is not an invoice' },
    ]);
  });

  it('reports, by row, invoices the backend refuses and still sends the rest of the chunk', async () => {
    const { sync, syncCalls, sheet } = syncedEnv();
    await refuses([{ path: 'invoices.1.customer', message: 'is longer than 200 characters' }]);
    const result = sync();
    if (!result.ok) throw new Error(result.error);
    expect(result.value.sent).toBe(FEW_ROWS - 1);
    expect(result.value.failedRows).toEqual([
      { row: 3, invoiceNumber: invoiceAt(sheet, 2), reason: 'refused by the backend: Customer is longer than 200 characters' },
    ]);
    expect((await syncCalls()).map((c) => c.status)).toEqual([400, 200]);
    // The refused row was not recorded as sent: the next sync tries it again.
    await thread.backend.reset();
    const next = sync();
    expect(next.ok && next.value.sent).toBe(1);
  });

  it('lists the rows the ledger reader could not read, with the reason, and sends the others', async () => {
    const { sync, env, sheet, sentInvoices } = syncedEnv('ledger-messy.csv', 'all');
    // Imported into Sheets, every row of the messy ledger reads; spoil two the way people do.
    sheet.rows[10]![4] = 'sometime soon';
    sheet.rows[20]![5] = 'twelve hundred';
    const result = sync();
    if (!result.ok) throw new Error(result.error);
    expect(result.value.state).toBe('synced');
    expect(result.value.failedRows.map((f) => f.row)).toEqual([11, 21]);
    expect(result.value.failedRows[0]?.reason).toMatch(/^not sent: .*Due/);
    expect(result.value.failedRows[1]?.reason).toMatch(/^not sent: .*Amt/);
    const status = readStatus(env.documentProperties);
    expect(status?.failedRowCount).toBe(result.value.failedRows.length);
    for (const failed of result.value.failedRows) expect(failed.reason).toMatch(/^not sent: /);
    expect(await sentInvoices()).toHaveLength(result.value.sent);
  });

  it('resumes after a forced kill from the last confirmed chunk; the chunk in flight is answered from the idempotency record', async () => {
    const { env, sheet, sync, syncCalls, sentInvoices } = syncedEnv();
    // Chunks of 50 over 120 rows behave as chunks of 500 over 1,200 do, with a tenth of the writes.
    sheet.load(importCsv(generatedLedgerRows(120), env.spreadsheet.locale));
    env.counter.killAfter('UrlFetchApp.fetch', 2);
    expect(() => sync('manual', 50)).toThrow(ExecutionKilled);
    const firstRun = (await syncCalls()).map((c) => c.requestId);
    expect(firstRun).toHaveLength(2);
    // The kill came before the second chunk's answer was saved.
    await thread.backend.reset();
    const resumed = sync('manual', 50);
    expect(resumed.ok && resumed.value).toMatchObject({ state: 'synced', remaining: 0 });
    const calls = await syncCalls();
    expect(calls).toHaveLength(2);
    expect(calls[0]?.requestId).toBe(firstRun[1]);
    expect(calls[0]?.replayed).toBe(true);
    expect(calls[1]?.replayed).toBe(false);
    expect(new Set(await sentInvoices()).size).toBe(70);
    expect(env.spreadsheet.sheet(SYNC_SHEET).lastRow()).toBe(121);
  });

  it('stops starting chunks at 4.5 minutes and finishes at the next run', async () => {
    const { env, sheet, sync, syncCalls } = syncedEnv();
    sheet.load(importCsv(generatedLedgerRows(120), env.spreadsheet.locale));
    await thread.backend.slow(100_000);
    const first = sync('hourly', 50);
    if (!first.ok) throw new Error(first.error);
    // Chunks of 50: the first ends at 100 s, the second at 200 s, and a third would end past 270 s.
    expect(first.value).toMatchObject({ state: 'partial', sent: 100, remaining: 20 });
    expect(readStatus(env.documentProperties)?.state).toBe('partial');
    await thread.backend.reset();
    const second = sync('hourly', 50);
    expect(second.ok && second.value).toMatchObject({ state: 'synced', sent: 20, remaining: 0 });
    expect(await syncCalls()).toHaveLength(1);
  });

  it('on an edit sends only the edited rows; an edit skipped while another run held the lock goes with the next hourly sync', async () => {
    const { env, sheet, sync, ports, sentInvoices } = syncedEnv();
    expect(sync().ok).toBe(true);
    await thread.backend.reset();
    sheet.rows[2]![8] = 0;
    sheet.rows[3]![8] = 0;
    env.run(() => ledgerEdited(ports, { range: sheet.getRange(3, 9, 2, 1) }));
    expect((await sentInvoices()).sort()).toEqual([invoiceAt(sheet, 2), invoiceAt(sheet, 3)].sort());
    expect(readStatus(env.documentProperties)).toMatchObject({ trigger: 'edit', state: 'synced', sent: 2 });

    await thread.backend.reset();
    sheet.rows[5]![8] = 0;
    env.lockTable.holder = -1;
    env.run(() => ledgerEdited(ports, { range: sheet.getRange(6, 9) }));
    expect(await sentInvoices()).toEqual([]);
    env.lockTable.holder = null;
    expect(sync('hourly').ok).toBe(true);
    expect(await sentInvoices()).toEqual([invoiceAt(sheet, 5)]);
  });

  it('does not run while another run holds the document lock', async () => {
    const { env, sync, syncCalls } = syncedEnv();
    env.lockTable.holder = -1;
    const result = sync();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/already updating/);
    expect(await syncCalls()).toHaveLength(0);
  });

  it('says what to do when no backend is set up', () => {
    const { env, ports } = ledgerEnv('ledger-sample.csv');
    const result = env.run(() => syncLedger(ports, { trigger: 'manual', startedAt: 0 }));
    expect(!result.ok && result.error).toMatch(/Settings/);
  });
});

describe('the edit trigger reads only what was edited', () => {
  /** An edit as Apps Script reports it, and what it cost: cells read and Spreadsheet calls. */
  function edit(made: ReturnType<typeof syncedEnv>, row: number, column: number, numRows = 1) {
    const range = made.sheet.getRange(row, column, numRows, 1);
    return made.env.run(() => made.env.counter.measure(() => ledgerEdited(made.ports, { range })));
  }
  const columns = 12; // the sample's header: Invoice Number ... Time Zone
  const storeRows = (made: ReturnType<typeof syncedEnv>) => made.env.spreadsheet.sheets.find((s) => s.name === SYNC_SHEET)?.lastRow();

  it('after a whole-ledger sync, reads the header row and the edited row, sends that invoice and appends its fingerprint', async () => {
    const made = syncedEnv();
    expect(made.sync().ok).toBe(true);
    expect(storeRows(made)).toBe(FEW_ROWS + 1);
    await thread.backend.reset();

    made.sheet.rows[2]![8] = 0;
    const cost = edit(made, 3, 9);
    expect(cost.cellsRead).toBe(2 * columns);
    expect(await made.sentInvoices()).toEqual([invoiceAt(made.sheet, 2)]);
    expect(readStatus(made.env.documentProperties)).toMatchObject({ trigger: 'edit', state: 'synced', sent: 1 });
    expect(storeRows(made)).toBe(FEW_ROWS + 2);

    // The hourly sync finds the edit already sent, and folds the appended row back in.
    await thread.backend.reset();
    const hourlyRun = made.sync('hourly');
    expect(hourlyRun.ok && hourlyRun.value).toMatchObject({ state: 'nothing-to-do', sent: 0, unchanged: FEW_ROWS });
    expect(await made.syncCalls()).toHaveLength(0);
    expect(storeRows(made)).toBe(FEW_ROWS + 1);

    // A value typed again as it was, a minute later: the row goes, and the status does not call it a change.
    thread.backend.clock.advance(60_000);
    edit(made, 3, 9);
    expect(readStatus(made.env.documentProperties)).toMatchObject({
      sent: 1,
      message: 'Sent 1 invoice; it was already up to date in Dunning Desk.',
    });
  });

  it('an edited invoice number that is also on another row reads the whole ledger, which refuses the second row', async () => {
    const made = syncedEnv();
    expect(made.sync().ok).toBe(true);
    await thread.backend.reset();
    const taken = invoiceAt(made.sheet, 2);
    made.sheet.rows[5]![0] = taken;
    const cost = edit(made, 6, 1);
    expect(cost.cellsRead).toBeGreaterThan(FEW_ROWS * columns);
    expect(await made.sentInvoices()).toEqual([]);
    expect(readStatus(made.env.documentProperties)?.failedRows).toEqual([
      expect.objectContaining({ row: 6, invoiceNumber: taken, reason: expect.stringMatching(/already on row 3/) }),
    ]);
    expect(readStatus(made.env.documentProperties)?.message).toBe('Nothing was sent. 1 row could not be sent.');

    // Two edited rows given one new number: the first keeps it, the second is refused.
    made.sheet.rows[6]![0] = 'INV-NEW';
    made.sheet.rows[7]![0] = ' INV-NEW';
    edit(made, 7, 1, 2);
    expect(await made.sentInvoices()).toEqual(['INV-NEW']);
    expect(readStatus(made.env.documentProperties)?.failedRows).toEqual([
      expect.objectContaining({ row: 8, reason: expect.stringMatching(/already on row 7/) }),
    ]);
  });

  it('finds a number typed on another row by what the cells display, when invoice numbers are numbers under a number format', async () => {
    const made = syncedEnv();
    for (let r = 1; r <= FEW_ROWS; r += 1) made.sheet.rows[r]![0] = 10_000 + r;
    made.sheet.setFormat({ row: 2, column: 1, numRows: FEW_ROWS, numColumns: 1 }, (f) => (f.numberFormat = '#,##0'));
    expect(made.sync().ok).toBe(true);
    await thread.backend.reset();

    // A balance edited on a numbered row reads alone: the row, the header, and its number cell as shown.
    made.sheet.rows[2]![8] = 0;
    expect(edit(made, 3, 9).cellsRead).toBe(2 * columns + 1);
    expect(await made.sentInvoices()).toEqual(['10002']);

    // Row 3's number typed on row 6: the cells show "10,002", which the search finds; the whole ledger refuses row 6.
    await thread.backend.reset();
    made.sheet.rows[5]![0] = 10_002;
    const cost = edit(made, 6, 1);
    expect(cost.cellsRead).toBeGreaterThan(FEW_ROWS * columns);
    expect(await made.sentInvoices()).toEqual([]);
    expect(readStatus(made.env.documentProperties)?.failedRows).toEqual([
      expect.objectContaining({ row: 6, invoiceNumber: '10002', reason: expect.stringMatching(/already on row 3/) }),
    ]);
  });

  it('an edit of the header row, or after it moved, waits for the hourly sync and says so', async () => {
    const made = syncedEnv();
    expect(made.sync().ok).toBe(true);
    await thread.backend.reset();

    made.sheet.rows[0]![8] = 'Balance due';
    edit(made, 1, 9);
    expect(await made.sentInvoices()).toEqual([]);
    expect(readStatus(made.env.documentProperties)).toMatchObject({
      trigger: 'edit',
      state: 'partial',
      remaining: 0,
      message: expect.stringMatching(/header row was edited.*next hourly sync/),
    });
    made.sheet.rows[2]![8] = 0;
    edit(made, 3, 9);
    expect(await made.sentInvoices()).toEqual([]);
    expect(readStatus(made.env.documentProperties)).toMatchObject({
      remaining: 1,
      message: expect.stringMatching(/header row has moved or changed/),
    });

    // The hourly sync reads the ledger again, sends the edit, and edits are read alone once more.
    const hourlyRun = made.sync('hourly');
    expect(hourlyRun.ok && hourlyRun.value).toMatchObject({ state: 'synced', sent: 1 });
    await thread.backend.reset();
    made.sheet.rows[3]![8] = 0;
    expect(edit(made, 4, 9).cellsRead).toBe(2 * columns);
    expect(await made.sentInvoices()).toEqual([invoiceAt(made.sheet, 3)]);

    // A title row inserted above the header moves it: the next edit waits.
    await thread.backend.reset();
    made.sheet.rows.unshift(['Receivables, November']);
    made.sheet.rows[5]![8] = 0;
    edit(made, 6, 9);
    expect(await made.sentInvoices()).toEqual([]);
    expect(readStatus(made.env.documentProperties)?.message).toMatch(/header row has moved or changed/);
  });

  it('reads the whole ledger before any whole-ledger sync and after the reading settings change; ignores edits beside the ledger', async () => {
    const made = syncedEnv();
    made.sheet.rows[2]![8] = 0;
    expect(edit(made, 3, 9).cellsRead).toBeGreaterThan(FEW_ROWS * columns);
    expect(await made.sentInvoices()).toEqual([invoiceAt(made.sheet, 2)]);
    await thread.backend.reset();
    made.sheet.rows[3]![8] = 0;
    expect(edit(made, 4, 9).cellsRead).toBe(2 * columns);

    const settings = writeSettings(made.env.documentProperties, { backendUrl: thread.backend.url, sheetName: 'Ledger', dateOrder: 'MDY' });
    if (!settings.ok) throw new Error(settings.error);
    await thread.backend.reset();
    made.sheet.rows[4]![8] = 0;
    expect(edit(made, 5, 9).cellsRead).toBeGreaterThan(FEW_ROWS * columns);
    expect(await made.sentInvoices()).toEqual([invoiceAt(made.sheet, 4)]);

    await thread.backend.reset();
    const before = readStatus(made.env.documentProperties);
    made.sheet.rows[4]![columns + 1] = 'called, will pay Friday';
    const beside = edit(made, 5, columns + 2);
    expect(beside.cellsRead).toBe(0);
    expect(await made.syncCalls()).toHaveLength(0);
    expect(readStatus(made.env.documentProperties)).toEqual(before);
  });
});

describe('status columns', () => {
  function statusEnv() {
    const made = syncedEnv();
    const saved = writeSettings(made.env.documentProperties, { backendUrl: thread.backend.url, statusColumns: true });
    if (!saved.ok) throw new Error(saved.error);
    const runHourly = () => made.env.run(() => hourly(made.ports));
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${thread.backend.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${thread.token}`, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return (await res.json()) as unknown;
    };
    const statuses = async () => {
      const all = new Map<string, LedgerStatusResponse['invoices'][number]>();
      let cursor: string | undefined;
      do {
        const page = LedgerStatusResponse.parse(
          await api(
            'GET',
            `/v1/ledger/status?ledgerId=${made.env.spreadsheet.getId()}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          ),
        );
        for (const view of page.invoices) all.set(view.invoiceNumber, view);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    };
    /** The three status cells of each invoice row, by invoice number. */
    const cellsByInvoice = () => {
      const header = made.sheet.rows[0] ?? [];
      const at = header.indexOf(STATUS_HEADERS[0]);
      return { at, cells: new Map(made.sheet.rows.slice(1).map((row) => [cellString(row[0]), [0, 1, 2].map((k) => row[at + k])])) };
    };
    return { ...made, runHourly, api, statuses, cellsByInvoice };
  }

  it('writes Last contact, Next step and Automation beside the ledger, each invoice its own', async () => {
    const { runHourly, statuses, cellsByInvoice, sheet } = statusEnv();
    const width = sheet.rows[0]?.length ?? 0;
    runHourly();

    const { at, cells } = cellsByInvoice();
    expect(at).toBe(width);
    expect(sheet.rows[0]?.slice(width, width + 3)).toEqual([...STATUS_HEADERS]);
    const views = await statuses();
    expect(views.size).toBe(FEW_ROWS);
    for (const [number, row] of cells) expect(row).toEqual(statusCells(views.get(number), 'America/New_York'));
    // The sample holds paid, overdue and not-yet-due invoices: the columns say different things.
    const automation = new Set([...cells.values()].map((row) => cellString(row[2]).split(':')[0]));
    expect([...automation]).toEqual(expect.arrayContaining(['Paid', 'Sending reminders']));
    const overdue = [...cells.values()].find((row) => row[2] === 'Sending reminders');
    expect(overdue?.[1]).toMatch(/^.+ on \d{4}-\d{2}-\d{2}$/);
  });

  it('shows a logged call at the next hourly run, follows rows that were sorted, and never makes the sync resend', async () => {
    const { runHourly, api, cellsByInvoice, sheet, env, syncCalls } = statusEnv();
    runHourly();
    const target = invoiceAt(sheet, 3);
    await api('POST', '/v1/contacts', {
      requestId: `call-${Date.now()}`,
      ledgerId: env.spreadsheet.getId(),
      invoiceNumber: target,
      channel: 'call',
      outcome: 'promised_to_pay',
    });
    // The user sorts: rows 2 and 3 swap places.
    const [a, b] = [sheet.rows[1], sheet.rows[2]];
    sheet.rows[1] = b as never;
    sheet.rows[2] = a as never;
    await thread.backend.reset();
    runHourly();
    expect(await syncCalls()).toHaveLength(0);
    const { cells } = cellsByInvoice();
    expect(cells.get(target)?.[0]).toBe('2026-11-24 Call');
    expect(readStatus(env.documentProperties)?.state).toBe('nothing-to-do');
  });

  it('keeps the cells of rows it could not reach and says why, when the backend fails', async () => {
    const { runHourly, cellsByInvoice, env } = statusEnv();
    runHourly();
    const before = cellsByInvoice().cells;
    // The sync has nothing to send; the status read fails four times (every retry).
    await thread.backend.fault(
      ...Array.from({ length: 4 }, () => ({ status: 503, body: { error: { code: 'unavailable', message: 'down' } } })),
    );
    runHourly();
    expect(cellsByInvoice().cells).toEqual(before);
    expect(readStatus(env.documentProperties)?.message).toMatch(/Could not update the status columns: /);
  });

  it('writes nothing beside the ledger while the setting is off', () => {
    const { env, ports, sheet } = syncedEnv();
    const width = sheet.rows[0]?.length ?? 0;
    env.run(() => hourly(ports));
    expect(sheet.rows[0]?.length).toBe(width);
    expect(sheet.rows[0]).not.toContain(STATUS_HEADERS[0]);
  });
});
