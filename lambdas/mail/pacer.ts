import type { SendRateSource } from './mailer';

/** Below SES's nominal rate: field reports show throttling at the rate itself. */
export const RATE_SHARE = 0.9;

export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Spaces sends evenly at 0.9 x the account's maximum rate, counting recipients: with a gap of
 * 1000 / (0.9 x rate) ms per recipient, no one-second window ever holds more than the rate
 * allows, for any rate from 1 upwards (spacing, unlike a per-second bucket, cannot burst at a
 * window's edge).
 */
export class Pacer {
  private nextAt = 0;
  constructor(
    private readonly rate: SendRateSource,
    private readonly timer: Timer = realTimer,
  ) {}

  /** Emails a second this pacer lets through: what a run can plan on sending. */
  async perSecond(): Promise<number> {
    return RATE_SHARE * (await this.rate.maxSendRate());
  }

  async take(recipients = 1): Promise<void> {
    const gap = 1000 / (RATE_SHARE * (await this.rate.maxSendRate()));
    const now = this.timer.now();
    // The slot is taken before waiting for it: callers at once (a run's lanes) each get their own.
    const at = Math.max(this.nextAt, now);
    this.nextAt = at + gap * recipients;
    if (at > now) await this.timer.sleep(at - now);
  }
}
