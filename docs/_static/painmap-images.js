// Records on <body> whether every picture on the page loaded: data-images (how many) and
// data-broken (the src of each one that did not).  tests/test_docs.py reads these from
// headless Chromium; you can read them in your browser's inspector.
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var settled = images.map(function (img) {
    if (img.loading === "lazy") { img.loading = "eager"; }
    if (img.complete) { return Promise.resolve(); }
    return new Promise(function (done) {
      img.addEventListener("load", done);
      img.addEventListener("error", done);
    });
  });
  Promise.all(settled).then(function () {
    var broken = images.filter(function (img) { return !(img.complete && img.naturalWidth > 0); });
    document.body.setAttribute("data-broken", broken.map(function (img) { return img.getAttribute("src"); }).join(" "));
    document.body.setAttribute("data-images", String(images.length));
  });
});
