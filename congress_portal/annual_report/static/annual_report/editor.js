// The admin's rich-text editor of the annual report's chapters: Quill (static/vendor/quill) on each
// textarea.rich-text. The textarea stays the form's field: it holds the editor's HTML, which the server
// sanitises (nh3) before saving a version. No inline script or style (CSP).
(function () {
  "use strict";
  function start() {
  if (typeof Quill === "undefined") { return; }
  document.querySelectorAll("textarea.rich-text").forEach(function (textarea) {
    // Toolbar and editor in one block of their own (the admin lays a field's children out in a row).
    var wrap = document.createElement("div");
    wrap.className = "rich-text-wrap";
    var holder = document.createElement("div");
    holder.className = "rich-text-editor";
    wrap.appendChild(holder);
    textarea.parentNode.insertBefore(wrap, textarea);
    textarea.classList.add("rich-text-source");
    var quill = new Quill(holder, {
      theme: "snow",
      modules: {toolbar: [[{header: [3, 4, false]}], ["bold", "italic", "underline"],
                          [{list: "ordered"}, {list: "bullet"}], ["blockquote"], ["clean"]]},
    });
    if (textarea.value) { quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent"); }
    // Chinese names for the toolbar's buttons and the heading picker (from the widget's data-label-*).
    var toolbar = wrap.querySelector(".ql-toolbar");
    if (toolbar && toolbar.classList.contains("ql-toolbar")) {
      toolbar.querySelectorAll("button").forEach(function (button) {
        var format = (button.className.match(/ql-(\w+)/) || [])[1];
        var key = format === "list" ? button.value : format;
        var name = key && textarea.getAttribute("data-label-" + key);
        if (name) { button.setAttribute("aria-label", name); button.setAttribute("title", name); }
      });
      toolbar.querySelectorAll(".ql-picker-label").forEach(function (picker) {
        picker.setAttribute("aria-label", textarea.getAttribute("data-label-header") || "");
      });
      // data-label: what Quill's stylesheet shows in the picker (its own default is the English "Normal").
      toolbar.querySelectorAll(".ql-picker-item").forEach(function (item) {
        var value = item.getAttribute("data-value");
        var name = textarea.getAttribute("data-label-" + (value ? "h" + value : "normal")) || "";
        item.setAttribute("aria-label", name);
        item.setAttribute("data-label", name);
      });
      var current = toolbar.querySelector(".ql-picker-label");
      if (current && !current.getAttribute("data-label")) {
        current.setAttribute("data-label", textarea.getAttribute("data-label-normal") || "");
      }
    }
    var editable = holder.querySelector(".ql-editor");
    if (editable) {
      editable.setAttribute("role", "textbox");
      editable.setAttribute("aria-multiline", "true");
      var label = document.querySelector("label[for='" + textarea.id + "']");
      if (label) { editable.setAttribute("aria-label", label.textContent.replace(/[:：]\s*$/, "")); }
      if (textarea.getAttribute("aria-describedby")) {
        editable.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
      }
    }
    function sync() {
      textarea.value = quill.getLength() > 1 ? quill.getSemanticHTML().replace(/&nbsp;/g, " ") : "";
    }
    quill.on("text-change", sync);
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }
  });
  }
  // The admin loads form media in the head: wait for the form.
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
