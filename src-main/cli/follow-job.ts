import { printable } from '../../src-shared/errors';
import { requestFromArgs } from './usage-error';

interface CancellableJob<S> {
  readonly finished: Promise<S>;
  cancel(): void;
}

/** The first Ctrl-C asks `cancel` to stop the work cleanly; a second one exits at once. */
export function cancelOnInterrupt(cancel: () => void): void {
  let interrupts = 0;
  process.on('SIGINT', () => {
    if (++interrupts === 1) cancel();
    else process.exit(130);
  });
}

/**
 * Starts a job and waits for its summary, cancelling it on Ctrl-C. A request that cannot run is a
 * usage error (one line, exit 2); a job that fails outright prints one line and gives null.
 */
export async function followJob<S>(command: string, start: () => Promise<CancellableJob<S>>, onFailure: () => void): Promise<S | null> {
  const job = await requestFromArgs(start);
  cancelOnInterrupt(() => job.cancel());
  try {
    return await job.finished;
  } catch (error) {
    onFailure();
    console.error(printable(`${command}: ${(error as Error).message}`));
    return null;
  }
}
