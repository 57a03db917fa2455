import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { compareWithCheckpoint } from '../../../lambdas/audit/checkpoint-comparison';
import type { ChainedEvent } from '../../../lambdas/audit/hash-chain';
import { checkpointHeads } from '../../../lambdas/checkpoint/checkpoint-heads';
import { checkpointKeys, ledgerKeyOf } from '../../../lambdas/checkpoint/checkpoint-store';
import { MemoryCheckpointStore } from '../../../lambdas/checkpoint/memory-checkpoint-store';
import { S3CheckpointStore } from '../../../lambdas/checkpoint/s3-checkpoint-store';

const keysOf = (pk: string, seq: number) => ({ pk: { S: pk }, seq: { N: String(seq) } });
const insert = (pk: string, seq: number, hash: string) => ({
  eventName: 'INSERT',
  eventID: `id-${pk}-${seq}`,
  dynamodb: {
    Keys: keysOf(pk, seq),
    NewImage: { ...keysOf(pk, seq), hash: { S: hash }, at: { S: '2026-11-24T15:00:00.000Z' } },
    ApproximateCreationDateTime: 1795100000,
  },
});
const modify = (pk: string, seq: number, hash: string) => ({ ...insert(pk, seq, hash), eventName: 'MODIFY', eventID: `m-${seq}` });
const remove = (pk: string, seq: number) => ({
  eventName: 'REMOVE',
  eventID: `r-${seq}`,
  dynamodb: { Keys: keysOf(pk, seq), ApproximateCreationDateTime: 1795100060 },
});
const NOW = () => Date.parse('2026-11-24T16:05:00Z');
const A = 'T#a#L#b#I#1';
const B = 'T#a#L#b#I#2';

describe('checkpointing the audit stream', () => {
  it('keeps appends as heads and every edit or deletion as a tamper signal, leaving malformed records out', async () => {
    const store = new MemoryCheckpointStore();
    const errors: string[] = [];
    const result = await checkpointHeads(
      { store, now: NOW, logger: { error: (m) => errors.push(m) } },
      {
        Records: [
          insert(A, 1, 'a'.repeat(64)),
          insert(A, 2, 'b'.repeat(64)),
          modify(B, 3, 'c'.repeat(64)),
          remove(B, 4),
          { eventName: 'INSERT', eventID: 'x' },
        ],
      },
    );
    expect(result).toEqual({ written: 2, tampering: 2 });
    expect(errors).toEqual(['stream record left out of the checkpoint', 'audit events were edited or deleted in the table']);
    expect(await store.latestHead(A)).toEqual({ chain: A, seq: 2, hash: 'b'.repeat(64), at: '2026-11-24T15:00:00.000Z' });
    expect(await store.tampering('T#a#L#b')).toEqual([
      { chain: B, seq: 3, kind: 'edited', at: '2026-11-19T14:53:20.000Z', hash: 'c'.repeat(64) },
      { chain: B, seq: 4, kind: 'deleted', at: '2026-11-19T14:54:20.000Z' },
    ]);
    expect(await store.tampering('T#a#L#other')).toEqual([]);
  });

  it('writes nothing for an empty batch or something that is not a stream event', async () => {
    const store = new MemoryCheckpointStore();
    expect(await checkpointHeads({ store, now: NOW }, { Records: [] })).toEqual({ written: 0, tampering: 0 });
    expect(await checkpointHeads({ store, now: NOW }, 'nonsense')).toEqual({ written: 0, tampering: 0 });
    expect(store.batches).toEqual([]);
  });

  it('names a chain’s ledger by its key, whatever the invoice number held', () => {
    expect(ledgerKeyOf('T#d%3Aacme#L#main#I#INV%23I%231')).toBe('T#d%3Aacme#L#main');
  });
});

describe('the S3 checkpoint store (the SDK client with its send answered here)', () => {
  const s3 = () => {
    const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const sent: unknown[] = [];
    const objects = new Map<string, string>();
    jest.spyOn(client, 'send').mockImplementation(((command: unknown) => {
      sent.push(command);
      if (command instanceof PutObjectCommand) {
        objects.set(command.input.Key ?? '', command.input.Body as string);
        return Promise.resolve({});
      }
      if (command instanceof GetObjectCommand) {
        const body = objects.get(command.input.Key ?? '');
        if (body === undefined) return Promise.reject(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
        return Promise.resolve({ Body: { transformToString: () => Promise.resolve(body) } });
      }
      if (command instanceof ListObjectsV2Command) {
        // Two pages of one each, as S3 pages a long listing.
        const all = [...objects.keys()].filter((k) => k.startsWith(command.input.Prefix ?? '')).sort();
        const start = Number(command.input.ContinuationToken ?? 0);
        const more = start + 1 < all.length;
        return Promise.resolve({
          Contents: all.slice(start, start + 1).map((Key) => ({ Key })),
          IsTruncated: more,
          ...(more && { NextContinuationToken: String(start + 1) }),
        });
      }
      return Promise.reject(new Error('unexpected command'));
    }) as never);
    return { client, sent, objects };
  };

  it('writes the batch, each chain’s newest head and each tamper signal, every object with a SHA-256 checksum', async () => {
    const { client, sent } = s3();
    const store = new S3CheckpointStore(client, 'locked');
    await checkpointHeads({ store, now: NOW }, { Records: [insert(A, 1, 'a'.repeat(64)), insert(A, 2, 'b'.repeat(64)), remove(B, 4)] });
    const puts = sent.filter((c): c is PutObjectCommand => c instanceof PutObjectCommand).map((c) => c.input);
    expect(puts.map((p) => p.Key)).toEqual([
      'heads/2026-11-24/16/2026-11-24T16:05:00.000Z-id-T#a#L#b#I#1-1.jsonl',
      checkpointKeys.chain(A),
      expect.stringMatching(new RegExp(`^${checkpointKeys.tamperPrefix('T#a#L#b')}2026-11-24T16:05:00.000Z-`)),
    ]);
    for (const p of puts) expect(p).toMatchObject({ Bucket: 'locked', ChecksumAlgorithm: 'SHA256' });
    expect(
      (puts[0]?.Body as string)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { chain: A, seq: 1, hash: 'a'.repeat(64), at: '2026-11-24T15:00:00.000Z', kind: 'appended' },
      { chain: A, seq: 2, hash: 'b'.repeat(64), at: '2026-11-24T15:00:00.000Z', kind: 'appended' },
      { chain: B, seq: 4, kind: 'deleted', at: '2026-11-19T14:54:20.000Z' },
    ]);
    expect(await store.latestHead(A)).toMatchObject({ seq: 2, hash: 'b'.repeat(64) });
    expect(await store.latestHead(B)).toBeUndefined();
  });

  it('reads every tamper signal of a ledger across pages of the listing', async () => {
    const { client } = s3();
    const store = new S3CheckpointStore(client, 'locked');
    await checkpointHeads({ store, now: NOW }, { Records: [remove(B, 4), modify(B, 3, 'c'.repeat(64))] });
    expect((await store.tampering('T#a#L#b')).map((t) => [t.seq, t.kind]).sort()).toEqual([
      [3, 'edited'],
      [4, 'deleted'],
    ]);
  });
});

describe('a chain held against its checkpoint', () => {
  const chain = (n: number) => Array.from({ length: n }, (_, i) => ({ seq: i + 1, hash: `h${i + 1}` }) as ChainedEvent);
  const head = (seq: number, hash = `h${seq}`) => ({ chain: A, seq, hash, at: '2026-11-24T15:00:00.000Z' });

  it('holds when the table has the checkpointed head (and perhaps newer events), or nothing was checkpointed yet', () => {
    expect(compareWithCheckpoint('1', chain(3), head(3), [])).toEqual([]);
    expect(compareWithCheckpoint('1', chain(5), head(3), [])).toEqual([]);
    expect(compareWithCheckpoint('1', chain(2), undefined, [])).toEqual([]);
  });

  it('names a truncated tail, from the first missing event', () => {
    expect(compareWithCheckpoint('1', chain(3), head(5), [])).toEqual([
      {
        invoiceNumber: '1',
        seq: 4,
        reason:
          'its last 2 events are missing: the audit checkpoint holds event 5 (recorded 2026-11-24T15:00:00.000Z), the table ends at event 3',
      },
    ]);
    expect(compareWithCheckpoint('1', [], head(1), [])[0]?.reason).toMatch(/its last event is missing: .* the table ends at nothing/);
  });

  it('names an event replaced after it was checkpointed, and every edit or deletion the stream saw', () => {
    expect(compareWithCheckpoint('1', chain(3), head(3, 'other'), [])[0]).toMatchObject({
      seq: 3,
      reason: expect.stringMatching(/not the one the audit checkpoint holds/),
    });
    expect(
      compareWithCheckpoint('1', chain(3), head(3), [
        { chain: A, seq: 2, kind: 'edited', at: 'T' },
        { chain: A, seq: 1, kind: 'deleted', at: 'T' },
      ]).map((p) => p.reason),
    ).toEqual([
      'event 1 was deleted from the audit table on T (seen by the audit checkpoints; the app only ever appends)',
      'event 2 was edited in the audit table on T (seen by the audit checkpoints; the app only ever appends)',
    ]);
  });
});
