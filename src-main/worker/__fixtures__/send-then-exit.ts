// A process that reports like the training process does: many messages, then exit as soon as they are flushed.
import { connectToParent } from '../parent-channel';

const MESSAGES = 500;
const parent = connectToParent();
for (let i = 0; i < MESSAGES; i++) void parent.send({ type: 'step', i, padding: 'x'.repeat(1000) });
await parent.send({ type: 'finished', count: MESSAGES });
await parent.flushed();
process.exit(0);
