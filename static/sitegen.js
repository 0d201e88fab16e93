// sitegen: progressive enhancements for episode pages. Everything works without this file
// (anchors and styling are plain HTML/CSS); it adds time deep links (#t=989, #t=1:02:03, ?t=,
// #t=1h2m3s, #t=start,end) that land on the paragraph whose time, clocked or estimated (`~12:34`),
// is the last at or before that second, old position links (#p164) renamed to the time anchor
// of their paragraph, a "copy link" button per paragraph and, when the page has an <audio>
// player, the player following the transcript: clocks seek, the paragraph being played is
// highlighted and kept in view, a paragraph clicked anywhere plays from its start, a speed
// menu and keyboard shortcuts (space/K play or pause, arrows seek 5 s) when no field has focus.
// Every transcript also gets "Find in transcript" (matches marked, "3 of 17", next/previous),
// a "Copy link" for a selected passage (#t=start,end, whose paragraphs are highlighted when
// the link is opened), and the page's address, which only print shows.
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
    // Until the audio's length has loaded (preload="metadata"), setting currentTime only records
    // where playback will start, so a deep link downloads no audio until the reader presses play.
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
      if (e.defaultPrevented) return; // a player shortcut (space), not a scroll
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

  function reveal(el) {
    // Centred, instantly when the reader asked for less motion; the reader moved on, so the
    // player stops pulling the page back to the paragraph being played.
    if (following() && !audio.paused) setFollow(false);
    el.scrollIntoView({ block: "center", behavior: reduceMotion && reduceMotion.matches ? "auto" : "smooth" });
  }

  // Find in this transcript: matches are <mark>s in the paragraphs' text (not in clocks or
  // buttons); a match may run across a mention's markup, and then is several marks.
  var hits = []; // per match, its marks
  var hit = -1; // the current match
  var findCount = null;

  function findPattern(query) {
    // Case-insensitive, any run of spaces for a space, and straight quotes match curly ones,
    // since transcripts say "I’d" and keyboards type "I'd".
    var source = query.trim().split(/\s+/).map(function (word) {
      return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/['’‘]/g, "['’‘]").replace(/["“”]/g, "[\"“”]");
    }).join("\\s+");
    return new RegExp(source, "gi");
  }

  function textNodes(p) {
    var nodes = [];
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement.closest(".clock, button") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function markMatches(p, pattern) {
    var nodes = textNodes(p);
    var offsets = [], text = "";
    nodes.forEach(function (n) { offsets.push(text.length); text += n.data; });
    var found = [], m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(text)) !== null) {
      if (m[0] === "") { pattern.lastIndex++; continue; }
      found.push([m.index, m.index + m[0].length]);
    }
    var marks = found.map(function () { return []; });
    // From the last match back, so splitting a text node keeps the offsets before it valid.
    for (var k = found.length - 1; k >= 0; k--) {
      for (var j = nodes.length - 1; j >= 0; j--) {
        var from = Math.max(found[k][0], offsets[j]) - offsets[j];
        var to = Math.min(found[k][1], offsets[j] + nodes[j].length) - offsets[j];
        if (from >= to) continue;
        var piece = nodes[j];
        piece.splitText(to);
        piece = piece.splitText(from);
        var mark = document.createElement("mark");
        mark.className = "find-hit";
        piece.parentNode.replaceChild(mark, piece);
        mark.appendChild(piece);
        marks[k].unshift(mark);
      }
    }
    return marks;
  }

  function clearFind() {
    var parents = new Set();
    hits.forEach(function (marks) {
      marks.forEach(function (mark) {
        parents.add(mark.parentNode);
        mark.parentNode.replaceChild(mark.firstChild, mark);
      });
    });
    parents.forEach(function (parent) { parent.normalize(); }); // once each: the text as it was
    hits = [];
    hit = -1;
  }

  function showHit(i, scroll) {
    if (hit >= 0) hits[hit].forEach(function (m) { m.classList.remove("is-current"); });
    hit = hits.length ? (i + hits.length) % hits.length : -1;
    if (hit < 0) return;
    hits[hit].forEach(function (m) { m.classList.add("is-current"); });
    findCount.textContent = (hit + 1) + " of " + hits.length;
    if (scroll) reveal(hits[hit][0]);
  }

  function find(query) {
    clearFind();
    if (query.trim().length < 2) { findCount.textContent = ""; return; }
    var pattern = findPattern(query);
    var quick = new RegExp(pattern.source, "i"); // no match in all its text: nothing to walk
    document.querySelectorAll(".transcript .para").forEach(function (p) {
      if (quick.test(p.textContent)) hits.push.apply(hits, markMatches(p, pattern));
    });
    if (!hits.length) { findCount.textContent = "No matches"; return; }
    // The first match at or after the reader's place on the page, as a browser's find does.
    var first = 0;
    while (first < hits.length && hits[first][0].getBoundingClientRect().bottom < 0) first++;
    showHit(first === hits.length ? 0 : first, true);
  }

  function addFind() {
    var heading = document.getElementById("transcript-heading");
    if (!heading || !document.querySelector(".transcript .para")) return;
    var bar = document.createElement("div");
    bar.className = "find";
    bar.setAttribute("role", "search");
    bar.setAttribute("aria-label", "Find in this transcript");
    bar.innerHTML = '<input type="search" class="find-input" aria-label="Find in transcript" ' +
      'placeholder="Find in transcript" autocomplete="off" spellcheck="false">' +
      '<button type="button" class="find-prev" aria-label="Previous match">↑</button>' +
      '<button type="button" class="find-next" aria-label="Next match">↓</button>' +
      '<span class="find-count" role="status"></span>';
    var input = bar.querySelector("input");
    findCount = bar.querySelector(".find-count");
    var timer = null;
    var searched = "";
    function run() {
      clearTimeout(timer);
      if (input.value !== searched) { searched = input.value; find(searched); return true; }
      return false;
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault();
        if (!run()) showHit(hit + (e.shiftKey ? -1 : 1), true);
      } else if (e.key === "Escape" && input.value) {
        e.preventDefault();
        input.value = "";
        run();
      }
    });
    bar.querySelector(".find-prev").addEventListener("click", function () { if (!run()) showHit(hit - 1, true); });
    bar.querySelector(".find-next").addEventListener("click", function () { if (!run()) showHit(hit + 1, true); });
    // After the skip link, which stays the transcript's first tab stop.
    var skip = heading.parentNode.querySelector(".skip-transcript");
    (skip || heading).insertAdjacentElement("afterend", bar);
  }

  var hadSelection = false; // a click that only clears a selection plays nothing
  document.addEventListener("mousedown", function () { hadSelection = String(window.getSelection()) !== ""; }, true);

  function onParagraphClick(e) {
    // Anywhere in a paragraph's text plays from its start, as its clock does; not a link or a
    // button in it, not a click that ends a selection, and not the first click of a double click
    // (which selects a word): so the decision waits for the double click's time.
    var p = e.target.closest && e.target.closest(".para[data-start]");
    if (!p || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    if (e.target.closest("a, button, input, select, textarea, summary, [contenteditable]")) return;
    if (e.detail > 1 || hadSelection || String(window.getSelection())) { clearTimeout(onParagraphClick.timer); return; }
    clearTimeout(onParagraphClick.timer);
    onParagraphClick.timer = setTimeout(function () {
      if (String(window.getSelection())) return;
      rangeEnd = null;
      cue(p, +p.dataset.start / 1000, true);
    }, 300);
  }

  var RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];

  function addSpeed() {
    // Remembered across episodes, as podcast apps do.
    var select = document.createElement("select");
    select.className = "speed";
    select.setAttribute("aria-label", "Playback speed");
    RATES.forEach(function (rate) {
      var option = document.createElement("option");
      option.value = String(rate);
      option.textContent = rate + "×";
      select.appendChild(option);
    });
    var saved = null;
    try { saved = parseFloat(localStorage.getItem("sitegen-speed")); } catch (e) { /* storage off */ }
    function apply(rate) {
      audio.defaultPlaybackRate = rate;
      audio.playbackRate = rate;
    }
    if (RATES.indexOf(saved) >= 0) apply(saved);
    select.value = String(audio.playbackRate);
    select.addEventListener("change", function () {
      apply(parseFloat(select.value));
      try { localStorage.setItem("sitegen-speed", select.value); } catch (e) { /* storage off */ }
    });
    // The browser's own player may set a speed of its own (Chromium's menu): show it.
    audio.addEventListener("ratechange", function () {
      var rate = audio.playbackRate;
      if (RATES.indexOf(rate) < 0) {
        var option = document.createElement("option");
        option.value = String(rate);
        option.textContent = rate + "×";
        select.appendChild(option);
      }
      select.value = String(rate);
    });
    follow.insertAdjacentElement("afterend", select);
  }

  function onShortcut(e) {
    // Space or K plays and pauses, ← and → go back and forward 5 seconds: only with no modifier
    // and where the key has no job of its own (fields, buttons, links, the player itself).
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
    if (e.target.closest && e.target.closest("input, textarea, select, button, a, audio, summary, [contenteditable]")) return;
    if (e.key === " " || e.key === "k" || e.key === "K") {
      if (audio.paused) audio.play().catch(function () {}); else audio.pause();
    } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      var t = audio.currentTime + (e.key === "ArrowLeft" ? -5 : 5);
      rangeEnd = null;
      audio.currentTime = Math.max(0, isFinite(audio.duration) ? Math.min(t, audio.duration) : t);
      if (audio.readyState === 0) setCurrent(paragraphAt(audio.currentTime * 1000)); // not loaded: no seeked event
    } else {
      return;
    }
    e.preventDefault();
  }

  function clockOf(seconds) {
    // As the page's anchors write times: 05:07, 1:02:03.
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return (h ? h + ":" + two(m) : two(m)) + ":" + two(s);
  }

  var share = null; // the "Copy link to passage" button, while text is selected
  var shareUrl = "";

  function selectedPassage() {
    // The paragraphs a selection in the transcript touches with some of their text: [first, last].
    var sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    var box = document.querySelector(".transcript");
    if (!box || !box.contains(range.commonAncestorContainer)) return null;
    var touched = paras.filter(function (p) {
      if (!range.intersectsNode(p)) return false;
      var part = document.createRange();
      part.selectNodeContents(p);
      if (range.compareBoundaryPoints(Range.START_TO_START, part) > 0) part.setStart(range.startContainer, range.startOffset);
      if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0) part.setEnd(range.endContainer, range.endOffset);
      return part.toString().trim() !== "";
    });
    return touched.length ? [touched[0], touched[touched.length - 1], range] : null;
  }

  function onSelection() {
    var passage = selectedPassage();
    if (!passage) { if (share) share.hidden = true; return; }
    var first = Math.floor(+passage[0].dataset.start / 1000);
    var lastStart = +passage[1].dataset.start;
    var next = paras[paras.indexOf(passage[1]) + 1];
    var end = next ? Math.floor(+next.dataset.start / 1000)
      : audio && isFinite(audio.duration) ? Math.ceil(audio.duration) : null;
    if (end !== null && end <= Math.floor(lastStart / 1000)) end = Math.floor(lastStart / 1000) + 1;
    var spec = clockOf(first) + (end !== null ? "," + clockOf(end) : "");
    shareUrl = location.href.split("#")[0] + "#t=" + spec;
    if (!share) {
      share = document.createElement("button");
      share.type = "button";
      share.className = "share-passage";
      share.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep the selection
      share.addEventListener("click", function () {
        navigator.clipboard.writeText(shareUrl).then(function () {
          share.textContent = "Link copied";
          setTimeout(function () { share.hidden = true; }, 1500);
        });
      });
      document.getElementById("main").appendChild(share);
    }
    share.textContent = "Copy link to " + spec.replace(",", "–");
    share.hidden = false;
    var rects = passage[2].getClientRects();
    var at = rects.length ? rects[rects.length - 1] : passage[2].getBoundingClientRect();
    share.style.top = (at.bottom + window.scrollY + 6) + "px";
    share.style.left = Math.max(8, Math.min(at.right + window.scrollX - share.offsetWidth,
      document.documentElement.clientWidth - share.offsetWidth - 8)) + "px";
  }

  function addShare() {
    if (!navigator.clipboard || !paras.length) return;
    var timer = null;
    document.addEventListener("selectionchange", function () {
      clearTimeout(timer);
      timer = setTimeout(onSelection, 150);
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
      addSpeed();
      document.addEventListener("click", onParagraphClick);
      window.addEventListener("keydown", onShortcut, true); // before the follow toggle's key watch
    } else {
      audio = null; // nothing to follow: the page behaves as without audio
    }
    addCopyButtons();
    addFind();
    addShare();
    addPrintedAddress();
    landOnTime();
  });
  window.addEventListener("hashchange", landOnTime);
})();
