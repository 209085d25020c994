/* "Leave this site quickly": one click on the link, or Escape pressed three times within two seconds,
   replaces this page with a neutral site. location.replace() keeps this page out of the back history as
   far as browsers allow. Without JavaScript the link still works as an ordinary link. */
(function () {
  "use strict";

  var WINDOW_MS = 2000;
  var escapes = [];

  function quickExitLink() {
    return document.querySelector("[data-vp-quick-exit]");
  }

  function leave(url) {
    document.body.style.visibility = "hidden";
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-vp-quick-exit]") : null;
    if (!link) return;
    event.preventDefault();
    leave(link.href);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var link = quickExitLink();
    if (!link) return;
    var now = Date.now();
    escapes = escapes.filter(function (time) { return now - time < WINDOW_MS; });
    escapes.push(now);
    if (escapes.length >= 3) leave(link.href);
  });
})();
