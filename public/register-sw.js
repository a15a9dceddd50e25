// Registers Orka's service worker (offline page, cached app shell and guidance articles). A
// separate file so the Content-Security-Policy needs no inline script.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    if (location.pathname === "/signin" && location.search.includes("signed_out")) {
      navigator.serviceWorker.ready.then((r) => r.active && r.active.postMessage("signed-out"));
    }
  });
}
