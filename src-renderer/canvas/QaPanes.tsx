import type Konva from 'konva';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Image as KonvaImage, Layer, Line, Rect, Stage } from 'react-konva';
import { useViewer } from '../state/viewer';
import type { FrameData } from './frame-data';
import type { HoverController } from './hover';
import type { RegionController } from './region';
import type { LabelIndex } from '../../src-shared/labels';
import { useDataset } from '../state/dataset';
import { diffStatus } from '../views/qa-text';
import { hideLabelColors, hideLabelPixels } from './label-visibility';
import { PixelMarker } from './PixelMarker';
import { canvasFromRgba, frameImages, type FrameImages } from './rgba-canvas';
import { followViewport, pointerIn, zoomOnWheel, type SharedViewport } from './viewport';

// Constant props: react-konva re-applies a prop whose value changed identity, which would wipe what HoverController and RegionController set.
const NO_POINTS: number[] = [];

// Strokes are in screen pixels (strokeScaleEnabled off), so they stay thin at any zoom.
/** Every polygon's outline on the photo pane, in its label's colour. */
const OUTLINE_STROKE_WIDTH = 1.5;
/** Filled polygons let the photo show through. */
const FILLED_POLYGON_OPACITY = 0.55;
/** The hovered polygon, dashed white on every pane. */
const HIGHLIGHT = { stroke: '#ffffff', strokeWidth: 2, dash: [6, 4] };
/** The QA region, dashed yellow on every pane. */
const REGION_OUTLINE = { stroke: '#ffd400', strokeWidth: 2, dash: [8, 4] };
/** The diff pane's photo, dimmed so the magenta differences stand out; black where the photo is missing. */
const DIFF_PHOTO_OPACITY = 0.3;
const DIFF_BACKGROUND = '#000';
/** Label masks are drawn pixel for pixel: no blending of label colours at a zoom, and no smoothing pass over a 2-megapixel image. */
const MASK_SMOOTHING = false;

interface PaneProps {
  readonly testId: string;
  readonly title: string;
  readonly viewport: SharedViewport;
  readonly hover: HoverController;
  readonly region: RegionController;
  readonly data: FrameData;
  readonly status?: ReactNode;
  /** The status line's colour: warnings stand out, good news does not. */
  readonly statusTone?: 'ok' | 'warning' | 'muted';
  readonly children?: ReactNode;
  readonly onSize?: (width: number, height: number) => void;
}

function useElementSize(ref: React.RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setSize({ width: Math.floor(width), height: Math.floor(height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** One Konva stage; pan, zoom and hover are applied imperatively through the shared viewport. */
function Pane({ testId, title, viewport, hover, region, data, status, statusTone = 'warning', children, onSize }: PaneProps) {
  const box = useRef<HTMLDivElement>(null);
  const stage = useRef<Konva.Stage>(null);
  const highlight = useRef<Konva.Line>(null);
  const outline = useRef<Konva.Rect>(null);
  const { width, height } = useElementSize(box);

  useEffect(() => {
    if (width > 0 && height > 0) onSize?.(width, height);
  }, [width, height, onSize]);

  useEffect(() => followViewport(viewport, () => stage.current), [viewport, width, height]);

  const hasStage = width > 0 && height > 0;
  useEffect(() => (hasStage && highlight.current ? hover.addHighlight(highlight.current) : undefined), [hover, hasStage]);
  useEffect(() => (hasStage && outline.current ? region.addOutline(outline.current) : undefined), [region, hasStage]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let dragging: { x: number; y: number } | null = null;
    const local = (event: MouseEvent) => pointerIn(element, event);
    const onWheel = zoomOnWheel(element, viewport);
    const onDown = (event: MouseEvent) => {
      if (event.button !== 0) return;
      const p = local(event);
      if (useViewer.getState().drawingRegion) region.begin(viewport.toImage(p.x, p.y));
      else dragging = p;
    };
    const onMove = (event: MouseEvent) => {
      const p = local(event);
      const pixel = viewport.toImage(p.x, p.y);
      if (region.isDragging) region.drag(pixel);
      else if (dragging) {
        viewport.panBy(p.x - dragging.x, p.y - dragging.y);
        dragging = p;
      }
      hover.hover(pixel.x, pixel.y);
    };
    const onUp = () => {
      dragging = null;
      region.end();
    };
    const onLeave = () => {
      dragging = null;
      hover.leave();
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    element.addEventListener('mousedown', onDown);
    element.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
    element.addEventListener('mouseleave', onLeave);
    return () => {
      element.removeEventListener('wheel', onWheel);
      element.removeEventListener('mousedown', onDown);
      element.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      element.removeEventListener('mouseleave', onLeave);
    };
  }, [viewport, hover, region]);

  return (
    <section className="pane" aria-label={`${title} pane`}>
      <header className="pane-title">{title}{status ? <span className={`pane-status tone-${statusTone}`}>{status}</span> : null}</header>
      <div className="pane-body" data-testid={testId} ref={box} tabIndex={0} aria-label={`${title} canvas: F fits, + and − zoom`}>
        {width > 0 && height > 0 && (
          <Stage ref={stage} width={width} height={height} listening={false}>
            {children}
            <Layer listening={false}>
              <Line ref={highlight} points={NO_POINTS} closed {...HIGHLIGHT} strokeScaleEnabled={false} visible={false} perfectDrawEnabled={false} />
              <Rect ref={outline} {...REGION_OUTLINE} strokeScaleEnabled={false} visible={false} listening={false} perfectDrawEnabled={false} />
            </Layer>
          </Stage>
        )}
        {data.width === 0 && <div className="pane-empty">no image</div>}
        <PixelMarker viewport={viewport} />
      </div>
    </section>
  );
}

interface QaPanesProps {
  readonly data: FrameData;
  readonly photo: ImageBitmap | null;
  readonly viewport: SharedViewport;
  readonly hover: HoverController;
  readonly region: RegionController;
  readonly official: 'color' | 'labelIds' | null;
  readonly onPaneSize: (width: number, height: number) => void;
}

export function QaPanes({ data, photo, viewport, hover, region, official, onPaneSize }: QaPanesProps) {
  const showFill = useViewer((s) => s.showFill);
  const overlayOpacity = useViewer((s) => s.overlayOpacity);
  const hiddenLabels = useViewer((s) => s.hiddenLabels);
  const labels = useDataset((s) => s.labels);
  const images = frameImages(data);
  const { generated, official: officialCanvas } = useMemo(() => visibleImages(data, images, labels, hiddenLabels), [data, images, labels, hiddenLabels]);
  const diffCanvas = images.diff;
  const outlines = useMemo(() => data.drawn.map((object, k) => ({ k, object, color: rgb(object.label.color) })), [data]);
  const photoImage = photo ?? undefined;

  return (
    <div className="panes">
      <Pane testId="pane-photo" title="Photo" viewport={viewport} hover={hover} region={region} data={data} onSize={onPaneSize}
        status={photo ? null : 'no photo found'}>
        <Layer listening={false}>
          {photoImage && <KonvaImage image={photoImage} listening={false} />}
          <KonvaImage image={generated} opacity={overlayOpacity} listening={false} visible={overlayOpacity > 0} />
        </Layer>
        <Layer listening={false}>
          {outlines.filter(({ object }) => !hiddenLabels.has(object.label.id)).map(({ k, object, color }) => (
            <Line key={k} points={[...object.polygon]} closed stroke={color} strokeWidth={OUTLINE_STROKE_WIDTH} strokeScaleEnabled={false}
              fill={showFill ? color : undefined} opacity={showFill ? FILLED_POLYGON_OPACITY : 1} perfectDrawEnabled={false} listening={false} />
          ))}
        </Layer>
      </Pane>
      <Pane testId="pane-generated" title="Generated" viewport={viewport} hover={hover} region={region} data={data}>
        <Layer listening={false} imageSmoothingEnabled={MASK_SMOOTHING}><KonvaImage image={generated} listening={false} /></Layer>
      </Pane>
      <Pane testId="pane-official" title={`Official${official ? ` (gtFine_${official})` : ''}`} viewport={viewport} hover={hover} region={region} data={data}
        status={officialCanvas ? (data.officialSizeMismatch ?? null) : 'not present'}>
        <Layer listening={false} imageSmoothingEnabled={MASK_SMOOTHING}>{officialCanvas && <KonvaImage image={officialCanvas} listening={false} />}</Layer>
      </Pane>
      <Pane testId="pane-diff" title="Diff" viewport={viewport} hover={hover} region={region} data={data}
        status={diffStatus(data.diff).text} statusTone={diffStatus(data.diff).tone}>
        <Layer listening={false}>
          <Rect x={0} y={0} width={data.width} height={data.height} fill={DIFF_BACKGROUND} listening={false} />
          {photoImage && <KonvaImage image={photoImage} opacity={DIFF_PHOTO_OPACITY} listening={false} />}
          {diffCanvas && <KonvaImage image={diffCanvas} listening={false} />}
        </Layer>
      </Pane>
    </div>
  );
}

/** The generated and official masks without the hidden labels (the canvases made once per frame when none is hidden). */
function visibleImages(data: FrameData, images: FrameImages, labels: LabelIndex | null, hidden: ReadonlySet<number>): { generated: HTMLCanvasElement; official: HTMLCanvasElement | null } {
  if (hidden.size === 0 || !labels) return images;
  const official = data.official && data.officialRgba
    ? canvasFromRgba(data.official.kind === 'labelIds' ? hideLabelPixels(data.officialRgba, data.official.pixels, hidden) : hideLabelColors(data.officialRgba, labels, hidden), data.official.width, data.official.height)
    : null;
  return { generated: canvasFromRgba(hideLabelPixels(data.generatedRgba, data.labelIds, hidden), data.width, data.height), official };
}

function rgb([r, g, b]: readonly [number, number, number]): string {
  return `rgb(${r},${g},${b})`;
}
