/* The bibliography is four pages, one per kind of source (sinorus.bib.PAGES). An address of the whole
   bibliography with an entry's anchor (book/references.html#cite-key, as charts' source lines and earlier citations
   of the book link) is sent on to the page that holds that entry. The map of entries to pages is
   sinorus-bibpages.js, made from references.bib by the build. */
(function () {
  "use strict";
  var id = decodeURIComponent(window.location.hash.slice(1));
  var page = id && (window.sinorusBibPages || {})[id];
  if (page && !document.getElementById(id)) {
    window.location.replace("references/" + page + ".html#" + id);
  }
})();
