// rosette default theme: the home page's search. It filters the badge
// classes and public earners of the site's search index (built with the
// site, fetched from the site itself) as the visitor types, and says how
// many match in a live region. Without the script the form stays hidden
// and the full lists are shown. Every sentence shown is read from the
// form's data- attributes, which the template writes.
(function () {
  "use strict";

  var form = document.getElementById("search");
  if (!form || !window.fetch || !String.prototype.normalize) return;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var full = Array.prototype.slice.call(document.querySelectorAll("[data-search-full]"));
  var index = null, loading = null, timer = 0;

  // text is a sentence of the form, its {name}s replaced by values.
  function text(name, values) {
    return (form.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (m, k) {
      return k in values ? String(values[k]) : m;
    });
  }
  // fold is s lower-cased without accents, so that "resume" finds "Résumé".
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index")).then(function (r) {
        if (!r.ok) throw new Error("status " + r.status);
        return r.json();
      }).then(function (data) {
        index = {
          badges: (data.badges || []).map(function (b) { return { item: b, text: fold(b.name + " " + b.description) }; }),
          earners: (data.earners || []).map(function (e) { return { item: e, text: fold(e.name) }; }),
        };
      });
      loading.catch(function () {
        status.textContent = text("unavailable", {});
        form.setAttribute("data-state", "unavailable");
      });
    }
    return loading;
  }

  function badgeItem(b) {
    var li = document.createElement("li");
    li.className = "card";
    var a = document.createElement("a");
    a.className = "card-link";
    a.href = b.url;
    var img = document.createElement("img");
    img.src = b.image;
    img.width = img.height = 96;
    img.alt = ""; // the name follows in the same link
    var title = document.createElement("span");
    title.className = "card-title";
    title.textContent = b.name;
    a.append(img, title);
    var p = document.createElement("p");
    p.className = "card-text";
    p.textContent = b.description;
    li.append(a, p);
    return li;
  }
  function earnerItem(e) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = e.url;
    a.textContent = e.name;
    li.append(a);
    return li;
  }
  function show(group, found, make) {
    var list = document.getElementById("results-" + group);
    list.replaceChildren.apply(list, found.map(function (f) { return make(f.item); }));
    list.hidden = found.length === 0;
    document.getElementById("results-" + group + "-title").hidden = found.length === 0;
  }

  function run() {
    var query = input.value.trim();
    var terms = fold(query).split(/\s+/).filter(Boolean);
    clearTimeout(timer);
    if (!terms.length || !index) {
      results.hidden = true;
      full.forEach(function (el) { el.hidden = false; });
      if (index) {
        status.textContent = "";
        form.setAttribute("data-state", "idle");
      }
      return;
    }
    function match(entry) {
      return terms.every(function (t) { return entry.text.indexOf(t) >= 0; });
    }
    var badges = index.badges.filter(match), earners = index.earners.filter(match);
    show("badges", badges, badgeItem);
    show("earners", earners, earnerItem);
    var n = badges.length + earners.length;
    // Nothing found: the sentence under the box says so, alone.
    results.hidden = n === 0;
    full.forEach(function (el) { el.hidden = true; });
    // The count is announced once the visitor pauses, not at every key.
    var said = text(n === 0 ? "none" : n === 1 ? "one" : "many", { count: n, query: query });
    timer = setTimeout(function () {
      status.textContent = said;
      form.setAttribute("data-state", "done");
    }, 350);
    form.setAttribute("data-state", "typing");
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  input.addEventListener("focus", load);
  input.addEventListener("input", function () { load().then(run, function () {}); });
  if (input.value) load().then(run, function () {});
})();
