import type { SendResult } from '../mail/mailer';

/**
 * A run's calls to SES wait for its first answer. When SES refuses every message (an account
 * paused, a daily quota spent, access denied) the run learns it from one email, as with one
 * lane, instead of one refused try per lane; once SES has answered, calls go at once.
 */
export class FirstAnswer {
  private answered = false;
  private asking: Promise<void> | undefined;
  /** Why SES refuses every message, when an answer in this run said so. */
  private refusal: string | undefined;

  /**
   * Calls SES through `send`, unless an answer this lane waited for says SES refuses every
   * message: then `send` is not called and the refusal is returned.
   */
  async send(send: () => Promise<SendResult>): Promise<SendResult | { ok: false; kind: 'not-asked'; message: string }> {
    while (!this.answered && this.asking) await this.asking;
    if (this.refusal) return { ok: false, kind: 'not-asked', message: this.refusal };
    if (this.answered) return send();
    const call = send();
    // Settled before any waiting lane resumes, so it sees the refusal; a call that throws lets the next lane ask.
    const asking: Promise<void> = call.then(
      (result) => {
        this.answered = true;
        if (!result.ok && result.kind === 'blocked') this.refusal = result.message;
      },
      () => {
        if (this.asking === asking) this.asking = undefined;
      },
    );
    this.asking = asking;
    return call;
  }
}
