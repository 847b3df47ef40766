import { describe, expect, it } from 'vitest';
import { augmentSample, validateAugmentConfig, type AugmentConfig } from './augment';
import { flipHorizontal, rotateQuarterTurns, scaleCrop } from './geometric';
import { gaussianBlur, jitterColours } from './photometric';
import { seededRandom } from './random';
import type { LabelledImage } from './types';

function randomSample(height: number, width: number, seed = 1): LabelledImage {
  const random = seededRandom(seed);
  const image = Float32Array.from({ length: height * width * 3 }, () => random());
  const label = Uint8Array.from({ length: height * width }, () => Math.floor(random() * 19));
  return { height, width, image, label };
}

const CELL = 8;

/**
 * Channel 0 holds the pixel's x and channel 1 its y (bilinear resampling reproduces linear ramps
 * exactly), and the label is the number of its CELL×CELL cell: after any geometric augmentation the
 * image says where each pixel came from and the label must be that place's cell.
 */
function positionCodedSample(height: number, width: number): LabelledImage {
  const image = new Float32Array(height * width * 3);
  const label = new Uint8Array(height * width);
  const cellsAcross = Math.ceil(width / CELL);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      image[i * 3] = x;
      image[i * 3 + 1] = y;
      label[i] = Math.floor(y / CELL) * cellsAcross + Math.floor(x / CELL);
    }
  }
  return { height, width, image, label };
}

/** Pixels whose label is not the cell their decoded source position lies in, away from cell borders. */
function misalignedPixels(sample: LabelledImage, sourceWidth: number): number {
  const cellsAcross = Math.ceil(sourceWidth / CELL);
  const nearBorder = (v: number) => { const r = (v + 0.5) % CELL; return r < 1 || r > CELL - 1; };
  let wrong = 0;
  for (let i = 0; i < sample.label.length; i++) {
    if (sample.label[i] === 255) continue;
    const x = sample.image[i * 3];
    const y = sample.image[i * 3 + 1];
    if (nearBorder(x) || nearBorder(y)) continue;
    if (sample.label[i] !== Math.floor((y + 0.5) / CELL) * cellsAcross + Math.floor((x + 0.5) / CELL)) wrong++;
  }
  return wrong;
}

describe('geometric augmentations', () => {
  it('flipping twice gives back the sample', () => {
    const sample = randomSample(6, 10);
    const twice = flipHorizontal(flipHorizontal(sample));
    expect(twice.image).toEqual(sample.image);
    expect(twice.label).toEqual(sample.label);
  });

  it('turns counter-clockwise, and four quarter turns give back a square sample', () => {
    const wide: LabelledImage = { height: 2, width: 3, image: new Float32Array(18), label: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    const turned = rotateQuarterTurns(wide, 1);
    expect([turned.height, turned.width]).toEqual([3, 2]);
    expect([...turned.label]).toEqual([3, 6, 2, 5, 1, 4]);
    expect([...rotateQuarterTurns(wide, 3).label]).toEqual([4, 1, 5, 2, 6, 3]);

    const square = randomSample(7, 7);
    let out = square;
    for (let k = 0; k < 4; k++) out = rotateQuarterTurns(out, 1);
    expect(out.image).toEqual(square.image);
    expect(out.label).toEqual(square.label);
  });

  it('scale-crop keeps image and label aligned when enlarging, shrinking and padding', () => {
    const sample = positionCodedSample(48, 64);
    for (const window of [{ scale: 1.7, top: 9, left: 30 }, { scale: 0.55, top: -5, left: -20 }, { scale: 1, top: 0, left: 0 }]) {
      const out = scaleCrop(sample, window);
      expect([out.height, out.width]).toEqual([48, 64]);
      expect(misalignedPixels(out, 64)).toBe(0);
    }
  });

  it('pads with the ignore id and invents no label values', () => {
    const sample = randomSample(32, 32);
    const out = scaleCrop(sample, { scale: 0.5, top: -8, left: -3 });
    const allowed = new Set([...sample.label, 255]);
    expect([...new Set(out.label)].every((v) => allowed.has(v))).toBe(true);
    expect(out.label[0]).toBe(255);
    expect(out.label[32 * 31 + 31]).toBe(255);
  });
});

describe('photometric augmentations', () => {
  it('leaves the image alone with unit factors, and a flat image under blur', () => {
    const sample = randomSample(5, 5);
    const same = jitterColours(sample.image, { brightness: 1, contrast: 1, saturation: 1 });
    for (let i = 0; i < same.length; i++) expect(same[i]).toBeCloseTo(sample.image[i], 6);
    const flat = new Float32Array(8 * 9 * 3).fill(0.25);
    for (const value of gaussianBlur(flat, 8, 9, 1.5)) expect(value).toBeCloseTo(0.25, 6);
  });

  it('blurs a point into a symmetric, normalized spot', () => {
    const image = new Float32Array(9 * 9 * 3);
    image.fill(1, (4 * 9 + 4) * 3, (4 * 9 + 4) * 3 + 3);
    const blurred = gaussianBlur(image, 9, 9, 1);
    let total = 0;
    for (let i = 0; i < blurred.length; i += 3) total += blurred[i];
    expect(total).toBeCloseTo(1, 5);
    expect(blurred[(4 * 9 + 3) * 3]).toBeCloseTo(blurred[(3 * 9 + 4) * 3], 6);
    expect(blurred[(4 * 9 + 4) * 3]).toBeLessThan(1);
  });
});

describe('augmentSample', () => {
  const everything: AugmentConfig = {
    scaleCrop: { minScale: 0.5, maxScale: 2 },
    hflip: { p: 0.5 },
    rot90: { p: 0.5 },
    jitter: { p: 1, brightness: 0.2, contrast: 0.2, saturation: 0.2 },
    blur: { p: 0.5, minSigma: 0.1, maxSigma: 1.5 },
  };

  it('is deterministic for a seed and differs between seeds', () => {
    const sample = randomSample(24, 24);
    const a = augmentSample(sample, everything, seededRandom(7, 1));
    const b = augmentSample(sample, everything, seededRandom(7, 1));
    const c = augmentSample(sample, everything, seededRandom(8, 1));
    expect(a.image).toEqual(b.image);
    expect(a.label).toEqual(b.label);
    expect(c.image).not.toEqual(a.image);
  });

  it('keeps the label aligned through every geometric augmentation, on square and wide samples', () => {
    const geometric: AugmentConfig = { scaleCrop: { minScale: 0.5, maxScale: 2 }, hflip: { p: 0.5 }, rot90: { p: 0.8 } };
    for (const [height, width] of [[40, 40], [32, 56]]) {
      const sample = positionCodedSample(height, width);
      for (let seed = 0; seed < 12; seed++) {
        const out = augmentSample(sample, geometric, seededRandom(seed));
        expect([out.height, out.width]).toEqual([height, width]);
        expect(misalignedPixels(out, width)).toBe(0);
      }
    }
  });

  it('does nothing when every augmentation is off', () => {
    const sample = randomSample(8, 8);
    expect(augmentSample(sample, {}, seededRandom(1))).toBe(sample);
  });

  it('rejects settings out of range with the setting named', () => {
    expect(() => validateAugmentConfig({ hflip: { p: 1.5 } })).toThrow('hflip.p must be in [0, 1], got 1.5');
    expect(() => validateAugmentConfig({ scaleCrop: { minScale: 2, maxScale: 0.5 } })).toThrow('scaleCrop');
    expect(() => validateAugmentConfig(everything)).not.toThrow();
  });
});
