/** Integer label images as the pipeline produces them: decoded PNGs, argmax outputs. */
export type LabelBuffer = Uint8Array | Uint8ClampedArray | Uint16Array | Int32Array | Uint32Array;

export interface ConfusionMatrixOptions {
  /** Ground-truth value whose pixels are skipped, e.g. trainId 255. */
  readonly ignoreValue?: number;
}

/**
 * Pixel counts of (ground truth, prediction) pairs over `numClasses` classes: row = ground truth,
 * column = prediction. Float64 cells stay exact far beyond what uint32 holds (a train set).
 */
export class ConfusionMatrix {
  readonly numClasses: number;
  readonly ignoreValue: number | undefined;
  /** Row-major `numClasses × numClasses` counts. */
  readonly counts: Float64Array;

  constructor(numClasses: number, options: ConfusionMatrixOptions = {}) {
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer, got ${numClasses}`);
    this.numClasses = numClasses;
    this.ignoreValue = options.ignoreValue;
    this.counts = new Float64Array(numClasses * numClasses);
  }

  /**
   * Counts every pixel pair whose ground truth is not the ignore value. Throws a RangeError, before
   * counting anything, if a counted pixel holds a value outside 0..numClasses-1.
   */
  add(groundTruth: LabelBuffer, prediction: LabelBuffer): void {
    if (groundTruth.length !== prediction.length) {
      throw new RangeError(`ground truth has ${groundTruth.length} pixels but the prediction has ${prediction.length}`);
    }
    const k = this.numClasses;
    const ignore = this.ignoreValue ?? -1;
    const frame = new Float64Array(k * k);
    for (let i = 0; i < groundTruth.length; i++) {
      const gt = groundTruth[i];
      if (gt === ignore) continue;
      const pred = prediction[i];
      if (gt >= k || pred >= k || gt < 0 || pred < 0) {
        const [what, value] = gt >= k || gt < 0 ? ['ground truth', gt] : ['prediction', pred];
        throw new RangeError(`${what} value ${value} at pixel ${i} is outside 0..${k - 1}${this.ignoreValue === undefined ? '' : ` and is not the ignore value ${this.ignoreValue}`}`);
      }
      frame[gt * k + pred]++;
    }
    for (let cell = 0; cell < frame.length; cell++) this.counts[cell] += frame[cell];
  }

  /** Adds `count` pixels of ground truth `gt` predicted as `pred`. */
  addCount(gt: number, pred: number, count: number): void {
    this.counts[this.cellIndex(gt, pred)] += count;
  }

  /** Adds another matrix's counts, e.g. from a second validation worker. */
  merge(other: ConfusionMatrix): void {
    if (other.numClasses !== this.numClasses) throw new RangeError(`cannot merge a ${other.numClasses}-class matrix into a ${this.numClasses}-class one`);
    for (let cell = 0; cell < this.counts.length; cell++) this.counts[cell] += other.counts[cell];
  }

  get(gt: number, pred: number): number {
    return this.counts[this.cellIndex(gt, pred)];
  }

  /** Pixels whose ground truth is `gt`. */
  rowSum(gt: number): number {
    let sum = 0;
    for (let pred = 0; pred < this.numClasses; pred++) sum += this.counts[gt * this.numClasses + pred];
    return sum;
  }

  /** Pixels predicted as `pred`. */
  columnSum(pred: number): number {
    let sum = 0;
    for (let gt = 0; gt < this.numClasses; gt++) sum += this.counts[gt * this.numClasses + pred];
    return sum;
  }

  total(): number {
    let sum = 0;
    for (const count of this.counts) sum += count;
    return sum;
  }

  reset(): void {
    this.counts.fill(0);
  }

  private cellIndex(gt: number, pred: number): number {
    const k = this.numClasses;
    if (!Number.isInteger(gt) || !Number.isInteger(pred) || gt < 0 || pred < 0 || gt >= k || pred >= k) {
      throw new RangeError(`cell (${gt}, ${pred}) is outside the ${k}×${k} matrix`);
    }
    return gt * k + pred;
  }
}
