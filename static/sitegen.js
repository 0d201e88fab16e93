// sitegen: progressive enhancements for episode pages. Everything works without this file
// (anchors and styling are plain HTML/CSS); it adds time deep links (#t=989, #t=1:02:03, ?t=)
// that land on the paragraph at or before that second, and a "copy link" button per paragraph.
(function () {
  "use strict";

  function parseSeconds(value) {
    // Accepts 989, 16:29, 1:02:03, 1h2m3s, 2m, 45s; a range "start,end" uses its start.
    value = decodeURIComponent(String(value)).split(",")[0].trim();
    if (/^\d+(\.\d+)?$/.test(value)) return Math.floor(parseFloat(value));
    var hms = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(value);
    if (hms && value !== "") {
      return (+(hms[1] || 0)) * 3600 + (+(hms[2] || 0)) * 60 + Math.floor(+(hms[3] || 0));
    }
    var parts = value.split(":");
    if (parts.length < 2 || parts.length > 3 || parts.some(function (p) { return !/^\d+(\.\d+)?$/.test(p); })) {
      return null;
    }
    return parts.reduce(function (acc, p) { return acc * 60 + Math.floor(parseFloat(p)); }, 0);
  }

  function paragraphAt(seconds) {
    // The paragraph playing at that second: the latest start at or before it; where several
    // paragraphs share that start, the first of them.
    var limit = seconds * 1000 + 999;
    var best = null;
    document.querySelectorAll(".para[data-start]").forEach(function (p) {
      var start = +p.dataset.start;
      if (start <= limit && (best === null || start > +best.dataset.start)) best = p;
    });
    return best;
  }

  function landOnTime() {
    var hash = location.hash.slice(1);
    var query = new URLSearchParams(location.search).get("t");
    if (hash && document.getElementById(decodeURIComponent(hash))) return; // a real anchor: the browser did it
    var spec = hash.indexOf("t=") === 0 ? hash.slice(2) : query;
    if (spec === null || spec === "") return;
    var seconds = parseSeconds(spec);
    if (seconds === null) return;
    var target = paragraphAt(seconds);
    if (!target) return;
    // Replace the hash with the paragraph's own id so :target styling and sharing both work.
    history.replaceState(null, "", location.pathname + location.search + "#" + target.id);
    target.scrollIntoView({ block: "start" });
    target.classList.add("playing");
  }

  function addCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".para[id] > .clock").forEach(function (clock) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-link";
      button.textContent = "Copy link";
      button.setAttribute("aria-label", "Copy link to " + clock.textContent.trim());
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + clock.parentElement.id;
        navigator.clipboard.writeText(url).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy link"; }, 1500);
        });
      });
      clock.insertAdjacentElement("afterend", button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    addCopyButtons();
    landOnTime();
  });
  window.addEventListener("hashchange", landOnTime);
})();
