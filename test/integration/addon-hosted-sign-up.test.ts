/**
 * The hosted service from the add-on's side: the sidebar's first call for a person whose team
 * has not signed up says so (code `no-team`, the backend's words), and the sidebar signs the
 * team up; then that person and their Workspace colleagues are in. Against the real API
 * (TENANCY=hosted) on its own thread.
 */
import { invoiceActivity } from '../../addon/src/server/invoice-activity';
import { joinTeam, signUpTeam, teamInvitation, teamPeople } from '../../addon/src/server/team';
import { writeSettings } from '../../addon/src/settings/addon-settings';
import { ledgerEnv } from '../support/addon-env';
import { useBackendThread } from '../support/backend-thread-client';

const thread = useBackendThread('alice', 'hosted');

function sidebarEnv() {
  const { clock } = thread.backend;
  const made = ledgerEnv(
    'ledger-sample.csv',
    {
      identityToken: () => thread.token,
      extraAllowedUrls: [`${thread.backend.url}/`],
      spreadsheetId: `hosted-sign-up-${Date.now()}`,
      now: () => clock.now(),
      advance: (ms) => clock.advance(ms),
    },
    5,
  );
  if (!writeSettings(made.env.documentProperties, { backendUrl: thread.backend.url }).ok) throw new Error('settings');
  return { ...made, run: <T>(work: () => T) => made.env.run(work) };
}

describe('signing a team up from the sidebar (hosted)', () => {
  it('offers the sign-up to a person with no team, refuses a form it cannot use, and lets the team and its domain in', async () => {
    const { ports, run } = sidebarEnv();
    const before = run(() => invoiceActivity(ports, 'INV-1000'));
    expect(!before.ok && before.error).toEqual({
      code: 'no-team',
      message: "alice@acme.example has no Dunning Desk team yet: sign your team up in the sidebar, or ask your team's owner to invite you.",
    });

    const empty = run(() => signUpTeam(ports, { requestId: 'sign-up-0001', name: '', joinByDomain: true }));
    expect(!empty.ok && empty.error.fields).toEqual({ name: 'is empty' });

    const made = run(() => signUpTeam(ports, { requestId: 'sign-up-0002', name: 'Acme Supplies', joinByDomain: true }));
    expect(made).toEqual({ ok: true, data: { name: 'Acme Supplies', tenantId: 'd:acme.example', domain: 'acme.example' } });
    // In: the backend now knows the team, and only the invoice is missing (no sync yet).
    const after = run(() => invoiceActivity(ports, 'INV-1000'));
    expect(!after.ok && after.error.code).toBe('not-synced');
    expect(run(() => teamPeople(ports))).toMatchObject({
      ok: true,
      data: { name: 'Acme Supplies', owners: ['alice@acme.example'], domain: 'acme.example', youAreOwner: true },
    });

    // A colleague of the same Workspace domain is in at once; a consumer account cannot join a domain it has not got.
    thread.token = await thread.backend.token('alan');
    const colleague = run(() => invoiceActivity(ports, 'INV-1000'));
    expect(!colleague.ok && colleague.error.code).toBe('not-synced');
    thread.token = await thread.backend.token('carol');
    const consumer = run(() => signUpTeam(ports, { requestId: 'sign-up-0003', name: 'Carol Consulting', joinByDomain: true }));
    expect(!consumer.ok && consumer.error.fields).toEqual({ joinByDomain: 'needs a Google Workspace account; this one has no domain' });
  });

  it('offers an invitation waiting for the user beside the sign-up, and joins by it', async () => {
    const { ports, run } = sidebarEnv();
    expect((await thread.backend.call('POST', '/v1/tenant/invitations', { email: 'bob@globex.example' })).status).toBe(200);
    thread.token = await thread.backend.token('bob');
    const before = run(() => invoiceActivity(ports, 'INV-1000'));
    expect(!before.ok && before.error).toEqual({
      code: 'no-team',
      message: 'bob@globex.example was invited to Acme Supplies: join it in the sidebar, or sign your own team up.',
    });
    expect(run(() => teamInvitation(ports))).toMatchObject({ ok: true, data: { name: 'Acme Supplies', invitedBy: 'alice@acme.example' } });
    expect(run(() => joinTeam(ports, { requestId: 'join-0001' }))).toEqual({
      ok: true,
      data: { name: 'Acme Supplies', tenantId: 'd:acme.example', domain: 'acme.example' },
    });
    const after = run(() => invoiceActivity(ports, 'INV-1000'));
    expect(!after.ok && after.error.code).toBe('not-synced');
  });
});
