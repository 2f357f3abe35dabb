// The console's only script of its own (the CSP allows no inline script): draws the outcome
// chart from its data attribute with Chart.js, when the page has one.
(function () {
  'use strict';
  var COLOURS = {
    success: '#1a7f37', failure: '#cf222e', error: '#bc4c00', skipped: '#6e7781', duplicate: '#8250df',
    parked: '#9a6700', retrying: '#0969da', pending: '#54aeff', cancelled: '#57606a',
  };
  function draw() {
    var canvas = document.getElementById('outcome-chart');
    if (!canvas || typeof window.Chart !== 'function') return;
    var counts;
    try { counts = JSON.parse(canvas.getAttribute('data-counts') || '{}'); } catch (e) { return; }
    var labels = Object.keys(counts);
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: labels,
        datasets: [{ label: 'deliveries', data: labels.map(function (k) { return counts[k]; }), backgroundColor: labels.map(function (k) { return COLOURS[k] || '#999'; }) }],
      },
      options: { indexAxis: 'y', animation: false, plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
