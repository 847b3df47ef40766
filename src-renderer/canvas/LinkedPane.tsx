import type Konva from 'konva';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Stage } from 'react-konva';
import { followViewport, pointerIn, zoomOnWheel, type SharedViewport } from './viewport';

/** A pointer that moved less than this between press and release clicked rather than dragged. */
const CLICK_SLOP_PX = 4;

export interface LinkedPaneProps {
  readonly testId: string;
  readonly title: ReactNode;
  readonly status?: ReactNode;
  readonly viewport: SharedViewport;
  /** Called with the image pixel under the pointer as it moves, and null when it leaves. */
  readonly onHover?: (pixel: { x: number; y: number } | null) => void;
  /** Called with the image pixel clicked (a press and release without a drag). */
  readonly onPick?: (pixel: { x: number; y: number }) => void;
  readonly onSize?: (width: number, height: number) => void;
  /** Konva layers, drawn in image coordinates. */
  readonly children: ReactNode;
}

/**
 * One Konva stage that follows a shared viewport: wheel zooms at the pointer and dragging pans every
 * pane linked to the same viewport, applied to the stages directly without a React render.
 */
export function LinkedPane({ testId, title, status, viewport, onHover, onPick, onSize, children }: LinkedPaneProps) {
  const box = useRef<HTMLDivElement>(null);
  const stage = useRef<Konva.Stage>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const callbacks = useRef({ onHover, onPick });
  callbacks.current = { onHover, onPick };

  useEffect(() => {
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry.contentRect.width);
      const height = Math.floor(entry.contentRect.height);
      setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    });
    observer.observe(box.current!);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (size.width > 0 && size.height > 0) onSize?.(size.width, size.height);
  }, [size, onSize]);

  useEffect(() => followViewport(viewport, () => stage.current), [viewport, size]);

  useEffect(() => {
    const element = box.current!;
    let pressed: { x: number; y: number; last: { x: number; y: number } } | null = null;
    const local = (event: MouseEvent) => pointerIn(element, event);
    const onWheel = zoomOnWheel(element, viewport);
    const onDown = (event: MouseEvent) => {
      if (event.button !== 0) return;
      const p = local(event);
      pressed = { ...p, last: p };
    };
    const onMove = (event: MouseEvent) => {
      const p = local(event);
      if (pressed) {
        viewport.panBy(p.x - pressed.last.x, p.y - pressed.last.y);
        pressed.last = p;
      }
      callbacks.current.onHover?.(viewport.toImage(p.x, p.y));
    };
    const onUp = (event: MouseEvent) => {
      if (!pressed) return;
      const p = local(event);
      const isClick = Math.hypot(p.x - pressed.x, p.y - pressed.y) < CLICK_SLOP_PX;
      pressed = null;
      if (isClick) callbacks.current.onPick?.(viewport.toImage(p.x, p.y));
    };
    const onLeave = () => {
      pressed = null;
      callbacks.current.onHover?.(null);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    element.addEventListener('mousedown', onDown);
    element.addEventListener('mousemove', onMove);
    element.addEventListener('mouseup', onUp);
    element.addEventListener('mouseleave', onLeave);
    return () => {
      element.removeEventListener('wheel', onWheel);
      element.removeEventListener('mousedown', onDown);
      element.removeEventListener('mousemove', onMove);
      element.removeEventListener('mouseup', onUp);
      element.removeEventListener('mouseleave', onLeave);
    };
  }, [viewport]);

  return (
    <section className="pane linked-pane">
      <header className="pane-title"><span className="pane-name">{title}</span>{status ? <span className="pane-note">{status}</span> : null}</header>
      <div className="pane-body" data-testid={testId} ref={box}>
        {size.width > 0 && size.height > 0 && <Stage ref={stage} width={size.width} height={size.height} listening={false}>{children}</Stage>}
      </div>
    </section>
  );
}
