/**
 * Many readers or one writer, first come first served: requests queued behind a writer wait for
 * it, so a writer is never starved by a stream of readers. Each acquire returns its release.
 */
export class ReadWriteGate {
  private readers = 0;
  private writing = false;
  private readonly queue: { exclusive: boolean; go: () => void }[] = [];

  acquire(exclusive: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      this.queue.push({
        exclusive,
        go: () => {
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            if (exclusive) this.writing = false;
            else this.readers -= 1;
            this.pump();
          });
        },
      });
      this.pump();
    });
  }

  private pump(): void {
    for (let next = this.queue[0]; next; next = this.queue[0]) {
      if (this.writing) return;
      if (next.exclusive) {
        if (this.readers > 0) return;
        this.writing = true;
      } else {
        this.readers += 1;
      }
      this.queue.shift();
      next.go();
    }
  }
}
