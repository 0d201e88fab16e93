// sitegen serve: live reload and the build-error overlay. The preview server injects this into
// the HTML it serves; it is never part of a built site. It listens to server-sent events:
//   reload   this page's bytes changed: reload it (where the reader was)
//   css      only stylesheets changed: swap them in place (scroll and audio go on undisturbed)
//   overlay  the build's errors changed: show them over the page, or remove the overlay
// Only a visible tab keeps a stream open: browsers allow six connections per server, and a
// seventh tab must still load. A tab shown again reconnects with the version it shows, and the
// server tells it to reload if its page changed meanwhile.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var OVERLAY = "sitegen-overlay";
  var SCROLL = "sitegen-scroll";
  var url = script.dataset.events + "?page=" + encodeURIComponent(script.dataset.page) +
    "&version=" + encodeURIComponent(script.dataset.version);
  var source = null;
  var dismissed = null; // digest of the overlay the reader closed; shown again only when it changes

  // Browsers restore the scroll position on reload, but not always once the page's own script
  // has moved to a #t= moment; put the reader back where they were.
  try {
    var saved = JSON.parse(sessionStorage.getItem(SCROLL) || "null");
    sessionStorage.removeItem(SCROLL);
    if (saved && saved.page === location.href) {
      window.addEventListener("load", function () { window.scrollTo(saved.x, saved.y); });
    }
  } catch (e) { /* storage disabled: the browser's own restoring will do */ }

  function reload() {
    disconnect();
    try {
      sessionStorage.setItem(SCROLL, JSON.stringify({ page: location.href, x: scrollX, y: scrollY }));
    } catch (e) { /* storage disabled */ }
    location.reload();
  }

  function swapStylesheets(event) {
    var changed = JSON.parse(event.data); // site-relative paths, e.g. ["static/style.css"]
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      var href = new URL(link.href, location.href);
      var hit = changed.some(function (path) { return href.pathname.endsWith("/" + path); });
      if (!hit) return;
      href.searchParams.set("sitegen", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = href.href;
      // Remove the old sheet only once the new one applies: no flash of an unstyled page.
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  function showOverlay(event) {
    var message = JSON.parse(event.data);
    var current = document.getElementById(OVERLAY);
    if (current && current.dataset.digest === message.digest) return;
    if (current) current.remove();
    if (!message.html || message.digest === dismissed) return;
    var template = document.createElement("template");
    template.innerHTML = message.html; // built and escaped by the server
    document.body.appendChild(template.content);
  }

  function connect() {
    if (source || document.hidden) return;
    source = new EventSource(url);
    source.addEventListener("reload", reload);
    source.addEventListener("css", swapStylesheets);
    source.addEventListener("overlay", showOverlay);
    window.sitegenReload = source; // lets a test (or a curious developer) see the connection
  }

  function disconnect() {
    if (source) source.close();
    source = null;
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", connect); // back from the back/forward cache
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-sitegen-dismiss]");
    var overlay = document.getElementById(OVERLAY);
    if (!button || !overlay) return;
    dismissed = overlay.dataset.digest;
    overlay.remove();
  });
  connect();
})();
