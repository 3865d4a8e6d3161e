// Live refresh without a build step: fetch this page again every few seconds and swap the
// #live block, unless the operator is busy with a form in it (focus or typed text).
(function () {
  "use strict";
  var seconds = Number(document.body.dataset.refresh || 0);
  if (!seconds) { return; }
  function busy(live) {
    if (live.contains(document.activeElement) && document.activeElement.form) { return true; }
    var inputs = live.querySelectorAll("form[method=post] input[type=text]");
    for (var i = 0; i < inputs.length; i++) { if (inputs[i].value) { return true; } }
    var open = live.querySelectorAll("details[open]");
    return open.length > 0;
  }
  setInterval(function () {
    var live = document.getElementById("live");
    if (!live || busy(live)) { return; }
    fetch(location.href, { headers: { "X-Tape-Fragment": "live" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && !busy(live)) { live.innerHTML = html; } })
      .catch(function () {});
  }, seconds * 1000);
})();
