import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with one request, below the AWS SDK, where real networks fail:
 * - pass: forward it and return the answer;
 * - drop-answer: forward it, let the server apply it, then close the connection without answering;
 * - error-after: forward it, then answer 500 as AWS does for an internal error;
 * - reset-before: close the connection before forwarding (the client cannot tell it from drop-answer);
 * - freeze: never answer, and answer nothing after it either: the process that sent it is dead;
 * - refuse: answer with the link's `refusal` (an SES error document) without forwarding: SES said
 *   no, as it does when sending is paused, the daily quota is used up or access is denied.
 */
export type NetworkAction = 'pass' | 'drop-answer' | 'error-after' | 'reset-before' | 'freeze' | 'refuse';

export interface SeenCall {
  /** DynamoDB's X-Amz-Target operation or SES's Action. */
  operation: string;
  body: string;
  action: NetworkAction;
  status?: number;
  answer?: string;
}

export interface FaultyLink {
  url: string;
  calls: SeenCall[];
  /** Decides each request in arrival order; `frozen` makes every later request freeze as well. */
  policy: (call: { operation: string; body: string; index: number }) => NetworkAction;
  frozen: boolean;
  /** What `refuse` answers: SES's query-protocol error, as its API documents it. */
  refusal: { status: number; code: string; message: string };
  /** Milliseconds to hold each request before forwarding it: a slow network, to interleave two clients. */
  delayMs: (operation: string) => number;
  close(): Promise<void>;
}

const AWS_500 = JSON.stringify({
  __type: 'com.amazon.coral.service#InternalFailure',
  message: 'We encountered an internal error. Please try again.',
});
const SES_500 =
  '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>We encountered an internal error.</Message></Error></ErrorResponse>';

function operationOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  return new URLSearchParams(body).get('Action') ?? 'unknown';
}

/** An HTTP proxy in front of a local AWS stand-in (dynalite, aws-ses-v2-local) that fails on cue. */
export async function faultyLink(upstream: string, policy: FaultyLink['policy'] = () => 'pass'): Promise<FaultyLink> {
  const target = new URL(upstream);
  let index = 0;
  const held = new Set<ServerResponse>();
  const link: FaultyLink = {
    url: '',
    calls: [],
    policy,
    frozen: false,
    delayMs: () => 0,
    close: () => Promise.resolve(),
    refusal: {
      status: 400,
      code: 'AccountSendingPausedException',
      message: 'Email sending is disabled for your entire Amazon SES account.',
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void answer());
    const answer = async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const operation = operationOf(req, body);
      const action: NetworkAction = link.frozen ? 'freeze' : link.policy({ operation, body, index: index++ });
      if (action === 'freeze') link.frozen = true;
      const call: SeenCall = { operation, body, action };
      link.calls.push(call);
      if (action === 'freeze') {
        held.add(res);
        return;
      }
      if (action === 'reset-before') {
        req.socket.destroy();
        return;
      }
      if (action === 'refuse') {
        const { status, code, message } = link.refusal;
        call.status = status;
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(
          `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${index}</RequestId></ErrorResponse>`,
        );
        return;
      }
      const delay = link.delayMs(operation);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const forward = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            call.status = answer.statusCode;
            call.answer = text;
            if (action === 'drop-answer') {
              req.socket.destroy();
              return;
            }
            if (action === 'error-after') {
              const ses = !req.headers['x-amz-target'];
              res.writeHead(500, {
                'content-type': ses ? 'text/xml' : 'application/x-amz-json-1.0',
                'x-amzn-errortype': 'InternalFailure',
              });
              res.end(ses ? SES_500 : AWS_500);
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      forward.on('error', () => req.socket.destroy());
      forward.end(body);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  link.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  link.close = async () => {
    for (const res of held) res.socket?.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return link;
}

/** The messages SES accepted through this link, with their tags, whatever the client was told. */
export function acceptedBySes(link: FaultyLink): { messageId: string; to: string; tags: Record<string, string> }[] {
  return link.calls
    .filter((c) => (c.operation === 'SendRawEmail' || c.operation === 'SendEmail') && c.status === 200 && c.answer)
    .map((c) => {
      const form = new URLSearchParams(c.body);
      const tags: Record<string, string> = {};
      for (let i = 1; form.has(`Tags.member.${i}.Name`); i += 1)
        tags[form.get(`Tags.member.${i}.Name`) ?? ''] = form.get(`Tags.member.${i}.Value`) ?? '';
      const to = form.get('Destinations.member.1') ?? form.get('Destination.ToAddresses.member.1') ?? '';
      const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(c.answer ?? '')?.[1] ?? '';
      return { messageId, to, tags };
    });
}
