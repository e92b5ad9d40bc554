// Civico's service worker. The server fills in VERSION and PRECACHE from the files it
// actually serves (see server/src/pwa/mod.rs), so this list cannot drift from the build.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const SHELL = `civico-shell-${VERSION}`;
// Pages and data reads, per deployment: a cached page names this build's asset files.
const PAGES = `civico-pages-${VERSION}`;
const NETWORK_TIMEOUT_MS = 3000;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("civico-") && key !== SHELL && key !== PAGES) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The page asks the waiting worker to take over when the person chooses to reload.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Writes (server-function POSTs, the sync push) go to the network untouched.
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === "/sw.js") return;
  // Registrations and anything else personal: never through a cache, whatever the method.
  if (url.pathname.startsWith("/api/sync/") || url.pathname.startsWith("/api/staff/")) return;
  if (url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/icons/")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, true));
  } else if (url.pathname.startsWith("/api/") && url.pathname !== "/api/changes") {
    // Reads, with a saved copy for offline. Not the change feed: a saved page of it would
    // tell the device it reached the server (no offline badge) and bring nothing new.
    event.respondWith(networkFirst(request, false));
  }
});

/** A response the server marked as not to be kept (it may carry personal data). */
function isPrivate(response) {
  return /(^|,)\s*(no-store|private)\s*(,|$)/i.test(response.headers.get("Cache-Control") ?? "");
}

/** Hashed, immutable files: the cache is always right. */
async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

/** The network when it answers in time; else the copy saved on the last visit; else,
 *  for a page never saved, the offline page. A slow network still wins over nothing. */
async function networkFirst(request, isNavigation) {
  const cache = await caches.open(PAGES);
  const network = fetch(request).then((response) => {
    if (response.ok && !isPrivate(response)) cache.put(request, response.clone());
    return response;
  });
  try {
    return await Promise.race([network, new Promise((_, reject) => setTimeout(reject, NETWORK_TIMEOUT_MS))]);
  } catch (_) {
    const saved = await cache.match(request);
    if (saved) return saved;
    try {
      return await network;
    } catch (_) {
      const offline = isNavigation ? await caches.match("/offline") : undefined;
      return offline ?? Response.error();
    }
  }
}
