import type { LabelSpec } from '../../../src-shared/labels';
import { STREET6_FROM_CITYSCAPES } from './street6';

export interface Street6Facts {
  readonly spec: LabelSpec;
  readonly photos: string;
  readonly frames: ReadonlyArray<{ readonly split: string; readonly labels: readonly string[] }>;
}

export function renderStreet6Readme({ spec, photos, frames }: Street6Facts): string {
  const objects = new Map<string, number>();
  for (const frame of frames) for (const label of frame.labels) objects.set(label, (objects.get(label) ?? 0) + 1);
  const count = (name: string) => (objects.get(name) ?? 0) + (objects.get(`${name}group`) ?? 0);
  const classRows = [...spec.labels]
    .sort((a, b) => a.trainId - b.trainId)
    .map((label) => `| ${label.trainId} | ${label.name} | ${label.id} | \`${label.color.join(', ')}\` | ${count(label.name)} | ${STREET6_FROM_CITYSCAPES[label.name].join(', ')} |`);
  const splits = [...new Set(frames.map((f) => f.split))].map((split) => `${frames.filter((f) => f.split === split).length} ${split}`);

  return `# sample-street6

The [sample-cityscapes](../sample-cityscapes/) scenes annotated in **street-6**, a small label scheme of
its own, to try segstudio on a dataset that is not Cityscapes: ${frames.length} frames (${splits.join(', ')}),
the same photos, the same polygons in the same painter's order, each labelled with the street-6 class its
Cityscapes label falls in. The masks are the sample's masks with every label mapped.

- \`segstudio.labels.json\` is the scheme. segstudio finds it at the dataset root, so training, the QA
  viewer, \`segstudio masks\` and \`export masks\` use it with no flag; runs record it and name their
  classes, metrics and colour masks by it.
- \`segstudio.dataset.json\` points the photos at the sample's folder, resolved against this one, so
  they are not copied: \`{"photos": "${photos}"}\`.
- \`gtFine/{train,val}/<city>/<stem>_gtFine_polygons.json\` are the annotations. There are no stored
  PNGs: segstudio draws the masks from the polygons (\`segstudio masks resources/sample-street6\` writes
  them).

Generated with the sample by \`npm run sample\` (\`resources/scripts/sample/street6.ts\` holds the scheme and
the mapping) from the sample's clean annotations, so none of its four planted defects is here: every frame
trains. Do not edit the files by hand.

## street-6

| trainId | class | id | colour | objects | Cityscapes labels it takes |
|---|---|---|---|---|---|
${classRows.join('\n')}

Label ids 40–45 and the colours are not Cityscapes' (a labelIds or colour PNG of one scheme cannot pass
for the other's), and train ids are not label ids. \`background\` is a class here (train id 5, the
recording car's bonnet and the few uncovered pixels), so nothing is ignored; \`mover\` has instances, and
the sample's \`cargroup\` / \`persongroup\` objects are \`movergroup\`. Cityscapes' \`license plate\` objects,
which its masks never draw, are left out.

\`\`\`sh
segstudio train --dataset resources/sample-street6 --preset cpu-demo
\`\`\`
`;
}
