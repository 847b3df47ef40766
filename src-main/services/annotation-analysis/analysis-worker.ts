// Worker thread: parses and checks annotation files off the main thread, whose event loop serves every window.
import { parentPort } from 'node:worker_threads';
import { parseAnnotation } from '../../../src-shared/annotation';
import { buildLabelIndex, type LabelIndex, type LabelSpec } from '../../../src-shared/labels';
import type { AnalysisReply, AnalysisRequest } from './protocol';

let lastSpec: { json: string; index: LabelIndex } | null = null;

/** Specs arrive as copies: keep the index of the last one, which is almost always the same spec. */
function indexOf(spec: LabelSpec): LabelIndex {
  const json = JSON.stringify(spec);
  if (lastSpec?.json !== json) lastSpec = { json, index: buildLabelIndex(spec) };
  return lastSpec.index;
}

const port = parentPort!;
port.on('message', ({ seq, text, file, labels, geometryWarnings }: AnalysisRequest) => {
  const parsed = parseAnnotation(text, file, indexOf(labels), { geometryWarnings });
  const reply: AnalysisReply = {
    seq,
    analysis: {
      imgWidth: parsed.annotation?.imgWidth ?? 0,
      imgHeight: parsed.annotation?.imgHeight ?? 0,
      objectCount: parsed.annotation?.fileObjectCount ?? null,
      problems: parsed.problems,
    },
  };
  port.postMessage(reply);
});
