// The KRDS mobile menu (#mobile-nav). Without JavaScript the "Menu" link opens it through CSS
// :target; with it, the link toggles the menu, traps nothing, and Escape or "Close" returns focus.
(function () {
  "use strict";
  var menu = document.getElementById("mobile-nav");
  var opener = document.querySelector('[aria-controls="mobile-nav"]');
  if (!menu || !opener) return;
  var closer = document.getElementById("close-nav");
  var panel = menu.querySelector(".gnb-wrap");

  function open(event) {
    if (event) event.preventDefault();
    menu.classList.add("is-open", "is-backdrop");
    opener.setAttribute("aria-expanded", "true");
    document.body.classList.add("is-gnb-mobile");
    panel.setAttribute("tabindex", "-1");
    panel.focus();
  }
  function close(event) {
    if (event) event.preventDefault();
    menu.classList.remove("is-open", "is-backdrop");
    opener.setAttribute("aria-expanded", "false");
    document.body.classList.remove("is-gnb-mobile");
    if (window.location.hash === "#mobile-nav") {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    opener.focus();
  }
  opener.addEventListener("click", open);
  if (closer) closer.addEventListener("click", close);
  menu.addEventListener("click", function (event) {
    if (event.target === menu) close(event); // a click on the dimmed backdrop
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("is-open")) close(event);
  });
  if (window.location.hash === "#mobile-nav") open();
})();
