// The training process: owns tfjs, takes commands from its parent and reports every event back.
import { TrainingSwitch } from '../ml/train/events';
import { runTraining } from '../ml/train/trainer';
import { connectToParent } from './parent-channel';
import { isTrainingCommand, type StartTrainingCommand, type TrainingProcessMessage } from '../services/training/protocol';

const parent = connectToParent();
let pending = Promise.resolve();
function send(message: TrainingProcessMessage): Promise<void> {
  pending = pending.then(() => parent.send(message));
  return pending;
}

const control = new TrainingSwitch((change) => void send({ type: change }));
let hasStarted = false;

// Without a parent nobody records the run: stop, and the next start marks it interrupted.
parent.onDisconnect(() => process.exit(3));

parent.onMessage((message) => {
  if (!isTrainingCommand(message)) return;
  switch (message.type) {
    case 'start':
      if (!hasStarted) {
        hasStarted = true;
        void train(message);
      }
      return;
    case 'pause':
      return control.pause();
    case 'resume':
      return control.resume();
    case 'cancel':
      return control.cancel();
  }
});

async function train(command: StartTrainingCommand): Promise<void> {
  let exitCode = 0;
  try {
    await runTraining(command, (event) => void send(event), control);
  } catch (error) {
    exitCode = 1;
    void send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
  await pending;
  await parent.flushed();
  process.exit(exitCode);
}
