// Filter, sort and expand the findings table. No library, no network.
(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (!table) { return; }
  var bodies = Array.prototype.slice.call(table.querySelectorAll("tbody.finding"));
  // The search box matches everything a finding shows, details included.
  var texts = new Map(bodies.map(function (b) { return [b, b.textContent.toLowerCase()]; }));
  var controls = {
    text: document.getElementById("filter-text"),
    severity: document.getElementById("filter-severity"),
    status: document.getElementById("filter-status"),
    namespace: document.getElementById("filter-namespace"),
    onlyNew: document.getElementById("filter-new")
  };
  var shown = document.getElementById("shown-count");
  var noMatch = document.getElementById("no-match");

  function matches(b) {
    var d = b.dataset, q = controls.text.value.trim().toLowerCase();
    return (!q || texts.get(b).indexOf(q) >= 0) &&
      (!controls.severity.value || d.severity === controls.severity.value) &&
      (!controls.status.value || d.status === controls.status.value) &&
      (!controls.namespace.value || d.namespace === controls.namespace.value) &&
      (!controls.onlyNew || !controls.onlyNew.checked || d.baseline === "new");
  }

  function filter() {
    var n = 0;
    bodies.forEach(function (b) {
      b.hidden = !matches(b);
      if (!b.hidden) { n++; }
    });
    shown.textContent = String(n);
    noMatch.hidden = n !== 0 || bodies.length === 0;
  }

  Object.keys(controls).forEach(function (k) {
    var el = controls[k];
    if (el) { el.addEventListener("input", filter); el.addEventListener("change", filter); }
  });

  // Sorting: numbers (severity, risk) start with the largest, text with A;
  // a second click reverses; ties keep the report's order.
  function sortBy(th) {
    var key = th.dataset.sort, numeric = th.dataset.type === "number";
    var dir = th.getAttribute("aria-sort") === (numeric ? "descending" : "ascending") ? -1 : 1;
    if (numeric) { dir = -dir; }
    table.querySelectorAll("th[data-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
    var value = function (b) { return numeric ? Number(b.dataset[key === "severity" ? "sevrank" : key]) : b.dataset[key]; };
    bodies.sort(function (a, b) {
      var x = value(a), y = value(b);
      var c = numeric ? x - y : x.localeCompare(y);
      return c * dir || Number(a.dataset.order) - Number(b.dataset.order);
    });
    bodies.forEach(function (b) { table.appendChild(b); });
  }
  table.querySelectorAll("th[data-sort] button").forEach(function (btn) {
    btn.addEventListener("click", function () { sortBy(btn.parentElement); });
  });

  function setOpen(body, open) {
    var detail = body.querySelector("tr.detail"), btn = body.querySelector("button.toggle");
    detail.hidden = !open;
    btn.setAttribute("aria-expanded", String(open));
    btn.textContent = open ? "hide" : "details";
  }
  table.addEventListener("click", function (e) {
    var btn = e.target.closest("button.toggle");
    if (btn) { var body = btn.closest("tbody"); setOpen(body, body.querySelector("tr.detail").hidden); }
  });
  var expand = document.getElementById("expand-all");
  expand.addEventListener("click", function () {
    var open = expand.textContent === "Expand all";
    bodies.forEach(function (b) { setOpen(b, open); });
    expand.textContent = open ? "Collapse all" : "Expand all";
  });

  // A link to a finding (top risks, or #f3 in the address) opens it.
  function openHash() {
    var b = location.hash && document.getElementById(location.hash.slice(1));
    if (b && b.classList.contains("finding")) { b.hidden = false; setOpen(b, true); }
  }
  window.addEventListener("hashchange", openHash);
  document.querySelectorAll("a[data-open]").forEach(function (a) {
    a.addEventListener("click", function () {
      var b = document.getElementById(a.dataset.open);
      if (b) { b.hidden = false; setOpen(b, true); }
    });
  });
  openHash();
  filter();
})();
