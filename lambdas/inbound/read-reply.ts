import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AddressObject, type AttachmentStream, MailParser, type MessageText } from 'mailparser';

/** What is kept of a reply: its words and facts, never its attachments' content. */
export interface ReadReply {
  sha256: string;
  bytes: number;
  from?: string;
  fromName?: string;
  subject: string;
  messageId?: string;
  inReplyTo?: string;
  /** The text part, or the HTML part as text when there is no text part. */
  text: string;
  attachments: { fileName?: string; contentType: string; bytes: number }[];
  /** Lower-case header name to its raw value, for the auto-reply verdict. */
  headers: Map<string, string>;
}

/** Headers as text: addresses by their text, structured ones by their value, dates as ISO, lists joined. */
function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v: unknown) => headerText(v)).join(', ');
  if (typeof value !== 'object' || value === null) return '';
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('value' in value && typeof value.value === 'string') return value.value;
  return '';
}

/**
 * Reads a raw message once, as a stream: its SHA-256 and size are taken from the same bytes the
 * parser reads, and each attachment is counted and dropped as it streams past, so a 10 MB
 * message with a large attachment is never held in memory whole, let alone twice, and nothing
 * executable is kept. mailparser does the MIME (encodings, charsets, nested parts).
 */
export async function readReply(raw: Readable): Promise<ReadReply> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new PassThrough();
  tap.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const parser = new MailParser({ skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const headers = new Map<string, string>();
  let from: AddressObject | undefined;
  let text = '';
  let htmlText = '';
  const attachments: ReadReply['attachments'] = [];
  parser.on('headers', (h) => {
    for (const [key, value] of h) headers.set(key, headerText(value));
    const sender = h.get('from');
    if (sender && typeof sender === 'object' && 'value' in sender && Array.isArray(sender.value)) from = sender as AddressObject;
  });
  parser.on('data', (data: AttachmentStream | MessageText) => {
    if (data.type === 'text') {
      text = data.text ?? '';
      // mailparser turns an HTML-only message's HTML into text for `text`; kept for the case it does not.
      if (!text && typeof data.html === 'string') htmlText = data.html.replace(/<[^>]*>/g, ' ');
      return;
    }
    let size = 0;
    data.content.on('data', (chunk: Buffer) => (size += chunk.length));
    data.content.on('end', () => {
      attachments.push({ ...(data.filename && { fileName: data.filename }), contentType: data.contentType, bytes: size });
      // Typed as nullable (null once released); mailparser sets it on every attachment it streams.
      data.release?.();
    });
  });
  await pipeline(raw, tap, parser);
  const address = from?.value[0];
  return {
    sha256: hash.digest('hex'),
    bytes,
    ...(address?.address && { from: address.address.toLowerCase() }),
    ...(address?.name && { fromName: address.name }),
    subject: headers.get('subject') ?? '',
    ...(headers.get('message-id') && { messageId: headers.get('message-id') }),
    ...(headers.get('in-reply-to') && { inReplyTo: headers.get('in-reply-to') }),
    text: (text || htmlText).replace(/\r\n/g, '\n').trim(),
    attachments,
    headers,
  };
}
