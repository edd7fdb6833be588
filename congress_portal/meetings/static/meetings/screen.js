// The meeting room's big screen reloads itself every few seconds (data-refresh-seconds on this script's tag),
// so the result appears as soon as the poll is closed. A static file: the Content-Security-Policy refuses inline
// scripts, and axe (WCAG 2.2.1) refuses a <meta http-equiv="refresh">.
(function () {
  "use strict";
  var script = document.currentScript;
  var seconds = parseInt((script && script.dataset.refreshSeconds) || "5", 10);
  window.setTimeout(function () { window.location.reload(); }, Math.max(seconds, 2) * 1000);
})();
