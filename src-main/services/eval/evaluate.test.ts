import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { CAR_IIOU, CAR_IOU, LABEL_IDS, PREDICTION, ROAD_IOU, writeGrey8, writeGroundTruth } from './__fixtures__/dataset';
import { evaluateCityscapes } from './evaluate';

const tempDir = useTempDir('segstudio-eval-');

describe('evaluateCityscapes', () => {
  it('matches each ground-truth frame to <stem>*.png anywhere under the prediction folder', async () => {
    const { gtDir, predDir } = await writeGroundTruth(tempDir(), ['aachen_000000_000019', 'bochum_000001_000019']);
    await writeGrey8(join(predDir, 'aachen_000000_000019_leftImg8bit.png'), PREDICTION);
    await writeGrey8(join(predDir, 'nested/deeper/bochum_000001_000019.png'), PREDICTION);
    writeFileSync(join(predDir, 'bochum_000001_000019_notes.txt'), 'not a prediction');

    const result = await evaluateCityscapes({ gtDir, predDir });
    expect(result.errors).toEqual([]);
    expect(result.frames).toBe(2);
    expect(result.scores.classIoU.road).toBeCloseTo(ROAD_IOU, 12);
    expect(result.scores.classIoU.car).toBeCloseTo(CAR_IOU, 12);
    expect(result.scores.classiIoU.car).toBeCloseTo(CAR_IIOU, 12);
    expect(result.scores.meanClassIoU).toBeCloseTo((ROAD_IOU + CAR_IOU) / 2, 12);
    expect(result.scores.categoryIoU.vehicle).toBeCloseTo(CAR_IOU, 12);
  });

  it('names the ground truth of a frame with no prediction or several, and scores the rest', async () => {
    const { gtDir, predDir } = await writeGroundTruth(tempDir(), ['aachen_000000_000019', 'bochum_000001_000019', 'cologne_000002_000019']);
    await writeGrey8(join(predDir, 'aachen_000000_000019_pred.png'), PREDICTION);
    await writeGrey8(join(predDir, 'a/cologne_000002_000019_pred.png'), PREDICTION);
    await writeGrey8(join(predDir, 'b/cologne_000002_000019_pred.png'), PREDICTION);

    const result = await evaluateCityscapes({ gtDir, predDir });
    const gt = (city: string, stem: string) => join(gtDir, 'gtFine/val', city, `${stem}_gtFine_labelIds.png`);
    expect(result.errors).toEqual([
      `${gt('bochum', 'bochum_000001_000019')}: no prediction named bochum_000001_000019*.png`,
      `${gt('cologne', 'cologne_000002_000019')}: 2 predictions match cologne_000002_000019*.png: ${join(predDir, 'a/cologne_000002_000019_pred.png')}, ${join(predDir, 'b/cologne_000002_000019_pred.png')}`,
    ]);
    expect(result).toMatchObject({ frames: 1, framesFound: 3 });
    expect(result.scores.classIoU.car).toBeCloseTo(CAR_IOU, 12);
  });

  it('gives one line naming the file for a size mismatch, an unreadable PNG, a colour PNG and unknown ids', async () => {
    const stems = ['aachen_000000_000019', 'bochum_000001_000019', 'cologne_000002_000019', 'dusseldorf_000003_000019', 'erfurt_000004_000019'];
    const { gtDir, predDir } = await writeGroundTruth(tempDir(), stems);
    const pred = (stem: string) => join(predDir, `${stem}_pred.png`);
    await writeGrey8(pred(stems[0]), [7, 7, 7, 7, 7, 7], 3);
    writeFileSync(pred(stems[1]), 'not a png');
    await sharp(Buffer.alloc(4 * 2 * 3, 7), { raw: { width: 4, height: 2, channels: 3 } }).png().toFile(pred(stems[2]));
    await writeGrey8(pred(stems[3]), [7, 7, 7, 7, 26, 26, 40, 255]);
    await writeGrey8(pred(stems[4]), PREDICTION);

    const result = await evaluateCityscapes({ gtDir, predDir });
    expect(result.errors).toHaveLength(4);
    expect(result.errors[0]).toBe(`${pred(stems[0])}: prediction is 3×2, its ground truth ${join(gtDir, 'gtFine/val/aachen', `${stems[0]}_gtFine_labelIds.png`)} is 4×2`);
    expect(result.errors[1]).toMatch(new RegExp(`^${escape(pred(stems[1]))}: cannot read as PNG \\(`));
    expect(result.errors[2]).toBe(`${pred(stems[2])}: expected a single-channel 8-bit grey, palette or 16-bit grey PNG (labelIds prediction), found png with 3 channel(s), 8-bit`);
    expect(result.errors[3]).toBe(`${pred(stems[3])}: contains ids 40, 255, not in the label table "cityscapes"`);
    expect(result.frames).toBe(1);
  });

  it('requires the instanceIds beside each labelIds', async () => {
    const root = tempDir();
    const gtDir = join(root, 'gt');
    const labelIds = join(gtDir, 'berlin_000000_000019_gtFine_labelIds.png');
    await writeGrey8(labelIds, LABEL_IDS);
    await writeGrey8(join(root, 'pred/berlin_000000_000019.png'), PREDICTION);
    const result = await evaluateCityscapes({ gtDir, predDir: join(root, 'pred') });
    expect(result.errors).toEqual([`${join(gtDir, 'berlin_000000_000019_gtFine_instanceIds.png')}: missing (ground-truth instanceIds)`]);
    expect(result.frames).toBe(0);
    expect(result.scores.meanClassIoU).toBeNull();
  });

  it('names a missing folder and a folder without ground truth', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'empty'));
    expect((await evaluateCityscapes({ gtDir: join(root, 'nope'), predDir: join(root, 'nada') })).errors).toEqual([
      `${join(root, 'nope')}: no such ground-truth folder`,
      `${join(root, 'nada')}: no such prediction folder`,
    ]);
    expect((await evaluateCityscapes({ gtDir: join(root, 'empty'), predDir: join(root, 'empty') })).errors).toEqual([
      `${join(root, 'empty')}: no *_gtFine_labelIds.png files in this folder`,
    ]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
