// Registers Civico's service worker and, when a new version has been downloaded,
// shows the update banner; the page reloads only when the person chooses to.

// A device enrolled as a hub's kiosk shows its kiosk screens only: any other address of
// the site goes back there (app/src/features/kiosk/device.rs keeps the address).
(function () {
  try {
    var home = localStorage.getItem("civico-kiosk-home");
    if (home && location.pathname !== home) location.replace(home);
  } catch (e) { /* storage unavailable: not a kiosk */ }
})();

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
  window.addEventListener("load", function () {
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
