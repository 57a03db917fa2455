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

describe('an email with a PDF attached', () => {
  const attachment = { fileName: 'Statement-of-account-N-2026-11-24.pdf', sha256: 'ab'.repeat(32), bytes: 9000 };

  it('is a reminder when the PDF is the statement of account, and an emailed letter otherwise (records from before kinds too)', () => {
    const statement = describeEvent({
      type: 'email.sent',
      data: { stepId: 'overdue-15', attachment: { ...attachment, kind: 'statement' } },
    });
    expect(statement.title).toBe('Reminder sent: overdue-15');
    expect(statement.detail).toContain(`Attached statement of account ${attachment.fileName}, SHA-256 ${attachment.sha256}`);
    const letter = describeEvent({
      type: 'email.sent',
      data: { stepId: 'letter-x', attachment: { ...attachment, fileName: 'Formal-demand.pdf' } },
    });
    expect(letter.title).toBe('Letter emailed: Formal-demand.pdf');
  });

  it('says a statement made for a reminder was attached to it', () => {
    const made = describeEvent({
      type: 'statement.made',
      data: {
        ...attachment,
        emailedIn: 'batch-1',
        to: 'ap@x.example',
        invoices: ['A-1', 'A-2'],
        totalDue: { minor: 1000, currency: 'USD' },
      },
    });
    expect(made.title).toBe('Statement of account made, for a reminder email');
    expect(made.detail).toContain('Attached to the email to ap@x.example');
  });
});
