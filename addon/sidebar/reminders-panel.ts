import type { RemindersResponse } from '../../shared/api/contract';
import type { LetterStage } from '../../shared/escalation/ladder';
import { el } from './dom';
import { zonedTimes } from './zoned-time';

const ACTIONS: Record<string, string> = { email: 'email', letter: 'letter to send', call: 'call to make', referral: 'referral to decide' };
const STATES: Record<string, string> = {
  PLANNED: 'Planned',
  TASK: 'For you',
  DONE: 'Done',
  PENDING: 'Scheduled',
  AWAITING_APPROVAL: 'Awaiting your approval',
  SENDING: 'Sending',
  SENT: 'Sent',
  CANCELLED: 'Cancelled',
  SKIPPED: 'Skipped',
  FAILED: 'Failed',
  UNKNOWN: 'Unconfirmed',
  NEEDS_REVIEW: 'Needs review',
};

export interface ReminderHandlers {
  pause(until: string | undefined): void;
  resume(): void;
  cancel(stepId: string, label: string): void;
  /** In review mode: lets a held step go at its time. */
  approve(stepId: string, label: string): void;
  /** In review mode: the held step is never sent; the ladder moves on. */
  reject(stepId: string, label: string): void;
  /** A call or letter whose day came, not done: dismissed with why. */
  dismiss(stepId: string, label: string): void;
  /** Asks first, naming the recipient; the send still keeps to business hours and the cap. */
  sendNow(stepId: string, label: string): void;
  /** A step the email service refused (NEEDS_REVIEW, certainly not sent): once more. */
  sendAgain(stepId: string, label: string): void;
  /** To the first business-hours slot on that day in the debtor's zone. */
  reschedule(stepId: string, label: string, on: string): void;
  logCall(): void;
  /** Opens the letter form on this letter. */
  makeLetter(stage: LetterStage | undefined): void;
  /** Refers the invoice to an agency; undefined when recorded, else the backend's reason. */
  refer(agency: string, reference: string): Promise<string | undefined>;
  /** Sends the step's email to the user alone (after asking); says what happened. */
  sendTest(stepId: string, label: string): Promise<string | undefined>;
  /** The email as it will be sent, or why it cannot be shown. */
  preview(stepId: string): Promise<{ to?: string; subject: string; text: string; attachment?: string } | string>;
}

/** What the ladder suggests now, one click from doing it. */
export function nextStepSection(reminders: RemindersResponse, handlers: ReminderHandlers): HTMLElement {
  const section = el('section', { class: 'section', 'aria-labelledby': 'next-title' }, el('h2', { id: 'next-title' }, 'Next step'));
  const { next, automation } = reminders;
  if (!automation.running)
    section.append(
      el('p', { class: 'stopped', role: 'note' }, `Automated reminders are stopped: ${automation.reason ?? 'no reason given'}.`),
    );
  if (!next) {
    if (automation.running) section.append(el('p', { class: 'hint' }, 'The ladder has nothing more to do for this invoice.'));
    return section;
  }
  const kind = ACTIONS[next.action] ?? next.action;
  section.append(el('p', { class: 'next' }, `${next.label} (${kind}) ${next.due ? 'is due now' : `on ${next.on}`}.`));
  if (next.action === 'call' || next.action === 'letter') {
    const button = el('button', { type: 'button', class: 'primary' }, next.action === 'call' ? 'Log the call' : 'Make the letter');
    button.addEventListener('click', () => (next.action === 'call' ? handlers.logCall() : handlers.makeLetter(next.stage)));
    section.append(button);
  }
  if (next.action === 'referral') section.append(referralForm(handlers));
  return section;
}

/** Who the debt goes to and their reference; the backend refuses it until a final notice's deadline has passed. */
function referralForm(handlers: ReminderHandlers): HTMLElement {
  const agency = el('input', { type: 'text', id: 'referral-agency', maxlength: '200', autocomplete: 'organization' }) as HTMLInputElement;
  const reference = el('input', { type: 'text', id: 'referral-reference', maxlength: '100' }) as HTMLInputElement;
  const said = el('p', { role: 'status', 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Record the referral') as HTMLButtonElement;
  const form = el(
    'form',
    { class: 'sub', novalidate: '' },
    el('div', { class: 'field', 'data-field': 'agency' }, el('label', { for: 'referral-agency' }, 'Collection agency'), agency),
    el(
      'div',
      { class: 'field', 'data-field': 'reference' },
      el('label', { for: 'referral-reference' }, 'Their reference (optional)'),
      reference,
    ),
    el('div', { class: 'actions' }, submit),
    said,
  ) as HTMLFormElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!agency.value.trim()) {
      said.className = 'form-error';
      said.textContent = 'Name the agency the debt goes to.';
      agency.setAttribute('aria-invalid', 'true');
      agency.focus();
      return;
    }
    if (
      !window.confirm(
        `Refer this invoice to ${agency.value.trim()}? Your own reminders stop, and the referral is recorded on the audit trail.`,
      )
    )
      return;
    submit.disabled = true;
    said.className = '';
    said.textContent = 'Recording the referral…';
    void handlers
      .refer(agency.value.trim(), reference.value.trim())
      .then((refused) => {
        if (refused === undefined) return;
        said.className = 'form-error';
        said.textContent = refused;
      })
      .finally(() => (submit.disabled = false));
  });
  return form;
}

/** The ladder with dates in the user's and the debtor's zones; pause, resume, cancel a step. */
export function remindersSection(reminders: RemindersResponse, userTimeZone: string, handlers: ReminderHandlers): HTMLElement {
  const section = el(
    'section',
    { class: 'section', 'aria-labelledby': 'reminders-title' },
    el('h2', { id: 'reminders-title' }, 'Reminders'),
    ...(reminders.paymentLink
      ? [
          el(
            'p',
            { class: 'hint pay-link' },
            'Emails and letters offer payment online at ',
            // Checked where it came from: https only, one line, no quotes or angle brackets.
            el('a', { href: reminders.paymentLink, target: '_blank', rel: 'noopener noreferrer' }, reminders.paymentLink),
          ),
        ]
      : []),
  );
  const debtorZone = reminders.debtorTimeZone;
  const list = el('ol', { class: 'ladder' });
  for (const step of reminders.steps) {
    const times = step.sendAt ? zonedTimes(step.sendAt, userTimeZone, debtorZone) : step.on;
    const item = el(
      'li',
      { class: `step state-${step.state.toLowerCase()}` },
      el('div', { class: 'event-title' }, `${step.label} `, el('span', { class: 'state' }, STATES[step.state] ?? step.state)),
      el('div', { class: 'event-detail' }, `${ACTIONS[step.action] ?? step.action} · ${times}`),
      ...(step.reason ? [el('div', { class: 'event-detail' }, step.reason)] : []),
    );
    if (step.action === 'email' && (step.state === 'PLANNED' || step.state === 'PENDING' || step.state === 'AWAITING_APPROVAL')) {
      const shown = el('div', { class: 'preview', hidden: '' });
      const button = el(
        'button',
        { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-label': `Preview the email ${step.label}` },
        'Preview',
      ) as HTMLButtonElement;
      button.addEventListener('click', () => {
        if (!shown.hidden) {
          shown.hidden = true;
          button.setAttribute('aria-expanded', 'false');
          return;
        }
        button.disabled = true;
        void handlers
          .preview(step.stepId)
          .then((email) => {
            shown.replaceChildren(
              ...(typeof email === 'string'
                ? [el('p', { class: 'field-error' }, email)]
                : [
                    el('div', {}, `To: ${email.to ?? 'no address on the row'}`),
                    el('div', { class: 'event-title' }, `Subject: ${email.subject}`),
                    ...(email.attachment
                      ? [
                          el(
                            'div',
                            { class: 'attachment' },
                            `Attached: ${email.attachment} (the statement of account, made when the email goes)`,
                          ),
                        ]
                      : []),
                    el('pre', { class: 'email-text' }, email.text),
                  ]),
            );
            shown.hidden = false;
            button.setAttribute('aria-expanded', 'true');
          })
          .finally(() => (button.disabled = false));
      });
      const test = el(
        'button',
        { type: 'button', class: 'small', 'aria-label': `Send a test of ${step.label} to yourself` },
        'Send a test to me',
      ) as HTMLButtonElement;
      const said = el('span', { class: 'hint', role: 'status', 'aria-live': 'polite' });
      test.addEventListener('click', () => {
        test.disabled = true;
        void handlers
          .sendTest(step.stepId, step.label)
          .then((message) => (said.textContent = message ?? ''))
          .finally(() => (test.disabled = false));
      });
      item.append(button, test, said, shown);
    }
    if (step.state === 'PENDING' || step.state === 'AWAITING_APPROVAL')
      item.append(stepControls(step.stepId, step.label, step.state === 'AWAITING_APPROVAL', handlers));
    if (step.state === 'NEEDS_REVIEW' && step.notSent) item.append(refusedControls(step.stepId, step.label, handlers));
    if (step.open) {
      const dismiss = el('button', { type: 'button', class: 'small', 'aria-label': `Dismiss ${step.label}` }, 'Dismiss');
      dismiss.addEventListener('click', () => handlers.dismiss(step.stepId, step.label));
      item.append(el('div', { class: 'row step-controls' }, dismiss));
    }
    list.append(item);
  }
  section.append(list);

  const controls = el('div', { class: 'row' });
  if (reminders.automation.running) {
    const until = el('input', { type: 'date', id: 'pause-until', 'aria-label': 'Pause until (optional)' }) as HTMLInputElement;
    const pause = el('button', { type: 'button' }, 'Pause reminders');
    pause.addEventListener('click', () => handlers.pause(until.value || undefined));
    controls.append(el('label', { for: 'pause-until' }, 'Pause until'), until, pause);
  } else if (/paused/.test(reminders.automation.reason ?? '')) {
    const resume = el('button', { type: 'button' }, 'Resume reminders');
    resume.addEventListener('click', () => handlers.resume());
    controls.append(resume);
  }
  section.append(controls);
  return section;
}

/** A step SES refused outright: it did not go, so it may go again once the cause is mended. */
function refusedControls(stepId: string, label: string, handlers: ReminderHandlers): HTMLElement {
  const again = el('button', { type: 'button', class: 'small primary', 'aria-label': `Send ${label} again` }, 'Send again');
  again.addEventListener('click', () => handlers.sendAgain(stepId, label));
  const cancel = el('button', { type: 'button', class: 'small', 'aria-label': `Cancel the step ${label}` }, 'Cancel step');
  cancel.addEventListener('click', () => handlers.cancel(stepId, label));
  return el('div', { class: 'row step-controls' }, again, cancel);
}

/** Approve or reject a held step; send now, reschedule to a day, or cancel one waiting step. */
function stepControls(stepId: string, label: string, held: boolean, handlers: ReminderHandlers): HTMLElement {
  const approve = el('button', { type: 'button', class: 'small primary', 'aria-label': `Approve ${label}` }, 'Approve');
  approve.addEventListener('click', () => handlers.approve(stepId, label));
  const sendNow = el('button', { type: 'button', class: 'small', 'aria-label': `Send ${label} now` }, 'Send now');
  sendNow.addEventListener('click', () => handlers.sendNow(stepId, label));
  const day = el('input', { type: 'date', class: 'small', 'aria-label': `New day for ${label}` }) as HTMLInputElement;
  const move = el('button', { type: 'button', class: 'small', 'aria-label': `Reschedule ${label}` }, 'Reschedule');
  move.addEventListener('click', () => {
    if (!day.value) {
      day.focus();
      day.setAttribute('aria-invalid', 'true');
      return;
    }
    handlers.reschedule(stepId, label, day.value);
  });
  // A held step is rejected (a decision in review), any other cancelled.
  const cancel = held
    ? el('button', { type: 'button', class: 'small', 'aria-label': `Reject ${label}` }, 'Reject')
    : el('button', { type: 'button', class: 'small', 'aria-label': `Cancel the step ${label}` }, 'Cancel step');
  cancel.addEventListener('click', () => (held ? handlers.reject(stepId, label) : handlers.cancel(stepId, label)));
  return el('div', { class: 'row step-controls' }, ...(held ? [approve, cancel] : []), sendNow, day, move, ...(held ? [] : [cancel]));
}
