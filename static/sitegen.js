// sitegen: progressive enhancements for episode pages. Everything works without this file
// (anchors and styling are plain HTML/CSS); it adds time deep links (#t=989, #t=1:02:03, ?t=,
// #t=1h2m3s, #t=start,end) that land on the paragraph whose time, clocked or estimated (`~12:34`),
// is the last at or before that second, old position links (#p164) renamed to the time anchor
// of their paragraph, a "copy link" button per paragraph and, when the page has an <audio>
// player, the player following the transcript: clocks seek, the paragraph being played is
// highlighted and kept in view; and the page's address, which only print shows.
(function () {
  "use strict";

  var audio = null; // the episode's <audio>, when it has one
  var paras = []; // paragraphs with a time (clocked or estimated), ordered by start
  var starts = []; // their starts in ms, ascending, for binary search
  var current = null; // the paragraph at the player's position
  var rangeEnd = null; // seconds: where a #t=start,end link asks playback to stop
  var follow = null; // the "Follow along" toggle button
  var reduceMotion = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)");

  function decode(value) {
    try { return decodeURIComponent(value); } catch (e) { return value; } // a stray "%" is no error
  }

  function parseSeconds(value) {
    // Accepts 989, 16:29, 1:02:03, 1h2m3s, 2m, 45s; fractions of a second are kept.
    value = value.trim();
    if (/^\d+(\.\d+)?$/.test(value)) return parseFloat(value);
    var hms = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(value);
    if (hms && value !== "") return (+(hms[1] || 0)) * 3600 + (+(hms[2] || 0)) * 60 + (+(hms[3] || 0));
    var parts = value.split(":");
    if (parts.length < 2 || parts.length > 3 || parts.some(function (p) { return !/^\d+(\.\d+)?$/.test(p); })) {
      return null;
    }
    return parts.reduce(function (acc, p) { return acc * 60 + parseFloat(p); }, 0);
  }

  function parseRange(spec) {
    // "start" or "start,end" (Media Fragments style); an unreadable or backwards end is ignored.
    var bounds = decode(spec).split(",");
    var start = parseSeconds(bounds[0]);
    var end = bounds.length > 1 ? parseSeconds(bounds[1]) : null;
    return start === null ? null : [start, end !== null && end > start ? end : null];
  }

  function indexParagraphs() {
    // Sorted once, stably, so a transcript whose clocks go backwards still searches correctly.
    paras = Array.prototype.slice.call(document.querySelectorAll(".para[data-start]"))
      .map(function (p, i) { return { p: p, start: +p.dataset.start, i: i }; })
      .sort(function (a, b) { return a.start - b.start || a.i - b.i; })
      .map(function (e) { starts.push(e.start); return e.p; });
  }

  function paragraphAt(ms) {
    // The latest start at or before ms; where several paragraphs share it, the first of them.
    // Binary search: episodes have thousands of paragraphs and this runs on every timeupdate.
    var lo = 0, hi = starts.length; // first index with start > ms
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= ms) lo = mid + 1; else hi = mid;
    }
    if (lo === 0) return null;
    var i = lo - 1;
    // Keep a paragraph chosen by its clock when it shares its start with an earlier one.
    if (current && +current.dataset.start === starts[i]) return current;
    while (i > 0 && starts[i - 1] === starts[i]) i--;
    return paras[i];
  }

  function scrollToParagraph(p) {
    // Only when it is not wholly on screen below the sticky player, so the page moves as little
    // as it can; then centred, and instantly when the reader asked for less motion.
    var r = p.getBoundingClientRect();
    if (r.top >= audio.getBoundingClientRect().bottom && r.bottom <= window.innerHeight) return;
    p.scrollIntoView({ block: "center", behavior: reduceMotion && reduceMotion.matches ? "auto" : "smooth" });
  }

  function setCurrent(p) {
    if (p === current) return;
    if (current) { current.classList.remove("is-playing"); current.removeAttribute("aria-current"); }
    current = p;
    if (!p) return;
    p.classList.add("is-playing");
    p.setAttribute("aria-current", "true");
    if (following() && !audio.paused) scrollToParagraph(p);
  }

  function cue(p, seconds, play) {
    // Until the audio has loaded (preload="none"), setting currentTime only records where playback
    // will start, so a deep link costs no download until the reader presses play.
    setCurrent(p);
    audio.currentTime = seconds;
    if (play) audio.play().catch(function () {}); // refused autoplay or a missing file: the page stays usable
  }

  function sync() {
    if (audio.readyState === 0) return; // no position yet: keep the cued paragraph
    if (rangeEnd !== null && audio.currentTime >= rangeEnd) { rangeEnd = null; audio.pause(); }
    setCurrent(paragraphAt(audio.currentTime * 1000));
  }

  function following() { return follow !== null && follow.getAttribute("aria-pressed") === "true"; }

  function setFollow(on) {
    follow.setAttribute("aria-pressed", String(on));
    if (on && current) scrollToParagraph(current);
  }

  function addFollow() {
    follow = document.createElement("button");
    follow.type = "button";
    follow.className = "follow";
    follow.textContent = "Follow along";
    follow.setAttribute("aria-pressed", "true");
    follow.addEventListener("click", function () { setFollow(!following()); });
    audio.insertAdjacentElement("afterend", follow);
    // Only what the reader does turns follow off: these events never come from scrollIntoView.
    function away() { if (following() && !audio.paused) setFollow(false); }
    window.addEventListener("wheel", away, { passive: true });
    window.addEventListener("touchmove", away, { passive: true });
    document.addEventListener("mousedown", function (e) { if (e.target === document.documentElement) away(); }); // scrollbar
    document.addEventListener("keydown", function (e) {
      var keys = ["ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End", " "];
      if (keys.indexOf(e.key) >= 0 && e.target.closest && !e.target.closest("input, textarea, select, button, audio, [contenteditable]")) away();
    });
  }

  function onClockClick(e) {
    var clock = e.target.closest && e.target.closest(".para[data-start] > .clock");
    if (!clock || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    // The link still goes to its anchor (history, sharing); the audio plays from its paragraph.
    var p = clock.parentElement;
    rangeEnd = null;
    cue(p, +p.dataset.start / 1000, true);
  }

  function spoken(clock) {
    // The time as the clock's label says it ("about 12:34, estimated time"), not "~12:34".
    return (clock.getAttribute("aria-label") || "").replace(/^(Link to|Play from) /, "") || clock.textContent.trim();
  }

  function markRange(first, endMs) {
    // A #t=start,end link highlights its whole passage: the paragraph at its start and every
    // later one that starts before its end.
    var from = +first.dataset.start;
    paras.forEach(function (p) {
      var start = +p.dataset.start;
      if (start >= from && start < endMs) p.classList.add("is-target");
    });
  }

  function landOnTime() {
    var hash = decode(location.hash.slice(1));
    var target = hash ? document.getElementById(hash) : null;
    var seconds, end = null;
    // An old position id (#p164) is kept on the clock of a paragraph whose time is estimated:
    // without JavaScript the browser lands on that clock; here the address names the paragraph's
    // time anchor instead, which does not move when paragraphs are added before it.
    var renamed = target !== null && target.matches(".para > .clock");
    if (renamed) target = target.parentElement;
    if (target && !target.matches(".para")) return; // #main and other plain anchors
    // Another moment: what an earlier link highlighted goes (the browser moves :target itself).
    document.querySelectorAll(".para.is-target").forEach(function (p) { p.classList.remove("is-target"); });
    if (target && !target.matches("[data-start]")) return; // #p12 in an episode with no times
    if (renamed) {
      history.replaceState(null, "", location.pathname + location.search + "#" + target.id);
      target.scrollIntoView({ block: "start" });
      target.classList.add("is-target");
    }
    if (target) {
      seconds = +target.dataset.start / 1000; // a real anchor: the browser scrolled there already
    } else {
      var spec = hash.indexOf("t=") === 0 ? hash.slice(2) : new URLSearchParams(location.search).get("t");
      var range = spec ? parseRange(spec) : null;
      if (!range) return;
      target = paragraphAt(Math.floor(range[0]) * 1000 + 999);
      if (!target) return;
      seconds = range[0];
      end = range[1];
      // Name the paragraph in the address so sharing and reloading land there; a range keeps its
      // own form, which is the only place its end is written down.
      if (end === null) history.replaceState(null, "", location.pathname + location.search + "#" + target.id);
      target.scrollIntoView({ block: "start" });
      target.classList.add("is-target"); // replaceState does not set :target, so mark it ourselves
      if (end !== null) markRange(target, end * 1000);
    }
    // Moves the player there, playing or not; a clock click has done so already (it plays).
    if (!audio) return;
    rangeEnd = end;
    if (Math.abs(audio.currentTime - seconds) >= 0.5) cue(target, seconds, false);
  }

  function addCopyButtons() {
    if (!navigator.clipboard) return;
    document.querySelectorAll(".para[id] > .clock").forEach(function (clock) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-link";
      button.textContent = "Copy link";
      button.setAttribute("aria-label", "Copy link to " + spoken(clock));
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

  function addPrintedAddress() {
    // Print has no address bar: the page's address goes under its title, printed only.
    var header = document.querySelector(".episode-header");
    if (!header) return;
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = canonical ? canonical.href : location.href.split("#")[0];
    var line = document.createElement("p");
    line.className = "print-url";
    line.textContent = url;
    header.appendChild(line);
  }

  document.addEventListener("DOMContentLoaded", function () {
    indexParagraphs();
    audio = document.querySelector("audio.episode-audio");
    if (audio && paras.length) {
      addFollow();
      paras.forEach(function (p) {
        var clock = p.querySelector(":scope > .clock");
        if (clock) clock.setAttribute("aria-label", "Play from " + spoken(clock));
      });
      document.addEventListener("click", onClockClick);
      ["timeupdate", "seeked", "play"].forEach(function (type) { audio.addEventListener(type, sync); });
      // Pressing play after reading elsewhere brings the reader back, while follow is on.
      audio.addEventListener("play", function () { if (following() && current) scrollToParagraph(current); });
    } else {
      audio = null; // nothing to follow: the page behaves as without audio
    }
    addCopyButtons();
    addPrintedAddress();
    landOnTime();
  });
  window.addEventListener("hashchange", landOnTime);
})();
