import type { RunDetail } from '../../../src-shared/api';
import { describeLabels, runLabels } from '../../canvas/run-labels';
import { runLabel } from './run-table';

/** Says why runs are not compared class by class: they predict different classes (`haveSameClasses` is false). */
export function DifferentLabels({ details, what }: { details: readonly RunDetail[]; what: string }) {
  return (
    <p className="muted different-labels" data-testid="different-labels">
      These runs use different label specs ({details.map((d) => `${runLabel(d.run)}: ${describeLabels(runLabels(d))}`).join('; ')}): {what}.
    </p>
  );
}
