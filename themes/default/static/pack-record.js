/* Certificates of attendance: one page per name typed or pasted into the form. The names stay in
   this page (nothing is sent or stored); an empty list gives one blank certificate. */
(function () {
  "use strict";
  var form = document.getElementById("names-form");
  var template = document.getElementById("certificate-template");
  if (!form || !template) return;
  var main = template.parentNode;
  var blank = template.cloneNode(true);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var names = document.getElementById("names").value.split(/\r?\n/)
      .map(function (n) { return n.trim(); })
      .filter(function (n) { return n.length > 0; });
    while (main.firstChild) main.removeChild(main.firstChild);
    (names.length ? names : [""]).forEach(function (name, i) {
      var page = blank.cloneNode(true);
      page.id = "certificate-" + (i + 1);
      page.querySelector(".name-slot").textContent = name;
      if (name) page.querySelector(".name-slot").classList.add("filled");
      main.appendChild(page);
    });
  });
})();
