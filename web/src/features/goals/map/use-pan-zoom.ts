import {
  type PointerEvent as ReactPointerEvent,
  type RefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { type Box, FIT_PAD, fitScale, fittedView, type View } from './fit-view.ts';

export type { Box, View };

/** The furthest out the buttons and wheel go, unless the whole map needs less to fit. */
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 2;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD = 4;

/** Distance between two touching fingers (a pinch), or null with fewer. */
function distanceOf(pointers: Map<number, { x: number; y: number }>): number | null {
  const [a, b] = [...pointers.values()];
  return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : null;
}

/**
 * Pan (drag, one or two fingers) and zoom (wheel, pinch, buttons) of the goal map's stage, as one
 * translate + scale. Inputs and the in-place form are left alone, so typing never pans the map.
 * `content` is the drawn map's box: "fit" frames it, and zooming out may go as far as that takes.
 */
export function usePanZoom(viewport: RefObject<HTMLDivElement | null>, content: Box) {
  const [view, setView] = useState<View>({ x: FIT_PAD, y: FIT_PAD, k: 1 });
  const viewRef = useRef(view);
  viewRef.current = view;
  const contentRef = useRef(content);
  contentRef.current = content;

  /** The zoom range now: down to whatever fits the whole map, if that is below MIN_ZOOM. */
  const clampZoom = useCallback(
    (k: number) => {
      const element = viewport.current;
      const fit = element
        ? fitScale(contentRef.current, { width: element.clientWidth, height: element.clientHeight })
        : MIN_ZOOM;
      return Math.min(MAX_ZOOM, Math.max(Math.min(MIN_ZOOM, fit), k));
    },
    [viewport],
  );
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{
    startX: number;
    startY: number;
    view: View;
    moved: boolean;
    pinch: number | null;
  } | null>(null);

  const zoomAt = useCallback(
    (px: number, py: number, factor: number) => {
      setView((current) => {
        const k = clampZoom(current.k * factor);
        const ratio = k / current.k;
        return { k, x: px - (px - current.x) * ratio, y: py - (py - current.y) * ratio };
      });
    },
    [clampZoom],
  );

  /** Zoom around the middle of the viewport (buttons, keys). */
  const zoomBy = useCallback(
    (factor: number) => {
      const element = viewport.current;
      if (!element) return;
      zoomAt(element.clientWidth / 2, element.clientHeight / 2, factor);
    },
    [viewport, zoomAt],
  );

  /**
   * Shows the whole map, however far out that takes, never zoomed in past 100%. With `minZoom` it
   * stops there instead (the first view stays readable) and shows the map's top left.
   */
  const fitToView = useCallback(
    (minZoom = 0) => {
      const element = viewport.current;
      if (!element) return;
      const room = { width: element.clientWidth, height: element.clientHeight };
      const k = Math.max(minZoom, fitScale(contentRef.current, room));
      setView(fittedView(contentRef.current, room, Math.min(k, 1)));
    },
    [viewport],
  );

  /** Moves the map the least needed to bring a box (a focused node) into view. */
  const reveal = useCallback(
    (box: Box) => {
      const element = viewport.current;
      if (!element) return;
      setView((current) => {
        const margin = 40;
        const left = box.x * current.k + current.x;
        const top = box.y * current.k + current.y;
        const right = left + box.width * current.k;
        const bottom = top + box.height * current.k;
        let { x, y } = current;
        if (left < margin) x += margin - left;
        else if (right > element.clientWidth - margin) x -= right - (element.clientWidth - margin);
        if (top < margin) y += margin - top;
        else if (bottom > element.clientHeight - margin) y -= bottom - (element.clientHeight - margin);
        return x === current.x && y === current.y ? current : { ...current, x, y };
      });
    },
    [viewport],
  );

  // The wheel zooms: the listener must not be passive to keep the page from scrolling instead.
  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      if (event.ctrlKey || Math.abs(event.deltaY) >= Math.abs(event.deltaX)) {
        zoomAt(event.clientX - rect.left, event.clientY - rect.top, Math.exp(-event.deltaY * 0.0015));
      } else {
        setView((current) => ({ ...current, x: current.x - event.deltaX }));
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [viewport, zoomAt]);

  const onPointerDown = useCallback((event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    if ((event.target as HTMLElement).closest('input, textarea, [data-map-form], [role="listbox"]')) return;
    pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
    gesture.current = {
      startX: event.clientX,
      startY: event.clientY,
      view: viewRef.current,
      moved: false,
      pinch: pointers.current.size === 2 ? distanceOf(pointers.current) : null,
    };
  }, []);

  const onPointerMove = useCallback(
    (event: ReactPointerEvent<HTMLDivElement>) => {
      const state = gesture.current;
      if (!state || !pointers.current.has(event.pointerId)) return;
      pointers.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
      const element = viewport.current;
      if (state.pinch !== null && pointers.current.size === 2 && element) {
        const now = distanceOf(pointers.current);
        if (now) {
          const rect = element.getBoundingClientRect();
          const [a, b] = [...pointers.current.values()];
          zoomAt((a!.x + b!.x) / 2 - rect.left, (a!.y + b!.y) / 2 - rect.top, now / state.pinch);
          state.pinch = now;
          state.moved = true;
        }
        return;
      }
      const dx = event.clientX - state.startX;
      const dy = event.clientY - state.startY;
      if (!state.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      if (!state.moved) {
        state.moved = true;
        event.currentTarget.setPointerCapture(event.pointerId);
      }
      setView({ ...state.view, x: state.view.x + dx, y: state.view.y + dy });
    },
    [viewport, zoomAt],
  );

  const onPointerUp = useCallback((event: ReactPointerEvent<HTMLDivElement>) => {
    pointers.current.delete(event.pointerId);
    if (pointers.current.size === 0) gesture.current = null;
  }, []);

  return {
    view,
    zoomBy,
    fitToView,
    reveal,
    handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp },
  };
}
