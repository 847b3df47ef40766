import { useState, type FormEvent } from 'react';
import type { Run } from '../../../src-shared/api';
import { useRuns } from '../../state/runs';

/** Tags as typed: a comma-separated list, blanks and repeats dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
}

/** Inline form for a run's name, tags and note; saves only what changed. */
export function RunEditor({ run, onDone }: { run: Run; onDone: () => void }) {
  const [name, setName] = useState(run.name);
  const [tags, setTags] = useState(run.tags.join(', '));
  const [note, setNote] = useState(run.note);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const change: { name?: string; tags?: string[]; note?: string } = {};
    if (name.trim() && name.trim() !== run.name) change.name = name.trim();
    const parsed = parseTags(tags);
    if (parsed.join(',') !== run.tags.join(',')) change.tags = parsed;
    if (note !== run.note) change.note = note;
    if (Object.keys(change).length > 0) await useRuns.getState().update(run.id, change);
    onDone();
  };

  return (
    <form className="run-editor" onSubmit={(e) => void save(e)} aria-label={`Edit run ${run.id}`}>
      <label className="field">Name<input aria-label="Run name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} /></label>
      <label className="field">Tags (comma separated)<input aria-label="Run tags" value={tags} onChange={(e) => setTags(e.target.value)} /></label>
      <label className="field wide">Note<textarea aria-label="Run note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} /></label>
      <div className="run-editor-buttons">
        <button type="submit" className="primary">Save</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
