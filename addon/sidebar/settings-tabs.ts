/**
 * The Settings dialog's tabs (WAI-ARIA tabs pattern: arrow keys, Home and End move between them,
 * one tab stop). Ledger shows the sheet's form; the others are panels of the backend's form,
 * so its one Save keeps them together.
 */
const tabs = () => [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];

export function showTab(tab: HTMLElement, focus = false): void {
  for (const t of tabs()) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    const panel = document.getElementById(t.getAttribute('aria-controls') ?? '');
    if (panel && panel.id !== 'panel-ledger') panel.hidden = !selected;
    // A part that reads something only it needs (the holiday countries) waits until it is shown.
    if (panel && selected) panel.dispatchEvent(new Event('tabshown'));
  }
  document.body.dataset.tab = tab.id.replace(/^tab-/, '');
  if (focus) tab.focus();
}

/** The tab that holds `node`. */
export function tabHolding(node: Element): HTMLElement | undefined {
  const id = node.closest('[role="tabpanel"]')?.getAttribute('aria-labelledby');
  return (id && document.getElementById(id)) || undefined;
}

/**
 * After a refusal: each tab with a refused field is marked, and the first is shown with its
 * first refused field focused, so the reason is where the user is looking.
 */
export function showRefusals(form: HTMLElement): void {
  for (const t of tabs()) t.classList.remove('has-error');
  const refused = [...form.querySelectorAll<HTMLElement>('[aria-invalid="true"]')];
  for (const node of refused) tabHolding(node)?.classList.add('has-error');
  const first = refused[0];
  const tab = first && tabHolding(first);
  if (first && tab) {
    showTab(tab);
    first.focus();
  }
}

export function clearRefusals(): void {
  for (const t of tabs()) t.classList.remove('has-error');
}

export function startTabs(): void {
  const all = tabs();
  all.forEach((tab, i) => {
    tab.addEventListener('click', () => showTab(tab));
    tab.addEventListener('keydown', (event) => {
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      const next = all[(to + all.length) % all.length];
      if (next) showTab(next, true);
    });
  });
}
