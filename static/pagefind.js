// The search page's Pagefind: Pagefind's own (the index bundle's pagefind.js) with a search
// that puts exact phrases first. /search/ gives this folder to Pagefind's UI as its bundle path,
// so the UI loads this module, which loads the real one (whose own location tells it where the
// index is).
//
// Pagefind ranks pages by the words searched for, each on its own, so an unquoted "dependency
// injection" ranks an episode that says "depends … injecting" often above the one that says
// "dependency injection" once. For a search of two or more words without quotes, this also
// searches the quoted phrase (Pagefind's phrase search, which matches the words' stems in a
// row: "dependencies, injections" too) and lists, first, the pages that say the words exactly
// in a row (the first PHRASE_CHECKS of Pagefind's phrase hits are read to tell), then its other
// phrase hits, then the rest in Pagefind's order. Each page's data says what was searched for
// (`searched`) and, on each sub-result, whether it holds the phrase (`phrase`: 2 exactly,
// 1 by stems), for the search page to order the moments.
import * as pagefind from "../pagefind/pagefind.js";

export {
  createInstance,
  debouncedSearch,
  destroy,
  filters,
  init,
  mergeIndex,
  options,
  preload,
} from "../pagefind/pagefind.js";

var PHRASE_CHECKS = 10; // each check loads the page's fragment; Pagefind's UI shows 5 at first

// A word as compared: lower case, without the punctuation around it ("injection," → "injection").
function plain(word) {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}

function phraseWords(term) {
  var text = typeof term === "string" ? term : ""; // null: a search by filters alone
  if (text.indexOf('"') !== -1) return null;
  var words = text.trim().split(/\s+/).map(plain).filter(Boolean);
  return words.length > 1 ? words : null;
}

function holds(words, from, to, phrase) {
  for (var i = from; i + phrase.length <= to; i++) {
    var all = true;
    for (var j = 0; j < phrase.length && all; j++) all = words[i + j] === phrase[j];
    if (all) return true;
  }
  return false;
}

// Marks the sub-results that hold the phrase; true when the page says it exactly. Pagefind's
// word locations count the page's content split at spaces, and a sub-result runs from its
// heading to the next one.
function markPhrase(data, phrase, stemmed) {
  var words = (data.content || "").trim().split(/\s+/).map(plain);
  var starts = (data.anchors || []).map(function (a) { return a.location; });
  starts.sort(function (a, b) { return a - b; });
  var exact = false;
  (data.sub_results || []).forEach(function (sub) {
    if (stemmed[sub.url]) sub.phrase = 1;
    if (!sub.anchor) return;
    var from = sub.anchor.location;
    var later = starts.filter(function (s) { return s > from; });
    var to = later.length ? later[0] : words.length;
    if (holds(words, from, to, phrase)) {
      sub.phrase = 2;
      exact = true;
    }
  });
  return exact || holds(words, 0, words.length, phrase);
}

// A result whose data (loaded once) also says what was searched for and where the phrase is.
function prepared(result, term, phrase, phraseResult) {
  var loading = null;
  return Object.assign({}, result, {
    data: function () {
      loading = loading || (async function () {
        // Copied before the phrase result's data is read: both come from the one fragment
        // Pagefind loaded for the page, and its data() can change what it returned earlier.
        var data = structuredClone(await result.data());
        data.searched = term;
        data.phrase = false;
        if (phrase && phraseResult) {
          var stemmed = {};
          (await phraseResult.data()).sub_results.forEach(function (sub) {
            stemmed[sub.url] = true;
          });
          data.phrase = markPhrase(data, phrase, stemmed);
        }
        return data;
      })();
      return loading;
    },
  });
}

export async function search(term, searchOptions) {
  var phrase = phraseWords(term);
  var found = await Promise.all([
    pagefind.search(term, searchOptions),
    // The phrase only reorders: should its search fail, the results come as Pagefind's.
    phrase
      ? pagefind.search('"' + phrase.join(" ") + '"', searchOptions).catch(function () {
        return null;
      })
      : null,
  ]);
  var all = found[0];
  if (!all || !all.results) return all;
  var hits = (found[1] && found[1].results) || [];
  var hitById = {};
  hits.forEach(function (hit) { hitById[hit.id] = hit; });
  var byId = {};
  all.results.forEach(function (result) { byId[result.id] = result; });
  var inPhrase = hits.map(function (hit) {
    return prepared(byId[hit.id] || hit, term, phrase, hit);
  });
  var rest = all.results
    .filter(function (result) { return !hitById[result.id]; })
    .map(function (result) { return prepared(result, term, phrase, null); });
  var checked = inPhrase.slice(0, PHRASE_CHECKS);
  var exact = await Promise.all(checked.map(function (r) {
    return r.data().then(function (data) { return data.phrase; });
  }));
  var first = checked.filter(function (r, i) { return exact[i]; });
  var then = inPhrase.filter(function (r, i) { return !(i < exact.length && exact[i]); });
  return Object.assign({}, all, { results: first.concat(then, rest) });
}
