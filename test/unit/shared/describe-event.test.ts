import { describeEvent } from '../../../shared/audit/describe-event';

describe('events in words, steps by their names', () => {
  const sent = (stepId: string, extra: Record<string, unknown> = {}) => ({
    type: 'email.sent',
    data: { stepId, subject: 'Invoice A-1', to: 'ap@x.example', ...extra },
  });

  it('names a step by the ladder’s label, not its id', () => {
    expect(describeEvent(sent('overdue-15'), undefined, { 'overdue-15': 'Overdue reminder' }).title).toBe(
      'Reminder sent: Overdue reminder',
    );
    expect(
      describeEvent({ type: 'email.attempted', data: { stepId: 'overdue-15' } }, undefined, { 'overdue-15': 'Overdue reminder' }).title,
    ).toBe('Sending: Overdue reminder');
  });

  it('prefers the label the event carries, says the fixed steps in words, and falls back to the id for a step no longer on the ladder', () => {
    expect(
      describeEvent(sent('overdue-15', { label: 'As it was called then' }), undefined, { 'overdue-15': 'Overdue reminder' }).title,
    ).toBe('Reminder sent: As it was called then');
    expect(describeEvent(sent('thank-you')).title).toBe('Reminder sent: Thank-you note');
    expect(describeEvent(sent('tail')).title).toBe('Reminder sent: Repeat reminder');
    expect(describeEvent(sent('removed-step')).title).toBe('Reminder sent: removed-step');
  });
});
