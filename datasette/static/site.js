/* The site's chart and map, drawn in the page from the canned query's own JSON: no network beyond this
   server, no tile server. Numbers are written the Vietnamese way (160,596 tỷ đồng; 5.486). */
"use strict";

function vnNumber(x, decimals) {
  if (x === null || x === undefined) return "";
  return Number(x).toLocaleString("vi-VN", { maximumFractionDigits: decimals === undefined ? 3 : decimals });
}

function siteAmount(row) {
  if (row.total_ty_dong !== null && row.total_ty_dong !== undefined) return vnNumber(row.total_ty_dong, 3) + " tỷ đồng";
  if (row.unit === "percent") return vnNumber(row.total, 2) + " %";
  if (row.unit === "m2") return vnNumber(row.total, 2) + " m²";
  return vnNumber(row.total, 2);
}

function siteValue(row) {
  var v = row.total_ty_dong !== null && row.total_ty_dong !== undefined ? row.total_ty_dong : row.total;
  return v === null || v === undefined ? null : Number(v);
}

function siteSelectedMetric() {
  var select = document.querySelector("select[name=metric]");
  if (!select || !select.value) return "";
  return select.options[select.selectedIndex].text;
}

function siteChart(figure) {
  var body = figure.querySelector(".chart-body");
  fetch(figure.dataset.src).then(function (r) { return r.json(); }).then(function (rows) {
    rows = rows.filter(function (r) { return r.year !== null && siteValue(r) !== null; });
    if (!rows.length) { body.textContent = "Không có số liệu để vẽ."; return; }
    var metric = siteSelectedMetric() || (rows[0].metric_vi || "");
    var unit = rows[0].total_ty_dong !== null && rows[0].total_ty_dong !== undefined ? "tỷ đồng" : "";
    figure.querySelector("figcaption").textContent = "Tổng theo năm" + (metric ? ": " + metric : "") + (unit ? " (" + unit + ")" : "");
    var W = 760, H = 320, left = 70, bottom = 40, top = 24;
    var max = Math.max.apply(null, rows.map(siteValue)) || 1;
    var bw = (W - left - 10) / rows.length;
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("class", "bar-chart");
    svg.setAttribute("role", "img");
    function el(name, attrs, text) {
      var e = document.createElementNS(ns, name);
      for (var k in attrs) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e);
      return e;
    }
    el("line", { x1: left, y1: H - bottom, x2: W - 5, y2: H - bottom, stroke: "#666" });
    for (var t = 0; t <= 4; t++) {
      var tv = max * t / 4, ty = H - bottom - (H - bottom - top) * t / 4;
      el("text", { x: left - 6, y: ty + 4, "text-anchor": "end", "font-size": 11 }, vnNumber(tv, tv < 10 ? 1 : 0));
      el("line", { x1: left, y1: ty, x2: W - 5, y2: ty, stroke: "#ddd" });
    }
    rows.forEach(function (r, i) {
      var v = siteValue(r), h = (H - bottom - top) * v / max, x = left + i * bw + bw * 0.15;
      var bar = el("rect", { x: x, y: H - bottom - h, width: bw * 0.7, height: Math.max(h, 1), fill: "#2b6cb0", "class": "bar", "data-year": r.year });
      var tip = document.createElementNS(ns, "title");
      tip.textContent = r.year + ": " + siteAmount(r) + " · " + r.figures + " con số, " + r.articles + " bài";
      bar.appendChild(tip);
      el("text", { x: x + bw * 0.35, y: H - bottom + 16, "text-anchor": "middle", "font-size": 12 }, String(r.year));
      el("text", { x: x + bw * 0.35, y: H - bottom - h - 4, "text-anchor": "middle", "font-size": 11, "class": "bar-label" }, vnNumber(siteValue(r), 1));
    });
    body.appendChild(svg);
  }).catch(function (e) { body.textContent = "Không vẽ được biểu đồ: " + e; });
}

var SITE_COLORS = ["#fee8c8", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"];

function siteMap(figure) {
  var body = figure.querySelector(".map-body");
  // datasette-leaflet ships Leaflet as an ES module, served by this site.
  Promise.all([
    fetch(figure.dataset.shapes).then(function (r) { return r.json(); }),
    fetch(figure.dataset.src).then(function (r) { return r.json(); }),
    import(figure.dataset.leaflet)
  ]).then(function (all) {
    var shapes = all[0], rows = all[1], L = all[2].default || all[2], byCode = {};
    rows.forEach(function (r) { byCode[r.code] = r; });
    var values = rows.map(siteValue).filter(function (v) { return v !== null && v > 0; }).sort(function (a, b) { return a - b; });
    var breaks = [];
    for (var i = 1; i < SITE_COLORS.length; i++) breaks.push(values.length ? values[Math.floor(values.length * i / SITE_COLORS.length)] : 0);
    function color(v) {
      if (v === null || v === undefined) return "#f2f2f2";
      var k = 0;
      while (k < breaks.length && v >= breaks[k]) k++;
      return SITE_COLORS[k];
    }
    var map = L.map(body, { zoomSnap: 0.25, attributionControl: false, maxBounds: [[5, 98], [26, 114]] });
    var layer = L.geoJSON(shapes, {
      style: function (f) {
        var r = byCode[f.properties.code];
        return { fillColor: color(r ? siteValue(r) : null), fillOpacity: 0.9, color: "#555", weight: 0.8 };
      },
      onEachFeature: function (f, lyr) {
        var r = byCode[f.properties.code];
        var html = "<strong>" + f.properties.name + "</strong>";
        if (f.properties.name_2025 && f.properties.name_2025 !== f.properties.name) html += " <small>(từ 2025: " + f.properties.name_2025 + ")</small>";
        if (r) {
          if (r.facts) html += "<br>" + siteAmount(r) + "<br>" + r.figures + " con số trong " + r.articles + " bài";
          else html += "<br>không có số liệu riêng của tỉnh";
          // a joint total of several provinces is not added to any of them (canned query province_map)
          if (r.joint_totals) html += "<br><em>và " + r.joint_totals + " tổng chung của nhiều tỉnh (không cộng vào đây)</em>";
        } else {
          html += "<br>không có số liệu";
        }
        lyr.bindPopup(html);
        lyr.feature.properties.shaded = !!(r && r.facts);  // joint totals only: not shaded
      }
    });
    map.fitBounds(layer.getBounds());
    layer.addTo(map);  // after the view is set, so every outline has its SVG path now
    layer.eachLayer(function (lyr) {
      var e = lyr.getElement && lyr.getElement();
      if (!e) return;
      e.setAttribute("data-code", lyr.feature.properties.code);
      if (lyr.feature.properties.shaded) e.classList.add("shaded");
    });
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      var metric = siteSelectedMetric() || (rows.length ? rows[0].metric_vi : "");
      var unit = rows.some(function (r) { return r.total_ty_dong !== null && r.total_ty_dong !== undefined; }) ? " (tỷ đồng)" : "";
      var h = "<strong>" + (metric || "Tổng") + unit + "</strong>";
      var lo = values.length ? values[0] : 0;
      for (var i = 0; i < SITE_COLORS.length; i++) {
        var from = i === 0 ? lo : breaks[i - 1], to = i < breaks.length ? breaks[i] : values[values.length - 1];
        if (!values.length) break;
        h += "<div><i style='background:" + SITE_COLORS[i] + "'></i> " + vnNumber(from) + (i < breaks.length ? " – " + vnNumber(to) : " trở lên") + "</div>";
      }
      h += "<div><i style='background:#f2f2f2'></i> không có số liệu</div>";
      div.innerHTML = h;
      return div;
    };
    legend.addTo(map);
    figure.dataset.ready = "1";
  }).catch(function (e) { body.textContent = "Không vẽ được bản đồ: " + e; });
}
