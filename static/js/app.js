// Inline handlers are blocked by the CSP, so behaviour is attached here.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
// Irreversible steps name their consequence and ask first: on the button that was pressed,
// or on the whole form.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const message = (button && button.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
// Every form sent by POST carries a one-time token (config.middleware.OnceMiddleware): a double
// click or a resent page then saves nothing twice.
function stampOnce(root) {
  root.querySelectorAll("form[method=post], form[method=POST]").forEach((form) => {
    if (form.querySelector("input[name=_once]")) return;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "_once";
    // getRandomValues, unlike randomUUID, also works on an intranet served over plain HTTP.
    input.value = Array.from(crypto.getRandomValues(new Uint8Array(16)),
                             (byte) => byte.toString(16).padStart(2, "0")).join("");
    form.append(input);
  });
}
stampOnce(document);
document.addEventListener("htmx:load", (event) => stampOnce(event.detail.elt));
