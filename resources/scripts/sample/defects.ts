import { boundingBox, boxArea, isSelfIntersecting, type Box } from './geometry';
import { signedArea, type AnnotatedFrame, type PolygonFile, type Vertex } from './polygon-file';

/** Deliberate mistakes planted in a few frames, so QA tools have something to find. */
export type DefectKind = 'unknown-label' | 'self-intersection' | 'out-of-bounds' | 'stale-color-mask';

export interface DefectReport {
  readonly kind: DefectKind;
  /** What is wrong, naming the object as the tools do (0-based index in `objects`). */
  readonly problem: string;
  /** What `segstudio masks` and the QA viewer should show. */
  readonly expected: string;
}

export const UNKNOWN_LABEL = 'carr';

/** Plants an annotation defect into a copy of the frame's polygon file. */
export function plantAnnotationDefect(kind: Exclude<DefectKind, 'stale-color-mask'>, frame: AnnotatedFrame): { file: PolygonFile; report: DefectReport } {
  const file: PolygonFile = structuredClone(frame.file);
  switch (kind) {
    case 'unknown-label': {
      const index = largestObject(file, 'car');
      file.objects[index].label = UNKNOWN_LABEL;
      return {
        file,
        report: {
          kind,
          problem: `object ${index} is labelled "${UNKNOWN_LABEL}", a typo of "car"`,
          expected: `\`segstudio masks\` reports \`object ${index} ("${UNKNOWN_LABEL}"): unknown label\`, writes no PNGs for this frame and exits non-zero; the QA viewer lists the error`,
        },
      };
    }
    case 'self-intersection': {
      const index = largestObject(file, 'car');
      file.objects[index].polygon = bowTie(file.objects[index].polygon);
      return {
        file,
        report: {
          kind,
          problem: `object ${index} ("car"): two neighbouring vertices swapped, so two edges cross (a bow-tie)`,
          expected: 'QA flags the self-intersecting polygon; the masks follow Pillow\'s fill of the crossed outline, so the car\'s mask no longer matches the photo (a wedge added or cut away)',
        },
      };
    }
    case 'out-of-bounds': {
      const index = mostOutOfBounds(frame);
      const outside = boundingBox(frame.unclipped[index]);
      file.objects[index].polygon = frame.unclipped[index];
      return {
        file,
        report: {
          kind,
          problem: `object ${index} ("${file.objects[index].label}") has vertices outside the ${file.imgWidth}×${file.imgHeight} frame (x ${outside.minX}..${outside.maxX}, y ${outside.minY}..${outside.maxY})`,
          expected: 'QA flags the out-of-bounds vertices; the masks clip the polygon to the frame, so they look like a clean frame\'s',
        },
      };
    }
  }
}

/** The rectangle to repaint in the frame's color mask: the largest car, a little enlarged. */
export function staleColorMaskRegion(file: PolygonFile): Box {
  const box = boundingBox(file.objects[largestObject(file, 'car')].polygon);
  return {
    minX: Math.max(0, Math.floor(box.minX) - 4),
    minY: Math.max(0, Math.floor(box.minY) - 4),
    maxX: Math.min(file.imgWidth - 1, Math.ceil(box.maxX) + 4),
    maxY: Math.min(file.imgHeight - 1, Math.ceil(box.maxY) + 4),
  };
}

export function staleColorMaskReport(region: Box, paintedLabel: string): DefectReport {
  return {
    kind: 'stale-color-mask',
    problem: `the stored \`_gtFine_color.png\` has the rectangle x ${region.minX}..${region.maxX}, y ${region.minY}..${region.maxY} painted in the ${paintedLabel} colour; the polygons and the other PNGs are right`,
    expected: 'the QA viewer\'s stored-vs-generated comparison shows that rectangle as a mismatch; running `segstudio masks` again overwrites it with a correct file',
  };
}

function largestObject(file: PolygonFile, label: string): number {
  let best = -1;
  let bestArea = 0;
  file.objects.forEach((object, index) => {
    const area = boxArea(boundingBox(object.polygon));
    if (object.label === label && area > bestArea) {
      best = index;
      bestArea = area;
    }
  });
  if (best < 0) throw new Error(`no "${label}" object to plant a defect in`);
  return best;
}

// Prefer a car; poles and trees near the camera nearly always reach past the top edge.
const OUT_OF_BOUNDS_CANDIDATES = ['car', 'person', 'rider', 'bicycle', 'pole', 'vegetation'];

/** The object reaching farthest outside the frame before clipping, of the most preferred label that does. */
function mostOutOfBounds(frame: AnnotatedFrame): number {
  const { imgWidth, imgHeight } = frame.file;
  for (const label of OUT_OF_BOUNDS_CANDIDATES) {
    let best = -1;
    let bestOverflow = 4;
    frame.unclipped.forEach((polygon, index) => {
      if (frame.file.objects[index].label !== label) return;
      const box = boundingBox(polygon);
      const overflow = Math.max(-box.minX, -box.minY, box.maxX - (imgWidth - 1), box.maxY - (imgHeight - 1));
      if (overflow > bestOverflow) {
        best = index;
        bestOverflow = overflow;
      }
    });
    if (best >= 0) return best;
  }
  throw new Error('no object reaches outside the frame: pick another frame for the out-of-bounds defect');
}

/** Swaps the neighbouring vertices whose swap changes the outline most, making two edges cross. */
function bowTie(polygon: readonly Vertex[]): Vertex[] {
  let best: Vertex[] | null = null;
  let bestChange = 0;
  for (let i = 0; i < polygon.length; i++) {
    const j = (i + 1) % polygon.length;
    const swapped = polygon.map((v) => [v[0], v[1]] as Vertex);
    [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
    const change = Math.abs(Math.abs(signedArea(polygon)) - Math.abs(signedArea(swapped)));
    if (isSelfIntersecting(swapped) && change > bestChange) {
      best = swapped;
      bestChange = change;
    }
  }
  if (!best) throw new Error('could not make a bow-tie of the polygon');
  return best;
}
