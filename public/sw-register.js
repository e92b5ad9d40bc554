// Registers Civico's service worker and, when a new version has been downloaded,
// shows the update banner; the page reloads only when the person chooses to.
(function () {
  if (!("serviceWorker" in navigator)) return;
  var flag = document.querySelector('meta[name="civico-sw"]');
  if (!flag || flag.content !== "on") return;
  var chosen = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (chosen) location.reload();
  });
  function offer(worker) {
    var banner = document.getElementById("update-banner");
    var button = document.getElementById("update-reload");
    if (!banner || !button) return;
    banner.hidden = false;
    button.addEventListener("click", function () {
      chosen = true;
      worker.postMessage("skip-waiting");
    }, { once: true });
  }
  // The worker's install downloads every chunk of the app for offline use. On a slow link
  // that would compete with the wasm this page needs first, so it waits until the page is
  // interactive (the app sets data-hydrated), or 10 s after load if that never comes.
  function whenInteractive(start) {
    var root = document.documentElement;
    if (root.hasAttribute("data-hydrated")) return start();
    var started = false;
    function once() { if (!started) { started = true; observer.disconnect(); start(); } }
    var observer = new MutationObserver(function () { if (root.hasAttribute("data-hydrated")) once(); });
    observer.observe(root, { attributes: true, attributeFilter: ["data-hydrated"] });
    window.addEventListener("load", function () { setTimeout(once, 10000); });
  }
  whenInteractive(function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function (reg) {
      if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
      reg.addEventListener("updatefound", function () {
        var worker = reg.installing;
        if (!worker) return;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
        });
      });
      // Long-lived kiosk tabs still learn about new deployments.
      setInterval(function () { reg.update(); }, 60 * 60 * 1000);
    });
  });
})();
