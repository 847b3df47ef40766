import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { walkFiles } from '../../util/walk-files';

const LABEL_IDS_SUFFIX = '_gtFine_labelIds.png';
const INSTANCE_IDS_SUFFIX = '_gtFine_instanceIds.png';

export interface GroundTruthFrame {
  /** `<city>_<seq>_<frame>`: what a prediction's file name starts with. */
  readonly stem: string;
  readonly labelIdsPath: string;
  readonly instanceIdsPath: string;
}

/** Why `path` cannot be searched as a folder, or null when it can. */
export async function folderProblem(path: string, role: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return `${path}: no such ${role} folder`;
  return info.isDirectory() ? null : `${path}: the ${role} folder is a file`;
}

/** Every `*_gtFine_labelIds.png` under `gtDir`, sorted, with the instanceIds file expected beside it. */
export async function findGroundTruthFrames(gtDir: string, problems: string[] = []): Promise<GroundTruthFrame[]> {
  const files = await listFiles(gtDir, (name) => name.endsWith(LABEL_IDS_SUFFIX), problems);
  return files.map((labelIdsPath) => {
    const stem = basename(labelIdsPath).slice(0, -LABEL_IDS_SUFFIX.length);
    return { stem, labelIdsPath, instanceIdsPath: join(labelIdsPath, '..', `${stem}${INSTANCE_IDS_SUFFIX}`) };
  });
}

/** Every `*.png` under `predDir`, sorted. */
export function findPredictionFiles(predDir: string, problems: string[] = []): Promise<string[]> {
  return listFiles(predDir, (name) => name.endsWith('.png'), problems);
}

export type PredictionMatch = { readonly path: string } | { readonly problem: string };

/**
 * The one prediction whose file name matches `<stem>*.png`, searched in every folder, as the
 * official `getPrediction` does; none or several is a problem naming the ground-truth file.
 */
export function matchPrediction(frame: GroundTruthFrame, predictionFiles: readonly string[]): PredictionMatch {
  const matches = predictionFiles.filter((path) => basename(path).startsWith(frame.stem));
  if (matches.length === 1) return { path: matches[0] };
  if (matches.length === 0) return { problem: `${frame.labelIdsPath}: no prediction named ${frame.stem}*.png` };
  return { problem: `${frame.labelIdsPath}: ${matches.length} predictions match ${frame.stem}*.png: ${matches.join(', ')}` };
}

/** Files under `root` as every folder input lists them (`walkFiles`: links followed, hidden names skipped); unreadable parts go to `problems`. */
async function listFiles(root: string, isWanted: (name: string) => boolean, problems: string[]): Promise<string[]> {
  const walked = await walkFiles(root, { accept: isWanted });
  problems.push(...walked.problems.map(({ path, reason }) => `${path}: ${reason}`));
  return walked.files;
}
