/**
 * @platformatic/kafka is written for Node 22 and uses Promise.withResolvers (Node 22+), the
 * only Node 22 API it needs here; the tool supports Node 20.5+, so it gets the standard
 * definition when the runtime lacks it. Imported before any client is made.
 */
interface WithResolvers {
  withResolvers?<T>(): { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };
}

const promise = Promise as unknown as WithResolvers;
if (typeof promise.withResolvers !== 'function') {
  promise.withResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const created = new Promise<T>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise: created, resolve, reject };
  };
}
