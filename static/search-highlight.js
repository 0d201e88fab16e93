// Marks the words a reader searched for on the page a search result led to: /search/ links to
// `episodes/920/?highlight=dependency%20injection#t=10:19` (the `?highlight=` parameter, as
// Pagefind's own highlight script reads it), and each word of it, and the longer words it
// begins ("inject" in "injecting"), is wrapped in <mark class="search-hit"> in the page's main
// content. Text only: no markup is made from the parameter, and without JavaScript the link
// still lands on its moment.
(function () {
  "use strict";
  var searched = new URLSearchParams(window.location.search).get("highlight");
  if (!searched) return;
  var words = searched.replace(/["“”]/g, " ").trim().split(/\s+/).filter(function (word) {
    return word.length > 1;
  });
  if (!words.length) return;
  function escaped(word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  var pattern;
  try {
    // A word starts where no letter or digit comes before it; the mark runs to the word's end.
    pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + words.map(escaped).join("|") +
      ")[\\p{L}\\p{N}]*", "giu");
  } catch (e) {
    return; // a browser without lookbehind or Unicode classes: no marks, nothing broken
  }
  // Not in labels the page adds around the text (clocks, buttons) or in what is not shown.
  var skip = "script, style, noscript, template, button, mark, .clock, .visually-hidden, audio";
  function mark() {
    var root = document.querySelector("main") || document.body;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (!node.nodeValue.trim() || node.parentElement.closest(skip)) {
          return NodeFilter.FILTER_REJECT;
        }
        pattern.lastIndex = 0;
        return pattern.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var out = document.createDocumentFragment();
      var last = 0;
      pattern.lastIndex = 0;
      var match;
      while ((match = pattern.exec(text)) !== null) {
        if (!match[0]) { pattern.lastIndex++; continue; }
        out.appendChild(document.createTextNode(text.slice(last, match.index)));
        var hit = document.createElement("mark");
        hit.className = "search-hit";
        hit.textContent = match[0];
        out.appendChild(hit);
        last = match.index + match[0].length;
      }
      out.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(out, node);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
