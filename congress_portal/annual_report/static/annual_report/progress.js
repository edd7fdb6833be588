// The annual report's render: polls the status endpoint and updates the progress bar without a reload.
(function () {
  "use strict";
  var select = document.getElementById("year-select");
  if (select) {
    select.addEventListener("change", function () {
      window.location.href = select.dataset.urlTemplate.replace("/2000/", "/" + select.value + "/");
    });
  }
  var box = document.getElementById("render-status");
  if (!box) { return; }
  var bar = document.getElementById("render-progress");
  var step = document.getElementById("render-step");
  var error = document.getElementById("render-error");
  var pdf = document.getElementById("download-pdf");
  var docx = document.getElementById("download-docx");

  function show(data) {
    bar.value = data.progress || 0;
    bar.textContent = (data.progress || 0) + "%";
    step.textContent = (data.state_label || "") + (data.step ? " · " + data.step : "");
    error.textContent = data.error || "";
    error.classList.toggle("d-none", data.state !== "failed");
    var done = data.state === "done";
    pdf.classList.toggle("d-none", !done);
    docx.classList.toggle("d-none", !done);
    if (done) { pdf.href = data.pdf_url; docx.href = data.docx_url; }
    box.dataset.state = data.state;
  }

  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { show(data); }
        if (!data || data.state === "queued" || data.state === "running") { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  if (box.dataset.state === "queued" || box.dataset.state === "running") { poll(); }
})();
