import { describeFailure } from './usage-error';

interface Command {
  readonly summary: string;
  /** Loaded only when the command runs, so one command's dependencies never slow another's start. */
  readonly load: () => Promise<{ usage: string; run: (argv: string[]) => Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  masks: {
    summary: 'generate labelIds, labelTrainIds, color and instanceIds PNGs from polygon annotations',
    load: async () => {
      const { MASKS_USAGE, runMasks } = await import('./masks');
      return { usage: MASKS_USAGE, run: runMasks };
    },
  },
  eval: {
    summary: 'score labelIds predictions like the official Cityscapes pixel-level benchmark',
    load: async () => {
      const { EVAL_USAGE, runEval } = await import('./eval');
      return { usage: EVAL_USAGE, run: runEval };
    },
  },
  models: {
    summary: 'list the model architectures with their trainable parameter counts',
    load: async () => {
      const { MODELS_USAGE, runModels } = await import('./models');
      return { usage: MODELS_USAGE, run: runModels };
    },
  },
  train: {
    summary: 'train a segmentation model in a separate process, recording the run (--resume continues one)',
    load: async () => {
      const { TRAIN_USAGE, runTrain } = await import('./train');
      return { usage: TRAIN_USAGE, run: runTrain };
    },
  },
  runs: {
    summary: 'list the training runs with their status and metrics',
    load: async () => {
      const { RUNS_USAGE, runRuns } = await import('./runs');
      return { usage: RUNS_USAGE, run: runRuns };
    },
  },
  infer: {
    summary: 'predict a folder of photos with a run\'s checkpoint or an exported model (color, labelIds, trainIds, overlay)',
    load: async () => {
      const { INFER_USAGE, runInfer } = await import('./infer');
      return { usage: INFER_USAGE, run: runInfer };
    },
  },
  export: {
    summary: 'export colour masks, a run\'s predictions, its metrics report, or its model (tfjs layers format)',
    load: async () => {
      const { EXPORT_USAGE, runExport } = await import('./export');
      return { usage: EXPORT_USAGE, run: runExport };
    },
  },
  bench: {
    summary: 'time training steps of a model (bench train)',
    load: async () => {
      const { BENCH_USAGE, runBench } = await import('./bench-train');
      return { usage: BENCH_USAGE, run: runBench };
    },
  },
  'repair-db': {
    summary: 'move a damaged studio database aside and start a fresh one',
    load: async () => {
      const { REPAIR_DB_USAGE, runRepairDb } = await import('./repair-db');
      return { usage: REPAIR_DB_USAGE, run: runRepairDb };
    },
  },
  serve: {
    summary: 'serve the studio to a browser (HTTP + WebSocket on 127.0.0.1, token-protected)',
    load: async () => {
      const { SERVE_USAGE, runServe } = await import('./serve');
      return { usage: SERVE_USAGE, run: runServe };
    },
  },
};

function printHelp(): void {
  console.log('segstudio <command> [options]\n\nCommands:');
  for (const [name, command] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(10)} ${command.summary}`);
  console.log('\nRun "segstudio <command> --help" for a command\'s options.');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    console.error(`segstudio: unknown command "${name}" (run "segstudio --help")`);
    return 2;
  }
  const command = await COMMANDS[name].load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const { exitCode, line } = describeFailure(error);
    console.error(`segstudio ${name}: ${line}`);
    return exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
