/**
 * A minimal push-to-pull channel: values pushed are delivered in order to one async iterator,
 * registered synchronously (so nothing published after `channel()` returns is missed).
 */
export interface Channel<T> {
  push(value: T): void;
  iterator: AsyncIterableIterator<T>;
}

export function channel<T>(onClose: () => void, maxBuffered = 1000): Channel<T> {
  const buffer: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | null = null;
  let done = false;
  const finish = (): IteratorResult<T> => {
    if (!done) {
      done = true;
      onClose();
      waiting?.({ value: undefined, done: true });
      waiting = null;
    }
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: () => Promise.resolve(finish()),
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return {
    push(value) {
      if (done) return;
      if (waiting) {
        const w = waiting;
        waiting = null;
        w({ value, done: false });
      } else if (buffer.length < maxBuffered) buffer.push(value);
      else finish(); // a subscriber that cannot keep up is dropped rather than growing memory
    },
    iterator,
  };
}
