// Follows a publish job on /reports/publish/{id}: asks for its progress every two seconds and updates the status
// text in place. Without JavaScript the page reloads itself through a meta refresh instead.
(function () {
  "use strict";
  var box = document.getElementById("publish-status");
  if (!box || box.getAttribute("data-done") === "true") {
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var stateText = box.querySelector(".state");
  var result = box.querySelector(".result");

  function show(progress) {
    box.className = "publish-status publish-" + progress.state;
    stateText.textContent = progress.message;
    if (progress.edition) {
      result.textContent = "";
      var pdf = document.createElement("a");
      pdf.href = "/reports/" + progress.edition + ".pdf";
      pdf.textContent = "Open edition " + progress.edition + " (PDF)";
      var changes = document.createElement("a");
      changes.href = "/reports/" + progress.edition + "/changes";
      changes.textContent = "What changed since the edition before";
      result.appendChild(pdf);
      result.appendChild(document.createTextNode(" · "));
      result.appendChild(changes);
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) {
          return;
        }
        show(progress);
        if (!progress.done) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
