// Starts the app once the page's own content is on screen (see app_start.rs).
(function (preload, js, wasm) {
	let started = false;
	const start = () => {
		if (started) return;
		started = true;
		for (const href of preload) {
			const link = document.createElement("link");
			if (href.endsWith(".js")) {
				link.rel = "modulepreload";
			} else if (href.endsWith(".json")) {
				link.rel = "preload";
				link.as = "fetch";
				link.type = "application/json";
				link.crossOrigin = "anonymous";
			} else {
				link.rel = "preload";
				link.as = "fetch";
				link.type = "application/wasm";
				link.crossOrigin = "anonymous";
			}
			link.href = href;
			document.head.appendChild(link);
		}
		import(js).then((mod) => mod.default({ module_or_path: wasm }).then(() => mod.hydrate()));
	};
	// A module script runs once the document is parsed; the second frame after that comes
	// after the page has been painted. A hidden tab paints no frames: the timer starts it.
	requestAnimationFrame(() => requestAnimationFrame(start));
	setTimeout(start, 1000);
})
