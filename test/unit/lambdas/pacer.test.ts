import { Pacer, type Timer } from '../../../lambdas/mail/pacer';
import { fixedSendRate } from '../../../lambdas/mail/ses-mailer';

/** A timer whose sleeps move its own clock: the pacer's schedule, without waiting for it. */
function virtualTimer(): Timer & { sends: number[] } {
  let now = 0;
  return {
    sends: [],
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
  };
}

function busiestSecond(times: readonly number[]): number {
  let best = 0;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe('the pacer', () => {
  it.each([1, 2, 5, 14, 50, 200])(
    'never lets more than the max rate (%i/s) into any one-second window, and runs at 0.9 of it',
    async (rate) => {
      const timer = virtualTimer();
      const pacer = new Pacer(fixedSendRate(rate), timer);
      const sends: number[] = [];
      for (let i = 0; i < rate * 20; i += 1) {
        await pacer.take(1);
        sends.push(timer.now());
      }
      expect(busiestSecond(sends)).toBeLessThanOrEqual(rate);
      const perSecond = (sends.length - 1) / (((sends[sends.length - 1] ?? 0) - (sends[0] ?? 0)) / 1000);
      expect(perSecond).toBeCloseTo(rate * 0.9, 5);
    },
  );

  it('counts recipients, not messages', async () => {
    const timer = virtualTimer();
    const pacer = new Pacer(fixedSendRate(9), timer);
    await pacer.take(3);
    await pacer.take(1);
    // 3 recipients at 8.1/s take 370 ms of the budget before the next send may go.
    expect(timer.now()).toBeCloseTo(3000 / 8.1, 5);
  });

  it("gives callers at the same instant (a run's lanes) a slot each, never the same one", async () => {
    const waits: number[] = [];
    // Time stands still: every caller asks at 0, and each is told how long to wait for its slot.
    const timer: Timer = {
      now: () => 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    };
    const pacer = new Pacer(fixedSendRate(10), timer);
    await Promise.all(Array.from({ length: 10 }, () => pacer.take(1)));
    const gap = 1000 / 9;
    expect([0, ...waits].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => expect.closeTo(i * gap, 5)));
  });
});
