import { FirstAnswer } from '../../../lambdas/dispatcher/first-answer';
import type { SendResult } from '../../../lambdas/mail/mailer';

/** A call to SES that answers when the test says. */
function pending() {
  let answer: (result: SendResult) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const promise = new Promise<SendResult>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  return { promise, answer, fail };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FirstAnswer: the run waits for its first answer from SES', () => {
  it('holds other calls until the first is answered, then lets them go at once', async () => {
    const gate = new FirstAnswer();
    const first = pending();
    const called: string[] = [];
    const a = gate.send(() => (called.push('a'), first.promise));
    const b = gate.send(() => (called.push('b'), Promise.resolve<SendResult>({ ok: true, messageId: 'b' })));
    const c = gate.send(() => (called.push('c'), Promise.resolve<SendResult>({ ok: true, messageId: 'c' })));
    await tick();
    expect(called).toEqual(['a']);
    first.answer({ ok: true, messageId: 'a' });
    expect(await Promise.all([a, b, c])).toEqual([
      { ok: true, messageId: 'a' },
      { ok: true, messageId: 'b' },
      { ok: true, messageId: 'c' },
    ]);
    expect(called).toEqual(['a', 'b', 'c']);
  });

  it('asks no more once the first answer says SES refuses every message', async () => {
    const gate = new FirstAnswer();
    const first = pending();
    let later = 0;
    const a = gate.send(() => first.promise);
    const b = gate.send(() => (later++, Promise.resolve<SendResult>({ ok: true, messageId: 'b' })));
    first.answer({ ok: false, kind: 'blocked', message: 'sending is paused for the whole SES account' });
    expect(await a).toMatchObject({ ok: false, kind: 'blocked' });
    expect(await b).toEqual({ ok: false, kind: 'not-asked', message: 'sending is paused for the whole SES account' });
    expect(await gate.send(() => (later++, Promise.resolve<SendResult>({ ok: true, messageId: 'c' })))).toMatchObject({
      kind: 'not-asked',
    });
    expect(later).toBe(0);
  });

  it('goes on after any other answer, and lets the next call ask when the first throws', async () => {
    const gate = new FirstAnswer();
    const first = pending();
    const a = gate.send(() => first.promise);
    const b = gate.send(() => Promise.resolve<SendResult>({ ok: false, kind: 'throttled', message: 'slow down' }));
    const c = gate.send(() => Promise.resolve<SendResult>({ ok: true, messageId: 'c' }));
    first.fail(new Error('socket hang up'));
    await expect(a).rejects.toThrow('socket hang up');
    expect(await b).toMatchObject({ ok: false, kind: 'throttled' });
    expect(await c).toEqual({ ok: true, messageId: 'c' });
  });
});
