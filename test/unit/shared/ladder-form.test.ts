import { DEFAULT_LADDER, Ladder } from '../../../shared/escalation/ladder';
import { ladderFromForm, NEW_EMAIL, type ScheduleStepValues, scheduleField, scheduleValues } from '../../../shared/escalation/ladder-form';

describe('Settings > Schedule as a ladder', () => {
  it('gives back the same ladder it was shown', () => {
    const form = ladderFromForm(scheduleValues(DEFAULT_LADDER));
    expect(form.fields).toEqual({});
    expect(form.newTemplates).toEqual([]);
    expect(Ladder.parse(form.ladder)).toEqual(DEFAULT_LADDER);
  });

  it('names new steps by what they do and their day, never reusing an id, and gives a new email step an email of its own', () => {
    const values = scheduleValues(DEFAULT_LADDER);
    const added = (row: Partial<ScheduleStepValues>): ScheduleStepValues => ({
      id: '',
      when: 'after',
      days: 20,
      does: 'email',
      templateId: NEW_EMAIL,
      label: '',
      ...row,
    });
    const form = ladderFromForm({
      ...values,
      steps: [
        added({ when: 'before', days: 7 }),
        ...values.steps,
        added({}),
        added({ templateId: 'overdue' }),
        added({ does: 'final_notice', days: 90 }),
      ],
    });
    expect(form.ladder.steps.map((s) => s.id)).toEqual([
      'email-before-7',
      ...DEFAULT_LADDER.steps.map((s) => s.id),
      'email-20',
      'email-20-2',
      'final-notice-90',
    ]);
    expect(form.newTemplates).toEqual(['email-before-7', 'email-20']);
    expect(form.ladder.steps.at(-2)?.action).toEqual({ kind: 'email', templateId: 'overdue' });
    expect(form.ladder.steps.at(-1)?.action).toEqual({ kind: 'letter', stage: 'final_notice' });
  });

  it('refuses a box with no whole number by its name, and drops the repeat when it is off', () => {
    const values = scheduleValues(DEFAULT_LADDER);
    const form = ladderFromForm({
      ...values,
      steps: values.steps.map((s, i) => (i === 1 ? { ...s, days: 2.5 } : s)),
      repeat: false,
      repeatEveryDays: Number.NaN,
      finalNoticeDays: Number.NaN,
    });
    expect(form.fields).toEqual({
      'schedule.steps.1.days': 'must be a whole number of days, 0 or more',
      'schedule.finalNoticeDays': 'must be a whole number of days',
    });
    expect(form.ladder.tail).toBeUndefined();
  });

  it('names the ladder schema’s paths as the form’s boxes', () => {
    expect(scheduleField('ladder.steps.3.offsetDays')).toBe('schedule.steps.3.days');
    expect(scheduleField('ladder.steps.6.action')).toBe('schedule.steps.6.does');
    expect(scheduleField('ladder.steps.6.action.templateId')).toBe('schedule.steps.6.templateId');
    expect(scheduleField('ladder.steps.6.action.stage')).toBe('schedule.steps.6.does');
    expect(scheduleField('ladder.steps.2.label')).toBe('schedule.steps.2.label');
    expect(scheduleField('ladder.steps')).toBe('schedule.steps');
    expect(scheduleField('ladder.tail.everyDays')).toBe('schedule.repeatEveryDays');
    expect(scheduleField('ladder.promiseGraceDays')).toBe('schedule.promiseGraceDays');
    expect(scheduleField('replyTo')).toBeUndefined();
  });
});
