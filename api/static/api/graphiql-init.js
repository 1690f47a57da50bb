// GraphiQL for a signed-in browser session (api/templates/api/graphiql.html), from the vendored
// React and GraphiQL bundles (api/static/graphiql/, `make graphiql`): no CDN, no inline script.
// Requests go to this page's own URL with the session cookie and Django's CSRF token.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  if (!root || !window.GraphiQL || !window.React || !window.ReactDOM) {
    return;
  }
  var tokenInput = document.querySelector("[name=csrfmiddlewaretoken]");
  var headers = {};
  if (tokenInput) {
    headers["X-CSRFToken"] = tokenInput.value;
  }
  var fetcher = window.GraphiQL.createFetcher({
    url: root.getAttribute("data-endpoint") || window.location.pathname,
    headers: headers,
  });
  var element = window.React.createElement(window.GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    defaultQuery: root.getAttribute("data-default-query") || undefined,
  });
  window.ReactDOM.createRoot(root).render(element);
})();
