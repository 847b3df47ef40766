import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_DATASET } from '../../../app-paths';

/** Copies one sample frame's photo and polygons into `root` (Cityscapes layout), leaving out every PNG mask. */
export function copyFramePolygonsOnly(root: string, split: string, city: string, stem: string): void {
  mkdirSync(join(root, 'gtFine', split, city), { recursive: true });
  mkdirSync(join(root, 'leftImg8bit', split, city), { recursive: true });
  copyFileSync(join(SAMPLE_DATASET, 'gtFine', split, city, `${stem}_gtFine_polygons.json`), join(root, 'gtFine', split, city, `${stem}_gtFine_polygons.json`));
  copyFileSync(join(SAMPLE_DATASET, 'leftImg8bit', split, city, `${stem}_leftImg8bit.png`), join(root, 'leftImg8bit', split, city, `${stem}_leftImg8bit.png`));
}
