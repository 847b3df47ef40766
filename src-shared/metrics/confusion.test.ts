import { describe, expect, it } from 'vitest';
import { ConfusionMatrix } from './confusion';

describe('ConfusionMatrix', () => {
  it('counts (ground truth, prediction) pairs and skips ignored ground truth', () => {
    const matrix = new ConfusionMatrix(3, { ignoreValue: 255 });
    matrix.add(new Uint8Array([0, 0, 1, 1, 2, 255, 0, 1]), new Uint8Array([0, 1, 1, 1, 0, 2, 0, 0]));
    expect([...matrix.counts]).toEqual([
      2, 1, 0,
      1, 2, 0,
      1, 0, 0,
    ]);
    expect(matrix.total()).toBe(7);
    expect(matrix.rowSum(0)).toBe(3);
    expect(matrix.columnSum(0)).toBe(4);
  });

  it('accumulates frames and merges matrices from other workers', () => {
    const a = new ConfusionMatrix(2);
    a.add(new Uint8Array([0, 1]), new Int32Array([0, 0]));
    a.add(new Uint16Array([1]), new Uint8Array([1]));
    const b = new ConfusionMatrix(2);
    b.addCount(0, 1, 5);
    a.merge(b);
    expect([...a.counts]).toEqual([1, 5, 1, 1]);
    a.reset();
    expect(a.total()).toBe(0);
  });

  it('rejects a value outside the classes without counting any of the frame', () => {
    const matrix = new ConfusionMatrix(19, { ignoreValue: 255 });
    expect(() => matrix.add(new Uint8Array([0, 1, 2]), new Uint8Array([0, 1, 19])))
      .toThrow('prediction value 19 at pixel 2 is outside 0..18 and is not the ignore value 255');
    expect(() => matrix.add(new Uint8Array([0, 30]), new Uint8Array([0, 1]))).toThrow('ground truth value 30 at pixel 1');
    expect(() => matrix.add(new Uint8Array(2), new Uint8Array(3))).toThrow('ground truth has 2 pixels but the prediction has 3');
    expect(matrix.total()).toBe(0);
  });
});
