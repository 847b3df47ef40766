import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import sharp from 'sharp';

export const MASK_SUFFIXES = ['labelIds', 'labelTrainIds', 'color', 'instanceIds'] as const;
export type MaskSuffix = (typeof MASK_SUFFIXES)[number];

export interface OutputSizes {
  readonly files: number;
  readonly bytes: number;
  readonly bytesByType: Record<MaskSuffix, number>;
}

export interface Comparison {
  readonly compared: number;
  /** One readable line per file that is missing on one side or differs in format or pixels. */
  readonly mismatches: string[];
}

/** Every PNG under `root`, as paths relative to it, sorted. */
export async function listPngs(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.png'))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

export async function measureOutputs(root: string): Promise<OutputSizes> {
  const bytesByType = Object.fromEntries(MASK_SUFFIXES.map((t) => [t, 0])) as Record<MaskSuffix, number>;
  const files = await listPngs(root);
  let bytes = 0;
  for (const file of files) {
    const size = (await stat(join(root, file))).size;
    bytes += size;
    const type = maskType(file);
    if (type) bytesByType[type] += size;
  }
  return { files: files.length, bytes, bytesByType };
}

/** Compares two output trees file by file: same names, same PNG format, same decoded pixels. */
export async function compareOutputs(rootA: string, rootB: string): Promise<Comparison> {
  const [filesA, filesB] = await Promise.all([listPngs(rootA), listPngs(rootB)]);
  const inB = new Set(filesB);
  const mismatches = [
    ...filesA.filter((f) => !inB.has(f)).map((f) => `${f}: only in ${rootA}`),
    ...filesB.filter((f) => !filesA.includes(f)).map((f) => `${f}: only in ${rootB}`),
  ];
  let compared = 0;
  for (const file of filesA.filter((f) => inB.has(f))) {
    const problem = await compareMask(file, join(rootA, file), join(rootB, file));
    if (problem) mismatches.push(`${file}: ${problem}`);
    compared++;
  }
  return { compared, mismatches };
}

async function compareMask(file: string, pathA: string, pathB: string): Promise<string | null> {
  const type = maskType(file);
  if (!type) return 'not a mask PNG name';
  const [metaA, metaB] = await Promise.all([sharp(pathA).metadata(), sharp(pathB).metadata()]);
  const formatA = `${metaA.width}x${metaA.height} ${metaA.channels}ch ${metaA.depth}`;
  const formatB = `${metaB.width}x${metaB.height} ${metaB.channels}ch ${metaB.depth}`;
  if (formatA !== formatB) return `format differs: ${formatA} vs ${formatB}`;
  const [pixelsA, pixelsB] = await Promise.all([decodeMask(type, pathA), decodeMask(type, pathB)]);
  if (pixelsA.equals(pixelsB)) return null;
  return describeDifference(pixelsA, pixelsB, BYTES_PER_PIXEL[type], metaA.width ?? 1);
}

const BYTES_PER_PIXEL: Record<MaskSuffix, number> = { labelIds: 1, labelTrainIds: 1, color: 4, instanceIds: 2 };

function decodeMask(type: MaskSuffix, path: string): Promise<Buffer> {
  if (type === 'instanceIds') return sharp(path).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer();
  if (type === 'color') return sharp(path).raw().toBuffer();
  return sharp(path).toColourspace('b-w').raw().toBuffer();
}

function describeDifference(a: Buffer, b: Buffer, bytesPerPixel: number, width: number): string {
  if (a.length !== b.length) return `decoded sizes differ: ${a.length} vs ${b.length} bytes`;
  let differing = 0;
  let first = -1;
  for (let p = 0; p < a.length; p += bytesPerPixel) {
    if (a.compare(b, p, p + bytesPerPixel, p, p + bytesPerPixel) !== 0) {
      if (first < 0) first = p / bytesPerPixel;
      differing++;
    }
  }
  return `${differing} of ${a.length / bytesPerPixel} pixels differ, the first at (${first % width}, ${Math.floor(first / width)})`;
}

function maskType(file: string): MaskSuffix | null {
  return MASK_SUFFIXES.find((t) => file.endsWith(`_${t}.png`)) ?? null;
}
