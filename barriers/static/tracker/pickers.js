/* Searchable pickers: every <select data-picker> becomes a tom-select box (vendored in
   static/tomselect, npm tom-select). Without JavaScript the plain <select> is used as it is.
   Texts come from the select's data attributes, so they are in the page's language. */
(function () {
  "use strict";
  function enhance(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var multiple = select.multiple;
    var noResults = select.getAttribute("data-picker-no-results") || "";
    var options = {
      maxOptions: null,
      allowEmptyOption: !multiple,
      plugins: multiple ? ["remove_button"] : [],
      hidePlaceholder: false,
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = noResults;
          return div;
        }
      }
    };
    if (!multiple) {
      options.controlInput = null;
      options.plugins = ["dropdown_input"];
    }
    new TomSelect(select, options);
    // The original <select> stays in the form (it is what gets submitted) but is no longer what
    // people use: keep it out of the accessibility tree; tom-select labels its own control.
    select.setAttribute("aria-hidden", "true");
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
