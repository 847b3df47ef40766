// The output columns x whose input column x·stride + offset lies inside an image of `inW` columns,
// for a filter tap at column offset `offset` (j·dilation − padLeft): [firstColumn, endColumn).

@inline export function firstColumn(offset: i32, stride: i32): i32 {
  return offset < 0 ? (stride - 1 - offset) / stride : 0;
}

@inline export function endColumn(offset: i32, stride: i32, inW: i32, outW: i32): i32 {
  const lastInput = inW - 1 - offset;
  return lastInput < 0 ? 0 : min(outW, lastInput / stride + 1);
}
