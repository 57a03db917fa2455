import type { AuditEventView } from '../../shared/api/contract';
import { describeEvent } from '../../shared/audit/describe-event';
import { el } from './dom';

/**
 * Newest first, as the backend returns them, each with who and when; steps by the ladder's names
 * (`labels`, by id). A contact a person logged can be withdrawn (`reverse`, given its seq): the
 * entry stays, marked withdrawn, beside the withdrawal's own entry.
 */
export function timeline(
  events: readonly AuditEventView[],
  more: boolean,
  labels: Readonly<Record<string, string>> = {},
  reverse?: (seq: number) => void,
): HTMLElement {
  const section = el('section', { class: 'section', 'aria-labelledby': 'timeline-title' }, el('h2', { id: 'timeline-title' }, 'Timeline'));
  if (events.length === 0) {
    section.append(el('p', { class: 'hint' }, 'Nothing recorded yet. Contacts you log and reminders sent appear here, newest first.'));
    return section;
  }
  const list = el('ol', { class: 'timeline' });
  const withdrawn = new Set(events.flatMap((e) => (e.type === 'contact.reversed' && typeof e.data.seq === 'number' ? [e.data.seq] : [])));
  for (const event of events) {
    const { title, detail, attention } = describeEvent(event, undefined, labels);
    const who = event.actor.email ?? event.source;
    const isContact = event.type === 'contact.logged';
    const item = el(
      'li',
      {
        ...(attention && { class: 'attention' }),
        ...(isContact && { 'data-seq': String(event.seq) }),
        ...(withdrawn.has(event.seq) && { class: 'withdrawn' }),
      },
      el('div', { class: 'event-title' }, withdrawn.has(event.seq) ? `${title} (withdrawn)` : title),
      ...detail.map((d) => el('div', { class: 'event-detail' }, d)),
      el('div', { class: 'event-meta' }, `${new Date(event.at).toLocaleString()} · ${who}`),
    );
    if (isContact && reverse && !withdrawn.has(event.seq)) {
      const undo = el('button', { type: 'button', class: 'small', 'aria-label': `Withdraw this contact: ${title}` }, 'Withdraw');
      undo.addEventListener('click', () => reverse(event.seq));
      item.append(undo);
    }
    list.append(item);
  }
  section.append(list);
  if (more) section.append(el('p', { class: 'hint' }, 'Older events are in the audit export.'));
  return section;
}
