import { useMemo } from 'react';
import type { RunDetail } from '../../../src-shared/api';
import { configDiff } from '../../../src-shared/runs/compare';
import { runLabel } from './run-table';

/** Only the config keys whose values differ between the runs. */
export function ConfigDiff({ details }: { details: readonly RunDetail[] }) {
  const rows = useMemo(() => configDiff(details.map((d) => d.config)), [details]);
  return (
    <section className="compare-section" aria-label="Config differences">
      <h3>Config differences</h3>
      {rows.length === 0 ? <p className="muted">The configs are identical.</p> : (
        <table className="data-table config-diff" data-testid="config-diff">
          <thead>
            <tr><th>Key</th>{details.map((d) => <th key={d.run.id}>{runLabel(d.run)}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-key={row.key}>
                <td className="mono">{row.key}</td>
                {row.values.map((value, i) => <td key={i} className="mono">{value ?? '—'}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
