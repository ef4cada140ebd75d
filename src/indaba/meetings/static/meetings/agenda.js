// "Add a line" on the agenda form: adds an empty agenda line in place (without it the
// button submits and the server sends the form back one line longer, nothing lost).
(function () {
  "use strict";
  var button = document.querySelector("[data-agenda-add]");
  var rows = document.querySelector("[data-agenda-rows]");
  var template = document.getElementById("agenda-empty-row");
  var total = document.querySelector("input[name$='-TOTAL_FORMS']");
  if (!button || !rows || !template || !total) return;
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__line__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = rows.lastElementChild;
    var title = added && added.querySelector("input[name$='-title']");
    if (title) title.focus();
  });
})();
