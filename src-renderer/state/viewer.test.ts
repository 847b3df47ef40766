import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetSummary, FrameBundle } from '../../src-shared/api';
import { CITYSCAPES, buildLabelIndex } from '../../src-shared/labels';

const calls = vi.hoisted(() => ({ bundle: null as unknown, binary: new Map<string, { mime: string; bytes: ArrayBuffer }>() }));
vi.mock('../api', () => ({
  api: {
    call: async (method: string) => {
      if (method === 'frames.bundle') return calls.bundle;
      if (method === 'qa.mark') return { frameId: 'f', status: 'ok', note: '', region: null, updatedAt: '2026-12-05T00:00:00.000Z' };
      throw new Error(`unexpected ${method}`);
    },
    binary: async (name: string) => {
      const payload = calls.binary.get(name);
      if (!payload) throw new Error(`${name}: not found`);
      return payload;
    },
  },
}));

const { useViewer, officialMaskFile } = await import('./viewer');
const { useDataset } = await import('./dataset');

const ANNOTATION = JSON.stringify({ imgWidth: 4, imgHeight: 2, objects: [{ label: 'road', polygon: [[0, 0], [3, 0], [3, 1], [0, 1]] }] });

function bundle(datasetId: number, frameId: string): FrameBundle {
  return {
    datasetId, frameId, title: 'city_000001_000019', width: 4, height: 2, annotationText: ANNOTATION,
    annotationFile: '/data/gtFine/val/city/city_000001_000019_gtFine_polygons.json', problems: [], hasPhoto: true, official: 'color', qa: null,
    neighbours: { previous: null, next: null },
  };
}

function dataset(id: number): DatasetSummary {
  return { id, root: `/data${id}`, name: `data${id}`, frameCount: 1, labels: CITYSCAPES, labelSource: 'cityscapes', warnings: [], splits: [], pillow: '9.4' } as unknown as DatasetSummary;
}

class FakeCanvas {
  width = 0;
  height = 0;
  getContext() {
    return { putImageData() {}, drawImage() {}, getImageData: () => { throw new Error('no pixels in this test'); } };
  }
}

beforeEach(() => {
  vi.stubGlobal('document', { createElement: () => new FakeCanvas() });
  vi.stubGlobal('ImageData', class { constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {} });
  vi.stubGlobal('createImageBitmap', async () => {
    throw new Error('The source image could not be decoded.');
  });
  vi.stubGlobal('requestAnimationFrame', () => 0);
  useDataset.setState({ dataset: dataset(1), labels: buildLabelIndex(CITYSCAPES), frames: [], selectedId: null });
  calls.bundle = bundle(1, 'f1');
  calls.binary.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe('the viewer store', () => {
  it('shows a frame whose photo cannot be decoded, with an error naming the file', async () => {
    calls.binary.set('photo', { mime: 'image/png', bytes: new ArrayBuffer(8) });
    await useViewer.getState().loadFrame(1, 'f1');
    const state = useViewer.getState();
    expect(state.data).not.toBeNull();
    expect(state.photo).toBeNull();
    expect(state.error).toBe('city_000001_000019_leftImg8bit.png: the photo cannot be decoded (The source image could not be decoded.)');
  });

  it('names the official mask file that cannot be decoded', async () => {
    calls.binary.set('official', { mime: 'image/png', bytes: new ArrayBuffer(8) });
    calls.bundle = bundle(1, 'f2');
    await useViewer.getState().loadFrame(1, 'f2');
    expect(useViewer.getState().error).toBe('/data/gtFine/val/city/city_000001_000019_gtFine_color.png: the official mask cannot be decoded (The source image could not be decoded.)');
    expect(officialMaskFile('a_gtFine_polygons.json', 'labelIds')).toBe('a_gtFine_labelIds.png');
  });

  it('clears the panes as soon as another dataset is opened, before its first frame loads', async () => {
    calls.bundle = bundle(1, 'f3');
    await useViewer.getState().loadFrame(1, 'f3');
    expect(useViewer.getState().bundle?.frameId).toBe('f3');
    useDataset.setState({ dataset: dataset(2), selectedId: null });
    expect(useViewer.getState().bundle).toBeNull();
    expect(useViewer.getState().data).toBeNull();
  });

  it('keeps the frame when the open dataset only changes its Pillow release', async () => {
    calls.bundle = bundle(1, 'f4');
    await useViewer.getState().loadFrame(1, 'f4');
    useDataset.setState({ dataset: { ...dataset(1), pillow: '11.2' } });
    expect(useViewer.getState().bundle?.frameId).toBe('f4');
  });

  it('marks with a key and moves on to the next frame, unless that is switched off', async () => {
    const frames = ['a', 'b', 'c'].map((id) => ({ id, split: 'val', city: 'c', stem: id, objectCount: 1, problemCount: 0, qaStatus: null }));
    useDataset.setState({ frames, total: 3, selectedId: 'a' });
    calls.bundle = bundle(1, 'a');
    await useViewer.getState().loadFrame(1, 'a');
    await useViewer.getState().markAndAdvance('ok', '');
    expect(useDataset.getState().selectedId).toBe('b');
    expect(useDataset.getState().frames[0]?.qaStatus).toBe('ok');

    useViewer.getState().setAdvanceAfterMark(false);
    await useViewer.getState().markAndAdvance('question', '');
    expect(useDataset.getState().selectedId).toBe('b');
    useViewer.getState().setAdvanceAfterMark(true);
  });
});
