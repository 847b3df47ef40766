/** One class of a label spec; the fields and their meaning follow cityscapesScripts' `labels.py`. */
export interface LabelDef {
  readonly name: string;
  /** Written into labelIds images; a negative id means the class is never drawn (e.g. license plate). */
  readonly id: number;
  /** Written into labelTrainIds images; 255 means ignored in training, -1 means no train id. */
  readonly trainId: number;
  readonly category: string;
  readonly categoryId: number;
  readonly hasInstances: boolean;
  readonly ignoreInEval: boolean;
  readonly color: readonly [number, number, number];
}

export interface LabelSpec {
  readonly name: string;
  /** Name of the label that fills every pixel no polygon covers. */
  readonly background: string;
  readonly labels: readonly LabelDef[];
}

export const IGNORE_TRAIN_ID = 255;
