import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

// A 4×2 frame: road on top with one unlabeled pixel; car instance 26000 (3 pixels) and a car-group pixel (26) below.
export const LABEL_IDS = [7, 7, 7, 0, 26, 26, 26, 26];
export const INSTANCE_IDS = [7, 7, 7, 0, 26000, 26000, 26000, 26];
export const PREDICTION = [7, 7, 26, 7, 26, 26, 7, 26];

// road: TP 2, FN 1 (as car), FP 1 (car predicted road); the unlabeled pixel predicted road is ignored.
export const ROAD_IOU = 2 / 4;
// car: TP 3, FN 1, FP 1.
export const CAR_IOU = 3 / 5;
// Only instance 26000 counts for iIoU: 2 of its 3 pixels hit, each weighted by the official average car size / 3; FP 1.
const CAR_AVG = 12794.0202738185;
export const CAR_IIOU = (2 * CAR_AVG / 3) / (2 * CAR_AVG / 3 + 1 + CAR_AVG / 3);

export async function writeGrey8(path: string, values: number[], width = 4): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  await sharp(Buffer.from(values), { raw: { width, height: values.length / width, channels: 1 } }).toColourspace('b-w').png().toFile(path);
}

export async function writeGrey16(path: string, values: number[], width = 4): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  await sharp(new Uint16Array(values), { raw: { width, height: values.length / width, channels: 1 } }).toColourspace('grey16').png().toFile(path);
}

/** Writes the frame's ground truth for each stem under `<root>/gt/gtFine/val/<city>/`; `pred` is created empty. */
export async function writeGroundTruth(root: string, stems: string[]): Promise<{ gtDir: string; predDir: string }> {
  const gtDir = join(root, 'gt');
  const predDir = join(root, 'pred');
  mkdirSync(predDir, { recursive: true });
  for (const stem of stems) {
    const base = join(gtDir, 'gtFine/val', stem.split('_')[0], `${stem}_gtFine_`);
    await writeGrey8(`${base}labelIds.png`, LABEL_IDS);
    await writeGrey16(`${base}instanceIds.png`, INSTANCE_IDS);
  }
  return { gtDir, predDir };
}
