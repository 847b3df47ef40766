import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePngSamples } from './png-samples';

/** Pseudo-random RGB with `colours` distinct colours, so quantization keeps each one. */
function image(width: number, height: number, colours: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < width * height; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const c = seed % colours;
    out.set([c * 60, 255 - c * 30, (c * 97) % 256], i * 3);
  }
  return out;
}

describe('decodePngSamples', () => {
  it.each([2, 4, 16, 200])('reads palette indices as stored (%i colours), one index per colour', async (colours) => {
    const [width, height] = [37, 11];
    const rgb = image(width, height, colours);
    const png = await sharp(rgb, { raw: { width, height, channels: 3 } }).png({ palette: true, colours, dither: 0 }).toBuffer();
    const decoded = decodePngSamples(png);
    expect(decoded).toMatchObject({ width, height, kind: 'palette' });
    const { data } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const colourOfIndex = new Map<number, string>();
    const indexOfColour = new Map<string, number>();
    decoded.samples.forEach((index, i) => {
      const colour = data.subarray(i * 3, i * 3 + 3).join(',');
      expect(colourOfIndex.get(index) ?? colour).toBe(colour);
      expect(indexOfColour.get(colour) ?? index).toBe(index);
      colourOfIndex.set(index, colour);
      indexOfColour.set(colour, index);
    });
  });

  it('reads 16-bit grey values as stored', async () => {
    const values = Uint16Array.from({ length: 5 * 3 }, (_, i) => i * 4001);
    const png = await sharp(values, { raw: { width: 5, height: 3, channels: 1 } }).toColourspace('grey16').png().toBuffer();
    const decoded = decodePngSamples(png);
    expect(decoded.kind).toBe('grey');
    expect([...decoded.samples]).toEqual([...values]);
  });

  it('names what it cannot read', async () => {
    const rgb = await sharp(image(4, 4, 3), { raw: { width: 4, height: 4, channels: 3 } }).png().toBuffer();
    expect(() => decodePngSamples(rgb)).toThrow('PNG colour type 2 is not single-channel');
    expect(() => decodePngSamples(Buffer.from('nope'))).toThrow('not a PNG file');
  });
});
