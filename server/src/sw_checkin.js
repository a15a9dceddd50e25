// Check-ins given without a signal. When the check-in island's call cannot reach the server,
// the answers are kept here on the phone (IndexedDB), the island shows them as waiting, and they
// are sent when the connection returns: by Background Sync where the browser has it, otherwise
// when an Orka page is next open. They are removed once the server has answered, and at
// sign-out. Each answer carries the week it was given for and whose it is, so the server refuses
// one whose week has closed, or that would count as someone else's.
//
// Pages (public/register-sw.js) post {orka: "flush", show} at load and when the connection
// returns, and are answered {orka: "check-in", sent, closed, waiting}: the check-in and start
// pages reload to show what was sent, the check-in page shows a closed week's message, and
// while answers still wait the page asks again, less and less often. "signed-out" removes them.

const OFFLINE_DB = "orka-offline";
const CHECK_IN_FN = "/fn/submit_check_in";
const CLOSED_NOTICE = "notice:closed";

function offlineStore(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(OFFLINE_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore("checkins", { keyPath: "key" });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("checkins", mode);
      const request = work(tx.objectStore("checkins"));
      tx.oncomplete = () => {
        db.close();
        resolve(request ? request.result : undefined);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "POST" || new URL(request.url).pathname !== CHECK_IN_FN) return;
  event.respondWith(
    (async () => {
      const body = await request.clone().text();
      try {
        return await fetch(request);
      } catch (_) {
        let input = {};
        try {
          input = JSON.parse(body).input || {};
        } catch (_) {}
        // Without its week and person an answer could land in the wrong place: not kept.
        if (!input.week || !input.person) return Response.error();
        try {
          // One waiting answer per person and week: answering again replaces it.
          await offlineStore("readwrite", (s) => s.put({ key: `${input.person} ${input.week}`, body }));
        } catch (_) {
          return Response.error();
        }
        if (self.registration.sync) await self.registration.sync.register("orka-check-ins").catch(() => {});
        // The island reads this as the server function's error `Queued`.
        return new Response('"Queued"', { status: 503, headers: { "content-type": "application/json" } });
      }
    })()
  );
});

// One flush at a time: Background Sync and an open page may ask at once.
let flushing = null;
function flushCheckIns() {
  if (!flushing) flushing = sendKept().finally(() => (flushing = null));
  return flushing;
}

/// Sends every waiting answer. Says how many the server took and whether any still wait (no
/// signal yet, or the server failed): those are tried again.
async function sendKept() {
  const kept = (await offlineStore("readonly", (s) => s.getAll())).filter((e) => e.body);
  let sent = 0;
  let left = 0;
  for (const entry of kept) {
    let outcome;
    try {
      const response = await fetch(CHECK_IN_FN, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: entry.body,
      });
      outcome = await outcomeOf(response);
    } catch (_) {
      // Still no signal (the page can hear "online" before the network carries anything).
      outcome = "retry";
    }
    if (outcome === "retry") {
      left += 1;
      continue;
    }
    await offlineStore("readwrite", (s) => {
      s.delete(entry.key);
      // Told on the check-in page with the same words as online, whenever it is next open.
      if (outcome === "closed") s.put({ key: CLOSED_NOTICE });
    });
    if (outcome === "sent") sent += 1;
  }
  return { sent, left };
}

/// "sent"; "closed" (its week closed meanwhile); "dropped" (signed out, someone else's, or
/// refused: it can never be sent); "retry" (the server failed: kept for the next try).
async function outcomeOf(response) {
  if (response.redirected) return "dropped";
  if (response.ok) return "sent";
  let error = null;
  try {
    error = await response.json();
  } catch (_) {}
  if (error && typeof error === "object" && "WeekClosed" in error) return "closed";
  if (error === "SignedOut" || (error && typeof error === "object" && "Invalid" in error)) return "dropped";
  return "retry";
}

async function takeClosedNotice() {
  const notice = await offlineStore("readonly", (s) => s.get(CLOSED_NOTICE));
  if (notice) await offlineStore("readwrite", (s) => s.delete(CLOSED_NOTICE));
  return !!notice;
}

self.addEventListener("sync", (event) => {
  if (event.tag !== "orka-check-ins") return;
  event.waitUntil(
    flushCheckIns().then(async ({ left }) => {
      // Open pages ask for the outcome themselves (and the check-in page shows it).
      const windows = await self.clients.matchAll({ type: "window" });
      windows.forEach((w) => w.postMessage({ orka: "check-in", ask: true }));
      // Rejected, the browser tries the sync again later.
      if (left) throw new Error("check-ins still waiting");
    })
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "signed-out") {
    // Nothing of the last person's answers stays on a shared phone.
    event.waitUntil(
      new Promise((resolve) => {
        const del = indexedDB.deleteDatabase(OFFLINE_DB);
        del.onsuccess = del.onerror = del.onblocked = () => resolve();
      })
    );
    return;
  }
  // An open page, at load and when the connection returns: send what waits, and tell the page
  // what came of it. `show` says the page can show a closed week's message (so it is taken).
  if (event.data && event.data.orka === "flush" && event.source) {
    event.waitUntil(
      flushCheckIns()
        .then(async ({ sent, left }) => {
          const closed = event.data.show ? await takeClosedNotice() : false;
          event.source.postMessage({ orka: "check-in", sent: sent > 0, closed, waiting: left > 0 });
        })
        .catch(() => {})
    );
  }
});
