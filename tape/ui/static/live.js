// Live refresh without a build step: fetch this page again every few seconds and swap the
// #live block, unless the operator is busy in it: a focused form, a typed note, or a payload
// they opened.
(function () {
  "use strict";
  var seconds = Number(document.body.dataset.refresh || 0);
  if (!seconds) { return; }
  function busy(live) {
    if (live.contains(document.activeElement) && document.activeElement.form) { return true; }
    var inputs = live.querySelectorAll("form[method=post] input[type=text]");
    for (var i = 0; i < inputs.length; i++) { if (inputs[i].value) { return true; } }
    var open = live.querySelectorAll("details[open]:not([data-keep-open])");
    return open.length > 0;
  }
  setInterval(function () {
    var live = document.getElementById("live");
    if (!live || busy(live)) { return; }
    fetch(location.href, { headers: { "X-Tape-Fragment": "live" }, credentials: "same-origin" })
      .then(function (r) {
        var version = r.headers.get("X-Tape-Version");
        if (!r.ok || !version || version === live.dataset.version) { return null; }
        return r.text().then(function (html) { return { html: html, version: version }; });
      })
      .then(function (fresh) {
        if (fresh === null || busy(live)) { return; }
        live.innerHTML = fresh.html;  // only when something changed
        live.dataset.version = fresh.version;
      })
      .catch(function () {});
  }, seconds * 1000);
})();
