const CHANNELS = 3;
// ITU-R BT.601 luma, as torchvision and PIL use for grey.
const LUMA = [0.299, 0.587, 0.114] as const;

/** Multipliers around 1: brightness scales values, contrast stretches around the mean grey, saturation around each pixel's grey. */
export interface JitterFactors {
  readonly brightness: number;
  readonly contrast: number;
  readonly saturation: number;
}

/** Applies brightness, then contrast, then saturation to an HWC RGB image in 0..1; the result is clamped to 0..1. */
export function jitterColours(image: Float32Array, factors: JitterFactors): Float32Array {
  const out = new Float32Array(image.length);
  let greySum = 0;
  for (let i = 0; i < image.length; i += CHANNELS) {
    for (let k = 0; k < CHANNELS; k++) out[i + k] = clamp01(image[i + k] * factors.brightness);
    greySum += grey(out, i);
  }
  const meanGrey = greySum / (image.length / CHANNELS);
  for (let i = 0; i < out.length; i += CHANNELS) {
    for (let k = 0; k < CHANNELS; k++) out[i + k] = clamp01(meanGrey + (out[i + k] - meanGrey) * factors.contrast);
    const pixelGrey = grey(out, i);
    for (let k = 0; k < CHANNELS; k++) out[i + k] = clamp01(pixelGrey + (out[i + k] - pixelGrey) * factors.saturation);
  }
  return out;
}

/** Separable Gaussian blur of an HWC RGB image, kernel radius ⌈3σ⌉, edges extended. */
export function gaussianBlur(image: Float32Array, height: number, width: number, sigma: number): Float32Array {
  if (!(sigma > 0)) return image;
  const kernel = gaussianKernel(sigma);
  return convolveAxis(convolveAxis(image, height, width, kernel, 'x'), height, width, kernel, 'y');
}

function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/** Convolves every row (axis x) or every column (axis y) with `kernel`. */
function convolveAxis(src: Float32Array, height: number, width: number, kernel: Float32Array, axis: 'x' | 'y'): Float32Array {
  const out = new Float32Array(src.length);
  const radius = (kernel.length - 1) / 2;
  const lines = axis === 'x' ? height : width;
  const length = axis === 'x' ? width : height;
  const lineStep = axis === 'x' ? width : 1;
  const stride = axis === 'x' ? 1 : width;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    for (let p = 0; p < length; p++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let t = -radius; t <= radius; t++) {
        const q = Math.min(length - 1, Math.max(0, p + t));
        const at = (base + q * stride) * CHANNELS;
        const weight = kernel[t + radius];
        r += src[at] * weight;
        g += src[at + 1] * weight;
        b += src[at + 2] * weight;
      }
      const to = (base + p * stride) * CHANNELS;
      out[to] = r;
      out[to + 1] = g;
      out[to + 2] = b;
    }
  }
  return out;
}

function grey(image: Float32Array, i: number): number {
  return LUMA[0] * image[i] + LUMA[1] * image[i + 1] + LUMA[2] * image[i + 2];
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}
