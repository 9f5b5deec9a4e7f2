// Search and filters: a fact is shown when it matches every one; a story with none shown is hidden.
(function () {
  var facts = Array.prototype.slice.call(document.querySelectorAll("article.fact"));
  var texts = null;
  var field = function (id) { return document.getElementById(id); };
  function apply() {
    if (texts === null) { texts = facts.map(function (f) { return f.textContent.toLowerCase(); }); }
    var q = field("q").value.trim().toLowerCase(), status = field("status").value,
        type = field("type").value, outlet = field("outlet").value, shown = 0;
    facts.forEach(function (f, i) {
      var ok = (!q || texts[i].indexOf(q) >= 0) && (!status || f.dataset.status === status) &&
        (!type || f.dataset.type === type) && (!outlet || f.dataset.outlets.split("|").indexOf(outlet) >= 0);
      f.classList.toggle("hidden", !ok);
      if (ok) { shown += 1; }
    });
    document.querySelectorAll("section.story").forEach(function (s) {
      s.classList.toggle("hidden", !s.querySelector("article.fact:not(.hidden)"));
      s.querySelectorAll("details.rest").forEach(function (d) {
        if (field("open").checked || q || status || type || outlet) { d.open = !!d.querySelector("article.fact:not(.hidden)"); }
      });
    });
    field("shown").textContent = shown + " of " + facts.length + " facts shown";
  }
  ["q", "status", "type", "outlet", "open"].forEach(function (id) { field(id).addEventListener("input", apply); });
  field("open").addEventListener("change", apply);
  field("shown").textContent = facts.length + " facts";
})();
