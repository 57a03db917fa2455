/**
 * The sidebar: the selected row's invoice, what the ladder says to do next, its reminders, a
 * form to log a contact, and the invoice's whole history. The sheet's row is read first (fast,
 * no network); the backend's part follows with its own progress line, so a slow or absent
 * backend never hides the card.
 */
import { customerSection } from './customer-section';
import { promiseSection } from './promise-section';
import { worklistPanel } from './worklist-panel';
import { selectionPanel } from './selection-panel';
import { signUpCard } from './sign-up-card';
import type { InvoiceActivityView, SelectedInvoiceView, SidebarResult } from '../../shared/api/sidebar-contract';
import { CalendarDate } from '../../shared/time/calendar-date';
import { instantAt } from '../../shared/time/time-zone';
import { contactForm } from './contact-form';
import { el } from './dom';
import { newRequestId } from './forms';
import { invoiceCard, messageCard } from './invoice-card';
import { evidenceSection } from './evidence-section';
import { statementSection } from './statement-section';
import { disputeSection } from './dispute-section';
import { letterForm } from './letter-form';
import { nextStepSection, type ReminderHandlers, remindersSection } from './reminders-panel';
import { server } from './server';
import { timeline } from './timeline';
import { zonedTimes } from './zoned-time';

type InvoiceView = Extract<SelectedInvoiceView, { state: 'invoice' }>;

const content = document.getElementById('content') as HTMLElement;
const refresh = document.getElementById('refresh') as HTMLButtonElement;
const status = document.getElementById('status') as HTMLElement;
let lastKey: string | undefined;
const failureText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The ladder's step names by id, for the timeline. */
const stepLabels = (activity: InvoiceActivityView) => Object.fromEntries(activity.reminders.steps.map((s) => [s.stepId, s.label]));

function render(view: SelectedInvoiceView): HTMLElement {
  switch (view.state) {
    case 'invoice':
      return invoiceCard(view);
    case 'header-row':
      return messageCard('Select an invoice', [
        `Row ${view.row} is the ledger's header. Click any invoice row below it; the sidebar follows.`,
      ]);
    case 'not-an-invoice':
      return messageCard(`Row ${view.row} is not an invoice`, [
        ...view.reasons,
        'Click a row with an invoice number and a due date; the sidebar follows.',
      ]);
    case 'other-sheet':
      return messageCard(`"${view.sheetName}" is not the ledger`, [
        `Your invoices are on "${view.ledgerSheet}". Click an invoice row there; the sidebar follows.`,
        `If your invoices are on this sheet now, choose it as the ledger's sheet in Dunning Desk > Settings.`,
      ]);
    case 'no-ledger':
      return messageCard(`No ledger found on "${view.sheetName}"`, [
        view.message,
        'Open the sheet that holds your invoices and try again.',
      ]);
  }
}

/** The backend's part for one invoice: next step, reminders, the form and the timeline. */
async function loadActivity(view: InvoiceView, into: HTMLElement): Promise<void> {
  const activity = await fetchActivity(view.invoice.invoiceNumber, into);
  if (!activity) return;
  const note = el('p', { class: 'saved', role: 'status', 'aria-live': 'polite' });
  const reload = async (message: string) => {
    await loadActivity(view, into);
    into.prepend(el('p', { class: 'saved', role: 'status' }, message));
  };
  const act = async (form: Parameters<typeof server.actOnReminders>[0], done: string) => {
    note.textContent = 'Saving…';
    try {
      const answer = await server.actOnReminders(form);
      if (!answer.ok) {
        note.textContent = answer.error.message;
        return;
      }
      await reload(done);
    } catch (error) {
      note.textContent = `Not saved: ${failureText(error)}`;
    }
  };
  const ctx: ActivityContext = { view, activity, into, note, reload, act };
  const { form, letters } = activityForms(ctx);
  const handlers = reminderHandlers(ctx, form, letters);
  into.replaceChildren(note, ...activitySections(ctx, handlers, form, letters));
}

/** What the parts of one invoice's activity share: the card, the backend's answer, the status line, and how to save and reload. */
interface ActivityContext {
  view: InvoiceView;
  activity: InvoiceActivityView;
  into: HTMLElement;
  note: HTMLElement;
  reload: (message: string) => Promise<void>;
  act: (form: Parameters<typeof server.actOnReminders>[0], done: string) => Promise<void>;
}

/** The activity from the backend, or a card saying why there is none (no backend, not synced, unreachable). */
async function fetchActivity(invoiceNumber: string, into: HTMLElement): Promise<InvoiceActivityView | undefined> {
  into.replaceChildren(el('p', { class: 'hint', role: 'status' }, 'Loading the history and reminders…'));
  let result: SidebarResult<InvoiceActivityView>;
  try {
    result = await server.getInvoiceActivity(invoiceNumber);
  } catch (error) {
    into.replaceChildren(messageCard('Could not reach the backend', [failureText(error), 'Try Refresh in a moment.']));
    return undefined;
  }
  if (!result.ok && result.error.code === 'no-team') {
    const invitation = await server.getTeamInvitation().catch(() => undefined);
    into.replaceChildren(
      signUpCard(result.error.message, () => refresh.click(), invitation?.ok ? (invitation.data ?? undefined) : undefined),
    );
    return undefined;
  }
  if (!result.ok) {
    const title =
      result.error.code === 'no-backend'
        ? 'No backend yet'
        : result.error.code === 'not-synced'
          ? 'Not synced yet'
          : 'Could not load the history';
    into.replaceChildren(messageCard(title, [result.error.message]));
    return undefined;
  }
  return result.data;
}

/** The contact form and the letter form, each saving through the server and reloading the activity. */
function activityForms({ view, activity, into, reload }: ActivityContext) {
  const { invoiceNumber } = view.invoice;
  const form = contactForm({
    invoiceNumber,
    balance: view.invoice.balance,
    disputeReasons: activity.disputeReasons,
    async save(value) {
      const answer = await server.logContact(value);
      if (!answer.ok) return { message: answer.error.message, ...(answer.error.fields && { fields: answer.error.fields }) };
      await reload(`Saved. ${answer.data.automation}`);
      return undefined;
    },
  });
  const letters = letterForm({
    invoiceNumber,
    customer: view.invoice.customer,
    presumes: (stage) => {
      const demanded = activity.events.some(
        (e) => (e.type === 'letter.generated' || e.type === 'letter.included') && e.data.stage === 'formal_demand',
      );
      return stage === 'final_notice' && !demanded
        ? `No formal demand is on record for ${invoiceNumber}. A final notice normally follows one; this one will not mention a demand. Make the final notice anyway?`
        : undefined;
    },
    async make(value) {
      const answer = await server.generateLetter(value);
      if (!answer.ok) return { ok: false, message: answer.error.message, ...(answer.error.fields && { fields: answer.error.fields }) };
      // The timeline gains the letter; the form's result stays visible above it.
      void server.getInvoiceActivity(invoiceNumber).then((fresh) => {
        if (fresh.ok)
          into
            .querySelector('#timeline-title')
            ?.parentElement?.replaceWith(timeline(fresh.data.events, fresh.data.moreEvents, stepLabels(fresh.data)));
      });
      return { ok: true, saved: answer.data };
    },
    async email(value) {
      const answer = await server.emailLetter(value);
      if (!answer.ok) return answer.error.message;
      const { to, sendAt, fileName } = answer.data;
      await reload(
        `${fileName} will be emailed to ${to} from ${zonedTimes(sendAt, activity.userTimeZone, activity.reminders.debtorTimeZone)}, as soon as their business hours and your limit on emails to them allow.`,
      );
      return undefined;
    },
  });
  return { form, letters };
}

/** What each button of the next step and the reminders does: confirm where it sends or discards, then act. */
function reminderHandlers(
  { view, activity, note, act, reload }: ActivityContext,
  form: ReturnType<typeof contactForm>,
  letters: ReturnType<typeof letterForm>,
): ReminderHandlers {
  const { invoiceNumber } = view.invoice;
  return {
    pause: (until) =>
      void act(
        { requestId: newRequestId('reminders'), invoiceNumber, action: 'pause', ...(until && { until }) },
        until ? `Reminders paused until ${until}.` : 'Reminders paused.',
      ),
    resume: () => void act({ requestId: newRequestId('reminders'), invoiceNumber, action: 'resume' }, 'Reminders resumed.'),
    cancel: (stepId, label) => {
      if (!window.confirm(`Cancel the step "${label}" for ${invoiceNumber}? The ladder moves on to the next step.`)) return;
      void act({ requestId: newRequestId('reminders'), invoiceNumber, action: 'cancel', reminderId: stepId }, `"${label}" cancelled.`);
    },
    dismiss: (stepId, label) => {
      const why = window.prompt(`Dismiss "${label}" for ${invoiceNumber} without doing it? Say why (kept on the audit trail):`, '');
      if (why === null) return;
      if (!why.trim()) {
        note.textContent = 'Nothing was dismissed: say why, so the trail shows it.';
        return;
      }
      void act(
        { requestId: newRequestId('reminders'), invoiceNumber, action: 'dismiss', reminderId: stepId, note: why.trim() },
        `"${label}" dismissed.`,
      );
    },
    reject: (stepId, label) => {
      const why = window.prompt(
        `Reject "${label}" for ${invoiceNumber}? It is never sent, and the ladder moves on to the next step. Say why if you like (kept on the audit trail):`,
        '',
      );
      if (why === null) return;
      void act(
        {
          requestId: newRequestId('reminders'),
          invoiceNumber,
          action: 'reject',
          reminderId: stepId,
          ...(why.trim() && { note: why.trim() }),
        },
        `"${label}" rejected: it will not be sent.`,
      );
    },
    approve: (stepId, label) =>
      void act(
        { requestId: newRequestId('reminders'), invoiceNumber, action: 'approve', reminderId: stepId },
        `"${label}" approved: it goes at its time, within business hours and your limit on emails.`,
      ),
    sendNow: (stepId, label) => {
      const to = view.invoice.contactEmail;
      if (!to) {
        note.textContent = 'This row has no contact email, so nothing can be sent.';
        return;
      }
      if (
        !window.confirm(
          `Send "${label}" to ${to} now? It goes out within minutes if it is business hours for them and your limit on emails to them allows; otherwise at the first moment it may. A step held for review is approved by this.`,
        )
      )
        return;
      void act(
        { requestId: newRequestId('reminders'), invoiceNumber, action: 'send_now', reminderId: stepId },
        `"${label}" will go to ${to} with the next run.`,
      );
    },
    sendAgain: (stepId, label) => {
      const to = view.invoice.contactEmail;
      if (!to) {
        note.textContent = 'This row has no contact email, so nothing can be sent.';
        return;
      }
      if (
        !window.confirm(
          `The email service refused "${label}", so it was not sent. Send it to ${to} again? Do this once the cause shown on the step is mended.`,
        )
      )
        return;
      void act(
        { requestId: newRequestId('reminders'), invoiceNumber, action: 'send_now', reminderId: stepId },
        `"${label}" will go to ${to} with the next run.`,
      );
    },
    reschedule: (stepId, label, on) => {
      const day = CalendarDate.safeParse(on);
      if (!day.success) {
        note.textContent = 'Pick the new day first.';
        return;
      }
      // Midnight that day in the debtor's zone: the backend moves it to the first business-hours slot.
      const sendAt = new Date(instantAt(day.data, 0, activity.reminders.debtorTimeZone)).toISOString();
      void act(
        { requestId: newRequestId('reminders'), invoiceNumber, action: 'reschedule', reminderId: stepId, sendAt },
        `"${label}" moved to ${on}.`,
      );
    },
    refer: async (agency, reference) => {
      try {
        const answer = await server.referInvoice({
          requestId: newRequestId('referral'),
          invoiceNumber,
          agency,
          ...(reference && { reference }),
        });
        if (!answer.ok) return answer.error.message;
        await reload(`Referred to ${agency}. ${answer.data.automation}`);
        return undefined;
      } catch (error) {
        return `Not recorded: ${failureText(error)}`;
      }
    },
    logCall: () => form.focus('call'),
    makeLetter: (stage) => letters.focus(stage),
    sendTest: async (stepId, label) => {
      if (
        !window.confirm(
          `Send a test of "${label}" to you (${activity.userEmail})? It goes to you alone, marked as a test; the customer gets nothing.`,
        )
      )
        return undefined;
      try {
        const answer = await server.sendTestReminder(invoiceNumber, stepId);
        return answer.ok ? `Test sent to ${answer.data.to}.` : answer.error.message;
      } catch (error) {
        return `Not sent: ${failureText(error)}`;
      }
    },
    preview: async (stepId) => {
      try {
        const answer = await server.previewReminder(invoiceNumber, stepId);
        return answer.ok ? answer.data : answer.error.message;
      } catch (error) {
        return failureText(error);
      }
    },
  };
}

/** The sections below the status line, top to bottom as the sidebar shows them. */
function activitySections(
  { view, activity, note, reload }: ActivityContext,
  handlers: ReminderHandlers,
  form: ReturnType<typeof contactForm>,
  letters: ReturnType<typeof letterForm>,
): Node[] {
  const { invoiceNumber } = view.invoice;
  return [
    ...(activity.behaviour
      ? [el('p', { class: 'behaviour', role: 'note' }, el('strong', {}, `${view.invoice.customer}: `), activity.behaviour.summary)]
      : []),
    ...(activity.reminders.dispute
      ? [
          disputeSection(activity.reminders.dispute, invoiceNumber, async (value) => {
            try {
              const answer = await server.resolveDispute(value);
              if (!answer.ok) return answer.error.message;
              await reload(`Dispute resolved. ${answer.data.automation}`);
              return undefined;
            } catch (error) {
              return `Not saved: ${failureText(error)}`;
            }
          }),
        ]
      : []),
    ...(activity.reminders.promise
      ? [
          promiseSection(activity.reminders.promise, invoiceNumber, async (value) => {
            try {
              const answer = await server.changePromise(value);
              if (!answer.ok)
                return answer.error.fields
                  ? `${answer.error.message} ${Object.entries(answer.error.fields)
                      .map(([f, m]) => `${PROMISE_FIELDS[f] ?? f}: ${m}`)
                      .join('; ')}`
                  : answer.error.message;
              await reload(`${value.action === 'withdraw' ? 'Promise withdrawn' : 'Promise corrected'}. ${answer.data.automation}`);
              return undefined;
            } catch (error) {
              return `Not saved: ${failureText(error)}`;
            }
          }),
        ]
      : []),
    nextStepSection(activity.reminders, handlers),
    form.element,
    customerSection(view.invoice.customer, activity.reminders.customerHold, {
      async hold(value) {
        try {
          const answer = await server.holdCustomer(value);
          if (!answer.ok) return answer.error.message;
          const count = `${answer.data.invoices} invoice${answer.data.invoices === 1 ? '' : 's'}`;
          await reload(`${HOLD_SAID[String(value.action)] ?? 'Saved'} for ${value.customer} (${count} now; rows added later too).`);
          return undefined;
        } catch (error) {
          return `Not saved: ${failureText(error)}`;
        }
      },
    }),
    remindersSection(activity.reminders, activity.userTimeZone, handlers),
    letters.element,
    statementSection({
      invoiceNumber,
      customer: view.invoice.customer,
      newRequestId: () => newRequestId('statement'),
      async make(form) {
        const answer = await server.makeStatement(form);
        return answer.ok ? answer.data : answer.error.message;
      },
    }),
    evidenceSection({
      invoiceNumber,
      customer: view.invoice.customer,
      async make(form) {
        const answer = await server.exportEvidence(form);
        return answer.ok ? answer.data : answer.error.message;
      },
    }),
    timeline(activity.events, activity.moreEvents, stepLabels(activity), (seq) => {
      const reason = window.prompt(
        'Why withdraw this contact? It stays in the timeline, marked withdrawn, with your reason. A promise or dispute saved with it has its own way back.',
      );
      if (!reason?.trim()) return;
      void server
        .reverseContact({ requestId: newRequestId('reverse'), invoiceNumber, seq, reason: reason.trim() })
        .then((answer) =>
          answer.ok ? reload(`Contact withdrawn. ${answer.data.automation}`) : void (note.textContent = answer.error.message),
        )
        .catch((error: unknown) => void (note.textContent = `Not saved: ${failureText(error)}`));
    }),
  ];
}

/** The promise form's fields as its labels say them. */
const PROMISE_FIELDS: Record<string, string> = { promisedFor: 'Pay by', amount: 'Amount' };

const HOLD_SAID: Record<string, string> = {
  pause: 'Reminders paused',
  resume: 'Reminders resumed',
  bankruptcy: 'Bankruptcy recorded',
  lift_bankruptcy: 'Bankruptcy lifted',
  do_not_contact: 'Do not contact recorded',
  allow_contact: 'Contact allowed again',
};

/** The selected rows' panel, or a card saying why they could not be read. */
async function selectionSection(): Promise<HTMLElement> {
  const rows = await server.getSelectedRows();
  if (!rows.ok) return messageCard('The selected rows could not be read', [rows.error.message]);
  return selectionPanel(rows.data, {
    newRequestId: () => newRequestId('selection'),
    act: async (form) => {
      try {
        const answer = await server.actOnSelection(form);
        if (!answer.ok) return answer.error.message;
        void loadWorklist(false);
        return answer.data;
      } catch (error) {
        return failureText(error);
      }
    },
  });
}

async function load(): Promise<void> {
  refresh.setAttribute('aria-busy', 'true');
  status.textContent = 'Reading the selected row…';
  // Which row this read is for, so the selection poll compares against what is shown.
  const key = server.getSelectionKey().then(
    (k) => (lastKey = k),
    () => undefined,
  );
  try {
    const result = await server.getSelectedInvoice();
    // A block of rows selected ("Ledger!7:3-9"): one action on them all, above the active row's card.
    const block = (await key)?.includes(':') ? await selectionSection() : undefined;
    if (!result.ok) {
      content.replaceChildren(messageCard('Something went wrong', [result.error.message]));
      return;
    }
    const view = result.data;
    const activity = el('div', { id: 'activity' });
    content.replaceChildren(...(block ? [block] : []), render(view), ...(view.state === 'invoice' ? [activity] : []));
    status.textContent = '';
    if (view.state === 'invoice') await loadActivity(view, activity);
  } catch (error) {
    content.replaceChildren(messageCard('Could not reach the sheet', [failureText(error), 'Try Refresh in a moment.']));
  } finally {
    status.textContent = '';
    refresh.removeAttribute('aria-busy');
  }
}

// A Refresh while a read is under way is not lost: it reads again once that one ends, so the
// card always ends on the row selected last.
let loading: Promise<void> | undefined;
let again = false;
function reload(): void {
  if (loading) {
    again = true;
    return;
  }
  loading = load().finally(() => {
    loading = undefined;
    if (again) {
      again = false;
      reload();
    }
  });
}

refresh.addEventListener('click', reload);
reload();

const worklistToggle = document.getElementById('worklist-toggle') as HTMLButtonElement;
const worklistBox = document.getElementById('worklist') as HTMLElement;
function showWorklist(shown: boolean): void {
  worklistBox.hidden = !shown;
  content.hidden = shown;
  worklistToggle.setAttribute('aria-expanded', String(shown));
  worklistToggle.textContent = shown
    ? 'Back to the invoice'
    : worklistToggle.dataset.count
      ? `Your turn (${worklistToggle.dataset.count})`
      : 'Your turn';
}
// `show`: the worklist is on screen, so its progress and errors are shown in it. Whether it stays
// on screen is the person's last click, never the read's: a read that ends after they closed it
// must not open it again over the invoice.
async function loadWorklist(show: boolean): Promise<void> {
  if (show) worklistBox.replaceChildren(el('p', { class: 'hint', role: 'status' }, 'Reading the ledger: what waits for you…'));
  try {
    const answer = await server.getWorklist();
    if (!answer.ok) {
      if (show) worklistBox.replaceChildren(messageCard('The worklist could not be read', [answer.error.message]));
      return;
    }
    worklistToggle.dataset.count = String(answer.data.items.length);
    worklistBox.replaceChildren(
      worklistPanel(
        answer.data,
        (item) => {
          void server
            .goToRow(item.row)
            .then((moved) => {
              if (!moved.ok) {
                status.textContent = moved.error.message;
                return;
              }
              showWorklist(false);
              reload();
            })
            .catch((error: unknown) => (status.textContent = `Could not open row ${item.row}: ${failureText(error)}`));
        },
        () => {
          void server
            .approveDueToday(newRequestId('approve-all'))
            .then((approved) => {
              status.textContent = approved.ok
                ? `${approved.data.approved} step${approved.data.approved === 1 ? '' : 's'} approved (${approved.data.invoices.join(', ') || 'none due today'}).`
                : approved.error.message;
              void loadWorklist(true);
            })
            .catch((error: unknown) => (status.textContent = `Nothing approved: ${failureText(error)}`));
        },
      ),
    );
    showWorklist(!worklistBox.hidden);
  } catch (error) {
    if (show) worklistBox.replaceChildren(messageCard('The worklist could not be read', [failureText(error)]));
  }
}
worklistToggle.addEventListener('click', () => {
  if (worklistBox.hidden) {
    showWorklist(true);
    void loadWorklist(true);
  } else showWorklist(false);
});
// The count on the button, once, when the sidebar opens.
void loadWorklist(false);

/**
 * Follows the selection: every few seconds while the sidebar is visible, asks which row is
 * selected (a few cheap calls on the server, no ledger read) and reads the invoice again only when it changed.
 * Apps Script has no selection event for sidebars; polling is how add-ons follow it.
 */
const FOLLOW_EVERY_MS = 2500;
async function follow(): Promise<void> {
  if (document.visibilityState === 'visible' && !loading) {
    try {
      const key = await server.getSelectionKey();
      if (lastKey !== undefined && key !== lastKey) reload();
      else lastKey = key;
    } catch {
      // The next tick tries again; a failing server shows itself on Refresh.
    }
  }
  window.setTimeout(() => void follow(), FOLLOW_EVERY_MS);
}
void follow();
