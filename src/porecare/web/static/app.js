// porecare: small progressive enhancements. Every form works without this file.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Show each slider's value next to it (the <output for=...> element).
  function wireRanges() {
    document.querySelectorAll('input[type="range"]').forEach(function (input) {
      var out = document.querySelector('output[for="' + input.id + '"]');
      if (!out) return;
      var update = function () { out.value = input.value; };
      input.addEventListener("input", update);
      update();
    });
  }

  // Today: save a check-off as soon as it is ticked (JSON POST with the CSRF header).
  function wireChecklists() {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      var status = form.querySelector(".save-status");
      form.addEventListener("change", function (event) {
        var box = event.target;
        if (!box || box.type !== "checkbox") return;
        var body = {
          date: form.elements["date"].value,
          routine: form.elements["routine"].value,
          step: box.value,
          done: box.checked
        };
        if (status) status.textContent = "Saving…";
        fetch(form.getAttribute("data-autosave"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
          body: JSON.stringify(body)
        }).then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) throw new Error(data.error || ("HTTP " + response.status));
            return data;
          });
        }).then(function () {
          if (status) status.textContent = box.checked ? "Saved: done." : "Saved: not done.";
        }).catch(function (err) {
          box.checked = !box.checked;
          if (status) status.textContent = "Not saved: " + err.message;
        });
      });
    });
  }

  // Ask before destructive actions (forms with data-confirm).
  function wireConfirms() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  // A second click while the first submit is on its way would post the form twice
  // (two shelf products, two uploads); back/forward navigation re-arms the form.
  function wireSubmitOnce() {
    document.querySelectorAll("form[method='post']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (event.defaultPrevented) return;
        if (form.getAttribute("data-submitting")) {
          event.preventDefault();
          return;
        }
        form.setAttribute("data-submitting", "1");
      });
    });
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-submitting]").forEach(function (form) {
        form.removeAttribute("data-submitting");
      });
    });
  }

  // Photos: refuse an oversize or non-image file before uploading it.
  function wireUploads() {
    document.querySelectorAll('input[type="file"][data-max-bytes]').forEach(function (input) {
      var max = parseInt(input.getAttribute("data-max-bytes"), 10);
      input.addEventListener("change", function () {
        var file = input.files && input.files[0];
        var message = "";
        if (file && file.size > max) {
          message = "This file is " + Math.round(file.size / 1048576) + " MB; at most " +
            Math.round(max / 1048576) + " MB.";
        }
        input.setCustomValidity(message);
        if (message) input.reportValidity();
      });
      // The form is novalidate (the server's messages sit next to each field), so stop an
      // oversize file here rather than upload 25 MB only to be refused.
      if (input.form) {
        input.form.addEventListener("submit", function (event) {
          if (input.validity.customError) {
            event.preventDefault();
            input.reportValidity();
          }
        });
      }
    });
  }

  // Photo page: clicks on the photo fill the two ends of a known length (the scale form).
  // Coordinates are the stored photo's pixels: columns (x) and rows (y).
  function wireRuler() {
    var figure = document.querySelector("[data-ruler-target]");
    var form = document.querySelector('form[action$="/scale"]');
    if (!figure || !form) return;
    var picture = figure.querySelector("svg, img");
    var status = form.querySelector("[data-ruler-status]");
    var next = 1;
    picture.style.cursor = "crosshair";
    picture.addEventListener("click", function (event) {
      var box = picture.getBoundingClientRect();
      var width = picture.viewBox && picture.viewBox.baseVal && picture.viewBox.baseVal.width
        ? picture.viewBox.baseVal.width : picture.naturalWidth;
      var height = picture.viewBox && picture.viewBox.baseVal && picture.viewBox.baseVal.height
        ? picture.viewBox.baseVal.height : picture.naturalHeight;
      if (!box.width || !box.height || !width || !height) return;
      var x = (event.clientX - box.left) * width / box.width;
      var y = (event.clientY - box.top) * height / box.height;
      form.elements["x" + next].value = x.toFixed(1);
      form.elements["y" + next].value = y.toFixed(1);
      if (status) {
        status.textContent = next === 1
          ? "First end marked. Now click the other end."
          : "Both ends marked. Enter the length between them and measure again.";
      }
      next = next === 1 ? 2 : 1;
      var details = form.closest("details");
      if (details) details.open = true;
    });
  }

  // Focus the error summary after a failed submit so screen readers announce it.
  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireRanges();
    wireChecklists();
    wireConfirms();
    wireUploads();  // before wireSubmitOnce: a refused submit must not count as sent
    wireSubmitOnce();
    wireRuler();
    focusErrors();
  });
})();
