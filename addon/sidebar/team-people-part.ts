/**
 * Settings > Team and letters, hosted only: who is in the team. Everyone sees the owners, the
 * people invited by address and those removed; an owner invites and removes (after a question
 * naming the person), and "Invite again" is the way back from a removal. A self-hosted backend
 * has no teams, and the part stays hidden.
 */
import type { TenantView } from '../../shared/api/tenant-contract';
import { el } from './dom';
import { newRequestId } from './forms';
import { settingsServer } from './server';
import { renderSender, startTeamSender } from './team-sender-part';

const part = () => document.getElementById('team-people') as HTMLElement;
const list = () => document.getElementById('people-list') as HTMLElement;
const summary = () => document.getElementById('people-summary') as HTMLElement;
const inviteRow = () => document.getElementById('people-invite') as HTMLElement;
const address = () => document.getElementById('invite-email') as HTMLInputElement;
const said = () => document.getElementById('people-status') as HTMLElement;

function render(team: TenantView): void {
  part().hidden = false;
  renderSender(team);
  summary().textContent = `${team.name}, on the ${team.plan} plan${team.status === 'suspended' ? ' (suspended)' : ''}${
    team.domain ? `: everyone signed in with ${team.domain} is in.` : '.'
  }${team.youAreOwner ? '' : ` Only an owner (${team.owners.join(', ')}) may change who is in it.`}`;
  const n = (value: number) => value.toLocaleString('en-US');
  (document.getElementById('team-plan') as HTMLElement).textContent =
    `The ${team.plan} plan tracks up to ${n(team.limits.invoicesPerLedger)} invoices in a ledger and sends up to ${n(team.limits.emailsPerDay)} emails a day (the rest go the next day); the team may make ${n(team.limits.requestsPerSecond)} requests a second.`;
  inviteRow().hidden = !team.youAreOwner;
  const action = (label: string, email: string, run: () => void) => {
    const button = el('button', { type: 'button', class: 'small', 'aria-label': `${label}: ${email}` }, label) as HTMLButtonElement;
    button.addEventListener('click', run);
    return team.youAreOwner ? [button] : [];
  };
  list().replaceChildren(
    ...team.owners.map((email) => el('li', { 'data-email': email }, `${email} · owner`)),
    ...team.invited.map((p) =>
      el(
        'li',
        { 'data-email': p.email },
        `${p.email} · invited by ${p.invitedBy}, ${p.acceptedAt ? 'joined' : 'not joined yet'} `,
        ...action('Remove', p.email, () => remove(p.email)),
      ),
    ),
    ...team.removed.map((p) =>
      el(
        'li',
        { 'data-email': p.email, class: 'removed' },
        `${p.email} · removed by ${p.removedBy} `,
        ...action('Invite again', p.email, () => invite(p.email)),
      ),
    ),
  );
}

/** Shows the team as the backend now has it, or why not; true when it took. */
async function answer(
  call: Promise<{ ok: true; data: TenantView } | { ok: false; error: { message: string } }>,
  done: string,
): Promise<boolean> {
  said().textContent = '';
  try {
    const result = await call;
    if (!result.ok) {
      said().textContent = result.error.message;
      return false;
    }
    render(result.data);
    said().textContent = done;
    return true;
  } catch (error) {
    said().textContent = error instanceof Error ? error.message : String(error);
    return false;
  }
}

function invite(email: string): void {
  void answer(
    settingsServer.inviteToTeam({ requestId: newRequestId('invite'), email }),
    `Invited ${email}: they join once they accept, in their Dunning Desk sidebar.`,
  ).then(
    // What was typed stays until it took.
    (took) => {
      if (took && address().value.trim() === email) address().value = '';
    },
  );
}

function remove(email: string): void {
  if (
    !window.confirm(
      `Remove ${email} from the team? They can no longer use Dunning Desk for it, even if their domain lets others in. Inviting them again undoes it.`,
    )
  )
    return;
  void answer(settingsServer.removeFromTeam({ requestId: newRequestId('remove'), email }), `Removed ${email}.`);
}

/** Wires the invite box once; the returned function (re)reads the team. */
export function startTeamPeople(): () => Promise<void> {
  startTeamSender();
  document.getElementById('invite')?.addEventListener('click', () => {
    const email = address().value.trim();
    if (email) invite(email);
  });
  return async () => {
    try {
      const result = await settingsServer.getTeamPeople();
      if (result.ok && result.data) render(result.data);
      else part().hidden = true;
    } catch {
      part().hidden = true;
    }
  };
}
