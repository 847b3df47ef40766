import { parseArgs } from 'node:util';
import { classIouRows, configDiff } from '../../src-shared/runs/compare';
import { defaultDataDir } from '../app-paths';
import { TrainingRuns } from '../services/training/training-runs';
import { openDatabase } from '../store/db';
import { parsePositiveInteger } from './flags';
import { requestFromArgs, UsageError } from './usage-error';

/** The runs view's edits and comparison from the command line, through the same service the studio uses. */
export async function runRunsEdit(action: string, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, strict: true, allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false }, yes: { type: 'boolean', default: false } },
  });
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const runs = new TrainingRuns({ db: openDatabase(dataDir), dataDir });
  const runId = () => parsePositiveInteger('RUN_ID', positionals[0] ?? '');
  const text = (what: string) => {
    if (positionals.length < 2) throw new UsageError(`runs ${action}: give the run id and the ${what}`);
    return positionals.slice(1).join(' ');
  };
  return requestFromArgs(async () => {
    switch (action) {
      case 'rename':
        console.log(`run ${runId()} is now "${runs.rename(runId(), text('new name')).name}"`);
        return 0;
      case 'tag': {
        const tags = (positionals[1] ?? '').split(',');
        console.log(`run ${runId()} tags: ${runs.setTags(runId(), tags).tags.join(', ') || '(none)'}`);
        return 0;
      }
      case 'note':
        runs.setNote(runId(), text('note'));
        console.log(`run ${runId()}: note saved`);
        return 0;
      case 'delete':
        if (!values.yes) throw new UsageError(`runs delete removes run ${positionals[0] ?? '?'} and its files for good: add --yes to confirm`);
        await runs.delete(runId());
        console.log(`run ${runId()} deleted`);
        return 0;
      case 'compare':
        return compare(runs, positionals, values.json);
      default:
        throw new UsageError(`runs: unknown action "${action}"`);
    }
  });
}

function compare(runs: TrainingRuns, positionals: string[], isJson: boolean): number {
  if (positionals.length < 2 || positionals.length > 6) throw new UsageError(`runs compare takes 2 to 6 run ids, got ${positionals.length}`);
  const details = positionals.map((id) => runs.detail(parsePositiveInteger('RUN_ID', id)));
  const classes = classIouRows(details);
  const config = configDiff(details.map((d) => d.config));
  if (isJson) {
    const runs = details.map((d) => ({ id: d.run.id, name: d.run.name, status: d.run.status, bestMiou: d.run.bestMiou, bestEpoch: d.bestEpoch }));
    console.log(JSON.stringify({ runs, classes: classes.map((c) => ({ ...c, best: [...c.best] })), config }));
    return 0;
  }
  const percent = (value: number | null) => (value === null ? 'n/a' : (value * 100).toFixed(1));
  const header = ['class', ...details.map((d) => `#${d.run.id}`)];
  const rows = [
    ...classes.map((c) => [c.name, ...c.values.map((v, i) => `${percent(v)}${c.best.has(i) ? '*' : ''}${i > 0 && c.deltas[i] !== null ? ` (${signed(c.deltas[i]! * 100)})` : ''}`)]),
    ['mIoU', ...details.map((d) => percent(d.run.bestMiou))],
    ['best epoch', ...details.map((d) => String(d.bestEpoch ?? 'n/a'))],
  ];
  console.log(details.map((d) => `#${d.run.id}  ${d.run.name}  (${d.run.status})`).join('\n'));
  console.log(`\nIoU (%) at each run's best epoch; * best per class; (delta against #${details[0].run.id})`);
  console.log(formatColumns([header, ...rows]));
  console.log(config.length === 0 ? '\nsettings: identical' : `\nsettings that differ:\n${formatColumns([['setting', ...header.slice(1)], ...config.map((c) => [c.key, ...c.values.map((v) => v ?? '-')])])}`);
  return 0;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}

function formatColumns(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}
