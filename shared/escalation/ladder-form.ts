/**
 * Settings > Schedule as a person edits it: each step as "N days before / after the due date,
 * do this", the repeating email after the last step, and the two waiting periods. One
 * translation to the Ladder, used by the dialog (to preview) and by the add-on's server (to
 * save); the Ladder's own schema then names what the domain refuses, on the row it is in.
 */
import * as z from 'zod';
import type { Ladder, LadderAction, LadderStep } from './ladder';

/** What a step does, as the form's picker offers it: an email, a letter of a stage, a call task or the referral. */
export const StepDoes = z.enum(['email', 'past_due_notice', 'formal_demand', 'final_notice', 'call', 'referral']);
export type StepDoes = z.infer<typeof StepDoes>;

/** The email picker's choice for an email written for this step: made from the step's id, worded under Emails. */
export const NEW_EMAIL = '';

/** NaN when the box holds no number: the server names the field with the others. */
const FormNumber = z.union([z.number(), z.nan()]);

export const ScheduleStepValues = z
  .object({
    /** The step's id, kept through edits so each invoice's history still knows it; '' for a step added here. */
    id: z.string().max(40),
    when: z.enum(['before', 'after']),
    days: FormNumber,
    does: StepDoes,
    /** Email steps: which email; NEW_EMAIL for one of its own. */
    templateId: z.string().max(40),
    label: z.string().max(200),
  })
  .strict();
export type ScheduleStepValues = z.infer<typeof ScheduleStepValues>;

export const ScheduleValues = z
  .object({
    steps: z.array(ScheduleStepValues).max(40),
    repeat: z.boolean(),
    repeatEveryDays: FormNumber,
    repeatTemplateId: z.string().max(40),
    finalNoticeDays: FormNumber,
    promiseGraceDays: FormNumber,
  })
  .strict();
export type ScheduleValues = z.infer<typeof ScheduleValues>;

function doesOf(action: LadderAction): StepDoes {
  return action.kind === 'letter' ? action.stage : action.kind;
}

export function scheduleValues(ladder: Ladder): ScheduleValues {
  return {
    steps: ladder.steps.map((step) => ({
      id: step.id,
      when: step.offsetDays < 0 ? 'before' : 'after',
      days: Math.abs(step.offsetDays),
      does: doesOf(step.action),
      templateId: step.action.kind === 'email' ? step.action.templateId : NEW_EMAIL,
      label: step.label ?? '',
    })),
    repeat: ladder.tail !== undefined,
    repeatEveryDays: ladder.tail?.everyDays ?? 14,
    repeatTemplateId: ladder.tail?.templateId ?? 'second-notice',
    finalNoticeDays: ladder.finalNoticeDays,
    promiseGraceDays: ladder.promiseGraceDays,
  };
}

const WORDS: Record<StepDoes, string> = {
  email: 'email',
  past_due_notice: 'past-due-notice',
  formal_demand: 'formal-demand',
  final_notice: 'final-notice',
  call: 'call',
  referral: 'referral',
};

/** A new step's id from what it does and its day ("email-20", "call-50-2"), never one already in use. */
function newStepId(does: StepDoes, offsetDays: number, taken: Set<string>): string {
  const base = `${WORDS[does]}-${offsetDays < 0 ? `before-${-offsetDays}` : offsetDays}`;
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function actionOf(does: StepDoes, templateId: string): LadderAction {
  switch (does) {
    case 'email':
      return { kind: 'email', templateId };
    case 'call':
    case 'referral':
      return { kind: does };
    default:
      return { kind: 'letter', stage: does };
  }
}

export interface LadderFromForm {
  /** The ladder to save, unchecked: the settings' schema checks it with everything else. */
  ladder: Omit<Ladder, 'steps'> & { steps: LadderStep[] };
  /** Email steps that need an email of their own (a new template, seeded from a standard one). */
  newTemplates: string[];
  /** Refusals the form can tell before the schema: boxes that hold no whole number. */
  fields: Record<string, string>;
}

const whole = (n: number) => Number.isInteger(n);

/**
 * The Schedule form as a Ladder. Existing steps keep their ids (the invoices' histories name
 * them); a new email step with no email chosen gets one of its own, named after the step.
 */
export function ladderFromForm(values: ScheduleValues): LadderFromForm {
  const fields: Record<string, string> = {};
  const taken = new Set(values.steps.map((s) => s.id).filter((id) => id !== ''));
  const newTemplates: string[] = [];
  const steps = values.steps.map((row, i) => {
    if (!whole(row.days) || row.days < 0) fields[`schedule.steps.${i}.days`] = 'must be a whole number of days, 0 or more';
    const offsetDays = row.when === 'before' ? -row.days : row.days;
    const id = row.id !== '' ? row.id : newStepId(row.does, whole(offsetDays) ? offsetDays : 0, taken);
    let templateId = row.templateId;
    if (row.does === 'email' && templateId === NEW_EMAIL) {
      templateId = id;
      newTemplates.push(id);
    }
    const label = row.label.trim();
    return { id, offsetDays, action: actionOf(row.does, templateId), ...(label !== '' && { label }) };
  });
  for (const [box, value] of [
    ['repeatEveryDays', values.repeatEveryDays],
    ['finalNoticeDays', values.finalNoticeDays],
    ['promiseGraceDays', values.promiseGraceDays],
  ] as const) {
    if ((box !== 'repeatEveryDays' || values.repeat) && !whole(value)) fields[`schedule.${box}`] = 'must be a whole number of days';
  }
  return {
    ladder: {
      steps,
      ...(values.repeat && { tail: { everyDays: values.repeatEveryDays, templateId: values.repeatTemplateId } }),
      finalNoticeDays: values.finalNoticeDays,
      promiseGraceDays: values.promiseGraceDays,
    },
    newTemplates,
    fields,
  };
}

/** Where the ladder's schema names a problem ("ladder.steps.2.offsetDays"), as the form names its box. */
export function scheduleField(path: string): string | undefined {
  const email = /^ladder\.steps\.(\d+)\.action\.templateId$/.exec(path);
  if (email) return `schedule.steps.${email[1]}.templateId`;
  const step = /^ladder\.steps\.(\d+)\.(offsetDays|action|id|label)(?:\..*)?$/.exec(path);
  if (step)
    return `schedule.steps.${step[1]}.${{ offsetDays: 'days', action: 'does', id: 'label', label: 'label' }[step[2] as 'offsetDays']}`;
  if (/^ladder\.steps$/.test(path)) return 'schedule.steps';
  if (/^ladder\.tail(\.everyDays)?$/.test(path)) return 'schedule.repeatEveryDays';
  if (/^ladder\.tail\.templateId$/.test(path)) return 'schedule.repeatTemplateId';
  const other = /^ladder\.(finalNoticeDays|promiseGraceDays)$/.exec(path);
  return other ? `schedule.${other[1]}` : undefined;
}
