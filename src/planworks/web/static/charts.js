/* Charts drawn from the JSON the page embeds (<script type="application/json">), with
 * Apache ECharts when the page loaded it; without it the page keeps its tables. Also:
 * forms marked data-autosubmit are sent as soon as one of their selects changes. */
(function () {
  "use strict";

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function mark(dates, values, records) {
    var wanted = new Set(records);
    var out = [];
    dates.forEach(function (d, i) {
      if (wanted.has(d) && values[i] !== null) out.push({ coord: [d, values[i]], value: "★" });
    });
    return out;
  }

  var draw = {
    cumulative: function (s) {
      var d = s.data, series = [
        { name: s.labels.actual, type: "line", data: d.cumulative, showSymbol: false, lineStyle: { width: 3 } }
      ];
      if (d.expected) {
        series.push({ name: s.labels.expected, type: "line", data: d.expected, showSymbol: false, lineStyle: { type: "dashed" } });
      }
      if (d.target !== null) {
        series[0].markLine = { symbol: "none", label: { formatter: s.labels.target }, data: [{ yAxis: d.target }] };
      }
      return {
        tooltip: { trigger: "axis" },
        legend: {},
        grid: { left: 60, right: 20, bottom: 40 },
        xAxis: { type: "category", data: d.dates },
        yAxis: { type: "value", name: d.uom },
        series: series
      };
    },
    daily: function (s) {
      var d = s.data;
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 60, right: 20, bottom: 40 },
        xAxis: { type: "category", data: d.dates },
        yAxis: { type: "value", name: d.uom },
        series: [{
          name: s.labels.daily, type: "bar", data: d.daily,
          markPoint: { symbol: "pin", symbolSize: 36, data: mark(d.dates, d.daily, d.records) }
        }]
      };
    },
    grades: function (s) {
      return {
        tooltip: { trigger: "item", formatter: "{b}: {d}%" },
        series: [{
          name: s.labels.grade, type: "pie", radius: ["35%", "70%"],
          data: s.data.grades.map(function (g) { return { name: String(g.grade), value: g.quantity }; })
        }]
      };
    },
    sankey: function (s) {
      var labels = {};
      s.nodes.forEach(function (n) { labels[n.name] = n.label; });
      return {
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            if (p.dataType === "edge") {
              return labels[p.data.source] + " → " + labels[p.data.target] + ": " +
                Math.round(p.data.value).toLocaleString() + (p.data.mode ? " (" + p.data.mode + ")" : "");
            }
            return labels[p.name];
          }
        },
        series: [{
          type: "sankey", emphasis: { focus: "adjacency" }, nodeAlign: "left",
          data: s.nodes.map(function (n) { return { name: n.name }; }),
          links: s.links,
          label: { formatter: function (p) { return labels[p.name]; } },
          lineStyle: { color: "gradient", curveness: 0.5 }
        }]
      };
    }
  };

  function charts() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var make = draw[el.dataset.chart], data = read(el.dataset.source);
      if (!make || !data) return;
      el.hidden = false;
      var chart = window.echarts.init(el);
      chart.setOption(make(data));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function autosubmit() {
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    autosubmit();
    charts();
  });
})();
