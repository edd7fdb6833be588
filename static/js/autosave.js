// A suggestion draft saves itself every 15 seconds while it is being written (proposals:autosave).
// The messages come translated from the form's data-* attributes: no inline script (Content-Security-Policy).
(function () {
  "use strict";
  var form = document.getElementById("suggestion-form");
  var url = form && form.dataset.autosave;
  if (!url) { return; }
  var dirty = false, busy = false;
  form.addEventListener("input", function () { dirty = true; });
  var status = document.getElementById("autosave-status");
  setInterval(function () {
    if (!dirty || busy) { return; }
    busy = true; dirty = false;
    fetch(url, {method: "POST", body: new FormData(form)})
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (body.ok) {
          form.querySelector("[name=version]").value = body.version;
          status.textContent = form.dataset.savedAt + " " + new Date().toLocaleTimeString();
        } else {
          status.textContent = body.error || form.dataset.saveFailed;
        }
      })
      .catch(function () { dirty = true; })
      .then(function () { busy = false; });
  }, 15000);
})();
