/**
 * The report's own script, inlined as text: table sorting and Chart.js
 * charts from the JSON data block. Browser JavaScript (ES2017), kept as a
 * string so no compiler rewrites it. It never builds markup from data:
 * text goes in through textContent, rows are moved, not rebuilt.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var body = document.body;

  function readData() {
    var el = document.getElementById('report-data');
    return el ? JSON.parse(el.textContent || 'null') : null;
  }

  /* ---- sortable tables ---- */
  function sortValue(cell, type) {
    if (!cell) return null;
    var raw = cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent;
    if (type === 'num') {
      if (raw === null || raw === '') return null;
      var n = Number(raw);
      return isNaN(n) ? null : n;
    }
    return String(raw).toLowerCase();
  }

  function wireTable(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll('thead th'));
    headers.forEach(function (th, index) {
      var button = th.querySelector('button.sort');
      if (!button) return;
      button.addEventListener('click', function () {
        var type = th.getAttribute('data-type') || 'text';
        var current = th.getAttribute('aria-sort');
        var dir = current === 'descending' ? 'ascending' : current === 'ascending' ? 'descending' : type === 'num' ? 'descending' : 'ascending';
        headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var tbody = table.tBodies[0];
        var keyed = Array.prototype.slice.call(tbody.rows).map(function (row, i) {
          return { row: row, i: i, v: sortValue(row.cells[index], type) };
        });
        keyed.sort(function (a, b) {
          if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1; // missing values last
          var c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
          return (dir === 'descending' ? -c : c) || a.i - b.i;
        });
        keyed.forEach(function (k) { tbody.appendChild(k.row); });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), wireTable);

  /* ---- charts ---- */
  function formatNumber(v) {
    if (v === null || v === undefined || !isFinite(v)) return '-';
    var abs = Math.abs(v);
    return v.toLocaleString('en-US', { maximumFractionDigits: abs >= 100 ? 0 : abs >= 10 ? 1 : 2 });
  }

  function axis(spec, position) {
    var a = {
      type: 'linear',
      position: position,
      title: { display: true, text: spec.title },
      ticks: { callback: function (v) { return formatNumber(v); } },
      beginAtZero: true
    };
    if (spec.min !== undefined) a.min = spec.min;
    if (spec.max !== undefined) a.max = spec.max;
    return a;
  }

  function chartConfig(spec) {
    var units = [];
    var usesY2 = false;
    var datasets = spec.series.map(function (s) {
      var type = s.dashed ? 'line' : s.type || spec.type;
      units.push(s.unit || '');
      if (s.axis === 'y2') usesY2 = true;
      var ds = {
        type: type,
        label: s.label,
        data: s.data,
        yAxisID: s.axis || 'y',
        borderColor: s.color,
        backgroundColor: s.colors || (type === 'bar' ? s.color : s.fill ? s.color + '26' : s.color),
        borderWidth: type === 'bar' ? 0 : 2,
        fill: !!s.fill,
        pointRadius: s.points || (spec.labels && spec.labels.length <= 3) ? 3 : 0,
        pointHoverRadius: 4,
        tension: 0.3,
        cubicInterpolationMode: 'monotone',
        spanGaps: false,
        order: 1
      };
      if (type === 'bar') { ds.borderRadius = 3; ds.maxBarThickness = 48; ds.order = 2; }
      if (s.dashed) { ds.borderDash = [6, 4]; ds.borderWidth = 1.5; ds.pointRadius = 0; ds.order = 0; }
      return ds;
    });
    var scales = {
      x: spec.x.linear
        ? { type: 'linear', title: { display: true, text: spec.x.title }, min: spec.x.min, ticks: { callback: function (v) { return formatNumber(v); } } }
        : { type: 'category', title: { display: true, text: spec.x.title }, grid: { display: false }, ticks: { maxRotation: spec.kind === 'histogram' ? 45 : 0, autoSkip: spec.kind !== 'histogram' } },
      y: axis(spec.y, 'left')
    };
    if (usesY2 && spec.y2) {
      scales.y2 = axis(spec.y2, 'right');
      scales.y2.grid = { drawOnChartArea: false };
    }
    return {
      type: spec.type,
      data: spec.labels ? { labels: spec.labels, datasets: datasets } : { datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: spec.x.linear ? { xAxisKey: 'x', yAxisKey: 'y' } : undefined,
        interaction: spec.x.linear ? { mode: 'nearest', intersect: false } : { mode: 'index', intersect: false },
        scales: scales,
        plugins: {
          legend: { display: datasets.length > 1, position: 'bottom', labels: { boxWidth: 14, boxHeight: 2, sort: function (a, b) { return a.datasetIndex - b.datasetIndex; } } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var y = ctx.parsed && ctx.parsed.y;
                return ' ' + ctx.dataset.label + ': ' + formatNumber(y) + (units[ctx.datasetIndex] ? ' ' + units[ctx.datasetIndex] : '');
              }
            }
          }
        }
      }
    };
  }

  var data = null;
  try {
    data = readData();
  } catch (e) {
    console.error('report data unreadable: ' + e);
  }
  var specs = (data && data.charts) || [];
  var drawn = 0;
  if (typeof Chart === 'undefined') {
    if (specs.length > 0) console.error('Chart.js did not load: the charts cannot be drawn');
  } else {
    Chart.defaults.font.family = getComputedStyle(body).fontFamily;
    Chart.defaults.font.size = 12;
    Chart.defaults.color = '#475569';
    Chart.defaults.borderColor = '#e2e8f0';
    specs.forEach(function (spec) {
      var canvas = document.getElementById(spec.id);
      if (!canvas) return;
      try {
        new Chart(canvas, chartConfig(spec));
        canvas.setAttribute('data-drawn', 'true');
        drawn++;
      } catch (e) {
        canvas.setAttribute('data-chart-error', String((e && e.message) || e));
        console.error('chart ' + spec.id + ' could not be drawn: ' + e);
      }
    });
  }
  body.dataset.chartsDrawn = String(drawn);
})();
`;
