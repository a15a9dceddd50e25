// Push reminders. A push names the kind of reminder, in the device's language, and where to
// go; it never carries answers or anything else about the person.

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (_) {
    // An unreadable push still shows something, so the browser does not blame the site.
  }
  const lang = data.lang === "en" ? "en" : "sv";
  const title = typeof data.title === "string" && data.title ? data.title : "Orka";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      lang,
      tag: typeof data.tag === "string" && data.tag ? data.tag : "orka",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { url: sameOrigin(data.url) },
    })
  );
});

/// Only our own pages: a push cannot send the person anywhere else.
function sameOrigin(path) {
  try {
    const url = new URL(typeof path === "string" ? path : "/", self.location.origin);
    return url.origin === self.location.origin ? url.pathname + url.search : "/";
  } catch (_) {
    return "/";
  }
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(sameOrigin(event.notification.data && event.notification.data.url), self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(async (windows) => {
      // An open Orka window is reused: focused, then taken to the reminder's page.
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) {
        // Focus needs the tap's user activation; without it, navigate anyway.
        const client = (await open.focus().catch(() => null)) || open;
        // Only a window this worker controls can be navigated; another gets a new window.
        const moved = client.navigate ? await client.navigate(target).catch(() => null) : null;
        if (moved || client.url === target) return;
      }
      return self.clients.openWindow(target);
    })
  );
});

function urlBase64ToBytes(s) {
  const padded = (s + "===".slice((s.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

// The push service ended the subscription (expired or rotated): subscribe again with the
// server's current key and tell Orka, so reminders keep arriving.
self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(
    (async () => {
      const key = await fetch("/api/v1/push/key").then((r) => r.json());
      const subscription = await self.registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: urlBase64ToBytes(key.public_key),
      });
      const headers = { "content-type": "application/json" };
      await fetch("/api/v1/push/subscriptions", {
        method: "POST",
        headers,
        body: JSON.stringify(subscription.toJSON()),
      });
      if (event.oldSubscription && event.oldSubscription.endpoint !== subscription.endpoint) {
        await fetch("/api/v1/push/subscriptions", {
          method: "DELETE",
          headers,
          body: JSON.stringify({ endpoint: event.oldSubscription.endpoint }),
        });
      }
    })()
  );
});
