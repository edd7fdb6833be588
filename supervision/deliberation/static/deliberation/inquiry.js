// The special inquiry's live screen: each form posts in the background, the new question, answer or
// commitment appears in place, and a refused entry shows its errors beside its fields without losing input.
(function () {
  "use strict";
  var questions = document.getElementById("questions");
  var commitments = document.getElementById("commitments");
  var questionForm = document.getElementById("question-form");
  var note = document.getElementById("follow-up-note");
  var liveError = document.getElementById("live-error");
  if (!questions) { return; }

  function clearErrors(form) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid"); el.classList.remove("is-invalid");
    });
  }

  function field(form, name) {
    var prefix = form.dataset.prefix;
    return form.querySelector('[name="' + (prefix ? prefix + "-" + name : name) + '"]');
  }

  function showErrors(form, errors) {
    var first = null;
    var prefix = form.dataset.prefix;
    Object.keys(errors).forEach(function (key) {
      var name = prefix && key !== "__all__" ? prefix + "-" + key : key;
      var box = form.querySelector('[data-error-for="' + name + '"]');
      var input = form.querySelector('[name="' + name + '"]');
      if (!box) { box = form.querySelector("[data-error-for]"); }
      if (box) {
        errors[key].forEach(function (message) {
          var line = document.createElement("div"); line.textContent = message; box.appendChild(line);
        });
      }
      if (input && input.type !== "hidden") {
        input.setAttribute("aria-invalid", "true"); input.classList.add("is-invalid");
        if (box && box.id) { input.setAttribute("aria-describedby", box.id); }
        if (!first) { first = input; }
      }
    });
    if (first) { first.focus(); }
  }

  function setParent(id, label) {
    var parent = field(questionForm, "parent");
    parent.value = id || "";
    note.classList.toggle("d-none", !id);
    document.getElementById("follow-up-of").textContent = label || "";
    if (id) { field(questionForm, "text").focus(); }
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".follow-up-button");
    if (button) { setParent(button.dataset.parent, button.dataset.label); }
    if (event.target.id === "follow-up-cancel") { setParent("", ""); }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest(".live-form");
    if (!form) { return; }
    event.preventDefault();
    clearErrors(form);
    liveError.classList.add("d-none");
    var button = form.querySelector('[type="submit"]');
    button.disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                         headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) { showErrors(form, result.data.errors || {}); return; }
        var kind = form.dataset.kind;
        if (kind === "question") {
          var empty = document.getElementById("no-questions");
          if (empty) { empty.remove(); }
          var item = fragment(result.data.html);
          var list = result.data.parent ? questions.querySelector('[data-follow-ups="' + result.data.parent + '"]') : questions;
          (list || questions).appendChild(item);
          // The asker, unit and official stay: the next question is often to the same official.
          field(form, "text").value = "";
          field(form, "answer").value = "";
          setParent("", "");
          field(form, "text").focus();
        } else if (kind === "answer") {
          var box = questions.querySelector('[data-answer-for="' + result.data.id + '"]');
          box.textContent = result.data.answer;
          form.remove();
        } else if (kind === "commitment") {
          var body = document.createElement("tbody");
          body.innerHTML = result.data.html.trim();
          commitments.appendChild(body.firstElementChild);
          field(form, "content").value = "";
          field(form, "content").focus();
        }
      })
      .catch(function () { liveError.classList.remove("d-none"); })
      .then(function () { button.disabled = false; });
  });
})();
