/*
 * distillnas report pages: several runs side by side (compare's tables and plots, each run's
 * validation curve), drawn with report.js's kit.
 */
(function () {
  'use strict';
  var k = window.DistillnasReport.kit;
  var el = k.el, section = k.section, num = k.num, table = k.table, fill = k.fill, base = k.base, chart = k.chart,
    line = k.line, warnings = k.warnings, theme = k.theme;

  function renderCompare(app, v) {
    var head = section(app, 'head');
    fill(head, [el('h1', null, v.title), el('p', {'class': 'facts'}, v.runs.map(function (r) {
      return r.id + ' (' + r.label + ', seed ' + r.seed + (r.finished ? '' : ', running') + ')';
    }).join(' · ')), warnings(v.warnings)]);

    var tbody = section(app, 'tables', 'Table (distillnas compare)');
    if (v.tables) {
      fill(tbody, v.tables.map(function (b) {
        return b.kind === 'table' ? table(b.rows, b.header) : el('p', null, b.text);
      }));
    } else {
      fill(tbody, [el('p', {'class': 'note'}, v.table_note || '')]);
    }

    var pbody = section(app, 'plots', 'Plots');
    if (v.groups && v.groups.length) {
      var labels = v.groups.map(function (g) { return g.label; });
      var ops = base('Parameter-free ops in the genotypes');
      ops.tooltip = {trigger: 'axis', axisPointer: {type: 'shadow'}};
      ops.xAxis = {type: 'category', data: labels};
      ops.yAxis = {type: 'value', name: 'share of the edges', min: 0, max: 1};
      ops.series = [['skip_connect', 'skip_share'], ['none', 'none_share'], ['pooling', 'pool_share']]
          .map(function (s) {
            return {name: s[0], type: 'bar', stack: 'ops', itemStyle: {color: theme.ops[s[0]] || theme.ops.avg_pool_3x3},
              data: v.groups.map(function (g) { return g[s[1]]; })};
          });
      chart(pbody, 'ops', ops, 'half');
      var acc = base('Retrained test accuracy');
      acc.tooltip = {trigger: 'item', formatter: function (p) {
        var g = v.groups[p.dataIndex];
        return g.label + ': ' + num(100 * g.test_top1, 2) + '%' + (g.test_top1_sd !== undefined
            ? ' ± ' + num(100 * g.test_top1_sd, 2) : '') + ' over ' + g.runs + ' runs';
      }};
      acc.xAxis = {type: 'category', data: labels};
      acc.yAxis = {type: 'value', name: 'test top-1 %', scale: true};
      acc.series = [{name: 'test top-1 (mean)', type: 'bar', itemStyle: {color: theme.palette[1]},
        data: v.groups.map(function (g) { return g.test_top1 === null ? null : 100 * g.test_top1; })}];
      chart(pbody, 'test-accuracy', acc, 'half');
    }
    var val = base('Validation accuracy per epoch');
    val.xAxis = {type: 'value', name: 'epoch', minInterval: 1, min: 'dataMin', nameLocation: 'middle', nameGap: 28};
    val.yAxis = {type: 'value', name: '%', scale: true};
    val.series = v.runs.filter(function (r) { return r.metrics && r.metrics.series && r.metrics.series.val_acc; })
        .map(function (r) {
          return line(r.id, r.metrics.epoch, r.metrics.series.val_acc.map(function (x) {
            return x === null ? null : 100 * x; }));
        });
    chart(pbody, 'val-acc', val);
    var withSharp = v.runs.filter(function (r) { return r.metrics && r.metrics.sharpness
        && r.metrics.sharpness.epoch.length; });
    if (withSharp.length) {
      var sh = base('Sharpness per epoch');
      sh.xAxis = {type: 'value', name: 'epoch', minInterval: 1, min: 'dataMin', nameLocation: 'middle', nameGap: 28};
      sh.yAxis = {type: 'value', name: 'eigenvalue', scale: true};
      sh.series = withSharp.map(function (r) { return line(r.id, r.metrics.sharpness.epoch, r.metrics.sharpness.value); });
      chart(pbody, 'sharpness', sh);
    }
    var withFronts = v.runs.filter(function (r) { return r.fronts && r.fronts.length; });
    if (withFronts.length) {
      var pf = base('Pareto fronts of the evolution (inherited weights)');
      pf.tooltip = {trigger: 'item', formatter: function (p) {
        return p.seriesName + '<br>' + p.data[0].toFixed(2) + ' MFLOPs, ' + p.data[1].toFixed(2) + '%'; }};
      pf.xAxis = {type: 'value', name: 'MFLOPs', scale: true, nameLocation: 'middle', nameGap: 28};
      pf.yAxis = {type: 'value', name: 'accuracy %', scale: true};
      pf.series = [];
      withFronts.forEach(function (r) {
        r.fronts.forEach(function (f) {
          pf.series.push({name: r.id + ' ' + f.method, type: 'line', symbolSize: 7,
            data: f.points.map(function (p) { return [p.macs / 1e6, 100 * p.accuracy]; })});
        });
      });
      chart(pbody, 'fronts', pf);
    }
  }


  window.DistillnasReport.parts.compare = renderCompare;
})();
