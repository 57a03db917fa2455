import { describe, expect, it } from '@jest/globals';
import type { LedgerSettings } from '../../../shared/api/contract';
import { defaultLedgerSettings } from '../../../shared/default-settings';
import { DEFAULT_LADDER, type Ladder } from '../../../shared/escalation/ladder';
import { type PlanInput, planReminders, stepMovedTo } from '../../../lambdas/services/reminder-planner';
import type { InvoiceRecord, ReminderRecord } from '../../../lambdas/store/records';
import { CalendarDate } from '../../../shared/time/calendar-date';

// Due 2026-11-02 in New York; "now" is 2026-11-10 15:00Z (10:00 in New York), day 8 past due.
const NOW = Date.parse('2026-11-10T15:00:00Z');
const settings = (ladder: Ladder = DEFAULT_LADDER): LedgerSettings => ({
  ...defaultLedgerSettings('ar@acme.example', 'America/New_York'),
  ladder,
});

function invoice(overrides: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return {
    tenant: 't',
    ledgerId: 'l',
    invoiceNumber: 'INV-1',
    version: 1,
    updatedAt: '2026-11-01T00:00:00.000Z',
    escalation: [{ type: 'step', stepId: 'due', on: CalendarDate.parse('2026-11-02'), outcome: 'done' }],
    snapshot: {
      row: 2,
      invoiceNumber: 'INV-1',
      customer: 'Harbor Coffee',
      contactEmail: 'ap@harbor.example',
      dueDate: CalendarDate.parse('2026-11-02'),
      amount: { minor: 100_00, currency: 'USD' },
      balance: { minor: 100_00, currency: 'USD' },
      status: 'open',
    },
    ...overrides,
  };
}

function reminder(stepId: string, sendAt: string, extra: Partial<ReminderRecord> = {}): ReminderRecord {
  return {
    tenant: 't',
    ledgerId: 'l',
    invoiceNumber: 'INV-1',
    stepId,
    label: stepId,
    templateId: 'overdue',
    sendAt,
    state: 'PENDING',
    updatedAt: '2026-11-03T00:00:00.000Z',
    ...extra,
  };
}

/** The default ladder with the +15 reminder moved to `day`, or with `extra` steps added in order. */
function ladderWith(change: { moveOverdueTo?: number; extra?: Ladder['steps'] }): Ladder {
  const steps = DEFAULT_LADDER.steps.map((s) =>
    s.id === 'overdue-15' && change.moveOverdueTo !== undefined ? { ...s, offsetDays: change.moveOverdueTo } : s,
  );
  return { ...DEFAULT_LADDER, steps: [...steps, ...(change.extra ?? [])].sort((a, b) => a.offsetDays - b.offsetDays) };
}

const input = (ladder: Ladder, reminders: ReminderRecord[], nowMs = NOW, record = invoice()): PlanInput => ({
  record,
  reminders,
  settings: settings(ladder),
  nowMs,
});

describe('planReminders after the team edits the ladder', () => {
  const planned15 = reminder('overdue-15', '2026-11-17T14:00:00.000Z');

  it('leaves a waiting reminder alone when nothing changed, however often it plans', () => {
    for (const now of [NOW, NOW + 3_600_000, NOW + 9 * 3_600_000])
      expect(planReminders(input(DEFAULT_LADDER, [planned15], now)).ops).toEqual([]);
  });

  it('moves a waiting reminder with its step to a later day, to the first sending hour of that day', () => {
    const { ops } = planReminders(input(ladderWith({ moveOverdueTo: 20 }), [planned15]));
    expect(ops).toEqual([
      expect.objectContaining({
        op: 'schedule',
        expected: ['PENDING'],
        ifUpdatedAt: planned15.updatedAt,
        reminder: expect.objectContaining({ stepId: 'overdue-15', sendAt: '2026-11-23T14:00:00.000Z' }) as unknown,
      }),
    ]);
  });

  it('keeps a send time a person chose, one already later (the cap, a retry), and one whose day has come', () => {
    expect(planReminders(input(ladderWith({ moveOverdueTo: 20 }), [{ ...planned15, timedBy: 'ann@acme.example' }])).ops).toEqual([]);
    // Moved by the dispatcher past the contact cap to the 25th: a step now on the 23rd does not pull it back.
    expect(planReminders(input(ladderWith({ moveOverdueTo: 20 }), [{ ...planned15, sendAt: '2026-11-25T14:00:00.000Z' }])).ops).toEqual([]);
    expect(
      planReminders(input(DEFAULT_LADDER, [{ ...planned15, sendAt: '2026-11-20T14:00:00.000Z', reason: 'moved: the cap' }])).ops,
    ).toEqual([]);
    // Moved earlier to a day already here: it is due now, and the dispatcher takes it as it is.
    expect(planReminders(input(ladderWith({ moveOverdueTo: 5 }), [{ ...planned15, sendAt: '2026-11-10T14:00:00.000Z' }])).ops).toEqual([]);
  });

  it('a step added before the waiting one takes its place; a removed step’s reminder is cancelled for the next', () => {
    const added = ladderWith({
      extra: [{ id: 'email-10', offsetDays: 10, action: { kind: 'email', templateId: 'overdue' }, label: 'Nudge' }],
    });
    const { ops } = planReminders(input(added, [planned15]));
    expect(ops.map((o) => [o.op, o.reminder.stepId])).toEqual([
      ['cancel', 'overdue-15'],
      ['schedule', 'email-10'],
    ]);
    expect(ops[1]?.reminder.sendAt).toBe('2026-11-12T14:00:00.000Z');

    const removed: Ladder = { ...DEFAULT_LADDER, steps: DEFAULT_LADDER.steps.filter((s) => s.id !== 'overdue-15') };
    expect(planReminders(input(removed, [planned15])).ops.map((o) => [o.op, o.reminder.stepId])).toEqual([
      ['cancel', 'overdue-15'],
      ['schedule', 'overdue-30'],
    ]);
  });

  it('the same instant from a zone ahead of the ledger’s, whatever the hour it plans at (no flapping)', () => {
    const tokyo = invoice({ snapshot: { ...invoice().snapshot, timeZone: 'Asia/Tokyo' } });
    const moved = ladderWith({ moveOverdueTo: 20 });
    const first = planReminders(input(moved, [planned15], NOW, tokyo)).ops[0]?.reminder;
    expect(first?.sendAt).toBe('2026-11-23T00:00:00.000Z'); // 09:00 in Tokyo on the 23rd
    const again = planReminders(input(moved, [first as ReminderRecord], NOW + 5 * 3_600_000, tokyo));
    expect(again.ops).toEqual([]);
  });
});

describe('planReminders after review before sending is switched', () => {
  const held = reminder('overdue-15', '2026-11-17T14:00:00.000Z', { state: 'AWAITING_APPROVAL' });

  it('releases a held step at its time once review is off, and keeps holding it while review is on', () => {
    const off = planReminders(input(DEFAULT_LADDER, [held]));
    expect(off.ops).toEqual([
      expect.objectContaining({
        op: 'schedule',
        expected: ['AWAITING_APPROVAL'],
        reminder: expect.objectContaining({ state: 'PENDING', sendAt: '2026-11-17T14:00:00.000Z' }) as unknown,
      }),
    ]);
    expect(planReminders({ ...input(DEFAULT_LADDER, [held]), settings: { ...settings(), reviewBeforeSend: true } }).ops).toEqual([]);
  });
});

describe('stepMovedTo: the dispatcher holds a claimed reminder whose step the team moved later', () => {
  const claimedEarly = reminder('overdue-15', '2026-11-10T14:00:00.000Z');
  const moved = ladderWith({ moveOverdueTo: 20 });

  it('names the step’s new first sending hour', () => {
    expect(stepMovedTo(input(moved, [claimedEarly]), claimedEarly)).toBe(Date.parse('2026-11-23T14:00:00.000Z'));
  });

  it('lets it go when its day has come, a person timed it, or it is not a rung of the ladder', () => {
    expect(stepMovedTo(input(DEFAULT_LADDER, [claimedEarly], Date.parse('2026-11-17T15:00:00Z')), claimedEarly)).toBeUndefined();
    expect(stepMovedTo(input(moved, [claimedEarly]), { ...claimedEarly, timedBy: 'ann@acme.example' })).toBeUndefined();
    expect(stepMovedTo(input(moved, [claimedEarly]), { ...claimedEarly, override: true })).toBeUndefined();
    expect(stepMovedTo(input(moved, []), { ...claimedEarly, stepId: 'thank-you' })).toBeUndefined();
  });
});
