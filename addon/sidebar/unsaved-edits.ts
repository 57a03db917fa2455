/**
 * Which tabs of the Settings dialog hold edits not saved yet, so closing the dialog names them
 * instead of losing them, and each such tab shows a dot. The Ledger tab is saved in the sheet and
 * the others together in the backend, so a Save clears the tabs of its own form only.
 */
import { inWords } from '../../shared/text';
import { tabHolding } from './settings-tabs';

const unsaved = new Map<HTMLElement, Set<HTMLElement>>();

/** Marks the edited tab on every keystroke or change inside `form`. */
export function watchEdits(form: HTMLElement): void {
  const tabs = new Set<HTMLElement>();
  unsaved.set(form, tabs);
  const mark = (event: Event) => {
    // Choosing which letter's or email's wording to show is not an edit.
    if (!(event.target instanceof HTMLElement) || event.target.dataset.notAnEdit !== undefined) return;
    const tab = tabHolding(event.target);
    if (!tab) return;
    tabs.add(tab);
    tab.classList.add('unsaved');
  };
  form.addEventListener('input', mark);
  form.addEventListener('change', mark);
}

/** A change made by the dialog itself (a step added, removed or moved) is an edit of its tab. */
export function markEdited(node: Element): void {
  node.dispatchEvent(new Event('change', { bubbles: true }));
}

export function markSaved(form: HTMLElement): void {
  for (const tab of unsaved.get(form) ?? []) tab.classList.remove('unsaved');
  unsaved.get(form)?.clear();
}

/** The tabs with unsaved edits, in the order they are shown. */
export function unsavedTabs(): string[] {
  const all = new Set([...unsaved.values()].flatMap((tabs) => [...tabs]));
  return [...document.querySelectorAll<HTMLElement>('[role="tab"]')].filter((tab) => all.has(tab)).map((tab) => tab.textContent ?? '');
}

/** True when nothing is unsaved, or the user chose to drop what is. */
export function mayClose(): boolean {
  const tabs = unsavedTabs();
  if (tabs.length === 0) return true;
  const named = `the ${inWords(tabs)} tab${tabs.length === 1 ? '' : 's'}`;
  return window.confirm(`You have edits on ${named} that are not saved. Close without saving them?`);
}
