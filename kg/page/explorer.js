// The explorer's behaviour: search, filters and the evidence panel over pyvis's `network`, `nodes`
// and `edges`. Text from the graph is only ever set as textContent; links only to http(s) addresses.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var QUAD_WORDS = {VerbalCooperation: "verbal cooperation", MaterialCooperation: "material cooperation",
                    VerbalConflict: "verbal conflict", MaterialConflict: "material conflict"};
  var QUAD_GROUPS = {cooperation: ["VerbalCooperation", "MaterialCooperation"],
                     conflict: ["VerbalConflict", "MaterialConflict"]};
  var MAX_LISTED = 200;  // events listed in one panel; the rest are counted
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function fold(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  // ------------------------------------------------------------------ dates: the same rule as kg's filters
  function lastDay(year, month) { return new Date(Date.UTC(year, month, 0)).getUTCDate(); }

  function interval(when) {  // "2017" -> ["2017-01-01", "2017-12-31"]
    var parts = when.split("-");
    if (parts.length === 1) return [when + "-01-01", when + "-12-31"];
    if (parts.length === 2) {
      var day = String(lastDay(+parts[0], +parts[1])).padStart(2, "0");
      return [when + "-01", when + "-" + day];
    }
    return [when.slice(0, 10), when.slice(0, 10)];
  }

  // ------------------------------------------------------------------ filters
  function readFilters() {
    var choice = $("kg-event-filter").value;
    var f = {since: $("kg-since").value || null, until: $("kg-until").value || null,
             min: Math.max(1, parseInt($("kg-min").value, 10) || 1), classes: null, quads: null, kinds: {}};
    if (choice.indexOf("quad:") === 0) {
      var quad = choice.slice(5);
      f.quads = QUAD_GROUPS[quad] || [quad];
    } else if (choice.indexOf("class:") === 0) {
      f.classes = [choice.slice(6)];
    }
    document.querySelectorAll("input[data-kind]").forEach(function (box) { f.kinds[box.dataset.kind] = box.checked; });
    f.active = !!(f.since || f.until || f.classes || f.quads || f.min > 1);
    return f;
  }

  function keeps(f, ev) {
    if (f.classes && f.classes.indexOf(ev.cls) < 0) return false;
    if (f.quads && f.quads.indexOf(ev.quad) < 0) return false;
    if (ev.reports.length < f.min) return false;
    if (f.since || f.until) {
      if (!ev.when) return false;
      var span = interval(ev.when);
      if (f.since && span[0] < f.since) return false;
      if (f.until && span[1] > f.until) return false;
    }
    return true;
  }

  function sign(events) {
    var coop = 0, conflict = 0;
    events.forEach(function (ev) { if (ev.sign > 0) coop++; else if (ev.sign < 0) conflict++; });
    return coop > conflict ? 1 : coop < conflict ? -1 : coop ? "mixed" : 0;  // as viz.balance
  }

  var visibleNodes = {};
  var visibleEdges = {};

  function apply() {
    var f = readFilters();
    var kept = {}, involved = {};
    Object.keys(data.edges).forEach(function (id) {
      var edge = data.edges[id];
      kept[id] = edge.events.filter(function (ev) { return keeps(f, ev); });
      if (kept[id].length) { involved[edge.from] = true; involved[edge.to] = true; }
    });
    var officeKept = function (office) { return !f.active || involved[office.person]; };
    var reached = {};
    Object.keys(data.edges).forEach(function (id) {
      var edge = data.edges[id];
      if (kept[id].length || edge.offices.some(officeKept)) { reached[edge.from] = true; reached[edge.to] = true; }
    });
    var nodeUpdates = [];
    visibleNodes = {};
    Object.keys(data.nodes).forEach(function (id) {
      var show = f.kinds[data.nodes[id].kind] !== false && (!f.active || !!reached[id]);
      if (show) visibleNodes[id] = true;
      nodeUpdates.push({id: id, hidden: !show});
    });
    var edgeUpdates = [];
    visibleEdges = {};
    Object.keys(data.edges).forEach(function (id) {
      var edge = data.edges[id];
      var offices = edge.offices.filter(officeKept);
      var show = visibleNodes[edge.from] && visibleNodes[edge.to] && (kept[id].length > 0 || offices.length > 0);
      if (show) visibleEdges[id] = kept[id];
      var count = kept[id].length;
      edgeUpdates.push({id: id, hidden: !show, width: 1 + 2 * Math.log2(1 + count), dashes: count === 0,
                        color: data.colours.sign[String(sign(kept[id]))]});
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    var shownNodes = Object.keys(visibleNodes).length, shownEdges = Object.keys(visibleEdges).length;
    $("kg-status").textContent = shownNodes + " entities, " + shownEdges + " links shown" +
      (f.active ? " (filtered)" : "");
  }

  function fillEventFilter() {
    var present = {}, quads = {};
    Object.keys(data.edges).forEach(function (id) {
      data.edges[id].events.forEach(function (ev) {
        present[ev.cls] = (present[ev.cls] || 0) + 1;
        quads[ev.quad] = (quads[ev.quad] || 0) + 1;
      });
    });
    var select = $("kg-event-filter");
    var byQuad = el("optgroup"); byQuad.label = "quad classes";
    [["cooperation", "all cooperation"], ["conflict", "all conflict"]].concat(
      Object.keys(QUAD_WORDS).filter(function (q) { return quads[q]; }).map(function (q) { return [q, QUAD_WORDS[q]]; })
    ).forEach(function (pair) {
      var option = el("option", pair[1]); option.value = "quad:" + pair[0]; byQuad.appendChild(option);
    });
    select.appendChild(byQuad);
    var byClass = el("optgroup"); byClass.label = "event classes";
    Object.keys(present).sort().forEach(function (cls) {
      var option = el("option", cls + " (" + present[cls] + ")"); option.value = "class:" + cls;
      byClass.appendChild(option);
    });
    select.appendChild(byClass);
  }

  function fillDateRange() {  // the date pickers open on the period the page covers
    var first = null, last = null;
    Object.keys(data.edges).forEach(function (id) {
      data.edges[id].events.forEach(function (ev) {
        if (!ev.when) return;
        var span = interval(ev.when);
        if (first === null || span[0] < first) first = span[0];
        if (last === null || span[1] > last) last = span[1];
      });
    });
    if (first === null) return;
    ["kg-since", "kg-until"].forEach(function (id) { $(id).min = first; $(id).max = last; });
    $("kg-since").title = "events from " + first + " to " + last;
    $("kg-until").title = $("kg-since").title;
  }

  // ------------------------------------------------------------------ search
  var names = [];  // [folded name, node id, name]

  function fillNames() {
    var list = $("kg-names");
    Object.keys(data.nodes).forEach(function (id) {
      var node = data.nodes[id];
      [node.label].concat(node.names).forEach(function (name) { names.push([fold(name), id, name]); });
      var option = el("option"); option.value = node.label; list.appendChild(option);
    });
  }

  function find(text) {
    var wanted = fold(text);
    if (!wanted) return null;
    var tests = [function (n) { return n === wanted; },
                 function (n) { return n.indexOf(wanted) === 0 || n.slice(n.lastIndexOf(" ") + 1) === wanted; },
                 function (n) { return n.indexOf(wanted) >= 0; }];
    for (var t = 0; t < tests.length; t++) {
      var hits = names.filter(function (entry) { return tests[t](entry[0]); });
      if (hits.length) {
        hits.sort(function (a, b) { return data.nodes[b[1]].mentions - data.nodes[a[1]].mentions; });
        return hits[0][1];
      }
    }
    return null;
  }

  function search(text) {
    var id = find(text);
    if (id === null) { $("kg-status").textContent = "no entity named “" + text + "” on this page"; return null; }
    if (!visibleNodes[id]) { $("kg-status").textContent = data.nodes[id].label + " is hidden by the filters"; }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showNode(id);
    return id;
  }

  // ------------------------------------------------------------------ the panel
  function documentLine(index) {
    var doc = data.documents[index];
    var line = el("div", null, "kg-source");
    var name = doc.title || doc.id;
    if (doc.url) {
      var link = el("a", name); link.href = doc.url; link.target = "_blank"; link.rel = "noopener noreferrer";
      line.appendChild(link);
    } else {
      line.appendChild(el("span", name));
    }
    line.appendChild(el("span", [doc.date, doc.title ? doc.id : null].filter(Boolean).join(" · "), "kg-meta"));
    return line;
  }

  function reportList(reports) {
    var list = el("ul", null, "kg-reports");
    reports.forEach(function (report) {
      var item = el("li");
      item.appendChild(el("q", report[0]));
      item.appendChild(documentLine(report[1]));
      list.appendChild(item);
    });
    return list;
  }

  function eventItem(ev) {
    var item = el("li", null, "kg-event kg-sign" + ev.sign);
    var who = ev.actors.join(", ") + (ev.recipients.length ? " → " + ev.recipients.join(", ") : "");
    var head = el("div", null, "kg-event-head");
    head.appendChild(el("strong", ev.cls));
    head.appendChild(el("span", " " + (QUAD_WORDS[ev.quad] || "") + " · " +
      (ev.when ? (ev.dated ? ev.when : "reported " + ev.when) : "undated") +
      (ev.status ? " · " + ev.status : "") + (ev.place ? " · in " + ev.place : ""), "kg-meta"));
    item.appendChild(head);
    item.appendChild(el("div", who, "kg-who"));
    item.appendChild(reportList(ev.reports));
    return item;
  }

  function officeItem(office, withPerson) {
    var item = el("li", null, "kg-office");
    var text = (office.former ? "former " : "") + office.title + (office.of ? " of " + office.of : "");
    if (withPerson) text = data.nodes[office.person] ? data.nodes[office.person].label + ": " + text : text;
    item.appendChild(el("strong", text));
    item.appendChild(reportList(office.reports));
    return item;
  }

  function openPanel(title, subtitle) {
    var body = $("kg-panel-body");
    body.textContent = "";
    body.appendChild(el("h2", title));
    if (subtitle) body.appendChild(el("p", subtitle, "kg-meta"));
    $("kg-panel").hidden = false;
    return body;
  }

  function eventSection(body, events, heading) {
    body.appendChild(el("h3", heading + " (" + events.length + ")"));
    var list = el("ul", null, "kg-events");
    events.slice(0, MAX_LISTED).forEach(function (ev) { list.appendChild(eventItem(ev)); });
    body.appendChild(list);
    if (events.length > MAX_LISTED) body.appendChild(el("p", "… and " + (events.length - MAX_LISTED) + " more", "kg-meta"));
  }

  function byDate(a, b) { return (a.when || "9999").localeCompare(b.when || "9999"); }

  function showNode(id) {
    var node = data.nodes[id];
    var body = openPanel(node.label, node.kind.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() +
      " · " + node.mentions + " mentions");
    if (node.names.length) body.appendChild(el("p", "Also: " + node.names.join("; "), "kg-names"));
    if (node.offices.length) {
      body.appendChild(el("h3", "Offices"));
      var offices = el("ul");
      node.offices.forEach(function (office) { offices.appendChild(officeItem(office, false)); });
      body.appendChild(offices);
    }
    var seen = {}, events = [];
    Object.keys(visibleEdges).forEach(function (edgeId) {
      var edge = data.edges[edgeId];
      if (edge.from !== id && edge.to !== id) return;
      visibleEdges[edgeId].forEach(function (ev) {
        var key = ev.cls + "|" + ev.from.join() + "|" + ev.to.join() + "|" + ev.when + "|" + ev.reports.length +
          "|" + (ev.reports[0] || [""])[0];
        if (!seen[key]) { seen[key] = true; events.push(ev); }
      });
    });
    eventSection(body, events.sort(byDate), "Events shown");
  }

  function showEdge(id) {
    var edge = data.edges[id];
    var body = openPanel(data.nodes[edge.from].label + " — " + data.nodes[edge.to].label, null);
    var events = (visibleEdges[id] || edge.events).slice().sort(byDate);
    eventSection(body, events, "Events");
    if (edge.offices.length) {
      body.appendChild(el("h3", "Offices"));
      var offices = el("ul");
      edge.offices.forEach(function (office) { offices.appendChild(officeItem(office, true)); });
      body.appendChild(offices);
    }
  }

  // ------------------------------------------------------------------ wiring
  fillNames();
  fillEventFilter();
  fillDateRange();
  ["kg-event-filter", "kg-since", "kg-until", "kg-min"].forEach(function (id) { $(id).addEventListener("change", apply); });
  $("kg-min").addEventListener("input", apply);
  document.querySelectorAll("input[data-kind]").forEach(function (box) { box.addEventListener("change", apply); });
  $("kg-reset").addEventListener("click", function () {
    $("kg-event-filter").value = ""; $("kg-since").value = ""; $("kg-until").value = ""; $("kg-min").value = "1";
    document.querySelectorAll("input[data-kind]").forEach(function (box) { box.checked = true; });
    apply();
  });
  $("kg-search").addEventListener("keydown", function (event) { if (event.key === "Enter") search(this.value); });
  $("kg-search").addEventListener("change", function () { search(this.value); });
  $("kg-close").addEventListener("click", function () { $("kg-panel").hidden = true; });
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  network.once("afterDrawing", function () { window.kgDrawnAt = performance.now(); });
  apply();
  if (data.focus.length) network.selectNodes(data.focus.filter(function (id) { return data.nodes[id]; }));

  // for scripts and tests: read the state, drive the page
  window.kgExplorer = {
    visibleNodes: function () { return Object.keys(visibleNodes); },
    visibleEdges: function () { return Object.keys(visibleEdges); },
    search: search, find: find, showNode: showNode, showEdge: showEdge, apply: apply
  };
})();
