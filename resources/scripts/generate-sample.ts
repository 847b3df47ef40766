/**
 * Generates resources/sample-cityscapes: a small synthetic data set of procedural street scenes in
 * the exact Cityscapes layout, with a few deliberate annotation defects for QA; and
 * resources/sample-street6: the same scenes' clean polygons relabelled in a 6-class scheme of its own,
 * pointing at the sample's photos. Deterministic: the same bytes every run. Run with `npm run sample`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { parseAnnotation, formatProblem } from '../../src-shared/annotation';
import { CITYSCAPES, buildLabelIndex, type LabelIndex } from '../../src-shared/labels';
import { rasterizeObjects, renderMasks } from '../../src-shared/raster';
import { composeScene } from './sample/compose';
import { plantAnnotationDefect, staleColorMaskRegion, staleColorMaskReport, UNKNOWN_LABEL, type DefectKind, type DefectReport } from './sample/defects';
import { boundingBox, isSelfIntersecting, type Box } from './sample/geometry';
import { annotateScene, formatPolygonFile, type PolygonFile } from './sample/polygon-file';
import { renderReadme, type FrameSummary } from './sample/readme';
import { renderPhoto } from './sample/render';
import { createRng, hashString, mixSeeds } from './sample/rng';
import { checkStreet6Scheme, formatSpecFile, relabelToStreet6, street6ClassOf, STREET6_SPEC } from './sample/street6';
import { renderStreet6Readme } from './sample/street6-readme';

const SEED = 20_240_611;
const WIDTH = 512;
const HEIGHT = 256;
const MASK_SUFFIXES = ['labelIds', 'labelTrainIds', 'color', 'instanceIds'] as const;

const CITIES: readonly { split: 'train' | 'val'; city: string; frames: number }[] = [
  { split: 'train', city: 'northfield', frames: 8 },
  { split: 'train', city: 'riverton', frames: 8 },
  { split: 'train', city: 'ashbury', frames: 8 },
  { split: 'val', city: 'lakeside', frames: 4 },
  { split: 'val', city: 'millbrook', frames: 4 },
];

/** One planted mistake per frame, keyed by stem. */
const DEFECTS: Readonly<Record<string, DefectKind>> = {
  riverton_000003_000019: 'unknown-label',
  lakeside_000001_000019: 'self-intersection',
  millbrook_000001_000019: 'out-of-bounds',
  northfield_000005_000019: 'stale-color-mask',
};

/** The label whose colour paints over the stale colour mask's rectangle. */
const STALE_COLOR_LABEL = 'vegetation';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATASET = 'resources/sample-cityscapes';
const DATASET_ROOT = path.join(REPO_ROOT, DATASET);
const STREET6_ROOT = path.join(REPO_ROOT, 'resources/sample-street6');
/** sample-street6's photos: the sample's, relative to its root. */
const STREET6_PHOTOS = '../sample-cityscapes/leftImg8bit';

interface Frame {
  readonly split: string;
  readonly city: string;
  readonly stem: string;
}

interface GeneratedFrame extends Frame {
  readonly file: PolygonFile;
  /** The annotation before any defect was planted: what the photo was painted from. */
  readonly clean: PolygonFile;
  readonly defect: DefectReport | null;
}

async function main(): Promise<void> {
  const labels = buildLabelIndex(CITYSCAPES);
  await rm(path.join(DATASET_ROOT, 'leftImg8bit'), { recursive: true, force: true });
  await rm(path.join(DATASET_ROOT, 'gtFine'), { recursive: true, force: true });

  const generated: GeneratedFrame[] = [];
  for (const frame of listFrames()) {
    generated.push(await generateFrame(frame, labels));
    process.stdout.write(`\r${generated.length} frames`);
  }
  process.stdout.write('\n');
  checkAnnotations(generated, labels);

  const hasMasks = runMasksCommand();
  if (hasMasks) {
    checkMaskFiles(generated);
    await Promise.all(generated.filter((f) => DEFECTS[f.stem] === 'stale-color-mask').map((f) => plantStaleColorMask(f, labels)));
  }

  const summaries: FrameSummary[] = generated.map((f) => ({
    split: f.split,
    city: f.city,
    stem: f.stem,
    labels: f.file.objects.map((o) => o.label).filter((label) => label !== UNKNOWN_LABEL),
    defect: DEFECTS[f.stem] === 'stale-color-mask' ? staleColorMaskReport(staleColorMaskRegion(f.file), STALE_COLOR_LABEL) : f.defect,
  }));
  await writeFile(path.join(DATASET_ROOT, 'README.md'), renderReadme({ width: WIDTH, height: HEIGHT, seed: SEED, frames: summaries }));
  console.log(`wrote ${generated.length} frames to ${DATASET}`);
  await writeStreet6(generated, labels);
}

/**
 * Writes resources/sample-street6 from the sample's clean annotations: the polygons relabelled in
 * street-6, its spec, the manifest pointing at the sample's photos, and its README. Checks that every
 * frame parses without a problem and that its labelIds are the sample's with each id mapped.
 */
async function writeStreet6(frames: readonly GeneratedFrame[], labels: LabelIndex): Promise<void> {
  checkStreet6Scheme();
  const street6 = buildLabelIndex(STREET6_SPEC);
  const mappedIds = new Uint8Array(256);
  for (const label of labels.spec.labels) {
    const target = street6ClassOf(label.name);
    if (label.id >= 0 && target !== null) mappedIds[label.id] = street6.byName.get(target)!.id;
  }
  await rm(path.join(STREET6_ROOT, 'gtFine'), { recursive: true, force: true });
  const summaries: Array<{ split: string; labels: string[] }> = [];
  for (const frame of frames) {
    const file = relabelToStreet6(frame.clean);
    const name = `${frame.stem}_gtFine_polygons.json`;
    const parsed = parseAnnotation(formatPolygonFile(file), name, street6);
    if (parsed.problems.length > 0 || !parsed.annotation) throw new Error(`street-6: ${parsed.problems.map(formatProblem).join('\n')}`);
    const original = parseAnnotation(formatPolygonFile(frame.clean), name, labels).annotation!;
    const expected = renderMasks(original, labels, ['labelIds']).labelIds!.map((id) => mappedIds[id]);
    const actual = renderMasks(parsed.annotation, street6, ['labelIds']).labelIds!;
    const differ = actual.findIndex((id, i) => id !== expected[i]);
    if (differ >= 0) throw new Error(`street-6: ${frame.stem}: pixel ${differ} is id ${actual[differ]}, the mapped sample says ${expected[differ]}`);
    const dir = path.join(STREET6_ROOT, 'gtFine', frame.split, frame.city);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, name), formatPolygonFile(file));
    summaries.push({ split: frame.split, labels: file.objects.map((o) => o.label) });
  }
  await writeFile(path.join(STREET6_ROOT, 'segstudio.labels.json'), formatSpecFile(STREET6_SPEC));
  await writeFile(path.join(STREET6_ROOT, 'segstudio.dataset.json'), `${JSON.stringify({ photos: STREET6_PHOTOS })}\n`);
  await writeFile(path.join(STREET6_ROOT, 'README.md'), renderStreet6Readme({ spec: STREET6_SPEC, photos: STREET6_PHOTOS, frames: summaries }));
  console.log(`wrote ${frames.length} relabelled frames to ${path.relative(REPO_ROOT, STREET6_ROOT)}`);
}

function listFrames(): Frame[] {
  return CITIES.flatMap(({ split, city, frames }) =>
    Array.from({ length: frames }, (_, sequence) => ({ split, city, stem: `${city}_${String(sequence).padStart(6, '0')}_000019` })));
}

function framePaths(frame: Frame) {
  const photoDir = path.join(DATASET_ROOT, 'leftImg8bit', frame.split, frame.city);
  const gtDir = path.join(DATASET_ROOT, 'gtFine', frame.split, frame.city);
  return {
    photoDir,
    gtDir,
    photo: path.join(photoDir, `${frame.stem}_leftImg8bit.png`),
    polygons: path.join(gtDir, `${frame.stem}_gtFine_polygons.json`),
    mask: (suffix: (typeof MASK_SUFFIXES)[number]) => path.join(gtDir, `${frame.stem}_gtFine_${suffix}.png`),
  };
}

/** Writes one frame's photo (painted from the clean annotation) and its polygon file (with any planted defect). */
async function generateFrame(frame: Frame, labels: LabelIndex): Promise<GeneratedFrame> {
  const rng = createRng(mixSeeds(SEED, hashString(`${frame.split}/${frame.stem}`)));
  const scene = composeScene(rng.fork('scene'), WIDTH, HEIGHT);
  const annotated = annotateScene(scene, rng.fork('annotation'));
  const parsed = parseAnnotation(JSON.stringify(annotated.file), frame.stem, labels);
  if (parsed.problems.length > 0 || !parsed.annotation) {
    throw new Error(`generated a bad annotation:\n${parsed.problems.map(formatProblem).join('\n')}`);
  }
  const photo = await renderPhoto(rasterizeObjects(parsed.annotation), annotated.shaders, scene.look);

  const kind = DEFECTS[frame.stem];
  const planted = kind && kind !== 'stale-color-mask' ? plantAnnotationDefect(kind, annotated) : null;
  const file = planted?.file ?? annotated.file;
  const paths = framePaths(frame);
  await mkdir(paths.photoDir, { recursive: true });
  await mkdir(paths.gtDir, { recursive: true });
  await writeFile(paths.photo, photo);
  await writeFile(paths.polygons, formatPolygonFile(file));
  return { ...frame, file, clean: annotated.file, defect: planted?.report ?? null };
}

/** Re-reads every written polygon file and insists that exactly the planted defects are there. */
function checkAnnotations(frames: readonly GeneratedFrame[], labels: LabelIndex): void {
  const surprises: string[] = [];
  for (const frame of frames) {
    const parsed = parseAnnotation(formatPolygonFile(frame.file), `${frame.stem}_gtFine_polygons.json`, labels);
    const found = new Set<DefectKind>();
    if (parsed.problems.some((p) => p.message === 'unknown label')) found.add('unknown-label');
    if (frame.file.objects.some((o) => isSelfIntersecting(o.polygon))) found.add('self-intersection');
    if (frame.file.objects.some((o) => isOutside(boundingBox(o.polygon)))) found.add('out-of-bounds');
    const expected = DEFECTS[frame.stem];
    const wanted = expected && expected !== 'stale-color-mask' ? [expected] : [];
    if (found.size !== wanted.length || !wanted.every((k) => found.has(k))) {
      surprises.push(`${frame.stem}: expected [${wanted.join(', ')}], found [${[...found].join(', ')}]`);
    }
    const otherProblems = parsed.problems.filter((p) => p.message !== 'unknown label');
    surprises.push(...otherProblems.map(formatProblem));
  }
  if (surprises.length > 0) throw new Error(`annotation check failed:\n${surprises.join('\n')}`);
}

function isOutside(box: Box): boolean {
  return box.minX < 0 || box.minY < 0 || box.maxX > WIDTH - 1 || box.maxY > HEIGHT - 1;
}

/**
 * Writes the official PNGs with the project's own CLI. It exits non-zero because of the frame with
 * an unknown label; `checkMaskFiles` tells that expected failure from a real one.
 */
function runMasksCommand(): boolean {
  const cli = path.join(REPO_ROOT, 'bin', 'segstudio.mjs');
  if (!existsSync(cli)) {
    console.warn(`warning: ${path.relative(REPO_ROOT, cli)} not found: no official PNGs written and no stale colour mask planted`);
    return false;
  }
  console.log(`running segstudio masks ${DATASET} (one frame is expected to fail: it has an unknown label)`);
  const result = spawnSync(process.execPath, [cli, 'masks', DATASET], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  console.log(`segstudio masks exited with status ${result.status}`);
  return true;
}

function checkMaskFiles(frames: readonly GeneratedFrame[]): void {
  const wrong: string[] = [];
  for (const frame of frames) {
    const shouldHaveMasks = DEFECTS[frame.stem] !== 'unknown-label';
    for (const suffix of MASK_SUFFIXES) {
      const file = framePaths(frame).mask(suffix);
      if (existsSync(file) !== shouldHaveMasks) wrong.push(`${path.relative(REPO_ROOT, file)} ${shouldHaveMasks ? 'missing' : 'should not exist'}`);
    }
  }
  if (wrong.length > 0) throw new Error(`segstudio masks did not write what was expected:\n${wrong.join('\n')}`);
}

/** Repaints a rectangle of the stored colour mask, so it no longer matches the polygons. */
async function plantStaleColorMask(frame: GeneratedFrame, labels: LabelIndex): Promise<void> {
  const file = framePaths(frame).mask('color');
  const { data, info } = await sharp(await readFile(file)).raw().toBuffer({ resolveWithObject: true });
  const region = staleColorMaskRegion(frame.file);
  const color = labels.byName.get(STALE_COLOR_LABEL)!.color;
  for (let y = region.minY; y <= region.maxY; y++) {
    for (let x = region.minX; x <= region.maxX; x++) {
      const p = (y * info.width + x) * info.channels;
      data[p] = color[0];
      data[p + 1] = color[1];
      data[p + 2] = color[2];
    }
  }
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png({ compressionLevel: 9 }).toBuffer();
  await writeFile(file, png);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
