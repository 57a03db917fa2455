import type { InvitationView } from '../../shared/api/tenant-contract';
import { el } from './dom';
import { newRequestId } from './forms';
import { server } from './server';

/**
 * Hosted: the backend says the user's team has not signed up. The card says so in the
 * backend's words and signs the team up here, the user its owner; then the sidebar reloads.
 */
export function signUpCard(message: string, signedUp: () => void, invitation?: InvitationView): HTMLElement {
  const name = el('input', { id: 'team-name', type: 'text', maxlength: '120', autocomplete: 'organization' }) as HTMLInputElement;
  const domain = el('input', { id: 'team-domain', type: 'checkbox' }) as HTMLInputElement;
  const said = el('p', { class: 'form-error', role: 'alert', hidden: '' });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'sign-up' }, 'Sign our team up') as HTMLButtonElement;
  const form = el(
    'form',
    { class: 'section', 'aria-labelledby': 'sign-up-title', novalidate: '' },
    el('h2', { id: 'sign-up-title' }, invitation ? `Join ${invitation.name}, or sign your own team up` : 'Sign your team up'),
    el('p', {}, message),
    ...(invitation ? [joinPart(invitation, said, signedUp)] : []),
    el('div', { class: 'field', 'data-field': 'name' }, el('label', { for: 'team-name' }, "Your team's name"), name),
    el(
      'div',
      { class: 'checkbox-row', 'data-field': 'joinByDomain' },
      domain,
      el('label', { for: 'team-domain' }, 'Everyone signed in with our Google Workspace domain may use it'),
    ),
    el('p', { class: 'hint' }, 'You become its owner: you can invite people by address and remove them. It starts on the free plan.'),
    said,
    el('div', { class: 'actions' }, submit),
  ) as HTMLFormElement;
  // A refusal said for the form as it was: gone once it is edited.
  form.addEventListener('input', () => (said.hidden = true));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(submit, said, signedUp, () =>
      server.signUpTeam({ requestId: newRequestId('sign-up'), name: name.value.trim(), joinByDomain: domain.checked }),
    );
  });
  return form;
}

/** The invitation waiting: who invited the user to which team, and joining it (only then does it take effect). */
function joinPart(invitation: InvitationView, said: HTMLElement, joined: () => void): HTMLElement {
  const join = el('button', { type: 'button', class: 'primary', id: 'join-team' }, `Join ${invitation.name}`) as HTMLButtonElement;
  join.addEventListener('click', () => attempt(join, said, joined, () => server.joinTeam({ requestId: newRequestId('join') })));
  return el(
    'div',
    { class: 'invitation' },
    el('p', {}, `${invitation.invitedBy} invited you on ${invitation.at.slice(0, 10)}. Your ledger's invoices will be kept in that team.`),
    el('div', { class: 'actions' }, join),
  );
}

/** One try at signing up or joining: the button held meanwhile, a refusal said in the form, the sidebar reloaded once it took. */
function attempt(
  button: HTMLButtonElement,
  said: HTMLElement,
  took: () => void,
  call: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>,
): void {
  button.disabled = true;
  said.hidden = true;
  const say = (message: string) => {
    said.textContent = message;
    said.hidden = false;
  };
  void call()
    .then((answer) => (answer.ok ? took() : say(answer.error.message)))
    .catch((error: unknown) => say(error instanceof Error ? error.message : String(error)))
    .finally(() => (button.disabled = false));
}
