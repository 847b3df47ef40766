import { MASKS_USAGE, runMasks } from './masks';
import { SERVE_USAGE, runServe } from './serve';
import { UsageError } from './usage-error';

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly run: (argv: string[]) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  masks: { summary: 'generate labelIds, labelTrainIds, color and instanceIds PNGs from polygon annotations', usage: MASKS_USAGE, run: runMasks },
  serve: { summary: 'serve the studio to a browser (HTTP + WebSocket on 127.0.0.1, token-protected)', usage: SERVE_USAGE, run: runServe },
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
  const command = COMMANDS[name];
  if (!command) {
    console.error(`segstudio: unknown command "${name}" (run "segstudio --help")`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // parseArgs reports unknown or malformed flags with ERR_PARSE_ARGS_* codes.
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      console.error(`segstudio ${name}: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
