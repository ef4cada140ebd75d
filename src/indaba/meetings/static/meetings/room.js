// The room screen follows the session's current join code: every few seconds it asks the
// server which code is current and reloads when it changed (replaced, withdrawn or new),
// so the projector never shows a code that no longer works.
(function () {
  "use strict";
  var room = document.querySelector("[data-room-code-url]");
  if (!room) return;
  var url = room.getAttribute("data-room-code-url");
  var shown = room.getAttribute("data-room-code") || "";
  var every = 3000;
  function check() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && typeof data.code === "string" && data.code !== shown) window.location.reload();
      })
      .catch(function () { /* offline for a moment: ask again next time */ })
      .then(function () { window.setTimeout(check, every); });
  }
  window.setTimeout(check, every);
})();
