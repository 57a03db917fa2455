/**
 * Settings > Schedule: the ladder's steps as rows a person edits (the day before or after the due
 * date, what happens, which email, the name the sidebar shows), adds, removes and reorders, and
 * what happens after the last step. The server turns the rows into the ladder and the backend's
 * schema names what the domain refuses, on its row (`schedule.steps.2.does`).
 */
import type { TeamSettingsView } from '../../shared/api/settings-contract';
import { NEW_EMAIL, type ScheduleStepValues, type ScheduleValues, type StepDoes } from '../../shared/escalation/ladder-form';
import { el } from './dom';
import { markEdited } from './unsaved-edits';

const DOES: [StepDoes, string][] = [
  ['email', 'Send an email'],
  ['past_due_notice', 'Past-due notice letter (your turn)'],
  ['formal_demand', 'Formal demand letter (your turn)'],
  ['final_notice', 'Final notice letter (your turn)'],
  ['call', 'Call the customer (your turn)'],
  ['referral', 'Refer to a collection agency (your turn)'],
];

let emails: TeamSettingsView['emails'] = [];
const list = () => document.getElementById('steps') as HTMLOListElement;
const box = (id: string) => document.getElementById(id) as HTMLInputElement;

function picker(id: string, options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  const select = el('select', { id }) as HTMLSelectElement;
  for (const [v, text] of options) select.append(el('option', { value: v }, text));
  select.value = value;
  return select;
}

function emailOptions(): [string, string][] {
  return [
    ...emails.map((e): [string, string] => [e.templateId, e.label]),
    [NEW_EMAIL, 'A new email of its own (word it under Emails once saved)'],
  ];
}

/** A box with its label read out (the column line above the steps shows what each box is). */
function field(name: string, label: string, control: HTMLElement, cls = ''): HTMLElement {
  return el('div', { 'data-field': name, ...(cls && { class: cls }) }, el('label', { for: control.id, class: 'sr-only' }, label), control);
}

function tool(text: string, label: string, action: () => void, disabled = false): HTMLButtonElement {
  const button = el('button', { type: 'button', 'aria-label': label }, text) as HTMLButtonElement;
  button.disabled = disabled;
  button.addEventListener('click', action);
  return button;
}

function stepRow(step: ScheduleStepValues, i: number, count: number): HTMLElement {
  const at = `schedule.steps.${i}`;
  const n = i + 1;
  const days = el('input', { id: `step-${i}-days`, type: 'number', min: '0', max: '730', inputmode: 'numeric' }) as HTMLInputElement;
  days.value = Number.isNaN(step.days) ? '' : String(step.days);
  const when = picker(
    `step-${i}-when`,
    [
      ['after', 'days after due'],
      ['before', 'days before due'],
    ],
    step.when,
  );
  const does = picker(`step-${i}-does`, DOES, step.does);
  const email = field(
    `${at}.templateId`,
    `Step ${n}: which email`,
    picker(`step-${i}-email`, emailOptions(), step.templateId),
    'step-email',
  );
  email.hidden = step.does !== 'email';
  does.addEventListener('change', () => (email.hidden = does.value !== 'email'));
  const name = el('input', {
    id: `step-${i}-label`,
    type: 'text',
    maxlength: '80',
    placeholder: 'Name in the sidebar',
  }) as HTMLInputElement;
  name.value = step.label;
  const row = el(
    'li',
    { class: 'ladder-step', 'data-step-id': step.id },
    el('span', { class: 'step-no' }, `${n}.`),
    field(`${at}.days`, `Step ${n}: days`, days),
    field(`${at}.when`, `Step ${n}: before or after the due date`, when),
    el('div', { class: 'step-line' }, field(`${at}.does`, `Step ${n} does`, does), email),
    el(
      'div',
      { class: 'step-line second' },
      field(`${at}.label`, `Step ${n}: name in the sidebar`, name, 'step-name'),
      el(
        'div',
        { class: 'step-tools' },
        tool(
          '↑',
          `Move step ${n} up`,
          () => change((rows) => rows.splice(i - 1, 2, rows[i] as ScheduleStepValues, rows[i - 1] as ScheduleStepValues), i - 1),
          i === 0,
        ),
        tool(
          '↓',
          `Move step ${n} down`,
          () => change((rows) => rows.splice(i, 2, rows[i + 1] as ScheduleStepValues, rows[i] as ScheduleStepValues), i + 1),
          i === count - 1,
        ),
        tool('Remove', `Remove step ${n}`, () => change((rows) => rows.splice(i, 1), Math.min(i, count - 2)), count === 1),
      ),
    ),
  );
  return row;
}

function renderSteps(steps: readonly ScheduleStepValues[]): void {
  list().replaceChildren(...steps.map((step, i) => stepRow(step, i, steps.length)));
}

function collectSteps(): ScheduleStepValues[] {
  return [...list().querySelectorAll<HTMLElement>('.ladder-step')].map((row, i) => {
    const value = (part: string) => (document.getElementById(`step-${i}-${part}`) as HTMLInputElement | HTMLSelectElement).value;
    return {
      id: row.dataset.stepId ?? '',
      when: value('when') === 'before' ? 'before' : 'after',
      // An empty box goes as NaN and the server names the field.
      days: value('days').trim() === '' ? Number.NaN : Number(value('days')),
      does: value('does') as StepDoes,
      templateId: value('email'),
      label: value('label'),
    };
  });
}

/** Edits the rows, draws them again, and puts the focus back on the row the user acted on. */
function change(edit: (rows: ScheduleStepValues[]) => void, focusRow: number): void {
  const rows = collectSteps();
  edit(rows);
  renderSteps(rows);
  markEdited(list());
  document.getElementById(`step-${Math.max(focusRow, 0)}-days`)?.focus();
}

function showRepeat(): void {
  (document.getElementById('repeat-boxes') as HTMLElement).hidden = !box('repeat').checked;
}

export function renderSchedule(values: ScheduleValues, known: TeamSettingsView['emails']): void {
  emails = known;
  renderSteps(values.steps);
  box('repeat').checked = values.repeat;
  box('repeatEveryDays').value = Number.isNaN(values.repeatEveryDays) ? '' : String(values.repeatEveryDays);
  (document.getElementById('repeatTemplateId') as HTMLSelectElement).replaceChildren(
    ...emails.map((e) => el('option', { value: e.templateId }, e.label)),
  );
  (document.getElementById('repeatTemplateId') as HTMLSelectElement).value = values.repeatTemplateId;
  box('finalNoticeDays').value = String(values.finalNoticeDays);
  box('promiseGraceDays').value = String(values.promiseGraceDays);
  showRepeat();
}

const numberIn = (id: string) => (box(id).value.trim() === '' ? Number.NaN : Number(box(id).value));

export function collectSchedule(): ScheduleValues {
  return {
    steps: collectSteps(),
    repeat: box('repeat').checked,
    repeatEveryDays: numberIn('repeatEveryDays'),
    repeatTemplateId: (document.getElementById('repeatTemplateId') as HTMLSelectElement).value,
    finalNoticeDays: numberIn('finalNoticeDays'),
    promiseGraceDays: numberIn('promiseGraceDays'),
  };
}

/** Wires the buttons once. A new step comes a week after the last, an email with the standard overdue wording. */
export function startSchedule(): void {
  box('repeat').addEventListener('change', showRepeat);
  document.getElementById('add-step')?.addEventListener('click', () => {
    const rows = collectSteps();
    const last = rows[rows.length - 1];
    const day = last ? (last.when === 'before' ? -last.days : last.days) + 7 : 0;
    change(
      (r) =>
        r.push({
          id: '',
          when: day < 0 ? 'before' : 'after',
          days: Math.abs(day),
          does: 'email',
          templateId: emails.some((e) => e.templateId === 'overdue') ? 'overdue' : NEW_EMAIL,
          label: '',
        }),
      rows.length,
    );
  });
}
