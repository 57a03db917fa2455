import fc from 'fast-check';
import { DEFAULT_LADDER, Ladder } from '../../../shared/escalation/ladder';
import {
  type EscalationEvent,
  ladderDays,
  nextStep,
  type NextStep,
  openTasks,
  referralOpensOn,
} from '../../../shared/escalation/next-step';
import type { InvoiceStatus } from '../../../shared/invoice';
import { money } from '../../../shared/money/money';
import { addDays, CalendarDate } from '../../../shared/time/calendar-date';

const due = CalendarDate.parse('2026-09-01');
const day = (offset: number) => addDays(due, offset);
const open = { status: 'open' as InvoiceStatus, balance: money(50000, 'USD'), dueDate: due };
const done = (stepId: string, offset: number): EscalationEvent => ({ type: 'step', stepId, on: day(offset), outcome: 'done' });

/** The step id and day a result points at, or its kind and reason: easy to compare in tables. */
function summary(next: NextStep): string {
  switch (next.kind) {
    case 'step':
      return `${next.due ? 'due' : 'next'} ${next.step.id} on ${next.on}${next.skipped.length ? ` skipping ${next.skipped.map((s) => s.id).join(',')}` : ''}${next.catchUp ? ' (catch-up)' : ''}${next.brokenPromise ? ' (promise broken)' : ''}`;
    case 'waiting':
      return `waiting (${next.reason}) until ${next.until}`;
    case 'stopped':
      return `stopped: ${next.reason}`;
    case 'finished':
      return 'finished';
  }
}

describe('the default ladder, walked step by step', () => {
  it.each<[string, number, EscalationEvent[], string]>([
    ['a week before due: the courtesy note is next', -7, [], `next courtesy on ${day(-3)}`],
    ['three days before due: the courtesy note is due', -3, [], `due courtesy on ${day(-3)}`],
    ['after the courtesy note: the due-day reminder is next', -2, [done('courtesy', -3)], `next due on ${day(0)}`],
    ['on the due day', 0, [done('courtesy', -3)], `due due on ${day(0)}`],
    ['after the due-day reminder', 1, [done('courtesy', -3), done('due', 0)], `next overdue-15 on ${day(15)}`],
    ['at +15', 15, [done('courtesy', -3), done('due', 0)], `due overdue-15 on ${day(15)}`],
    ['at +30', 30, [done('courtesy', -3), done('due', 0), done('overdue-15', 15)], `due overdue-30 on ${day(30)}`],
    ['at +38, the call', 38, [done('overdue-30', 30)], `due call-38 on ${day(38)}`],
    ['at +45, the formal demand', 45, [done('call-38', 38)], `due demand-45 on ${day(45)}`],
    ['at +60, the final notice', 60, [done('demand-45', 45)], `due final-60 on ${day(60)}`],
    [
      'after the final notice, the referral waits for its 10-day deadline and the step day',
      61,
      [done('final-60', 60)],
      `next referral-75 on ${day(75)}`,
    ],
    ['at +75, after the deadline: the referral', 75, [done('final-60', 60)], `due referral-75 on ${day(75)}`],
    ['after the referral: nothing more', 90, [done('referral-75', 75)], 'finished'],
  ])('%s', (_, offset, history, expected) => {
    expect(summary(nextStep(open, history, day(offset), DEFAULT_LADDER))).toBe(expected);
  });
});

describe('catching up: chases, without blasting', () => {
  const caughtUp = (stepId: string, offset: number): EscalationEvent => ({ type: 'caught_up', stepId, on: day(offset) });
  const skipped = (stepId: string, offset: number): EscalationEvent => ({ type: 'step', stepId, on: day(offset), outcome: 'skipped' });

  it('gives a new row already 40 days late the latest email whose day passed, not a call or every missed email', () => {
    expect(summary(nextStep(open, [], day(40), DEFAULT_LADDER))).toBe(
      `due overdue-30 on ${day(40)} skipping courtesy,due,overdue-15 (catch-up)`,
    );
  });

  it('gives a missed run only the latest email, not the ones it slept through', () => {
    const history = [done('courtesy', -3), done('due', 0)];
    expect(summary(nextStep(open, history, day(33), DEFAULT_LADDER))).toBe(`due overdue-30 on ${day(33)} skipping overdue-15 (catch-up)`);
  });

  it('an imported debt 120 days late: an email first, then the call, the demand and the final notice at the ladder’s own spacing', () => {
    const history: EscalationEvent[] = [
      skipped('courtesy', 120),
      skipped('due', 120),
      skipped('overdue-15', 120),
      caughtUp('overdue-30', 120),
    ];
    expect(summary(nextStep(open, history, day(120), DEFAULT_LADDER))).toBe(`due overdue-30 on ${day(120)} (catch-up)`);
    // The call and the letters whose days passed come after the email: not tasks yet.
    expect(openTasks(open, history, day(120), DEFAULT_LADDER)).toEqual([]);
    history.push(done('overdue-30', 120));
    expect(summary(nextStep(open, history, day(121), DEFAULT_LADDER))).toBe(`next call-38 on ${day(128)}`);
    history.push(done('call-38', 128));
    expect(summary(nextStep(open, history, day(129), DEFAULT_LADDER))).toBe(`next demand-45 on ${day(135)}`);
    expect(openTasks(open, history, day(129), DEFAULT_LADDER)).toEqual([]);
  });

  it('moves nothing when the catch-up email never went (a promise came first): the latest email whose day passed goes next', () => {
    const history: EscalationEvent[] = [
      skipped('courtesy', 10),
      caughtUp('due', 10),
      { type: 'promise', promisedFor: day(20), recordedOn: day(10) },
      done('broken-promise-' + day(20), 26),
    ];
    expect(summary(nextStep(open, history, day(26), DEFAULT_LADDER))).toBe(
      `due overdue-15 on ${day(26)} skipping due (catch-up) (promise broken)`,
    );
  });

  it('never skips to a referral: a late entrant is emailed first, and the final notice still comes before it', () => {
    expect(summary(nextStep(open, [], day(200), DEFAULT_LADDER))).toBe(
      `due overdue-30 on ${day(200)} skipping courtesy,due,overdue-15 (catch-up)`,
    );
    const days = ladderDays(open, [caughtUp('overdue-30', 200), done('overdue-30', 201)], DEFAULT_LADDER);
    expect([days.get('final-60'), days.get('referral-75')]).toEqual([day(231), day(246)]);
  });

  it('holds the referral until the final notice deadline has passed, even when the step day has', () => {
    const history = [done('final-60', 120)];
    expect(summary(nextStep(open, history, day(125), DEFAULT_LADDER))).toBe(`next referral-75 on ${day(131)}`);
    expect(summary(nextStep(open, history, day(131), DEFAULT_LADDER))).toBe(`due referral-75 on ${day(131)}`);
  });

  it('never offers a referral when the final notice was skipped rather than sent', () => {
    const history: EscalationEvent[] = [done('demand-45', 45), { type: 'step', stepId: 'final-60', on: day(60), outcome: 'skipped' }];
    expect(nextStep(open, history, day(100), DEFAULT_LADDER)).toEqual({ kind: 'finished' });
  });

  it('keeps a call not made as a task when the ladder moves on, until it is done', () => {
    const history = [done('overdue-30', 30)];
    expect(summary(nextStep(open, history, day(45), DEFAULT_LADDER))).toBe(`due demand-45 on ${day(45)}`);
    expect(openTasks(open, history, day(45), DEFAULT_LADDER).map((s) => s.id)).toEqual(['call-38']);
    expect(openTasks(open, [...history, done('call-38', 46)], day(46), DEFAULT_LADDER)).toEqual([]);
    // Dismissed with a reason: handled, so no longer a task.
    expect(openTasks(open, [...history, skipped('call-38', 46)], day(46), DEFAULT_LADDER)).toEqual([]);
  });
});

describe('the deadlines letters set', () => {
  const letter = (stage: 'formal_demand' | 'final_notice', offset: number, deadline: number): EscalationEvent => ({
    type: 'letter',
    stage,
    on: day(offset),
    deadline: day(deadline),
  });

  it('never puts a step before the last letter’s deadline and the ladder’s grace', () => {
    // A formal demand on day 45 giving until day 62: the final notice waits for day 66 (62 + 3 days' grace, then the day after).
    const history = [done('demand-45', 45), letter('formal_demand', 45, 62)];
    expect(summary(nextStep(open, history, day(60), DEFAULT_LADDER))).toBe(`next final-60 on ${day(66)}`);
    expect(summary(nextStep(open, history, day(66), DEFAULT_LADDER))).toBe(`due final-60 on ${day(66)}`);
  });

  it('opens the referral on one day, the one every view shows: the final notice’s deadline and the grace', () => {
    const history = [done('final-60', 60), letter('final_notice', 60, 74)];
    expect(referralOpensOn(history, DEFAULT_LADDER)).toBe(day(78));
    expect(ladderDays(open, history, DEFAULT_LADDER).get('referral-75')).toBe(day(78));
    expect(summary(nextStep(open, history, day(76), DEFAULT_LADDER))).toBe(`next referral-75 on ${day(78)}`);
    expect(summary(nextStep(open, history, day(78), DEFAULT_LADDER))).toBe(`due referral-75 on ${day(78)}`);
  });
});

describe('states that stop or pause the ladder', () => {
  it.each<[string, Partial<typeof open>, string]>([
    ['paid', { status: 'paid' }, 'stopped: paid'],
    ['a zero balance', { balance: money(0, 'USD') }, 'stopped: paid'],
    ['disputed', { status: 'disputed' }, 'stopped: disputed'],
    ['on hold', { status: 'on_hold' }, 'stopped: on_hold'],
    ['bankrupt', { status: 'bankrupt' }, 'stopped: bankrupt'],
    ['do not contact', { status: 'do_not_contact' }, 'stopped: do_not_contact'],
    ['promised in the sheet with no date on record', { status: 'promised' }, 'stopped: promised'],
  ])('stops for %s', (_, change, expected) => {
    expect(summary(nextStep({ ...open, ...change }, [], day(20), DEFAULT_LADDER))).toBe(expected);
  });

  it('waits for a promise until its date plus the grace period', () => {
    const promise: EscalationEvent = { type: 'promise', promisedFor: day(25), recordedOn: day(20) };
    expect(summary(nextStep(open, [done('due', 0), promise], day(28), DEFAULT_LADDER))).toBe(`waiting (promise) until ${day(29)}`);
  });

  it('puts a call about a broken promise first; once it is done the ladder resumes, and says so', () => {
    const promise: EscalationEvent = { type: 'promise', promisedFor: day(25), recordedOn: day(20) };
    const broken = nextStep(open, [done('overdue-15', 15), promise], day(31), DEFAULT_LADDER);
    expect(summary(broken)).toBe(`due broken-promise-${day(25)} on ${day(31)} (promise broken)`);
    expect(broken.kind === 'step' && broken.step).toEqual({
      id: `broken-promise-${day(25)}`,
      offsetDays: 0,
      action: { kind: 'call' },
      label: `Call about the promise to pay by ${day(25)} (not kept)`,
    });
    const called = [done('overdue-15', 15), promise, done(`broken-promise-${day(25)}`, 31)];
    expect(summary(nextStep(open, called, day(31), DEFAULT_LADDER))).toBe(`due overdue-30 on ${day(31)} (promise broken)`);
    // A later promise, broken in its turn, gets its own call.
    const again: EscalationEvent = { type: 'promise', promisedFor: day(40), recordedOn: day(32) };
    expect(summary(nextStep(open, [...called, again], day(45), DEFAULT_LADDER))).toBe(
      `due broken-promise-${day(40)} on ${day(45)} (promise broken)`,
    );
  });

  it('follows the newest promise when there were several', () => {
    const history: EscalationEvent[] = [
      { type: 'promise', promisedFor: day(10), recordedOn: day(5) },
      { type: 'promise', promisedFor: day(40), recordedOn: day(20) },
    ];
    expect(summary(nextStep(open, history, day(30), DEFAULT_LADDER))).toBe(`waiting (promise) until ${day(44)}`);
  });

  it('waits out a pause with an end date, then carries on', () => {
    const pause: EscalationEvent = { type: 'paused', on: day(10), until: day(20) };
    expect(summary(nextStep(open, [done('due', 0), pause], day(15), DEFAULT_LADDER))).toBe(`waiting (paused) until ${day(20)}`);
    expect(summary(nextStep(open, [done('due', 0), pause], day(20), DEFAULT_LADDER))).toBe(`due overdue-15 on ${day(20)}`);
  });

  it('stays stopped under an open-ended pause until resumed', () => {
    const pause: EscalationEvent = { type: 'paused', on: day(10) };
    expect(summary(nextStep(open, [pause], day(50), DEFAULT_LADDER))).toBe('stopped: paused');
    const resumed: EscalationEvent = { type: 'resumed', on: day(50) };
    expect(nextStep(open, [pause, resumed], day(50), DEFAULT_LADDER).kind).toBe('step');
  });
});

describe('the repeating tail', () => {
  const withTail = Ladder.parse({ ...DEFAULT_LADDER, tail: { everyDays: 14, templateId: 'second-notice' } });

  it('repeats an email every N days after the last step', () => {
    expect(summary(nextStep(open, [done('referral-75', 75)], day(80), withTail))).toBe(`next tail on ${day(89)}`);
    expect(summary(nextStep(open, [done('referral-75', 75), done('tail', 89)], day(103), withTail))).toBe(`due tail on ${day(103)}`);
  });
});

describe('ladder validation', () => {
  const step = (id: string, offsetDays: number, action: object) => ({ id, offsetDays, action });

  it('refuses a referral with no final notice before it', () => {
    const parsed = Ladder.safeParse({ steps: [step('a', 0, { kind: 'email', templateId: 'x' }), step('r', 30, { kind: 'referral' })] });
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['steps.1.action', 'a referral must come after a final notice letter'],
    ]);
  });

  it('refuses steps out of order and duplicate ids, naming the step', () => {
    const parsed = Ladder.safeParse({ steps: [step('a', 10, { kind: 'call' }), step('a', 5, { kind: 'call' })] });
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps.1.id', 'steps.1.offsetDays']);
  });

  it('accepts the default ladder', () => {
    expect(Ladder.safeParse(DEFAULT_LADDER).success).toBe(true);
  });
});

describe('properties over any history', () => {
  const stepIds = DEFAULT_LADDER.steps.map((s) => s.id);

  it('never makes a referral due unless the final notice was done more than its deadline ago', () => {
    // Histories without letter events: the final notice's step and the ladder's days stand in for its deadline.
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.constantFrom(...stepIds), offset: fc.integer({ min: -5, max: 200 }) }), {
          selector: (e) => e.id,
          maxLength: 6,
        }),
        fc.integer({ min: -10, max: 300 }),
        (events, todayOffset) => {
          const history = events.map((e) => done(e.id, e.offset));
          const next = nextStep(open, history, day(todayOffset), DEFAULT_LADDER);
          if (next.kind !== 'step' || next.step.action.kind !== 'referral' || !next.due) return true;
          const final = events.find((e) => e.id === 'final-60');
          return final !== undefined && todayOffset > final.offset + DEFAULT_LADDER.finalNoticeDays;
        },
      ),
    );
  });

  it('makes at most one step due at a time and never one already handled', () => {
    fc.assert(
      fc.property(fc.subarray(stepIds), fc.integer({ min: -10, max: 300 }), (handled, todayOffset) => {
        const next = nextStep(
          open,
          handled.map((id) => done(id, -20)),
          day(todayOffset),
          DEFAULT_LADDER,
        );
        return next.kind !== 'step' || !handled.includes(next.step.id);
      }),
    );
  });
});
