import { useEffect, useState } from 'react';
import type { InferResultItem } from '../../../src-shared/api';
import { api } from '../../api';

/** The images a job predicted: pick one to see the photo, its colour mask and the overlay side by side. */
export function InferResults({ jobId }: { jobId: number }) {
  const [items, setItems] = useState<InferResultItem[]>([]);
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<InferResultItem | null>(null);

  useEffect(() => {
    let cancelled = false;
    void api.call('infer.results', { jobId, limit: 500 }).then((result) => {
      if (cancelled) return;
      setItems(result.items);
      setTotal(result.total);
      setSelected(result.items.find((i) => Object.keys(i.outputs).length > 0) ?? null);
    });
    return () => { cancelled = true; };
  }, [jobId]);

  return (
    <div className="infer-results" data-testid="infer-results">
      <ul className="result-list" aria-label="Results">
        {items.map((item) => (
          <li key={item.input}>
            <button className={item === selected ? 'link active' : 'link'} onClick={() => setSelected(item)} disabled={Object.keys(item.outputs).length === 0}>
              {item.input}{Object.keys(item.outputs).length === 0 && ' (no outputs)'}
            </button>
          </li>
        ))}
        {total > items.length && <li className="muted">… {total - items.length} more</li>}
      </ul>
      {selected && (
        <div className="result-panes">
          <JobImage jobId={jobId} side="input" path={selected.input} title="photo" />
          {selected.outputs.color && <JobImage jobId={jobId} side="output" path={selected.outputs.color} title="colour mask" pixelated />}
          {selected.outputs.overlay && <JobImage jobId={jobId} side="output" path={selected.outputs.overlay} title="overlay" />}
        </div>
      )}
    </div>
  );
}

function JobImage({ jobId, side, path, title, pixelated = false }: { jobId: number; side: 'input' | 'output'; path: string; title: string; pixelated?: boolean }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    void api.binary('jobFile', { jobId, side, path }).then(
      (payload) => {
        objectUrl = URL.createObjectURL(new Blob([payload.bytes], { type: payload.mime }));
        setUrl(objectUrl);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
    return () => { if (objectUrl) URL.revokeObjectURL(objectUrl); };
  }, [jobId, side, path]);
  return (
    <figure className="result-pane">
      <figcaption>{title} <code>{path}</code></figcaption>
      {error ? <p className="error">{error}</p> : url && <img src={url} alt={`${title} of ${path}`} className={pixelated ? 'pixelated' : undefined} />}
    </figure>
  );
}
