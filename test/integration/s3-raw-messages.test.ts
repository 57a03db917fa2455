import { S3Client } from '@aws-sdk/client-s3';
import { S3RawMessages } from '../../lambdas/inbound/s3-raw-messages';
import { startStub } from '../support/stub-server';

/**
 * The inbound bucket's adapter, through the real SDK client, against a server answering S3's REST
 * protocol as S3 documents it (GetObject, and DeleteObjects: at most 1,000 keys a request, a 200
 * that lists the keys it could not delete). Nothing on this machine runs S3.
 */
describe('S3RawMessages on the S3 wire protocol', () => {
  const objects = new Map<string, string>();
  const deleteRequests: string[][] = [];
  let server: Awaited<ReturnType<typeof startStub>>;
  let s3: S3Client;
  const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

  beforeAll(async () => {
    server = await startStub((req, res, body) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      res.setHeader('content-type', 'application/xml');
      if (req.method === 'POST' && /^\/inbound-mail\/?$/.test(url.pathname) && url.searchParams.has('delete')) {
        const keys = [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1] ?? '');
        deleteRequests.push(keys);
        // S3 deletes what it may and names the rest, still answering 200.
        const errors = keys
          .filter((k) => k.endsWith('/locked'))
          .map((k) => `<Error><Key>${k}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>`);
        for (const k of keys) if (!k.endsWith('/locked')) objects.delete(k);
        res.end(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="${NS}">${errors.join('')}</DeleteResult>`);
      } else if (req.method === 'GET' && url.pathname.startsWith('/inbound-mail/')) {
        const key = decodeURIComponent(url.pathname.slice('/inbound-mail/'.length));
        const object = objects.get(key);
        if (object === undefined) {
          res.statusCode = 404;
          res.end(`<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`);
        } else {
          res.setHeader('content-type', 'message/rfc822');
          res.end(object);
        }
      } else {
        res.statusCode = 400;
        res.end('<Error><Code>InvalidRequest</Code><Message>unexpected</Message></Error>');
      }
    });
    s3 = new S3Client({
      endpoint: server.url,
      forcePathStyle: true,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    s3.destroy();
    await server.close();
  });

  it('opens a stored reply, deletes a team’s replies 1,000 keys a request, and finds them gone', async () => {
    const ids = Array.from({ length: 2_500 }, (_, i) => `msg-${i}`);
    for (const id of ids) objects.set(`inbound/${id}`, `Subject: reply ${id}\r\n\r\nPaid.`);
    objects.set('inbound/another-teams', 'Subject: not theirs');
    const raw = new S3RawMessages(s3, 'inbound-mail');

    const opened = await raw.open('msg-7');
    const chunks: Buffer[] = [];
    for await (const chunk of opened ?? []) chunks.push(Buffer.from(chunk as Uint8Array));
    expect(Buffer.concat(chunks).toString()).toBe('Subject: reply msg-7\r\n\r\nPaid.');

    await raw.remove(ids);
    expect(deleteRequests.map((keys) => keys.length)).toEqual([1000, 1000, 500]);
    expect(deleteRequests[0]?.[0]).toBe('inbound/msg-0');
    expect(await raw.open('msg-7')).toBeUndefined();
    expect([...objects.keys()]).toEqual(['inbound/another-teams']);
  });

  it('fails, naming the key and S3’s reason, when S3 could not delete one', async () => {
    objects.set('inbound/locked', 'held by a legal hold');
    const raw = new S3RawMessages(s3, 'inbound-mail');
    await expect(raw.remove(['locked'])).rejects.toThrow(
      '1 reply message(s) could not be deleted from inbound-mail: inbound/locked (AccessDenied Access Denied)',
    );
    await expect(raw.remove([])).resolves.toBeUndefined();
  });
});
