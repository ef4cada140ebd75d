// Bare Excalidraw 0.18.1: the reference the render benchmark compares Indaba's board page to.
// The scene comes from ?scene=<url> (an .excalidraw file); the editor API is exposed as
// window.__bench.api so that the benchmark probes both pages the same way.
import "./assetPath.js";
import "@excalidraw/excalidraw/index.css";

const scene = new URLSearchParams(location.search).get("scene");

Promise.all([import("react"), import("react-dom/client"), import("@excalidraw/excalidraw")]).then(
  ([React, ReactDOM, { Excalidraw }]) => {
    window.__bench = { api: null };
    const initialData = scene
      ? fetch(scene)
          .then((response) => response.json())
          .then((data) => ({ elements: data.elements, appState: { ...(data.appState || {}) }, files: data.files || {} }))
      : null;
    ReactDOM.createRoot(document.getElementById("root")).render(
      React.createElement(
        "div",
        { style: { height: "100%" } },
        React.createElement(Excalidraw, {
          initialData,
          excalidrawAPI: (api) => {
            window.__bench.api = api;
          },
        }),
      ),
    );
  },
);
