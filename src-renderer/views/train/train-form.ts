import { LIVE_STATUSES, TRAIN_BOUNDS, type PresetSettings, type Run, type TrainOptions } from '../../../src-shared/api';

export type NumberField = keyof typeof TRAIN_BOUNDS;
export type Draft = Record<NumberField, string> & { arch: string; backbone: string; optimizer: string; schedule: string; loss: string };

export const NUMBER_FIELDS: ReadonlyArray<{ field: NumberField; label: string; step?: string }> = [
  { field: 'width', label: 'Width (base filters)' },
  { field: 'inputWidth', label: 'Input width' },
  { field: 'inputHeight', label: 'Input height' },
  { field: 'batchSize', label: 'Batch size' },
  { field: 'epochs', label: 'Epochs' },
  { field: 'lr', label: 'Learning rate', step: 'any' },
  { field: 'weightDecay', label: 'Weight decay', step: 'any' },
  { field: 'momentum', label: 'Momentum (SGD)', step: 'any' },
  { field: 'hflip', label: 'H-flip probability', step: 'any' },
  { field: 'seed', label: 'Seed' },
];

/** What the preset select shows once the form was edited: no preset's name, since none matches any more. */
export const CUSTOM_PRESET = 'custom';

export function draftOf(settings: PresetSettings): Draft {
  const numbers = Object.fromEntries(NUMBER_FIELDS.map(({ field }) => [field, String(settings[field])])) as Record<NumberField, string>;
  return { ...numbers, arch: settings.arch, backbone: settings.backbone ?? '', optimizer: settings.optimizer, schedule: settings.schedule, loss: settings.loss };
}

/** The preset the form's settings equal (the chosen one first, where two presets agree), or `custom`. */
export function shownPreset(presets: TrainOptions['presets'], chosen: string, draft: Draft): string {
  const matches = (settings: PresetSettings) => {
    const preset = draftOf(settings);
    return (Object.keys(preset) as Array<keyof Draft>).every((key) => key === 'backbone' && draft.arch !== 'deeplabv3plus'
      ? true
      : key in TRAIN_BOUNDS ? Number(preset[key]) === Number(draft[key]) && draft[key].trim() !== '' : preset[key] === draft[key]);
  };
  const first = presets.find((p) => p.name === chosen);
  if (first && matches(first.settings)) return first.name;
  return presets.find((p) => matches(p.settings))?.name ?? CUSTOM_PRESET;
}

/** The runs waiting or training, in the order they train: the one in progress first, then the queue oldest first. */
export function queueOrder(runs: readonly Run[]): Run[] {
  const rank = (run: Run) => (run.status === 'queued' ? 1 : 0);
  return runs.filter((r) => LIVE_STATUSES.includes(r.status)).sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}

/**
 * A message from the main process as one plain line: the first line, without `Error:` prefixes, and a
 * raw file-system error (`ENOENT: no such file or directory, scandir '/x'`) said as the folder it names.
 */
export function plainMessage(message: string): string {
  const line = message.split('\n')[0].replace(/^(?:Uncaught )?(?:[A-Z]\w*Error|Error)(?: invoking remote method '[^']*')?:\s*/g, '').replace(/^(?:[A-Z]\w*Error|Error):\s*/, '').trim();
  const raw = /^(E[A-Z]+): ([^,]+), \w+ '([^']+)'/.exec(line);
  if (!raw) return line;
  const [, code, , path] = raw;
  if (code === 'ENOENT') return `${path}: no such folder or file`;
  if (code === 'ENOTDIR') return `${path}: not a folder`;
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied`;
  return `${path}: ${raw[2]}`;
}
