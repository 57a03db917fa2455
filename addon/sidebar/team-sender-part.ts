/**
 * Settings > Team and letters, hosted only: where the team's emails come from. Until an owner
 * names an address at the team's own domain (and SES finds the domain's DKIM records), emails
 * come from the service's address with the team's sender name and Reply-To; this says so, shows
 * the three CNAMEs to add, their state, and the way back. A self-hosted backend hides it.
 */
import type { TenantView } from '../../shared/api/tenant-contract';
import { el } from './dom';
import { newRequestId } from './forms';
import { settingsServer } from './server';

const part = () => document.getElementById('team-sender') as HTMLElement;
const summary = () => document.getElementById('sender-summary') as HTMLElement;
const records = () => document.getElementById('sender-records') as HTMLTableElement;
const setRow = () => document.getElementById('sender-set') as HTMLElement;
const actions = () => document.getElementById('sender-actions') as HTMLElement;
const address = () => document.getElementById('sender-address') as HTMLInputElement;
const checkButton = () => document.getElementById('sender-check') as HTMLButtonElement;
const said = () => document.getElementById('sender-status') as HTMLElement;

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Where the team's emails come from now, in a sentence or two. */
function senderSummary(team: TenantView, service: string): string {
  const { sender } = team;
  const meanwhile = `emails come from ${service}, with your sender name, and replies go to your Reply-To.`;
  if (!sender)
    return `Emails come from ${service}, with your sender name, and replies go to your Reply-To.${
      team.youAreOwner
        ? ' To send from your own domain, name an address at it.'
        : ` An owner (${team.owners.join(', ')}) may set up your own domain.`
    }`;
  if (sender.state === 'verified')
    return `Emails come from ${sender.address}: ${sender.domain} was verified ${when(sender.verifiedAt ?? sender.checkedAt)}.`;
  if (sender.state === 'failed')
    return `The email service could not find the records below at ${sender.domain} (checked ${when(sender.checkedAt)}). Check them at your DNS host, then Check now. Until then, ${meanwhile}`;
  return `Waiting for ${sender.domain}'s DNS to publish the records below (the email service finds them within minutes, at most 72 hours; last checked ${when(sender.checkedAt)}). Until then, ${meanwhile}`;
}

/** Shows where the team's emails come from now, and what an owner may do about it. */
export function renderSender(team: TenantView): void {
  const service = team.serviceSender;
  part().hidden = !service;
  if (!service) return;
  const { sender } = team;
  const owner = team.youAreOwner;
  summary().textContent = senderSummary(team, service);
  const rows = sender && sender.state !== 'verified' ? sender.records : [];
  records().hidden = rows.length === 0;
  records().tBodies[0]?.replaceChildren(
    ...rows.map((r) => el('tr', {}, el('td', {}, r.type), el('td', {}, r.name), el('td', {}, r.value))),
  );
  setRow().hidden = !owner || Boolean(sender);
  actions().hidden = !sender;
  checkButton().hidden = !sender || sender.state === 'verified';
  (document.getElementById('sender-remove') as HTMLElement).hidden = !owner;
}

async function answer(
  call: Promise<{ ok: true; data: TenantView } | { ok: false; error: { message: string } }>,
  done: (t: TenantView) => string,
) {
  said().textContent = '';
  try {
    const result = await call;
    if (!result.ok) {
      said().textContent = result.error.message;
      return;
    }
    renderSender(result.data);
    said().textContent = done(result.data);
  } catch (error) {
    said().textContent = error instanceof Error ? error.message : String(error);
  }
}

/** Wires the part's buttons once; renderSender shows each answer. */
export function startTeamSender(): void {
  document.getElementById('sender-use')?.addEventListener('click', () => {
    const typed = address().value.trim();
    if (!typed) return;
    void answer(settingsServer.setTeamSender({ requestId: newRequestId('sender'), address: typed }), (t) =>
      t.sender?.state === 'verified'
        ? `Emails now come from ${t.sender.address}.`
        : `Add the three records at ${t.sender?.domain ?? 'your domain'}'s DNS host.`,
    );
  });
  checkButton().addEventListener('click', () => {
    void answer(settingsServer.checkTeamSender(), (t) =>
      t.sender?.state === 'verified'
        ? `Verified: emails now come from ${t.sender.address}.`
        : 'Not found yet; the records can take a while to publish.',
    );
  });
  document.getElementById('sender-remove')?.addEventListener('click', () => {
    if (!window.confirm(`Stop sending from your own domain? Emails will come from the service's address again, with your sender name.`))
      return;
    void answer(settingsServer.removeTeamSender(), (t) => `Emails come from ${t.serviceSender ?? "the service's address"} again.`);
  });
}
