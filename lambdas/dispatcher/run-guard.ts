/** Where the dispatcher reports what it could not do, with the keys a person needs to find it. */
export interface ProblemReporter {
  error(message: string, details: Record<string, unknown>): void;
}

export interface GuardDeps {
  logger?: ProblemReporter;
}

/** Problems a run met and went past; counted in its summary (the alarm's metric) and logged. */
export interface ProblemCount {
  problems: number;
}

/** A crash a test injected: it passes through every guard, as a real one would end the process. */
export class SimulatedCrash extends Error {}

/** Whether an error came from AWS (worth retrying later) rather than from the item itself. */
export function isInfrastructureError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ('$metadata' in error || 'code' in error);
}

/** An error in words for a reminder's reason: a schema failure names its first field, not JSON. */
export function reasonOf(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  const first = Array.isArray(issues) ? issues[0] : undefined;
  const text = first
    ? `${first.path.map(String).join('.') || 'a value'}: ${first.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}

/**
 * Runs one item's work so that its failure stops only that item: the error is logged with the
 * item's keys and counted, and the run goes on to the next item, ledger or tenant.
 */
export async function guard(
  deps: GuardDeps,
  summary: ProblemCount,
  keys: Record<string, unknown>,
  work: () => Promise<void>,
  onFailure?: (reason: string, error: unknown) => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    summary.problems += 1;
    const reason = reasonOf(error);
    deps.logger?.error('dispatcher item failed; the run goes on', { ...keys, reason });
    if (!onFailure) return;
    try {
      await onFailure(reason, error);
    } catch (second) {
      deps.logger?.error('could not record the failure; the item stays where it was', { ...keys, reason: reasonOf(second) });
    }
  }
}
