/**
 * The workbench page: the emulated spreadsheet drawn as a grid with the colors the add-on's
 * rules give today, the add-on's menu, its real sidebar and dialogs in iframes (their
 * google.script.run answered by the add-on's server code), the clock and the mailbox.
 */
interface Cell {
  value: string;
  background: string;
  color: string;
  note?: string;
}
interface SheetView {
  name: string;
  totalRows: number;
  cells: Cell[][];
  charts: { type: string; title: string; series: unknown[][][] }[];
  selection: { row: number; column: number; rows?: { row: number; numRows: number } };
}
interface State {
  now: string;
  today: string;
  timeZone: string;
  sheets: string[];
  active: string;
  menu: { caption: string; functionName: string }[];
  sesUrl: string;
  teamsDns: boolean;
}
interface Shown {
  toasts: string[];
  alerts: { title: string; prompt: string }[];
  shown: { kind: 'sidebar' | 'dialog'; title: string }[];
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
let state: State;
let current = '';

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(
    path,
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  const json = (await res.json()) as T & { ok?: boolean; error?: string };
  if (json.ok === false) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

function node<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function letters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Long actions (a sync, a month of reminders) say so, and nothing else can be clicked meanwhile. */
async function busy<T>(label: string, work: () => Promise<T>): Promise<T | undefined> {
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('.top button, .menubar button')];
  buttons.forEach((b) => (b.disabled = true));
  $('busy').textContent = `${label}…`;
  try {
    return await work();
  } catch (error) {
    showAlert('Something went wrong', error instanceof Error ? error.message : String(error));
    return undefined;
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    $('busy').textContent = '';
  }
}

function toast(message: string): void {
  const t = node('div', { class: 'toast', role: 'status' }, message);
  $('toasts').append(t);
  setTimeout(() => t.remove(), 8000);
}

function showAlert(title: string, text: string): void {
  $('alert-title').textContent = title || 'Dunning Desk';
  $('alert-text').textContent = text;
  $('alert').hidden = false;
  $<HTMLButtonElement>('alert-ok').focus();
}

function showOutcome(outcome: Shown): void {
  outcome.toasts.forEach(toast);
  for (const a of outcome.alerts) showAlert(a.title, a.prompt);
  for (const s of outcome.shown) {
    if (s.kind === 'sidebar') {
      $('sidebar-title').textContent = s.title;
      $('sidebar').hidden = false;
      $<HTMLIFrameElement>('sidebar-frame').src = `/sidebar?t=${Date.now()}`;
    } else {
      $('dialog-title').textContent = s.title;
      $('dialog').hidden = false;
      $<HTMLIFrameElement>('dialog-frame').src = `/dialog?t=${Date.now()}`;
    }
  }
}

/** The sidebar reads the selection when it loads or when its Refresh is pressed. */
function refreshSidebar(): void {
  if ($('sidebar').hidden) return;
  const doc = $<HTMLIFrameElement>('sidebar-frame').contentDocument;
  doc?.getElementById('refresh')?.click();
}

function drawChart(chart: SheetView['charts'][number]): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const [width, height, pad] = [520, 250, 44];
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  // Two ranges are labels and values (a row or a column each); one range is label, value rows.
  const [first = [], second] = chart.series;
  const pairs: [unknown, unknown][] = second
    ? first.flat().map((labelCell, i) => [labelCell, second.flat()[i]])
    : first.slice(1).map((row) => [row[0], row[1]]);
  const rows = pairs;
  const label = (row: [unknown, unknown]) => (typeof row[0] === 'string' || typeof row[0] === 'number' ? String(row[0]) : '');
  const value = (row: [unknown, unknown]) => (typeof row[1] === 'number' ? row[1] : Number(row[1]) || 0);
  svg.setAttribute('aria-label', `${chart.title}: ${rows.map((r) => `${label(r)} ${value(r).toFixed(2)}`).join(', ')}`);
  const max = Math.max(1, ...rows.map(value));
  const title = document.createElementNS(ns, 'text');
  title.setAttribute('x', String(pad));
  title.setAttribute('y', '20');
  title.textContent = chart.title;
  svg.append(title);
  const step = (width - 2 * pad) / Math.max(rows.length, 1);
  const crowded = step < 48;
  rows.forEach((row, i) => {
    const h = ((height - 2 * pad - 10) * value(row)) / max;
    const bar = document.createElementNS(ns, 'rect');
    bar.setAttribute('x', String(pad + i * step + step * 0.15));
    bar.setAttribute('y', String(height - pad - h));
    bar.setAttribute('width', String(step * 0.7));
    bar.setAttribute('height', String(h));
    bar.setAttribute('fill', '#e8710a');
    const name = document.createElementNS(ns, 'text');
    const [x, y] = [pad + i * step + step / 2, height - pad + 16];
    name.setAttribute('x', String(x));
    name.setAttribute('y', String(y));
    name.setAttribute('font-size', '11');
    // Thirteen weeks side by side do not fit level: slanted, as Sheets draws a crowded axis.
    if (crowded) {
      name.setAttribute('text-anchor', 'end');
      name.setAttribute('transform', `rotate(-35 ${x} ${y - 8})`);
    } else name.setAttribute('text-anchor', 'middle');
    name.textContent = label(row);
    const amount = document.createElementNS(ns, 'text');
    amount.setAttribute('x', String(pad + i * step + step / 2));
    amount.setAttribute('y', String(height - pad - h - 4));
    amount.setAttribute('text-anchor', 'middle');
    amount.setAttribute('font-size', '11');
    amount.textContent = value(row).toLocaleString(undefined, { maximumFractionDigits: 0 });
    svg.append(bar, name, amount);
  });
  return svg;
}

function startEdit(td: HTMLTableCellElement, row: number, column: number, value: string): void {
  const input = node('input', { 'aria-label': `${letters(column)}${row}` });
  input.value = value;
  td.replaceChildren(input);
  input.focus();
  let done = false;
  const finish = (save: boolean) => {
    if (done) return;
    done = true;
    if (!save || input.value === value) return void drawSheet();
    void busy('Saving the edit', async () => {
      showOutcome(await api<Shown>('/api/edit', { sheet: current, row, column, value: input.value }));
      await drawSheet();
    });
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') finish(true);
    if (e.key === 'Escape') finish(false);
  });
  input.addEventListener('blur', () => finish(true));
}

async function drawSheet(): Promise<void> {
  const view = await api<SheetView>(`/api/sheet?name=${encodeURIComponent(current)}`);
  const grid = $<HTMLTableElement>('grid');
  const width = Math.max(0, ...view.cells.map((r) => r.length));
  const head = node('tr');
  head.append(node('th', { scope: 'col' }, ''));
  for (let c = 1; c <= width; c += 1) head.append(node('th', { scope: 'col' }, letters(c)));
  const body = view.cells.map((cells, r) => {
    const tr = node('tr', { 'data-row': String(r + 1) });
    const rows = view.selection.rows ?? { row: view.selection.row, numRows: 1 };
    if (r + 1 >= rows.row && r + 1 < rows.row + rows.numRows) tr.classList.add('selected');
    tr.append(node('td', { class: 'row-head' }, String(r + 1)));
    cells.forEach((cell, c) => {
      const td = node('td', { style: `background:${cell.background};color:${cell.color}`, 'data-column': String(c + 1) }, cell.value);
      if (cell.note) {
        td.title = cell.note;
        td.classList.add('has-note');
      }
      // A shift-click selects the rows from the active cell's to this one, as in Sheets.
      td.addEventListener('click', (event) => {
        const from = event.shiftKey ? view.selection.row : r + 1;
        void api('/api/select', {
          sheet: current,
          row: from,
          column: event.shiftKey ? view.selection.column : c + 1,
          ...(event.shiftKey && { toRow: r + 1 }),
        }).then(() => {
          const [low, high] = [Math.min(from, r + 1), Math.max(from, r + 1)];
          grid
            .querySelectorAll<HTMLTableRowElement>('tr[data-row]')
            .forEach((x) => x.classList.toggle('selected', Number(x.dataset.row) >= low && Number(x.dataset.row) <= high));
          if (!event.shiftKey) view.selection = { row: r + 1, column: c + 1 };
          refreshSidebar();
        });
      });
      td.addEventListener('dblclick', () => startEdit(td, r + 1, c + 1, cell.value));
      tr.append(td);
    });
    return tr;
  });
  grid.replaceChildren(head, ...body);
  if (view.cells.length === 0) grid.replaceChildren(node('caption', {}, 'This sheet is empty.'));
  $('charts').replaceChildren(...view.charts.map(drawChart));
}

/**
 * One email as its recipient's mail program shows it: the HTML part in a sandboxed frame (no
 * scripts, no forms; a link opens in a new tab, as a click in a mail program does).
 */
async function showEmail(id: string): Promise<void> {
  const email = await api<{
    from: string;
    to: string[];
    replyTo: string[];
    subject: string;
    html: string | null;
    text: string | null;
    attachments: { name: string; bytes: number; url: string }[];
  }>(`/api/mailbox/${encodeURIComponent(id)}`);
  $('email-subject').textContent = email.subject;
  $('email-headers').textContent =
    `From: ${email.from}\nTo: ${email.to.join(', ')}${email.replyTo.length > 0 ? `\nReply-To: ${email.replyTo.join(', ')}` : ''}`;
  $('email-attachments').replaceChildren(
    ...email.attachments.map((a) =>
      node('a', { href: a.url, target: '_blank', class: 'email-attachment' }, `Attached: ${a.name} (${Math.ceil(a.bytes / 1024)} KB)`),
    ),
  );
  $('email-attachments').hidden = email.attachments.length === 0;
  const frame = $<HTMLIFrameElement>('email-frame');
  frame.srcdoc = `<base target="_blank">${email.html ?? `<pre style="white-space:pre-wrap;font-family:Arial,sans-serif">${escapeText(email.text ?? '')}</pre>`}`;
  $('email').hidden = false;
}

const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);

/** What SES receiving would hand the inbound function for an email: the customer answering it, or their out-of-office. */
function replyButtons(e: { id: string; to: string[]; subject: string }): HTMLButtonElement[] {
  return (['reply', 'auto-reply'] as const).map((kind) => {
    const button = node(
      'button',
      {
        type: 'button',
        class: 'reply-as-customer',
        'data-kind': kind,
        'aria-label': `${kind === 'reply' ? 'Reply' : 'Send an out-of-office'} as ${e.to.join(', ')} to ${e.subject}`,
      },
      kind === 'reply' ? 'Reply as the customer' : 'Auto-reply',
    );
    button.addEventListener('click', () => {
      void busy(kind === 'reply' ? 'Replying as the customer' : 'Sending an out-of-office', async () => {
        const result = await api<{ recorded: number; autoReplies: number; dropped: number; from: string }>('/api/reply', {
          messageId: e.id,
          kind,
        });
        toast(
          result.recorded > 0
            ? `${result.from} replied: the reply is on the invoice's timeline, their reminders are paused ("your turn"), and the team got a copy.`
            : result.autoReplies > 0
              ? `${result.from}'s out-of-office was recorded; nothing was paused.`
              : 'The reply was dropped: see the log.',
        );
        await drawAll();
      });
    });
    return button;
  });
}

async function drawMailbox(): Promise<void> {
  const { emails } = await api<{
    emails: {
      id: string;
      to: string[];
      subject: string;
      attachments: number;
      sentAt: string | null;
      recipientZone: string | null;
      replyable: boolean;
    }[];
  }>('/api/mailbox');
  const list = $('mailbox');
  if (emails.length === 0) {
    $('mail-count').textContent = '';
    list.replaceChildren(
      node(
        'li',
        { class: 'empty' },
        'No email sent yet. Reminders go out in business hours once an invoice reaches a step of the ladder; move the clock to see them.',
      ),
    );
    return;
  }
  list.replaceChildren(
    ...emails.map((e) => {
      const item = node('li', { 'data-message-id': e.id });
      // When it went by the workbench's clock, in the spreadsheet's zone as the clock above shows it.
      // A recipient whose row names another zone also gets the time on their own clock.
      const at = (iso: string, timeZone: string) =>
        new Date(iso).toLocaleString('en-US', {
          timeZone,
          weekday: 'short',
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        });
      const theirs =
        e.sentAt && e.recipientZone && e.recipientZone !== state.timeZone
          ? ` (${new Date(e.sentAt).toLocaleTimeString('en-US', { timeZone: e.recipientZone, hour: '2-digit', minute: '2-digit' })} theirs, ${e.recipientZone})`
          : '';
      const when = e.sentAt ? node('time', { datetime: e.sentAt, class: 'sent-at' }, `${at(e.sentAt, state.timeZone)}${theirs}`) : '';
      const text = node(
        'span',
        {},
        `${e.to.join(', ')}: ${e.subject}${e.attachments > 0 ? ` (${e.attachments} attachment${e.attachments === 1 ? '' : 's'})` : ''}`,
      );
      // What SES would report later: the ses-events handler gets the same notification.
      const events = (['Delivery', 'Bounce', 'Complaint'] as const).map((kind) => {
        const button = node(
          'button',
          {
            type: 'button',
            class: 'ses-event',
            'data-kind': kind,
            'aria-label': `Simulate a ${kind.toLowerCase()} of this email to ${e.to.join(', ')}`,
          },
          kind === 'Delivery' ? 'Delivered' : kind,
        );
        button.addEventListener('click', () => {
          void busy(`Delivering SES's ${kind.toLowerCase()} notification`, async () => {
            const result = await api<{ to: string }>('/api/ses-event', { messageId: e.id, kind });
            toast(
              kind === 'Delivery'
                ? `Delivery to ${result.to} recorded in the audit trail.`
                : `${kind === 'Bounce' ? 'Permanent bounce' : 'Complaint'} from ${result.to} recorded: the address is suppressed and its invoices' reminders are paused until the contact is fixed.`,
            );
            await drawAll();
          });
        });
        return button;
      });
      const open = node(
        'button',
        { type: 'button', class: 'open-email', 'aria-label': `Open the email to ${e.to.join(', ')}: ${e.subject}` },
        'Open',
      );
      open.addEventListener('click', () => void showEmail(e.id));
      item.append(when, text, open, ...(e.replyable ? replyButtons(e) : []), ...events);
      return item;
    }),
  );
  $('mail-count').textContent = `(${emails.length})`;
}

async function drawAll(): Promise<void> {
  state = await api<State>('/api/state');
  const now = new Date(state.now);
  $('clock').textContent =
    `${now.toLocaleString('en-US', { timeZone: state.timeZone, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })} (${state.timeZone})`;
  if (!state.sheets.includes(current)) current = state.active;
  $('tabs').replaceChildren(
    ...state.sheets.map((name) => {
      const tab = node('button', { type: 'button', role: 'tab', 'aria-selected': String(name === current) }, name);
      tab.addEventListener('click', () => {
        current = name;
        void drawAll();
      });
      return tab;
    }),
  );
  $('menu').replaceChildren(
    ...state.menu.map((item) => {
      const button = node('button', { type: 'button', 'data-function': item.functionName }, item.caption);
      button.addEventListener('click', () => {
        void busy(item.caption, async () => {
          const outcome = await api<Shown>('/api/menu', { functionName: item.functionName });
          await drawAll();
          showOutcome(outcome);
        });
      });
      return button;
    }),
  );
  $<HTMLAnchorElement>('ses-link').href = state.sesUrl;
  $('publish-dns').hidden = !state.teamsDns;
  await Promise.all([drawSheet(), drawMailbox()]);
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-hours]')) {
  button.addEventListener('click', () => {
    const hours = Number(button.dataset.hours);
    const label = `Moving the clock ${button.textContent ?? ''}, running the hourly sync and the dispatcher at every hour`;
    void busy(label, async () => {
      // A day per request, so the page can say how far it has got and the mailbox fills as it goes.
      let emails = 0;
      for (let done = 0; done < hours; done += 24) {
        if (hours > 24) $('busy').textContent = `${label}: day ${done / 24 + 1} of ${Math.ceil(hours / 24)}…`;
        const result = await api<{ dispatched: { emails: number } }>('/api/clock', { hours: Math.min(24, hours - done) });
        emails += result.dispatched.emails;
        if (hours > 24) await drawMailbox();
      }
      await drawAll();
      refreshSidebar();
      toast(emails > 0 ? `The dispatcher sent ${emails} email${emails === 1 ? '' : 's'}.` : 'The dispatcher sent nothing this time.');
    });
  });
}
$('publish-dns').addEventListener('click', () => {
  void busy("Publishing the team's DKIM records at its DNS host", async () => {
    try {
      const { domains } = await api<{ domains: string[] }>('/api/dns/publish', {});
      toast(
        domains.length > 0
          ? `Published the DKIM records of ${domains.join(', ')}. The email service finds them on its next check (Settings: Check now).`
          : 'No sending domain is waiting for its records: name an address under Settings > Team and letters first.',
      );
    } catch (error) {
      toast(error instanceof Error ? error.message : String(error));
    }
  });
});
$('alert-ok').addEventListener('click', () => ($('alert').hidden = true));
$('sidebar-close').addEventListener('click', () => ($('sidebar').hidden = true));
$('dialog-close').addEventListener('click', () => ($('dialog').hidden = true));
$('email-close').addEventListener('click', () => ($('email').hidden = true));
window.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
  if (event.data?.type !== 'dunning-desk:close') return;
  if (event.source === $<HTMLIFrameElement>('dialog-frame').contentWindow) {
    $('dialog').hidden = true;
    void drawAll();
  } else $('sidebar').hidden = true;
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') $('alert').hidden = true;
});

void drawAll();
