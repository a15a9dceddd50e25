// Registers the service worker and lets it send check-ins kept without a signal (see the
// worker's check-in part). Every byte here is in a phone's first load: keep it short.
if ("serviceWorker" in navigator) {
  const sw = navigator.serviceWorker;
  const shows = location.pathname === "/checkin" || location.pathname === "/";
  let again = 2000;
  const flush = () => sw.controller && sw.controller.postMessage({ orka: "flush", show: shows });
  sw.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.orka !== "check-in") return;
    if (data.ask) return flush();
    for (const e of document.querySelectorAll("[data-waiting]")) e.hidden = !data.waiting;
    if (data.waiting) {
      setTimeout(flush, again);
      again = Math.min(again * 2, 60000);
    }
    if (!shows) return;
    if (data.closed) location.replace("/checkin?closed=1");
    else if (data.sent) location.replace(location.pathname === "/" ? "/" : "/checkin");
  });
  window.addEventListener("online", () => {
    again = 2000;
    flush();
  });
  window.addEventListener("load", () => {
    sw.register("/sw.js", { scope: "/" }).catch(() => {});
    if (location.pathname === "/signin" && location.search.includes("signed_out")) {
      sw.ready.then((r) => r.active && r.active.postMessage("signed-out"));
    } else {
      flush();
    }
  });
}
