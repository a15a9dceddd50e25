// Registers Orka's service worker (offline page and cached app shell). A separate file so the
// Content-Security-Policy needs no inline script.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}
