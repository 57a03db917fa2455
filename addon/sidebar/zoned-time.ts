/** "America/New_York" -> "New York": the place people know a zone by. */
export function zoneName(timeZone: string): string {
  return (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');
}

/** An instant in a zone, as people read it: "Tue 1 Dec, 09:00". */
export function when(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * A send time that always says whose clock it is on: the user's and the debtor's when they
 * differ ("Tue 1 Dec, 14:00 your time (London) · Tue 1 Dec, 09:00 theirs (New York)"), else
 * one time naming the zone both share.
 */
export function zonedTimes(iso: string, userZone: string, debtorZone: string): string {
  if (userZone === debtorZone) return `${when(iso, userZone)} ${zoneName(userZone)} time, yours and theirs`;
  return `${when(iso, userZone)} your time (${zoneName(userZone)}) · ${when(iso, debtorZone)} theirs (${zoneName(debtorZone)})`;
}
