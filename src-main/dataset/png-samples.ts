// A PNG's samples as stored: palette indices and 16-bit grey values, which sharp converts on decoding
// (palette to colour, 16 to 8 bit) but the official eval scores as they are (np.array(Image.open(…))).
import { inflateSync } from 'node:zlib';

export interface PngSamples {
  readonly width: number;
  readonly height: number;
  /** 'palette': indices into the PLTE (colour type 3); 'grey': grey values (colour type 0). */
  readonly kind: 'palette' | 'grey';
  readonly bitDepth: number;
  /** One sample a pixel, row-major: Uint16Array for 16-bit grey, Uint8Array otherwise. */
  readonly samples: Uint8Array | Uint16Array;
}

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/**
 * Decodes a non-interlaced single-channel PNG: palette (1, 2, 4 or 8 bits) or grey (8 or 16 bits).
 * Throws a one-line error saying what the file is otherwise.
 */
export function decodePngSamples(png: Uint8Array): PngSamples {
  const data = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (data.length < 8 || !data.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | undefined;
  const idat: Buffer[] = [];
  while (offset + 8 <= data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8], colorType: body[9], interlace: body[12] };
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw new Error('PNG without an IHDR chunk');
  const { width, height, bitDepth, colorType, interlace } = header;
  const kind = colorType === 3 ? 'palette' : colorType === 0 ? 'grey' : null;
  if (kind === null) throw new Error(`PNG colour type ${colorType} is not single-channel`);
  if (kind === 'grey' && bitDepth !== 8 && bitDepth !== 16) throw new Error(`${bitDepth}-bit grey PNGs are not supported`);
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported here');

  const bitsPerPixel = bitDepth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length < (stride + 1) * height) throw new Error('PNG image data is truncated');
  const rows = unfilter(raw, stride, height, Math.max(1, bitsPerPixel >> 3));

  const samples = bitDepth === 16 ? new Uint16Array(width * height) : new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const out = y * width;
    if (bitDepth === 16) for (let x = 0; x < width; x++) samples[out + x] = (rows[row + 2 * x] << 8) | rows[row + 2 * x + 1];
    else if (bitDepth === 8) samples.set(rows.subarray(row, row + width), out);
    else {
      const perByte = 8 / bitDepth;
      const mask = (1 << bitDepth) - 1;
      for (let x = 0; x < width; x++) {
        const shift = 8 - bitDepth * ((x % perByte) + 1);
        samples[out + x] = (rows[row + Math.floor(x / perByte)] >> shift) & mask;
      }
    }
  }
  return { width, height, kind, bitDepth, samples };
}

/** Reverses the per-row filters (PNG spec section 9) into a buffer of `height` rows of `stride` bytes. */
function unfilter(raw: Uint8Array, stride: number, height: number, bytesPerPixel: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    const prev = dst - stride;
    for (let i = 0; i < stride; i++) {
      const left = i >= bytesPerPixel ? out[dst + i - bytesPerPixel] : 0;
      const up = y > 0 ? out[prev + i] : 0;
      const upLeft = y > 0 && i >= bytesPerPixel ? out[prev + i - bytesPerPixel] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) predictor = paeth(left, up, upLeft);
      else if (filter !== 0) throw new Error(`PNG row ${y} has unknown filter type ${filter}`);
      out[dst + i] = (raw[src + i] + predictor) & 255;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
