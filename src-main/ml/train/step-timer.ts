/** Step speed over the last steps, so throughput and ETA follow the machine's current pace. */
export class StepTimer {
  private readonly recent: Array<{ ms: number; images: number }> = [];

  constructor(private readonly window = 20) {}

  add(ms: number, images: number): void {
    this.recent.push({ ms, images });
    if (this.recent.length > this.window) this.recent.shift();
  }

  secondsPerStep(): number {
    return this.recent.reduce((sum, s) => sum + s.ms, 0) / Math.max(1, this.recent.length) / 1000;
  }

  imagesPerSecond(): number {
    const ms = this.recent.reduce((sum, s) => sum + s.ms, 0);
    return ms > 0 ? (this.recent.reduce((sum, s) => sum + s.images, 0) * 1000) / ms : 0;
  }
}
