/**
 * One spatial axis of a forward convolution: output index i reads input
 * index i·stride + a·dilation − padBefore for filter tap a.
 */
export interface ConvAxis {
  inSize: number;
  outSize: number;
  filterSize: number;
  stride: number;
  dilation: number;
  padBefore: number;
}

/**
 * How to read the input when the filter gradient is computed as a forward
 * convolution of the input with dy as the filter (dilation = forward stride,
 * stride = forward dilation): pad the start by `padBefore`, then pad the end by
 * `padAfter` or, where the forward pass never read the last inputs, crop `cropEnd`.
 */
export interface FilterGradientAxis {
  padBefore: number;
  padAfter: number;
  cropEnd: number;
}

export function filterGradientAxis(axis: ConvAxis): FilterGradientAxis {
  const { inSize, outSize, filterSize, stride, dilation, padBefore } = axis;
  const spanRead = (filterSize - 1) * dilation + (outSize - 1) * stride + 1;
  const after = spanRead - inSize - padBefore;
  return { padBefore, padAfter: Math.max(0, after), cropEnd: Math.max(0, -after) };
}

/**
 * One output phase of the input gradient. The input gradient at indices
 * `phase + k·stride` (k = 0 … count−1) is a stride-1 correlation of dy with
 * `taps` taps of the reversed filter, starting at `tapBegin` and `tapStep` apart,
 * dilated by `dilation`. `padBefore` / `padAfter` may be negative (crop dy).
 */
export interface InputGradientPhase {
  tapBegin: number;
  taps: number;
  tapStep: number;
  dilation: number;
  padBefore: number;
  padAfter: number;
}

/**
 * Splits the input gradient of a strided convolution into `stride` phases so
 * each is a dense stride-1 convolution (no zeros inserted into dy). Every phase
 * yields `phaseSize` = ceil(inSize / stride) values; the tail past inSize is cropped.
 */
export function inputGradientPhases(axis: ConvAxis): { phaseSize: number; phases: InputGradientPhase[] } {
  const { inSize, outSize, filterSize, stride, dilation, padBefore } = axis;
  if (stride === 1) {
    const before = (filterSize - 1) * dilation - padBefore;
    return {
      phaseSize: inSize,
      phases: [{
        tapBegin: 0, taps: filterSize, tapStep: 1, dilation,
        padBefore: before, padAfter: inSize - outSize + padBefore,
      }],
    };
  }
  if (dilation !== 1) throw new Error(`convolution with both stride ${stride} and dilation ${dilation} above 1`);
  const phaseSize = Math.ceil(inSize / stride);
  const phases: InputGradientPhase[] = [];
  for (let phase = 0; phase < stride; phase++) {
    const firstTap = (phase + padBefore) % stride;
    const taps = firstTap < filterSize ? Math.ceil((filterSize - firstTap) / stride) : 0;
    const shift = Math.floor((phase + padBefore) / stride);
    const before = taps - 1 - shift;
    phases.push({
      tapBegin: filterSize - 1 - firstTap - stride * (taps - 1),
      taps,
      tapStep: stride,
      dilation: 1,
      padBefore: before,
      padAfter: phaseSize + taps - 1 - outSize - before,
    });
  }
  return { phaseSize, phases };
}
