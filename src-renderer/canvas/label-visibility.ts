import type { LabelIndex } from '../../src-shared/labels';

/** A copy of `rgba` with the pixels whose label id is hidden made transparent. */
export function hideLabelPixels(rgba: Uint8ClampedArray, labelIds: Uint8Array, hidden: ReadonlySet<number>): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rgba);
  const isHidden = new Uint8Array(256);
  for (const id of hidden) if (id >= 0 && id < 256) isHidden[id] = 1;
  for (let p = 0; p < labelIds.length; p++) if (isHidden[labelIds[p]]) out[p * 4 + 3] = 0;
  return out;
}

/**
 * A copy of colour-mask pixels with the hidden labels' colours made transparent. Several labels share
 * a colour (the void classes are all black), so a colour goes only when every label drawn in it is hidden.
 */
export function hideLabelColors(rgba: Uint8ClampedArray, labels: LabelIndex, hidden: ReadonlySet<number>): Uint8ClampedArray {
  const visible = new Set<number>();
  const hiddenColors = new Set<number>();
  for (const label of labels.spec.labels) {
    if (label.id < 0) continue;
    const key = (label.color[0] << 16) | (label.color[1] << 8) | label.color[2];
    (hidden.has(label.id) ? hiddenColors : visible).add(key);
  }
  for (const key of visible) hiddenColors.delete(key);
  const out = new Uint8ClampedArray(rgba);
  for (let p = 0; p < out.length; p += 4) if (hiddenColors.has((out[p] << 16) | (out[p + 1] << 8) | out[p + 2])) out[p + 3] = 0;
  return out;
}

/** Shows only `id` among the labels present; soloing the label already shown alone shows them all again. */
export function soloLabel(present: readonly number[], hidden: ReadonlySet<number>, id: number): Set<number> {
  const others = present.filter((other) => other !== id);
  const isSolo = !hidden.has(id) && others.every((other) => hidden.has(other));
  return isSolo ? new Set() : new Set(others);
}

/** Hides the present labels that are shown and shows those that are hidden. */
export function invertLabels(present: readonly number[], hidden: ReadonlySet<number>): Set<number> {
  return new Set(present.filter((id) => !hidden.has(id)));
}
