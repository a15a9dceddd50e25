// Turning notifications on for this device: permission is asked only when the person presses
// the button, never on page load; every outcome is said in words on the page.
(() => {
  const section = document.getElementById("this-device");
  if (!section) return;
  document.getElementById("push-needs-js").hidden = true;
  const button = document.getElementById("push-enable");
  const status = document.getElementById("push-status");
  const say = (key) => { status.textContent = section.dataset[key] || ""; };
  const ios = /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const standalone = window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    // iPhone offers push only to apps added to the home screen.
    if (ios && !standalone) document.getElementById("push-ios").hidden = false;
    else say("msgUnsupported");
    return;
  }
  const zone = document.getElementById("time_zone");
  const json = (method, body) => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const bytes = (s) => Uint8Array.from(atob((s + "===".slice((s.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const sameKey = (sub, key) => {
    const k = sub.options && sub.options.applicationServerKey;
    if (!k) return true;
    const a = new Uint8Array(k), b = bytes(key);
    return a.length === b.length && a.every((x, i) => x === b[i]);
  };
  const label = () => {
    const ua = navigator.userAgent;
    const os = /Android/.test(ua) ? "Android" : ios ? "iOS" : /Windows/.test(ua) ? "Windows" : /Mac/.test(ua) ? "Mac" : /Linux/.test(ua) ? "Linux" : "";
    const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
    return [browser, os].filter(Boolean).join(", ");
  };

  async function enable() {
    button.disabled = true;
    say("msgAsking");
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        say(permission === "denied" ? "msgBlocked" : "msgDismissed");
        return;
      }
      const key = (await fetch("/api/v1/push/key").then((r) => r.json())).public_key;
      const registration = await navigator.serviceWorker.ready;
      let sub = await registration.pushManager.getSubscription();
      if (sub && !sameKey(sub, key)) {
        await sub.unsubscribe();
        sub = null;
      }
      sub = sub || (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(key) }));
      const body = Object.assign(sub.toJSON(), { label: label(), language: document.documentElement.lang });
      const stored = await fetch("/api/v1/push/subscriptions", json("POST", body));
      if (!stored.ok) throw new Error("subscription refused: " + stored.status);
      // The weekly reminder comes with the device, on the phone's own clock.
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const prefs = await fetch("/api/v1/push/preferences", json("PUT", { check_in: true, time_zone: timeZone }));
      if (!prefs.ok) await fetch("/api/v1/push/preferences", json("PUT", { check_in: true }));
      window.location.assign("/reminders?done=saved");
    } catch (_) {
      say("msgFailed");
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener("click", enable);
  // Pressing it again is harmless: it registers this device anew (after removing it in the
  // list below, say).
  button.hidden = false;
  if (zone && !zone.value) zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (Notification.permission === "denied") {
    say("msgBlocked");
    return;
  }
  navigator.serviceWorker.ready
    .then((r) => r.pushManager.getSubscription())
    .then((sub) => { if (sub && Notification.permission === "granted") say("msgOn"); })
    .catch(() => {});
})();
