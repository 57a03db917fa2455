import type { AuditEventView } from '../../shared/api/contract';
import { describeEvent } from '../../shared/audit/describe-event';
import { el } from './dom';

/** Newest first, as the backend returns them, each with who and when; steps by the ladder's names (`labels`, by id). */
export function timeline(events: readonly AuditEventView[], more: boolean, labels: Readonly<Record<string, string>> = {}): HTMLElement {
  const section = el('section', { class: 'section', 'aria-labelledby': 'timeline-title' }, el('h2', { id: 'timeline-title' }, 'Timeline'));
  if (events.length === 0) {
    section.append(el('p', { class: 'hint' }, 'Nothing recorded yet. Contacts you log and reminders sent appear here, newest first.'));
    return section;
  }
  const list = el('ol', { class: 'timeline' });
  for (const event of events) {
    const { title, detail, attention } = describeEvent(event, undefined, labels);
    const who = event.actor.email ?? event.source;
    list.append(
      el(
        'li',
        attention ? { class: 'attention' } : {},
        el('div', { class: 'event-title' }, title),
        ...detail.map((d) => el('div', { class: 'event-detail' }, d)),
        el('div', { class: 'event-meta' }, `${new Date(event.at).toLocaleString()} · ${who}`),
      ),
    );
  }
  section.append(list);
  if (more) section.append(el('p', { class: 'hint' }, 'Older events are in the audit export.'));
  return section;
}
