import * as z from 'zod';
import { singleLine } from '../text';

export const LetterStage = z.enum(['past_due_notice', 'formal_demand', 'final_notice']);
export type LetterStage = z.infer<typeof LetterStage>;

export const TemplateId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes');
const StepId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes');

export const LadderAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), templateId: TemplateId }),
  z.object({ kind: z.literal('letter'), stage: LetterStage }),
  z.object({ kind: z.literal('call') }),
  z.object({ kind: z.literal('referral') }),
]);
export type LadderAction = z.infer<typeof LadderAction>;

export const LadderStep = z.object({
  id: StepId,
  /** Days from the due date; negative steps come before it (a courtesy note). */
  offsetDays: z
    .number()
    .int('must be a whole number of days')
    .min(-90, 'must be at most 90 days before the due date')
    .max(730, 'must be at most 730 days after the due date'),
  action: LadderAction,
  label: singleLine(80).optional(),
});
export type LadderStep = z.infer<typeof LadderStep>;

export const Ladder = z
  .object({
    steps: z.array(LadderStep).min(1, 'must hold at least one step').max(20, 'must hold at most 20 steps'),
    /** After the last step, an email every N days until the invoice settles. */
    tail: z
      .object({
        everyDays: z
          .number()
          .int('must be a whole number of days')
          .min(7, 'must be 7 days or more: never harass')
          .max(180, 'must be 180 days or fewer'),
        templateId: TemplateId,
      })
      .optional(),
    /** Days a final notice gives the debtor before a referral may be made. */
    finalNoticeDays: z
      .number()
      .int('must be a whole number of days')
      .min(1, 'must be 1 day or more')
      .max(90, 'must be 90 days or fewer')
      .default(10),
    /** Days of grace after a promised date (then the promise counts as broken) and after a letter's deadline (no step falls sooner). */
    promiseGraceDays: z
      .number()
      .int('must be a whole number of days')
      .min(0, 'must be 0 days or more')
      .max(30, 'must be 30 days or fewer')
      .default(3),
  })
  .superRefine((ladder, ctx) => {
    const ids = new Set<string>();
    ladder.steps.forEach((step, i) => {
      if (ids.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `step id "${step.id}" is used twice` });
      ids.add(step.id);
      const previous = ladder.steps[i - 1];
      if (previous && step.offsetDays < previous.offsetDays) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'offsetDays'], message: 'steps must be in order of their day' });
      }
      if (step.action.kind === 'referral') {
        const finalBefore = ladder.steps.slice(0, i).some((s) => s.action.kind === 'letter' && s.action.stage === 'final_notice');
        if (!finalBefore)
          ctx.addIssue({ code: 'custom', path: ['steps', i, 'action'], message: 'a referral must come after a final notice letter' });
      }
    });
  });
export type Ladder = z.infer<typeof Ladder>;

/**
 * Common practice for B2B receivables: a friendly note before the due date, a reminder on it,
 * firmer emails at +15 and +30, a call, a formal demand letter at +45, a final notice at +60,
 * and a referral to an agency no sooner than the final notice's deadline.
 */
export const DEFAULT_LADDER: Ladder = {
  steps: [
    { id: 'courtesy', offsetDays: -3, action: { kind: 'email', templateId: 'courtesy-before-due' }, label: 'Courtesy note before due' },
    { id: 'due', offsetDays: 0, action: { kind: 'email', templateId: 'due-today' }, label: 'Due-date reminder' },
    { id: 'overdue-15', offsetDays: 15, action: { kind: 'email', templateId: 'overdue' }, label: 'Overdue reminder' },
    { id: 'overdue-30', offsetDays: 30, action: { kind: 'email', templateId: 'second-notice' }, label: 'Second notice' },
    { id: 'call-38', offsetDays: 38, action: { kind: 'call' }, label: 'Call the customer' },
    { id: 'demand-45', offsetDays: 45, action: { kind: 'letter', stage: 'formal_demand' }, label: 'Formal demand letter' },
    { id: 'final-60', offsetDays: 60, action: { kind: 'letter', stage: 'final_notice' }, label: 'Final notice before referral' },
    { id: 'referral-75', offsetDays: 75, action: { kind: 'referral' }, label: 'Refer to a collection agency' },
  ],
  finalNoticeDays: 10,
  promiseGraceDays: 3,
};

export function isFinalNotice(step: LadderStep): boolean {
  return step.action.kind === 'letter' && step.action.stage === 'final_notice';
}
