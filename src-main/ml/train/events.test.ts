import { describe, expect, it } from 'vitest';
import { TrainingSwitch } from './events';

const settled = async (promise: Promise<void>) => Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20))]);

describe('TrainingSwitch', () => {
  it('holds the trainer while paused and lets it go on resume', async () => {
    const changes: string[] = [];
    const control = new TrainingSwitch((change) => changes.push(change));
    expect(await settled(control.whilePaused())).toBe(true);
    control.pause();
    const waiting = control.whilePaused();
    expect(await settled(waiting)).toBe(false);
    control.resume();
    expect(await settled(waiting)).toBe(true);
    expect(changes).toEqual(['paused', 'resumed']);
  });

  it('releases a paused trainer on cancel, which then sees it is cancelled', async () => {
    const control = new TrainingSwitch();
    control.pause();
    const waiting = control.whilePaused();
    control.cancel();
    expect(await settled(waiting)).toBe(true);
    expect(control.isCancelled()).toBe(true);
  });
});
