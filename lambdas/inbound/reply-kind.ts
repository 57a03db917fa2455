import type { ReadReply } from './read-reply';

/**
 * Whether a message is a person's reply or a machine's: an out-of-office, a vacation
 * responder, a delivery failure. The headers decide first (RFC 3834's Auto-Submitted, the
 * responders' own X- headers, Precedence, a delivery report's content type, the mailer
 * daemon as sender); the subject only as a last resort, in the ledger's languages.
 */
export function autoReplyReason(reply: Pick<ReadReply, 'headers' | 'from' | 'subject'>): string | undefined {
  const h = (name: string) => reply.headers.get(name)?.toLowerCase().trim();
  const submitted = h('auto-submitted');
  if (submitted && submitted !== 'no') return `Auto-Submitted: ${submitted}`;
  // (Not X-Auto-Response-Suppress: Outlook puts it on people's messages, to ask for no auto-reply.)
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) if (h(name) !== undefined) return `an ${name} header`;
  const precedence = h('precedence');
  if (precedence && ['auto_reply', 'bulk', 'junk', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  if (h('content-type')?.startsWith('multipart/report')) return 'a delivery report';
  if (reply.from && /^(mailer-daemon|postmaster)@/i.test(reply.from)) return 'sent by the mail system';
  if (
    /^\s*(auto(matic)?[\s_-]*(reply|response|antwort)|out of (the )?office|abwesenheit(snotiz)?|absence|r[ée]ponse automatique|respuesta autom[áa]tica|automatisch antwoord|fuori sede|risposta automatica|undeliverable|delivery status notification)/i.test(
      reply.subject,
    )
  )
    return `the subject "${reply.subject.slice(0, 60)}"`;
  return undefined;
}

/**
 * The new words of a reply: the quoted message below them cut off where a mail program marks it
 * ("On ... wrote:", "Am ... schrieb:", "Le ... a écrit :", "El ... escribió:", "Op ... schreef:",
 * "-----Original Message-----", lines starting with ">"), bounded.
 */
export function newWords(text: string, max = 2000): string {
  const lines = text.split('\n');
  const cut = lines.findIndex(
    (line) =>
      /^\s*>/.test(line) ||
      /^\s*-{2,}\s*(original message|urspr[üu]ngliche nachricht|message d'origine|mensaje original)\s*-{2,}/i.test(line) ||
      /^\s*(on|am|le|el|op|il)\b.*\b(wrote|schrieb|a [ée]crit|escribi[óo]|schreef|ha scritto)\b.*:\s*$/i.test(line) ||
      /^\s*from:\s.+@/i.test(line),
  );
  const kept = (cut < 0 ? lines : lines.slice(0, cut)).join('\n').trim();
  return kept.length > max ? `${kept.slice(0, max - 1)}…` : kept;
}
