import { api } from '../api';

/** A folder path: typed, or chosen with the desktop app's native picker where there is one. */
export function FolderField({ label, value, onChange }: { label: string; value: string; onChange(path: string): void }) {
  const browse = async () => {
    const picked = await api.call('dialog.pickFolder', { title: label });
    if (picked) onChange(picked);
  };
  return (
    <label className="field folder-field">{label}
      <span className="folder-input">
        <input value={value} onChange={(e) => onChange(e.target.value)} aria-label={label} spellCheck={false} />
        {api.transport === 'electron' && <button type="button" onClick={() => void browse()}>Browse…</button>}
      </span>
    </label>
  );
}
