/** A one-line progress bar on a terminal (stderr); silent when stderr is not a TTY. */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(private readonly title: string, private readonly total: number, private readonly unit: string) {
    this.enabled = Boolean(process.stderr.isTTY);
  }

  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < this.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((done / Math.max(1, this.total)) * width);
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((this.total - done) / rate) : 0;
    const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
    process.stderr.write(`\r${this.title} [${bar}] ${done}/${this.total} ${this.unit}  ${rate.toFixed(1)} ${this.unit}/s  ETA ${eta}s\x1b[K`);
  }

  /** Clears the bar so that a message can be printed on a clean line. */
  clear(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}
