// The live parts of the site, without reloading the page: an element with data-live="<url>" is replaced every second by the HTML
// fragment the URL answers (the same page's "Fragment" handler), until a fragment comes with an empty data-live (finished).
(function () {
  "use strict";
  function follow(element) {
    var url = element.getAttribute("data-live");
    if (!url) return;
    window.setTimeout(function () {
      fetch(url, { headers: { "Accept": "text/html" }, credentials: "same-origin", redirect: "manual" })
        .then(function (response) {
          if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) { window.location.reload(); return null; }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null) { follow(element); return; }
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var next = holder.firstElementChild;
          if (!next) { follow(element); return; }
          element.replaceWith(next);
          follow(next);
        })
        .catch(function () { follow(element); });
    }, Number(element.getAttribute("data-live-every") || 1000));
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live]").forEach(follow);
  });
})();
