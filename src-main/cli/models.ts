import { parseArgs } from 'node:util';
import { initEngine } from '../ml/engine/init-engine';
import { SUMMARY_CLASSES, SUMMARY_IN_CHANNELS, summarizeArchitectures, type ArchitectureSummary } from '../ml/models/architecture-summary';

export const MODELS_USAGE = `segstudio models [--json]

Lists the segmentation architectures with their trainable parameter counts at the default width,
for ${SUMMARY_IN_CHANNELS} input channels and ${SUMMARY_CLASSES} classes. --json prints an array of
{"arch", "trainableParams", "description", "defaultInput": [height, width]}.`;

export async function runModels(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { json: { type: 'boolean', default: false } },
  });
  // Counting only allocates weights; wasm does that quietly (the cpu backend prints a banner).
  await initEngine({ backend: 'wasm', env: {} });
  const summaries = summarizeArchitectures();
  console.log(values.json ? JSON.stringify(summaries) : formatTable(summaries));
  return 0;
}

function formatTable(summaries: ArchitectureSummary[]): string {
  const rows = [
    ['arch', 'trainable params', 'default input', 'description'],
    ...summaries.map((s) => [s.arch, s.trainableParams.toLocaleString('en-US'), s.defaultInput.join('x'), s.description]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map(([arch, params, input, description]) =>
      [arch.padEnd(widths[0]), params.padStart(widths[1]), input.padEnd(widths[2]), description].join('  '))
    .join('\n');
}
