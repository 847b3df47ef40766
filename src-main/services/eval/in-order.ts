/**
 * Runs `load` on up to `concurrency` items at once but hands the results to `consume` in item
 * order, so accumulation stays deterministic while decoding overlaps. `load` must not reject.
 */
export async function forEachInOrder<T, R>(
  items: readonly T[],
  concurrency: number,
  load: (item: T) => Promise<R>,
  consume: (result: R, item: T, index: number) => void,
): Promise<void> {
  const pending: Promise<R>[] = [];
  const start = (index: number) => {
    if (index < items.length) pending[index] = load(items[index]);
  };
  for (let index = 0; index < concurrency; index++) start(index);
  for (let index = 0; index < items.length; index++) {
    const result = await pending[index];
    // A consumed frame's pixels must not stay reachable through its promise.
    delete pending[index];
    start(index + concurrency);
    consume(result, items[index], index);
  }
}
