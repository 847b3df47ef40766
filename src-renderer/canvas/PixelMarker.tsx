import { useEffect, useRef } from 'react';
import { useDataset } from '../state/dataset';
import { useNav } from '../state/nav';
import { markerPosition } from './marker-position';
import type { SharedViewport } from './viewport';

/**
 * A ring on the pixel a jump from another view landed on (`useNav().marker`), over a pane. It follows
 * pan and zoom through the shared viewport without a React render, and goes when another frame is shown.
 */
export function PixelMarker({ viewport }: { viewport: SharedViewport }) {
  const marker = useNav((s) => s.marker);
  const frameId = useDataset((s) => s.selectedId);
  const ring = useRef<HTMLDivElement>(null);
  const wasShown = useRef(false);

  // Once the user moves on to another frame, the jump is over.
  useEffect(() => {
    if (!marker) return;
    if (marker.frameId === frameId) wasShown.current = true;
    else if (wasShown.current) {
      wasShown.current = false;
      useNav.getState().clearMarker();
    }
  }, [marker, frameId]);

  useEffect(() => {
    const place = () => {
      const element = ring.current;
      const position = markerPosition(marker, frameId, viewport);
      if (!element || !position) return;
      element.style.transform = `translate(${position.left - position.size / 2}px, ${position.top - position.size / 2}px)`;
      element.style.width = element.style.height = `${position.size}px`;
    };
    place();
    return viewport.subscribe(place);
  }, [marker, frameId, viewport]);

  if (!marker || marker.frameId !== frameId) return null;
  return <div className="pixel-marker" ref={ring} data-testid="pixel-marker" data-x={marker.x} data-y={marker.y} aria-hidden />;
}
