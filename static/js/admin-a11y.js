// The admin's two-box selector (SelectFilter2.js) names its filter icons with aria-label on a bare <span>,
// which assistive technology ignores (axe: aria-prohibited-attr); give them the image role their label needs,
// as soon as the selector draws them (it does so on the window's load event).
(function () {
  "use strict";
  function fix() {
    document.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector("select.selectfilter, select.selectfilterstacked")) { return; }
    new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
  });
})();
