import { useEffect, useMemo, useState } from 'react';
import { TRAIN_BOUNDS, type DatasetLabels, type TrainOptions, type TrainSettings } from '../../../src-shared/api';
import { api } from '../../api';
import { useRuns } from '../../state/runs';
import { FolderField } from '../FolderField';
import { describeLabelSource } from '../label-source';
import { CUSTOM_PRESET, draftOf, NUMBER_FIELDS, plainMessage, shownPreset, type Draft, type NumberField } from './train-form';

/** Typing in the dataset or label file field asks for the labels once it pauses this long. */
const LABELS_LOOKUP_DELAY_MS = 300;

const INTEGER_FIELDS: ReadonlySet<NumberField> = new Set(['width', 'inputWidth', 'inputHeight', 'batchSize', 'epochs', 'seed']);

/** The reason a field's text is not an acceptable value, or null. */
export function fieldProblem(field: NumberField, text: string): string | null {
  const value = Number(text);
  const { min, max } = TRAIN_BOUNDS[field];
  if (text.trim() === '' || !Number.isFinite(value)) return 'a number is needed';
  if (INTEGER_FIELDS.has(field) && !Number.isInteger(value)) return 'a whole number is needed';
  if (value < min || value > max) return `between ${min} and ${max}`;
  return null;
}

/** Choose dataset, architecture and preset, edit any setting within its bounds, and start (or queue) a run. */
export function TrainForm({ options, onStarted }: { options: TrainOptions; onStarted(runId: number): void }) {
  const [datasetRoot, setDatasetRoot] = useState(options.sampleDataset ?? '');
  const [presetName, setPresetName] = useState(options.presets.some((p) => p.name === 'cpu-demo') ? 'cpu-demo' : options.presets[0].name);
  const preset = options.presets.find((p) => p.name === presetName)!;
  const [draft, setDraft] = useState<Draft>(() => draftOf(preset.settings));
  const [name, setName] = useState('');
  const [labelsFile, setLabelsFile] = useState('');
  const labels = useDatasetLabels(datasetRoot.trim(), labelsFile.trim());
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const presetShown = shownPreset(options.presets, presetName, draft);
  // Choosing a preset, the one already chosen included (after edits the select shows "custom"), resets the form to it.
  const choosePreset = (name: string) => {
    const chosen = options.presets.find((p) => p.name === name);
    if (!chosen) return;
    setPresetName(name);
    setDraft(draftOf(chosen.settings));
  };

  const problems = useMemo(() => Object.fromEntries(NUMBER_FIELDS.map(({ field }) => [field, fieldProblem(field, draft[field])])), [draft]);
  const hasProblems = Object.values(problems).some((p) => p !== null) || datasetRoot.trim() === '';
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  const start = async () => {
    const settings: TrainSettings = {
      datasetRoot: datasetRoot.trim(), preset: presetName, ...(name.trim() ? { name: name.trim() } : {}),
      ...(labelsFile.trim() ? { labels: labelsFile.trim() } : {}),
      arch: draft.arch, optimizer: draft.optimizer, schedule: draft.schedule, loss: draft.loss,
      ...(draft.arch === 'deeplabv3plus' && draft.backbone ? { backbone: draft.backbone } : {}),
      ...Object.fromEntries(NUMBER_FIELDS.map(({ field }) => [field, Number(draft[field])])),
    };
    setStarting(true);
    setStartError(null);
    const { run, error } = await useRuns.getState().start(settings);
    setStarting(false);
    if (run) onStarted(run.id);
    else setStartError(plainMessage(error));
  };

  return (
    <form className="train-form" onSubmit={(event) => { event.preventDefault(); void start(); }}>
      <div className="wide"><FolderField label="Dataset folder" value={datasetRoot} onChange={(root) => { setDatasetRoot(root); setStartError(null); }} /></div>
      <label className="field wide">Label spec file (optional)
        <input value={labelsFile} onChange={(e) => setLabelsFile(e.target.value)} aria-label="Label spec file" spellCheck={false}
          placeholder="default: the dataset's segstudio.labels.json, else the built-in table" />
      </label>
      <LabelsLine state={labels} />
      <ChoiceField
        label="Preset" value={presetShown} onChange={choosePreset}
        choices={[...options.presets.map((p) => p.name), ...(presetShown === CUSTOM_PRESET ? [CUSTOM_PRESET] : [])]}
      />
      <ChoiceField label="Architecture" value={draft.arch} choices={options.archs} onChange={(arch) => set({ arch })} />
      {draft.arch === 'deeplabv3plus' && (
        <ChoiceField label="Backbone" value={draft.backbone || 'resnet50'} choices={options.backbones} onChange={(backbone) => set({ backbone })} />
      )}
      {NUMBER_FIELDS.map(({ field, label, step }) => (
        <label key={field} className={problems[field] ? 'field invalid' : 'field'}>{label}
          <input
            type="number" step={step ?? '1'} min={TRAIN_BOUNDS[field].min} max={TRAIN_BOUNDS[field].max}
            value={draft[field]} onChange={(e) => set({ [field]: e.target.value })} aria-label={label} aria-invalid={problems[field] !== null}
          />
          {problems[field] && <span className="field-problem">{problems[field]}</span>}
        </label>
      ))}
      <ChoiceField label="Optimizer" value={draft.optimizer} choices={options.optimizers} onChange={(optimizer) => set({ optimizer })} />
      <ChoiceField label="Schedule" value={draft.schedule} choices={options.schedules} onChange={(schedule) => set({ schedule })} />
      <ChoiceField label="Loss" value={draft.loss} choices={options.losses} onChange={(loss) => set({ loss })} />
      <label className="field wide">Run name (optional)
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={`${draft.arch} on …`} aria-label="Run name" />
      </label>
      <p className="engine-line wide" data-testid="engine">Engine: <b>{options.engine.name}</b> · {options.engine.device}</p>
      <button type="submit" className="primary wide" disabled={hasProblems || starting}>{starting ? 'Starting…' : 'Start training'}</button>
      {startError && <p className="error wide" data-testid="train-start-error" role="alert">Cannot start: {startError}</p>}
    </form>
  );
}

type LabelsState = { readonly kind: 'none' } | { readonly kind: 'loading' } | { readonly kind: 'found'; readonly labels: DatasetLabels } | { readonly kind: 'problem'; readonly message: string };

/** The labels a run on the folder would train with (`datasets.labels`), asked again whenever the folder or the spec file changes. */
function useDatasetLabels(datasetRoot: string, labelsFile: string): LabelsState {
  const [state, setState] = useState<LabelsState>({ kind: 'none' });
  useEffect(() => {
    if (!datasetRoot) {
      setState({ kind: 'none' });
      return;
    }
    let isCurrent = true;
    setState({ kind: 'loading' });
    const timer = setTimeout(() => {
      api.call('datasets.labels', { path: datasetRoot, ...(labelsFile ? { labels: labelsFile } : {}) }).then(
        (labels) => isCurrent && setState({ kind: 'found', labels }),
        (error: Error) => isCurrent && setState({ kind: 'problem', message: error.message }),
      );
    }, LABELS_LOOKUP_DELAY_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [datasetRoot, labelsFile]);
  return state;
}

function LabelsLine({ state }: { state: LabelsState }) {
  switch (state.kind) {
    case 'none': return null;
    case 'loading': return <p className="labels-line wide muted" data-testid="labels">Labels: …</p>;
    case 'found': return <p className="labels-line wide" data-testid="labels">Labels: {describeLabelSource(state.labels.spec, state.labels.source)}</p>;
    case 'problem': return <p className="labels-line wide error" data-testid="labels" role="alert">Labels: {plainMessage(state.message)}</p>;
  }
}

function ChoiceField({ label, value, choices, onChange }: { label: string; value: string; choices: readonly string[]; onChange(value: string): void }) {
  return (
    <label className="field">{label}
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
        {choices.map((choice) => <option key={choice} value={choice}>{choice}</option>)}
      </select>
    </label>
  );
}
