/**
 * Which parts of the Settings dialog hold edits not saved yet (each part has its own Save, as
 * the sheet and the backend keep them), so closing the dialog names them instead of losing them.
 */
const unsaved = new Set<string>();

/** Marks `part` edited on every keystroke or change inside `form`. */
export function watchEdits(form: HTMLElement, part: string): void {
  // Choosing which letter's wording to show is not an edit.
  const mark = (event: Event) => {
    if (!(event.target instanceof HTMLElement && event.target.dataset.notAnEdit !== undefined)) unsaved.add(part);
  };
  form.addEventListener('input', mark);
  form.addEventListener('change', mark);
}

export function markSaved(part: string): void {
  unsaved.delete(part);
}

/** True when nothing is unsaved, or the user chose to drop what is. */
export function mayClose(): boolean {
  if (unsaved.size === 0) return true;
  return window.confirm(`You have edits in ${[...unsaved].join(' and ')} that are not saved. Close without saving them?`);
}
