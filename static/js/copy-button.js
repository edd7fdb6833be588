// A button with data-copy-target="#id" copies that element's text and says so (no inline script, for CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-target]");
  if (!button) return;
  var source = document.querySelector(button.getAttribute("data-copy-target"));
  if (!source) return;
  var text = source.textContent.trim();
  var done = function () {
    var label = button.querySelector(".copy-label") || button;
    var before = label.textContent;
    label.textContent = button.getAttribute("data-copied");
    setTimeout(function () { label.textContent = before; }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
  } else {
    selectText(source);
    try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected for a manual copy */ }
  }
  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
});
