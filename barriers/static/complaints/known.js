/* "Is this already known?" as the SME types: asks /public/barriers/similar/ (published barriers
   only) and lists the matches with a "follow it" button, the same button the page shows without
   JavaScript after "Check for known barriers". No framework, no inline script (CSP self). */
(function () {
  "use strict";
  var panel = document.getElementById("known-check");
  var results = document.getElementById("known-results");
  if (!panel || !results || !window.fetch || !window.URLSearchParams) return;
  var form = panel.closest("form");
  var url = panel.getAttribute("data-similar-url");
  var timer = null;
  var last = "";

  function value(name) {
    var field = form.elements[name];
    return field && field.value ? field.value : "";
  }

  function query() {
    var text = [value("product"), value("description"), value("desired_fix")].join(" ").trim();
    if (text.length < 15) return null;
    var params = new URLSearchParams({ text: text.slice(0, 6000), published: "1" });
    if (value("country")) params.set("country", value("country"));
    if (value("category")) params.set("category", value("category"));
    return params.toString();
  }

  function paragraph(text) {
    var p = document.createElement("p");
    p.textContent = text;
    return p;
  }

  function render(items) {
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!items.length) return;
    results.appendChild(paragraph(panel.getAttribute("data-found-label")));
    var list = document.createElement("ul");
    list.className = "known-list";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "known-item";
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      var meta = document.createElement("span");
      meta.className = "known-meta";
      meta.textContent = item.reference;
      var button = document.createElement("button");
      button.type = "submit";
      button.name = "follow";
      button.value = item.reference;
      button.className = "krds-btn primary small";
      button.textContent = panel.getAttribute("data-follow-label");
      li.appendChild(link);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(meta);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(button);
      list.appendChild(li);
    });
    results.appendChild(list);
    results.appendChild(paragraph(panel.getAttribute("data-different-label")));
  }

  function update() {
    var q = query();
    if (!q || q === last) return;
    last = q;
    fetch(url + "?" + q, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && query() === q) render(data.results || []); })
      .catch(function () { /* the check button still works */ });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 600);
  }

  ["product", "description", "desired_fix"].forEach(function (name) {
    if (form.elements[name]) form.elements[name].addEventListener("input", schedule);
  });
  ["country", "category"].forEach(function (name) {
    if (form.elements[name]) form.elements[name].addEventListener("change", schedule);
  });
  if (query()) schedule();
})();
