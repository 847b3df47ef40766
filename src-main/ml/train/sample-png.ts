import sharp from 'sharp';
import { writeFileAtomic } from '../../util/atomic-write';

/** Writes train ids as an RGB PNG in the label spec's colours (`colorByTrainId`: 256 × RGB). */
export async function writeColorPrediction(path: string, trainIds: Uint8Array, height: number, width: number, colorByTrainId: Uint8Array): Promise<void> {
  const rgb = Buffer.alloc(height * width * 3);
  for (let i = 0; i < trainIds.length; i++) {
    const c = trainIds[i] * 3;
    rgb[i * 3] = colorByTrainId[c];
    rgb[i * 3 + 1] = colorByTrainId[c + 1];
    rgb[i * 3 + 2] = colorByTrainId[c + 2];
  }
  const png = await sharp(rgb, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
  await writeFileAtomic(path, png);
}
