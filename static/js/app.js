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
// Rows that grow (the people of a clue's result): the <template> holds an empty row whose
// "__prefix__" becomes the next number; Django's management form counts the rows.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (!button) return;
  const rows = button.closest("[data-rows]");
  const total = rows.querySelector("input[name$='-TOTAL_FORMS']");
  const most = Number(rows.querySelector("input[name$='-MAX_NUM_FORMS']").value);
  const row = rows.querySelector("template[data-rows-template]").innerHTML
    .replaceAll("__prefix__", total.value);
  rows.querySelector("[data-rows-list]").insertAdjacentHTML("beforeend", row);
  total.value = Number(total.value) + 1;
  rows.querySelector("[data-rows-list] > :last-child input").focus();
  if (Number(total.value) >= most) {
    button.disabled = true;
    rows.querySelector("[data-rows-full]").hidden = false;
  }
});
