import { el } from './dom';

/**
 * A request id for one submission of a form: made when the form is ready, kept while that
 * submission is retried, replaced once it is saved, so the backend writes it once.
 */
export function newRequestId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().replace(/-/g, '')}`.slice(0, 64);
}

/** Removes the marks of the last refusal. */
export function clearFieldErrors(form: HTMLElement): void {
  for (const node of form.querySelectorAll('.field-error')) node.remove();
  for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
}

/** Marks each refused field (by its `data-field` wrapper) with the server's reason, read out with it. */
export function markFieldErrors(form: HTMLElement, fields: Record<string, string>): void {
  for (const [name, message] of Object.entries(fields)) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    const control = wrapper?.querySelector('input, select, textarea');
    if (!wrapper || !control) continue;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', `${name}-error`);
    wrapper.append(el('p', { class: 'field-error', id: `${name}-error` }, message));
  }
}

/**
 * A section's submissions: the buttons wait while it is saved, and a refusal shows in the
 * section's alert (hidden until then). `work` resolves to undefined when saved, else what to say.
 */
export function submitter(): { error: HTMLElement; send: (work: () => Promise<string | undefined>, buttons: HTMLButtonElement[]) => void } {
  const error = document.createElement('p');
  error.className = 'form-error';
  error.setAttribute('role', 'alert');
  error.hidden = true;
  return {
    error,
    send: (work, buttons) => {
      for (const b of buttons) b.disabled = true;
      error.hidden = true;
      void work()
        .then((refused) => {
          if (refused) {
            error.textContent = refused;
            error.hidden = false;
          }
        })
        .finally(() => {
          for (const b of buttons) b.disabled = false;
        });
    },
  };
}
