/**
 * Items by partition and sort key, read back in sort-key order as a DynamoDB Query returns them.
 * Keys are URL-encoded ASCII (see lambdas/store/keys.ts), so comparing JavaScript strings orders
 * them as DynamoDB's byte order does. Items go in and come out as copies.
 */
export class SortedTable {
  private readonly partitions = new Map<string, Map<string, unknown>>();

  get(pk: string, sk: string): unknown {
    const item = this.partitions.get(pk)?.get(sk);
    return item === undefined ? undefined : structuredClone(item);
  }

  put(pk: string, sk: string, item: unknown): void {
    let partition = this.partitions.get(pk);
    if (!partition) this.partitions.set(pk, (partition = new Map()));
    partition.set(sk, structuredClone(item));
  }

  delete(pk: string, sk: string): void {
    this.partitions.get(pk)?.delete(sk);
  }

  /** The partition's items whose sort key begins with `prefix`, in order, after `exclusiveStart` when given. */
  query(pk: string, prefix: string, exclusiveStart?: string): unknown[] {
    const partition = this.partitions.get(pk) ?? new Map<string, unknown>();
    return [...partition.keys()]
      .filter((sk) => sk.startsWith(prefix) && (exclusiveStart === undefined || sk > exclusiveStart))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((sk) => structuredClone(partition.get(sk)));
  }
}
