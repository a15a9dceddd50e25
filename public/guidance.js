// On guidance pages: marks the articles the service worker keeps for reading offline.
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
