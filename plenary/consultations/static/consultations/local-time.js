// Optional: also show each deadline in the browser's own time zone. Without JavaScript, UTC and the chosen zone
// show. A file of its own rather than an inline script, so that the page needs no per-reader nonce and can be kept
// for the next anonymous reader; the words come from the page (data-your-browser), in the reader's language.
(function () {
  const form = document.querySelector("form.tz-form[data-your-browser]");
  const yourBrowser = form ? form.dataset.yourBrowser : "";
  for (const t of document.querySelectorAll("time[data-local-time]")) {
    const local = t.parentElement.querySelector(".local-time");
    if (!local) continue;
    const when = new Date(t.getAttribute("datetime"));
    local.textContent = " · " + when.toLocaleString(undefined, {dateStyle: "long", timeStyle: "short", timeZoneName: "short"}) + " (" + yourBrowser + ")";
    local.hidden = false;
  }
})();
