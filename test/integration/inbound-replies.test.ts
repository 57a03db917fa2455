import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { defaultLedgerSettings } from '../../shared/default-settings';
import { handleInbound, type InboundDeps } from '../../lambdas/inbound/handle-inbound';
import { replyAddress } from '../../lambdas/mail/reply-address';
import { LEDGER, rid, snapshot, startTestApi, type TestApi } from '../support/api';
import { type DispatcherHarness, dispatcherHarness, sesMailbox } from '../support/dispatcher';

const DOMAIN = 'replies.acme.example';
const DAY = 86_400_000;
const fixture = (name: string) => readFileSync(`test/fixtures/inbound/${name}.eml`, 'utf8');

/**
 * Replies to the dispatcher's reminders, handed to the inbound handler the way SES's receipt
 * rule does (the message stored first, then the function invoked with the receipt), against
 * dynalite and the local SES. The messages are real MIME written for the tests
 * (test/fixtures/inbound/).
 */
describe('replies captured: recorded on the invoices, automation paused, the team told', () => {
  let api: TestApi;
  let harness: DispatcherHarness;
  const stored = new Map<string, () => Readable>();
  const logged: { level: string; message: string; extra?: unknown }[] = [];
  const inbound = (): InboundDeps => ({
    main: harness.deps.main,
    audit: harness.deps.audit,
    clock: api.clock,
    dispatch: harness.deps.dispatch,
    mailer: harness.deps.mailer,
    fromAddress: 'ar@acme.example',
    raw: { open: (id) => Promise.resolve(stored.get(id)?.()) },
    logger: {
      info: (message: unknown, ...extra: unknown[]) => void logged.push({ level: 'info', message: String(message), extra }),
      warn: (message: unknown, ...extra: unknown[]) => void logged.push({ level: 'warn', message: String(message), extra }),
      error: (message: unknown, ...extra: unknown[]) => void logged.push({ level: 'error', message: String(message), extra }),
    },
    replyDomain: DOMAIN,
  });
  /** Stores the message under a fresh SES id and invokes the handler with SES's receipt for it. */
  const receive = async (message: string | (() => Readable), recipient: string) => {
    const id = `ses-${randomUUID()}`;
    stored.set(id, typeof message === 'string' ? () => Readable.from([Buffer.from(message, 'utf8')]) : message);
    const event = { Records: [{ eventSource: 'aws:ses', ses: { mail: { messageId: id }, receipt: { recipients: [recipient] } } }] };
    return { id, outcome: await handleInbound(inbound(), event) };
  };
  const events = async (invoiceNumber: string, user: 'alice' | 'bob' = 'alice') =>
    (await api.call('GET', `/v1/history?ledgerId=${LEDGER}&invoiceNumber=${invoiceNumber}&limit=100`, { user })).json.events as {
      type: string;
      source: string;
      data: Record<string, unknown>;
    }[];

  let debtor: string;
  let sent: { replyTo: string; subject: string };

  beforeAll(async () => {
    api = await startTestApi('2026-11-24T15:00:00Z');
    harness = dispatcherHarness(api);
    harness.deps.config.replyDomain = DOMAIN;
    const settings = { ...defaultLedgerSettings('team@acme.example', 'America/New_York'), senderName: 'Acme AR' };
    expect((await api.call('PUT', '/v1/settings', { body: { requestId: rid(), ledgerId: LEDGER, settings } })).status).toBe(200);
    debtor = `ap-${randomUUID().slice(0, 8)}@blue-fern.example`;
    const invoices = ['E-1', 'E-2'].map((n) => snapshot(n, { customer: 'Blue Fern', contactEmail: debtor, dueDate: '2026-11-24' }));
    expect((await api.call('POST', '/v1/invoices/sync', { body: { requestId: rid(), ledgerId: LEDGER, invoices } })).status).toBe(200);
    await harness.run();
    const [email, ...more] = await sesMailbox((a) => a === debtor);
    expect(more).toEqual([]);
    sent = { replyTo: email?.replyTo[0] ?? '?', subject: email?.subject ?? '?' };
  });
  afterAll(async () => {
    harness.close();
    await api.close();
  });

  const message = (name: string) =>
    fixture(name)
      .replaceAll('{{REPLY_TO}}', sent.replyTo)
      .replaceAll('{{SUBJECT}}', sent.subject)
      .replaceAll('{{SENT_ID}}', 'x@amazonses.com');

  it("sends each reminder with a Reply-To of its own on the reply domain, the team's address still in the text", async () => {
    expect(sent.replyTo).toMatch(/^reply\+[a-z2-7]{13}[0-9a-f]{32}@replies\.acme\.example$/);
    const [email] = await sesMailbox((a) => a === debtor);
    expect(email?.body.text).toContain('team@acme.example');
  });

  it('drops an automatic reply after recording it: nothing paused, nothing forwarded', async () => {
    const before = (await sesMailbox((a) => a === 'team@acme.example')).length;
    const { outcome } = await receive(message('auto-reply'), sent.replyTo);
    expect(outcome).toEqual({ recorded: 0, autoReplies: 1, dropped: 0 });
    const replied = (await events('E-1')).find((e) => e.type === 'email.replied');
    expect(replied?.data).toMatchObject({ autoReply: 'Auto-Submitted: auto-replied', from: 'ap@blue-fern.example' });
    const hold = await harness.deps.main.getCustomerHold({ tenant: 'd:acme.example', ledgerId: LEDGER }, 'Blue Fern');
    expect(hold?.pause).toBeUndefined();
    expect((await sesMailbox((a) => a === 'team@acme.example')).length).toBe(before);
  });

  it("records a person's reply on every invoice of the email, pauses the customer, puts it on the worklist and forwards it", async () => {
    const { id, outcome } = await receive(message('plain'), sent.replyTo);
    expect(outcome).toEqual({ recorded: 1, autoReplies: 0, dropped: 0 });
    const raw = Buffer.from(message('plain'), 'utf8');
    for (const n of ['E-1', 'E-2']) {
      const replied = (await events(n)).find((e) => e.type === 'email.replied' && !e.data.autoReply);
      expect(replied).toMatchObject({ source: 'inbound-email' });
      expect(replied?.data).toMatchObject({
        from: 'ap@blue-fern.example',
        subject: `Re: ${sent.subject}`,
        sha256: createHash('sha256').update(raw).digest('hex'),
        bytes: raw.length,
        rawMessage: id,
        sentTo: debtor,
      });
      // Its new words only: the quoted reminder below "On ... wrote:" is cut off.
      expect(replied?.data.words).toBe(
        'Hello,\n\nWe paid both invoices yesterday by bank transfer, reference BF-2291. Please check again before sending anything else.\n\nThanks,\nSam',
      );
    }
    const hold = await harness.deps.main.getCustomerHold({ tenant: 'd:acme.example', ledgerId: LEDGER }, 'Blue Fern');
    expect(hold?.pause).toMatchObject({
      note: 'the customer replied: your turn',
      reply: { invoiceNumbers: ['E-1', 'E-2'], messageId: id },
    });
    const work = (await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json.items as {
      kind: string;
      invoiceNumber: string;
      label: string;
    }[];
    expect(
      work
        .filter((i) => i.kind === 'reply')
        .map((i) => i.invoiceNumber)
        .sort(),
    ).toEqual(['E-1', 'E-2']);
    expect(work.find((i) => i.kind === 'reply')?.label).toBe(
      `Answer the reply from ap@blue-fern.example: "Re: ${sent.subject}"; then resume reminders`,
    );
    const reminders = (await api.call('GET', `/v1/reminders?ledgerId=${LEDGER}&invoiceNumber=E-1`)).json;
    expect(reminders.automation).toMatchObject({ running: false });
    const [forwarded] = await sesMailbox((a) => a === 'team@acme.example');
    expect(forwarded?.subject).toBe(`Reply from Blue Fern: Re: ${sent.subject}`);
    expect(forwarded?.replyTo).toEqual(['ap@blue-fern.example']);
    expect(forwarded?.body.text).toContain('We paid both invoices yesterday by bank transfer, reference BF-2291.');
    expect(forwarded?.body.text).toContain('Reminders to Blue Fern are paused until someone resumes them in the sidebar');

    // The same message delivered again (SES retries an invocation): nothing is recorded, paused or forwarded twice.
    await handleInbound(inbound(), { Records: [{ ses: { mail: { messageId: id }, receipt: { recipients: [sent.replyTo] } } }] });
    expect((await events('E-1')).filter((e) => e.type === 'email.replied' && !e.data.autoReply)).toHaveLength(1);
    expect(await sesMailbox((a) => a === 'team@acme.example')).toHaveLength(1);
    const pauses = (await events('E-2')).filter((e) => e.type === 'customer.paused');
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toMatchObject({ source: 'inbound-email' });
  });

  it('sends the debtor nothing more until a person resumes: a week of dispatcher runs, then the resume', async () => {
    const before = (await sesMailbox((a) => a === debtor)).length;
    for (let day = 0; day < 7; day += 1) {
      api.clock.advance(DAY);
      await harness.run();
    }
    expect((await sesMailbox((a) => a === debtor)).length).toBe(before);
    const resumed = await api.call('POST', '/v1/customers/hold', {
      body: { requestId: rid(), ledgerId: LEDGER, customer: 'Blue Fern', action: 'resume', note: 'Answered Sam: payment matched' },
    });
    expect(resumed.status).toBe(200);
    const work = (await api.call('GET', `/v1/worklist?ledgerId=${LEDGER}`)).json.items as { kind: string }[];
    expect(work.filter((i) => i.kind === 'reply')).toEqual([]);
  });

  it.each([
    [
      'an HTML-only reply, its words from the HTML, no script kept',
      'html-only',
      /We dispute the amount on this invoice: the delivery was short by 3 cases\.\s+Sam/,
    ],
    [
      'a reply in German in Latin-1, the quoted reminder cut off',
      'quoted-german',
      /^Sehr geehrte Damen und Herren,\n\ndie Zahlung erfolgt am 30\.11\. über unsere Bank\.[\s\S]*Jana Weber$/,
    ],
  ])('reads %s', async (_name, file, words) => {
    const { id } = await receive(message(file), sent.replyTo);
    const replied = (await events('E-1')).find((e) => e.type === 'email.replied' && e.data.rawMessage === id);
    expect(String(replied?.data.words)).toMatch(words);
    expect(String(replied?.data.words)).not.toMatch(/alert|<script|A friendly note/);
  });

  it('counts attachments and keeps none of them, executable or not', async () => {
    const { id } = await receive(message('with-attachment'), sent.replyTo);
    const replied = (await events('E-2')).find((e) => e.type === 'email.replied' && e.data.rawMessage === id);
    expect(replied?.data.attachments).toEqual([
      { fileName: 'remittance.pdf', contentType: 'application/pdf', bytes: 78 },
      { fileName: 'invoice.exe', contentType: 'application/x-msdownload', bytes: 57 },
    ]);
    expect(JSON.stringify(replied?.data)).not.toContain('TVqQ');
  });

  it('drops and logs a forged token, and one naming another domain, writing nothing', async () => {
    const forged = replyAddress(DOMAIN, 'd:acme.example', randomUUID());
    const before = (await events('E-1')).length;
    expect((await receive(message('plain'), forged)).outcome).toEqual({ recorded: 0, autoReplies: 0, dropped: 1 });
    expect((await receive(message('plain'), sent.replyTo.replace(DOMAIN, 'evil.example'))).outcome.dropped).toBe(1);
    expect((await events('E-1')).length).toBe(before);
    expect(logged.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(
      expect.arrayContaining([
        'inbound message dropped: its reply token names no email we sent (forged, mistyped, or older than the 30 days a send is kept)',
        'inbound message dropped: not addressed to a reply address',
      ]),
    );
  });

  it("attaches a reply to another tenant's reminder to that tenant's invoices only", async () => {
    const bobDebtor = `ap-${randomUUID().slice(0, 8)}@initech.example`;
    const sync = await api.call('POST', '/v1/invoices/sync', {
      user: 'bob',
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [snapshot('E-1', { customer: 'Initech', contactEmail: bobDebtor, dueDate: '2026-12-01' })],
      },
    });
    expect(sync.status).toBe(200);
    await harness.run();
    const [bobEmail] = await sesMailbox((a) => a === bobDebtor);
    const bobReplyTo = bobEmail?.replyTo[0] ?? '?';
    expect(bobReplyTo).not.toBe(sent.replyTo);
    const aliceBefore = (await events('E-1', 'alice')).length;
    await receive(message('plain'), bobReplyTo);
    expect((await events('E-1', 'bob')).filter((e) => e.type === 'email.replied')).toHaveLength(1);
    expect((await events('E-1', 'alice')).length).toBe(aliceBefore);
  });

  it("gives a tenant whose reply alias could not be written the team's own Reply-To that run, so no reply is lost", async () => {
    const other = dispatcherHarness(api);
    other.deps.config.replyDomain = DOMAIN;
    const real = other.deps.dispatch;
    other.deps.dispatch = new Proxy(real, {
      get: (target, key, receiver) =>
        key === 'rememberReplyAlias'
          ? () => Promise.reject(new Error('ProvisionedThroughputExceededException'))
          : Reflect.get(target, key, receiver),
    });
    const to = `ap-${randomUUID().slice(0, 8)}@blue-fern.example`;
    const sync = await api.call('POST', '/v1/invoices/sync', {
      body: {
        requestId: rid(),
        ledgerId: LEDGER,
        invoices: [snapshot('E-9', { customer: 'Later Co', contactEmail: to, dueDate: '2026-12-01' })],
      },
    });
    expect(sync.status).toBe(200);
    const summary = await other.run();
    other.close();
    expect(summary.problems).toBeGreaterThan(0);
    const [email] = await sesMailbox((a) => a === to);
    expect(email?.replyTo).toEqual(['team@acme.example']);
  });

  it('streams a 10 MB message once: its hash and size from the same bytes, the attachment counted, not kept', async () => {
    const head = message('with-attachment').split('--b1_remittance\nContent-Type: application/pdf')[0] ?? '';
    const line = `${'A'.repeat(76)}\n`;
    const lines = Math.ceil((10 * 1024 * 1024) / line.length);
    const hash = createHash('sha256');
    let total = 0;
    let largestChunk = 0;
    // The message is made as it is read, in 64 KB pieces: neither side ever holds it whole.
    const generate = () =>
      Readable.from(
        (function* () {
          const parts = [
            head,
            '--b1_remittance\nContent-Type: application/octet-stream; name="scan.bin"\nContent-Disposition: attachment; filename="scan.bin"\nContent-Transfer-Encoding: base64\n\n',
          ];
          for (const part of parts) yield Buffer.from(part);
          let chunk = '';
          for (let i = 0; i < lines; i += 1) {
            chunk += line;
            if (chunk.length >= 64 * 1024) {
              yield Buffer.from(chunk);
              chunk = '';
            }
          }
          yield Buffer.from(`${chunk}--b1_remittance--\n`);
        })(),
      ).on('data', (c: Buffer) => {
        hash.update(c);
        total += c.length;
        largestChunk = Math.max(largestChunk, c.length);
      });
    const { id } = await receive(generate, sent.replyTo);
    const replied = (await events('E-1')).find((e) => e.type === 'email.replied' && e.data.rawMessage === id);
    expect(total).toBeGreaterThan(10 * 1024 * 1024);
    expect(largestChunk).toBeLessThan(100 * 1024);
    expect(replied?.data).toMatchObject({ bytes: total, sha256: hash.digest('hex') });
    expect(replied?.data.attachments).toEqual([
      { fileName: 'scan.bin', contentType: 'application/octet-stream', bytes: (lines * 76 * 3) / 4 },
    ]);
  });
});
