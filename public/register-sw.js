// Registers Orka's service worker (offline page, cached app shell and guidance articles), and
// marks the articles kept for reading offline. A separate file so the Content-Security-Policy
// needs no inline script.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
    if (location.pathname === "/signin" && location.search.includes("signed_out")) {
      navigator.serviceWorker.ready.then((r) => r.active && r.active.postMessage("signed-out"));
    }
  });
}
if ("caches" in window) {
  window.addEventListener("load", () => {
    caches.open("orka-guidance").then((cache) => {
      document.querySelectorAll("a[data-article]").forEach((link) => {
        cache.match(new URL(link.href).pathname).then((hit) => {
          const badge = hit && link.parentElement.querySelector(".offline-badge");
          if (badge) badge.hidden = false;
        });
      });
    });
  });
}
