// A job of the document worker (a large export, the annual report's render): polls the status URL of the
// element marked data-job-status and shows the progress, the step, the error and, once done, the download
// links (each names the key of its address in the status: data-job-download="download_url"), with no reload.
// A done job may still have a part under way ("pending": the annual report's Word copy): polling goes on, and
// each link shows once its address is in the status.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box) { return; }
  var bar = box.querySelector("[data-job-progress]");
  var step = box.querySelector("[data-job-step]");
  var error = box.querySelector("[data-job-error]");
  var links = box.querySelectorAll("[data-job-download]");

  function show(data) {
    bar.value = data.progress || 0;
    bar.textContent = (data.progress || 0) + "%";
    step.textContent = (data.state_label || "") + (data.step ? " · " + data.step : "");
    error.textContent = data.error || "";
    error.classList.toggle("d-none", !data.error);
    var done = data.state === "done";
    links.forEach(function (link) {
      var address = done && data[link.dataset.jobDownload];
      link.classList.toggle("d-none", !address);
      if (address) { link.href = address; }
    });
    box.dataset.state = data.state;
  }

  function poll() {
    fetch(box.dataset.jobStatus, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { show(data); }
        if (!data || data.state === "queued" || data.state === "running" || data.pending) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  if (box.dataset.state === "queued" || box.dataset.state === "running" || box.dataset.pending) { poll(); }
})();
