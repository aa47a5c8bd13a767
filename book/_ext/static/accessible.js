/* The Sigmoid: what book/_ext/accessible.py cannot do in the HTML, done once the page runs.
   - sphinx-togglebutton calls every button "Toggle hidden content"; each is named by its
     fold's title instead and says which element it opens.
   - A displayed formula or an output wider than the column scrolls sideways; a reader
     without a mouse scrolls it with the arrow keys once it can take the focus, so whatever
     overflows (on a phone, or at high zoom) joins the Tab order, and leaves it when it fits. */
(function () {
  function nameToggles() {
    document.querySelectorAll(".toggle > .admonition-title > button.toggle-button").forEach(
      function (button) {
        var title = button.parentElement.cloneNode(true);
        title.querySelectorAll("button").forEach(function (b) { b.remove(); });
        var text = title.textContent.replace(/\s+/g, " ").trim();
        if (text) button.setAttribute("aria-label", text);
        if (button.dataset.target) button.setAttribute("aria-controls", button.dataset.target);
      }
    );
  }

  var SCROLLERS = ".bd-article mjx-container[display=true], .bd-article div.output.text_html";
  function focusableScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }

  function start() {
    focusableScrollers();
    // togglebutton.js makes its buttons when the document is parsed, after this script's turn;
    // MathJax chains its first typesetting onto startup.promise by the time the page has loaded.
    window.addEventListener("load", function () {
      nameToggles();
      var startup = window.MathJax && window.MathJax.startup;
      if (startup && startup.promise) startup.promise.then(focusableScrollers);
      focusableScrollers();
    });
    window.addEventListener("resize", focusableScrollers);
    // A fold opened later may hold a wide formula.
    document.addEventListener("click", function () { setTimeout(focusableScrollers, 50); });
  }
  if (document.readyState !== "loading") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
