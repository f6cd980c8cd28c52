/* Slide deck of a training module: arrow keys, Page Up / Page Down (clickers), space, Home and
   End move between slides; P opens the presenter view, this page again with #presenter, in a
   second window. The two windows keep in step by postMessage (which works from file://) and by a
   BroadcastChannel (which also reaches a presenter view opened by hand in another tab of a served
   site). Nothing here loads anything. */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  if (!slides.length) return;
  var presenter = location.hash === "#presenter";
  var body = document.body;
  body.classList.add("js", presenter ? "presenter" : "audience");
  var current = -1;
  var other = null;
  var started = Date.now();
  var slideStarted = Date.now();
  var channel = null;
  try {
    channel = new BroadcastChannel("safeguide-present:" + location.pathname);
  } catch (e) {
    channel = null;
  }
  var $ = function (sel) { return document.querySelector(sel); };

  function mmss(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  // The smallest text a slide may shrink to, as a share of its normal size: 24 px at
  // 1280x720 (see --fs-min in the stylesheet).
  function minScale() {
    var normal = Math.min(innerHeight * 0.044, innerWidth * 0.025);
    var least = Math.min(innerHeight * 0.0334, innerWidth * 0.01875);
    return normal > 0 ? least / normal : 1;
  }

  // Scales the slide's text down, a step at a time, until it fits the screen or reaches the
  // readable minimum. The build has already cut long sections into several slides.
  function fit(slide) {
    if (presenter) return;
    slide.style.removeProperty("--k");
    var least = minScale();
    var k = 1;
    while (slide.scrollHeight > slide.clientHeight + 1 && k > least) {
      k = Math.max(least, k - 0.03);
      slide.style.setProperty("--k", String(k));
    }
  }

  function show(n, fromPeer) {
    n = Math.max(0, Math.min(slides.length - 1, n));
    if (n !== current) slideStarted = Date.now();
    current = n;
    slides.forEach(function (s, i) { s.hidden = i !== n; });
    fit(slides[n]);
    var bar = $(".deck-progress span");
    if (bar) bar.style.width = ((n + 1) / slides.length) * 100 + "%";
    $(".deck-position").textContent = "Slide " + (n + 1) + " of " + slides.length;
    var planned = slides[n].getAttribute("data-minutes");
    $(".slide-planned").textContent = planned ? " of " + planned + " min" : "";
    var next = slides[n + 1];
    $(".next-title").textContent = next ? "Next: " + next.getAttribute("data-title") : "Last slide";
    if (!presenter && location.hash !== "#" + slides[n].id) {
      history.replaceState(null, "", "#" + slides[n].id);
    }
    tick();
    if (!fromPeer) send();
  }

  function send() {
    var msg = { safeguidePresent: true, slide: current };
    if (other && !other.closed) other.postMessage(msg, "*");
    if (window.opener && !window.opener.closed) window.opener.postMessage(msg, "*");
    if (channel) channel.postMessage(msg);
  }

  function receive(data) {
    if (data && data.safeguidePresent === true && typeof data.slide === "number") {
      show(data.slide, true);
    }
  }

  window.addEventListener("message", function (e) {
    // Only the window this one opened, or the one that opened it.
    if (e.source !== other && e.source !== window.opener) return;
    receive(e.data);
  });
  if (channel) channel.onmessage = function (e) { receive(e.data); };

  function openPresenter() {
    var url = location.href.split("#")[0] + "#presenter";
    other = window.open(url, "safeguide-presenter", "width=1200,height=800");
    // It asks for the current slide once it has loaded (see below).
  }

  function tick() {
    var now = new Date();
    // In the site's language, so 24-hour time on an en-GB site.
    var lang = document.documentElement.lang || undefined;
    var clock;
    try {
      clock = now.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
    } catch (e) {
      clock = now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    }
    $(".clock").textContent = clock;
    $(".elapsed").textContent = mmss(Date.now() - started);
    var el = $(".slide-elapsed");
    el.textContent = mmss(Date.now() - slideStarted);
    var planned = Number(slides[current] && slides[current].getAttribute("data-minutes"));
    el.classList.toggle("over", planned > 0 && Date.now() - slideStarted > planned * 60000);
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) return;
    var k = e.key;
    if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || k === " ") show(current + 1);
    else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp" || k === "Backspace") show(current - 1);
    else if (k === "Home") show(0);
    else if (k === "End") show(slides.length - 1);
    else if ((k === "p" || k === "P") && !presenter) openPresenter();
    else return;
    e.preventDefault();
  });

  document.querySelector(".deck-controls").addEventListener("click", function (e) {
    var go = e.target && e.target.getAttribute && e.target.getAttribute("data-go");
    if (go === "next") show(current + 1);
    else if (go === "prev") show(current - 1);
    else if (go === "presenter") openPresenter();
  });
  if (presenter) $("[data-go=presenter]").hidden = true;

  // A click on the slide moves on (a link on it still opens); the controls show while the
  // mouse moves, and hide again after a while.
  document.querySelector("#deck").addEventListener("click", function (e) {
    if (presenter || (e.target.closest && e.target.closest("a, button, input, textarea, label"))) return;
    show(current + 1);
  });
  var hideTimer = null;
  document.addEventListener("mousemove", function () {
    if (presenter) return;
    body.classList.add("controls-shown");
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { body.classList.remove("controls-shown"); }, 2500);
  });
  window.addEventListener("resize", function () { if (current >= 0) fit(slides[current]); });

  var start = 0;
  var m = /^#slide-(\d+)$/.exec(location.hash);
  if (m) start = Number(m[1]);
  show(start, true);
  // A presenter view asks the audience window where it is; the audience window answers by
  // sending its slide, which it does on every show.
  if (presenter) {
    if (window.opener) window.opener.postMessage({ safeguidePresentHello: true }, "*");
    if (channel) channel.postMessage({ safeguidePresentHello: true });
  }
  window.addEventListener("message", function (e) {
    if (e.data && e.data.safeguidePresentHello && !presenter) {
      if (!other || other.closed) other = e.source;
      send();
    }
  });
  if (channel) {
    channel.addEventListener("message", function (e) {
      if (e.data && e.data.safeguidePresentHello && !presenter) send();
    });
  }
  setInterval(tick, 1000);
})();
