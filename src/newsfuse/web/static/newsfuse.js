// newsfuse: the only script. Citations are <details> elements (they open on
// click without this file); here they also open while the pointer is over them.
// No text is ever inserted: every passage is already in the page, escaped.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("details.cite").forEach(function (cite) {
    var byHover = false;
    cite.addEventListener("mouseenter", function () {
      if (!cite.open) { byHover = true; cite.open = true; }
    });
    cite.addEventListener("mouseleave", function () {
      if (byHover) { cite.open = false; byHover = false; }
    });
    cite.querySelector("summary").addEventListener("click", function (event) {
      if (byHover) { event.preventDefault(); byHover = false; }  // a click keeps it open
    });
  });
});
