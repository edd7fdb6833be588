// The admin's rich-text editor of the annual report's chapters: Quill (static/vendor/quill) on each
// textarea.rich-text. The textarea stays the form's field: it holds the editor's HTML, which the server
// sanitises (nh3) before saving a version. No inline script or style (CSP).
(function () {
  "use strict";
  if (typeof Quill === "undefined") { return; }
  document.querySelectorAll("textarea.rich-text").forEach(function (textarea) {
    var holder = document.createElement("div");
    holder.className = "rich-text-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.classList.add("rich-text-source");
    var quill = new Quill(holder, {
      theme: "snow",
      modules: {toolbar: [[{header: [3, 4, false]}], ["bold", "italic", "underline"],
                          [{list: "ordered"}, {list: "bullet"}], ["blockquote"], ["clean"]]},
    });
    if (textarea.value) { quill.clipboard.dangerouslyPasteHTML(textarea.value, "silent"); }
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
})();
