export interface ImageSize {
  readonly height: number;
  readonly width: number;
}

/** A photo and its train ids at the same size. */
export interface LabelledImage {
  readonly height: number;
  readonly width: number;
  /** HWC RGB in 0..1. */
  readonly image: Float32Array;
  /** HW train ids; 255 is ignored. */
  readonly label: Uint8Array;
}
