import type { LabelSource } from '../../src-shared/api';
import type { LabelSpec } from '../../src-shared/labels';
import { describeLabels, labelIndexOf } from '../canvas/run-labels';

/** Where a dataset's labels come from, as the train form and dataset panel say it: "voc-6 (6 classes) from segstudio.labels.json". */
export function describeLabelSource(spec: LabelSpec, source: LabelSource): string {
  const labels = labelIndexOf(spec);
  const count = labels.trainClasses.length;
  switch (source.kind) {
    case 'default':
      return `${spec.name} (${count} ${count === 1 ? 'class' : 'classes'}, default)`;
    case 'dataset':
      return `${describeLabels(labels)} from ${source.path ? fileName(source.path) : 'the dataset'}`;
    case 'given':
      return `${describeLabels(labels)} from ${source.path ?? 'the given file'}`;
  }
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
