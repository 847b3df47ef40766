/** Strides and dilations for the blocks of one backbone stage. */
export interface StageStrides {
  readonly firstStride: number;
  readonly firstDilation: number;
  /** Dilation of the stage's later blocks. */
  readonly dilation: number;
}

/**
 * Walks a backbone's stages in order, trading each stride that would take the features past
 * `outputStride` for dilation. As in torchvision's replace_stride_with_dilation, a dilated stage's
 * first block keeps the previous dilation.
 */
export class OutputStridePlanner {
  private currentStride: number;
  private dilation = 1;

  constructor(private readonly outputStride: number, strideBeforeStages: number) {
    this.currentStride = strideBeforeStages;
  }

  stage(stride: number): StageStrides {
    const firstDilation = this.dilation;
    if (stride === 2 && this.currentStride === this.outputStride) {
      this.dilation *= 2;
      return { firstStride: 1, firstDilation, dilation: this.dilation };
    }
    this.currentStride *= stride;
    return { firstStride: stride, firstDilation, dilation: this.dilation };
  }
}
