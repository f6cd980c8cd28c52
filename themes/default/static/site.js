// safeguide default theme behaviour (quick exit; more in the full theme).
(function () {
  "use strict";
  var exit = document.querySelector("[data-quick-exit]");
  if (exit) {
    var leave = function (e) {
      if (e) { e.preventDefault(); }
      document.body.style.display = "none";
      window.location.replace(exit.getAttribute("href"));
    };
    exit.addEventListener("click", leave);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { leave(e); } });
  }
})();
