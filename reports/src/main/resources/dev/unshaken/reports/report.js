// Draws the charts of the Unshaken report from the JSON in #unshaken-data, then says on <body> whether it worked:
// data-charts="ok" or "error: ...", and on each canvas data-painted-pixels (how many sampled pixels are not blank).
(function () {
  'use strict';
  var errors = window.unshakenErrors || [];
  var palette = ['#2563eb', '#9333ea', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#0d9488', '#7c3aed'];

  // Faults as shaded bands from start to end, drawn under the datasets; their edges, a ribbon along the top and
  // their labels are drawn over the datasets, so a fault stays visible behind dense bars. Instant faults are thin lines.
  function visibleBands(chart, options) {
    var x = chart.scales.x, area = chart.chartArea;
    return ((options && options.bands) || []).map(function (band, i) {
      var left = x.getPixelForValue(band.start), right = x.getPixelForValue(band.end);
      if (right < area.left || left > area.right) { return null; }
      left = Math.max(left, area.left);
      right = Math.min(Math.max(right, left + 2), area.right);
      return { band: band, index: i, left: left, right: right };
    }).filter(function (b) { return b !== null; });
  }

  var faultBands = {
    id: 'unshakenFaultBands',
    beforeDatasetsDraw: function (chart, args, options) {
      var area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      visibleBands(chart, options).forEach(function (b) {
        if (b.band.instant) { return; }
        ctx.fillStyle = b.band.open ? 'rgba(220,38,38,0.10)' : 'rgba(249,115,22,0.16)';
        ctx.fillRect(b.left, area.top, b.right - b.left, area.bottom - area.top);
      });
      ctx.restore();
    },
    afterDatasetsDraw: function (chart, args, options) {
      var area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.lineWidth = 1;
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      visibleBands(chart, options).forEach(function (b) {
        ctx.strokeStyle = 'rgba(194,65,12,0.65)';
        if (b.band.instant) {
          ctx.setLineDash([3, 3]);
          ctx.beginPath(); ctx.moveTo(b.left + 0.5, area.top); ctx.lineTo(b.left + 0.5, area.bottom); ctx.stroke();
          ctx.setLineDash([]);
          return;
        }
        ctx.beginPath();
        ctx.moveTo(b.left + 0.5, area.top); ctx.lineTo(b.left + 0.5, area.bottom);
        ctx.moveTo(b.right - 0.5, area.top); ctx.lineTo(b.right - 0.5, area.bottom);
        ctx.stroke();
        ctx.fillStyle = b.band.open ? '#dc2626' : '#ea580c';
        ctx.fillRect(b.left, area.top, b.right - b.left, 5);
        var label = b.band.label, y = area.top + 7 + (b.index % 3) * 13;
        var width = ctx.measureText(label).width;
        ctx.fillStyle = 'rgba(255,255,255,0.85)';
        ctx.fillRect(b.left + 2, y - 1, width + 4, 13);
        ctx.fillStyle = '#9a3412';
        ctx.fillText(label, b.left + 4, y);
      });
      ctx.restore();
    }
  };

  function options(scenario, yAxis, lineLegend) {
    // The same width for every y axis, so the time axes of all charts line up.
    yAxis.afterFit = function (axis) { axis.width = 64; };
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        unshakenFaultBands: { bands: scenario.faults },
        legend: { position: 'top', align: 'end', labels: { boxWidth: 12, boxHeight: 12, usePointStyle: !!lineLegend, pointStyle: 'line' } },
        tooltip: {
          callbacks: {
            title: function (items) { return items.length ? '+' + items[0].parsed.x.toFixed(1) + ' s' : ''; }
          }
        }
      },
      scales: {
        x: {
          type: 'linear', min: 0, max: Math.max(1, scenario.duration),
          title: { display: true, text: 'seconds since scenario start' },
          ticks: { maxTicksLimit: 20 }
        },
        y: yAxis
      }
    };
  }

  function throughput(canvas, scenario) {
    var opts = options(scenario, { stacked: true, beginAtZero: true, title: { display: true, text: 'responses / s' } });
    opts.scales.x.stacked = true;
    opts.scales.x.offset = false;
    return new Chart(canvas, {
      type: 'bar',
      data: {
        datasets: [
          { label: 'OK', data: scenario.throughput.ok, backgroundColor: '#22c55e', barPercentage: 1, categoryPercentage: 0.9 },
          { label: 'failed', data: scenario.throughput.failed, backgroundColor: '#dc2626', barPercentage: 1, categoryPercentage: 0.9 }
        ]
      },
      options: opts
    });
  }

  function latency(canvas, scenario) {
    var line = function (label, data, color, width) {
      return { label: label, data: data, borderColor: color, backgroundColor: color, borderWidth: width, pointRadius: 0, spanGaps: false };
    };
    return new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          line('p50', scenario.latency.p50, '#2563eb', 1.5),
          line('p95', scenario.latency.p95, '#d97706', 1.5),
          line('p99', scenario.latency.p99, '#b91c1c', 1.5)
        ]
      },
      options: options(scenario, { type: 'logarithmic', title: { display: true, text: 'ms' } }, true)
    });
  }

  // One colour per Deployment/HPA name across all scenarios (an HPA takes its Deployment's colour, dashed).
  var colours = {};
  function colourOf(name) {
    if (!(name in colours)) { colours[name] = palette[Object.keys(colours).length % palette.length]; }
    return colours[name];
  }

  function replicas(canvas, scenario) {
    var datasets = scenario.replicas.map(function (series) {
      var color = colourOf(series.object);
      return {
        label: series.label, data: series.points, stepped: true, borderColor: color, backgroundColor: color,
        borderWidth: 2, pointRadius: 0, borderDash: series.kind === 'hpa' ? [6, 4] : []
      };
    });
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: options(scenario, { beginAtZero: true, grace: '15%', ticks: { precision: 0 }, title: { display: true, text: 'replicas' } }, true)
    });
  }

  function paintedPixels(canvas) {
    var data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    var painted = 0;
    for (var i = 3; i < data.length; i += 4 * 7) {   // every 7th pixel's alpha
      if (data[i] !== 0) { painted++; }
    }
    return painted;
  }

  var drawers = { throughput: throughput, latency: latency, replicas: replicas };
  var canvases = document.querySelectorAll('canvas[data-chart]');
  try {
    if (typeof Chart === 'undefined') { throw new Error('Chart.js did not load'); }
    Chart.register(faultBands);
    var scenarios = JSON.parse(document.getElementById('unshaken-data').textContent);
    canvases.forEach(function (canvas) {
      var name = canvas.dataset.chart;
      try {
        drawers[name](canvas, scenarios[Number(canvas.dataset.scenario)]);
        var painted = paintedPixels(canvas);
        canvas.dataset.paintedPixels = String(painted);
        if (painted === 0) { errors.push(name + ' chart of scenario ' + canvas.dataset.scenario + ' is blank'); }
      } catch (e) {
        errors.push(name + ' chart of scenario ' + canvas.dataset.scenario + ': ' + e.message);
      }
    });
  } catch (e) {
    errors.push(e.message);
  }
  document.body.dataset.chartCount = String(canvases.length);
  document.body.dataset.charts = errors.length ? 'error: ' + errors.join('; ') : 'ok';
  if (errors.length) {
    var banner = document.createElement('div');
    banner.className = 'chart-error';
    banner.textContent = 'Some charts could not be drawn: ' + errors.join('; ');
    document.body.insertBefore(banner, document.body.firstChild);
  }
})();
