import type { PutObjectCommand } from '@aws-sdk/client-s3';
import { checkpointHeads } from '../../../lambdas/checkpoint/checkpoint-heads';

const insert = (pk: string, seq: number, hash: string) => ({
  eventName: 'INSERT', eventID: `id-${seq}`,
  dynamodb: { NewImage: { pk: { S: pk }, seq: { N: String(seq) }, hash: { S: hash }, at: { S: '2026-11-24T15:00:00.000Z' } } },
});

describe('checkpointing chain heads', () => {
  it('writes one JSON-lines object per batch of appended events, with a checksum', async () => {
    const sent: PutObjectCommand[] = [];
    const s3 = { send: (c: PutObjectCommand) => { sent.push(c); return Promise.resolve({}); } };
    const result = await checkpointHeads({ s3: s3 as never, bucket: 'locked', now: () => Date.parse('2026-11-24T16:05:00Z') }, {
      Records: [insert('T#a#L#b#I#1', 1, 'a'.repeat(64)), { eventName: 'MODIFY', eventID: 'x' }, insert('T#a#L#b#I#2', 7, 'b'.repeat(64))],
    });
    expect(result).toEqual({ written: 2 });
    expect(sent[0]?.input).toMatchObject({ Bucket: 'locked', ChecksumAlgorithm: 'SHA256', Key: expect.stringMatching(/^heads\/2026-11-24\/16\/2026-11-24T16:05:00\.000Z-id-1\.jsonl$/) });
    expect((sent[0]?.input.Body as string).trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { chain: 'T#a#L#b#I#1', seq: 1, hash: 'a'.repeat(64), at: '2026-11-24T15:00:00.000Z' },
      { chain: 'T#a#L#b#I#2', seq: 7, hash: 'b'.repeat(64), at: '2026-11-24T15:00:00.000Z' },
    ]);
  });

  it('writes nothing for a batch with no appends, or a malformed event', async () => {
    const s3 = { send: jest.fn() };
    expect(await checkpointHeads({ s3: s3 as never, bucket: 'b', now: Date.now }, { Records: [{ eventName: 'REMOVE' }] })).toEqual({ written: 0 });
    expect(await checkpointHeads({ s3: s3 as never, bucket: 'b', now: Date.now }, 'nonsense')).toEqual({ written: 0 });
    expect(s3.send).not.toHaveBeenCalled();
  });
});
