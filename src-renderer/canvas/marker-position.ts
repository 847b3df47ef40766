import type { FrameFocus } from '../state/nav';

/** Where a marked image pixel's centre lies in a pane, given the viewport's scale and offset; null when the marker is for another frame. */
export function markerPosition(
  marker: FrameFocus | null, frameId: string | null, view: { readonly scale: number; readonly x: number; readonly y: number },
): { left: number; top: number; size: number } | null {
  if (!marker || marker.frameId !== frameId) return null;
  // At least a ring a finger-width wide; at high zoom, one pixel plus a margin.
  const size = Math.max(18, view.scale + 8);
  return { left: view.x + (marker.x + 0.5) * view.scale, top: view.y + (marker.y + 0.5) * view.scale, size };
}
