/**
 * Scene point at the centre of the visible canvas. Excalidraw's viewport →
 * scene transform: scene = viewport / zoom - scroll.
 */
export function viewportCenter(appState: {
  width: number;
  height: number;
  scrollX: number;
  scrollY: number;
  zoom: { value: number };
}): { x: number; y: number } {
  return {
    x: appState.width / 2 / appState.zoom.value - appState.scrollX,
    y: appState.height / 2 / appState.zoom.value - appState.scrollY,
  };
}
