// What the explorer page exposes for its end-to-end tests (web/src/main.ts, `window.explorer`).
declare global {
  interface Window {
    explorer: {
      cy: import("cytoscape").Core;
      selected?: string;
      selectedEdge?: string;
      asOf: string;
      searchFirst: boolean;
      freeArea(): { left: number; top: number; right: number; bottom: number };
    };
  }
}

export {};
