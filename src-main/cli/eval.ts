import { parseArgs } from 'node:util';
import type { ScoresByName } from '../../src-shared/metrics';
import { evaluateCityscapes } from '../services/eval';
import { labelSpecFromFlag } from './label-spec';
import { ProgressBar } from './progress';
import { UsageError } from './usage-error';
import { printable } from '../../src-shared/errors';

export const EVAL_USAGE = `segstudio eval --gt DIR --pred DIR [--labels SPEC.json] [--json]

Scores labelIds predictions like cityscapesScripts' evalPixelLevelSemanticLabeling: class and
category IoU and iIoU over every *_gtFine_labelIds.png under --gt (with the *_gtFine_instanceIds.png
beside it), each matched to the one <city>_<seq>_<frame>*.png found anywhere under --pred.
--labels scores with another label table (same fields as labels.py). --json prints one JSON object
instead of the table. Exit 1 if any frame could not be evaluated.`;

export async function runEval(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      gt: { type: 'string' },
      pred: { type: 'string' },
      labels: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.gt) throw new UsageError('--gt DIR is required (the ground-truth folder)');
  if (!values.pred) throw new UsageError('--pred DIR is required (the prediction folder)');

  let bar: ProgressBar | undefined;
  const result = await evaluateCityscapes({
    gtDir: values.gt,
    predDir: values.pred,
    labels: await labelSpecFromFlag(values.labels),
    onProgress: (done, total) => {
      bar ??= new ProgressBar('eval', total, 'frames');
      bar.update(done);
    },
  });
  bar?.clear();
  for (const line of result.errors) console.error(printable(`error: ${line}`));

  if (values.json) {
    console.log(JSON.stringify({ ...result.scores, frames: result.frames, errors: result.errors }));
  } else {
    console.log(`eval: ${result.frames} of ${result.framesFound} frames evaluated\n`);
    console.log(formatScoreTable('classes', result.scores.classIoU, result.scores.classiIoU, result.scores.meanClassIoU, result.scores.meanClassiIoU));
    console.log(formatScoreTable('categories', result.scores.categoryIoU, result.scores.categoryiIoU, result.scores.meanCategoryIoU, result.scores.meanCategoryiIoU));
  }
  return result.errors.length > 0 ? 1 : 0;
}

const RULE = '-'.repeat(32);

/** The official script's score table; n/a where it prints nan. */
function formatScoreTable(title: string, iou: ScoresByName, iiou: ScoresByName, meanIoU: number | null, meaniIoU: number | null): string {
  const rows = Object.keys(iou).map((name) => `${name.padEnd(14)}: ${formatScore(iou[name])}    ${formatScore(iiou[name])}`);
  return [`${title.padEnd(16)} IoU     iIoU`, RULE, ...rows, RULE, `Score Average : ${formatScore(meanIoU)}    ${formatScore(meaniIoU)}`, RULE, ''].join('\n');
}

function formatScore(value: number | null): string {
  return (value === null ? 'n/a' : value.toFixed(3)).padStart(5);
}
