// Child process for the crash test: records epochs of one run as fast as it can until it is killed.
// Usage: node --import tsx write-epochs-until-killed.ts <dataDir> <runId>
import { openDatabase } from '../../../store/db';
import { RunStore } from '../run-store';

const CLASSES = 19;
const [dataDir, runIdText] = process.argv.slice(2);
const runId = Number(runIdText);
const store = new RunStore(openDatabase(dataDir));
store.transition(runId, 'running', { pid: process.pid, engine: 'cpu', device: 'crash test' });

for (let epoch = store.getRun(runId)!.epochsDone + 1; ; epoch++) {
  const score = (epoch % 100) / 100;
  const classMetrics = Array.from({ length: CLASSES }, (_, classTrainId) => ({
    classTrainId, iou: score, dice: score, accuracy: score, sensitivity: score, specificity: classTrainId === 18 ? null : score,
  }));
  store.recordEpoch(runId, epoch, {
    trainLoss: 1 / epoch, valLoss: 2 / epoch, miou: score, pixelAccuracy: score, meanDice: score, imagesPerSecond: 10, seconds: 0.01,
    extra: { padding: 'x'.repeat(2000) },
  }, classMetrics);
  if (epoch % 10 === 0) store.addCheckpoint(runId, epoch, 'periodic', `/ckpt/${runId}/epoch-${epoch}`);
  process.stdout.write(`${epoch}\n`);
}
