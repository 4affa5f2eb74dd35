/*
 * distillnas report pages: the page of one run (a search, a sampling search with its evolution, or
 * a model folder), drawn with report.js's kit.
 */
(function () {
  'use strict';
  var k = window.DistillnasReport.kit;
  var el = k.el, section = k.section, removeSection = k.removeSection, pct = k.pct, num = k.num, table = k.table,
    fill = k.fill, base = k.base, chart = k.chart, line = k.line, epochChart = k.epochChart, warnings = k.warnings,
    escapeText = k.escapeText, theme = k.theme;

  function renderRun(app, v) {
    var head = section(app, 'head');
    var p = v.progress || {};
    var facts = [['state', v.state], ['kind', v.kind], ['method', v.method], ['space', v.space], ['seed', v.seed],
      ['epochs', (p.epochs_done || 0) + ' of ' + (p.epochs || '?')]];
    var h1 = el('h1', null, v.title);
    var dl = el('p', {'class': 'facts'});
    facts.forEach(function (f) {
      dl.appendChild(el('span', {'class': 'fact'}, f[0] + ': ' + f[1]));
    });
    var bar = el('div', {'class': 'progress'});
    var frac = p.epochs ? Math.min(1, (p.epochs_done || 0) / p.epochs) : 0;
    bar.appendChild(el('div', {'class': 'done', 'style': 'width:' + (100 * frac).toFixed(1) + '%'}));
    fill(head, [h1, dl, bar, warnings(v.warnings)]);

    results(section(app, 'results', 'Results'), v);
    if (v.genotype && v.genotype.cells && v.genotype.cells.length) {
      var cellBody = section(app, 'cell', 'Found cell');
      var kids = [el('p', {'class': 'genotype'}, (v.genotype.final ? 'genotype: ' : 'current argmax (not final): ')
          + v.genotype.text)];
      v.genotype.cells.forEach(function (c) {
        var fig = el('figure', {'class': 'cell', 'data-cell': c.name});
        // The SVG is built by the Java side (CellDrawing), every text in it XML-escaped.
        var holder = el('div', {'class': 'svg'});
        holder.innerHTML = c.svg;
        // a little larger than drawn: the SVG's own size suits the PNG, a page has room to spare
        var svg = holder.querySelector('svg');
        if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
          svg.style.width = Math.round(1.4 * svg.viewBox.baseVal.width) + 'px';
        }
        fig.appendChild(holder);
        kids.push(fig);
      });
      fill(cellBody, kids);
    } else {
      removeSection(app, 'cell');
    }

    curves(app, 'curves', v.kind === 'train' ? 'Training' : 'Training and validation', v.metrics);

    if (v.alphas && v.alphas.length) {
      alphaHeatmaps(section(app, 'alphas', 'Architecture weights over the epochs'), v.alphas);
    }

    var sharp = v.metrics && v.metrics.sharpness;
    if (sharp && sharp.epoch.length) {
      var o = base('Sharpness: dominant Hessian eigenvalue of the validation loss w.r.t. the alphas');
      o.xAxis = {type: 'value', name: 'epoch', minInterval: 1, min: 'dataMin', nameLocation: 'middle', nameGap: 28};
      o.yAxis = {type: 'value', name: 'eigenvalue', scale: true};
      o.series = [line('sharpness', sharp.epoch, sharp.value, theme.palette[4])];
      chart(section(app, 'sharpness', 'Sharpness'), 'sharpness', o);
    }

    if (v.gap) {
      var g = base('Discretisation gap: ' + num(100 * v.gap.gap, 2) + ' points');
      g.tooltip = {trigger: 'item', formatter: function (p) { return p.name + ': ' + p.value.toFixed(2) + '%'; }};
      g.xAxis = {type: 'category', data: ['supernet', 'discrete cell, inherited weights']};
      g.yAxis = {type: 'value', name: 'val acc %', min: 0};
      g.legend = {show: false};
      g.series = [{name: 'validation accuracy', type: 'bar', barWidth: '40%',
        data: [100 * v.gap.supernet_val_acc, 100 * v.gap.discrete_val_acc],
        itemStyle: {color: theme.val}, label: {show: true, position: 'top', formatter: function (p) {
          return p.value.toFixed(2) + '%'; }}}];
      chart(section(app, 'gap', 'Discretisation gap'), 'gap', g, 'small');
    }

    if (v.retrained) {
      curves(app, 'retrained', 'Retrained from scratch', v.retrained.metrics, 'retrained-');
    }
    if (v.evolve) {
      evolve(section(app, 'evolve', 'Evolution under a FLOPs budget'), v.evolve);
    }
    config(section(app, 'config', 'Configuration'), v.config);
  }

  /** "normal cell", "reduce cell", and plain "cell" for a space with one kind of cell. */
  function cellName(name) {
    return name === 'cell' ? 'cell' : name + ' cell';
  }

  function results(body, v) {
    var rows = [];
    var s = v.summary || {};
    var m = v.metrics || {series: {}};
    var val = (m.series && m.series.val_acc) || [];
    var best = val.filter(function (x) { return x !== null; });
    if (best.length) {
      rows.push(['best validation accuracy', pct(Math.max.apply(null, best))]);
    }
    if (v.gap) {
      rows.push(['supernet validation accuracy', pct(v.gap.supernet_val_acc)]);
      rows.push(['discrete cell, inherited weights', pct(v.gap.discrete_val_acc)]);
      rows.push(['discretisation gap', num(100 * v.gap.gap, 2) + ' points']);
    }
    if (s.largest && s.smallest) {
      rows.push(['largest subnet (inherited weights)', pct(s.largest.inherited_val_acc) + ', '
          + num(s.largest.macs / 1e6, 2) + ' MFLOPs']);
      rows.push(['smallest subnet (inherited weights)', pct(s.smallest.inherited_val_acc) + ', '
          + num(s.smallest.macs / 1e6, 2) + ' MFLOPs']);
    }
    if (v.kind === 'train' && s.test_top1 !== undefined) {
      rows.push(['test top-1', pct(s.test_top1)]);
    }
    if (v.retrained && v.retrained.results) {
      rows.push(['retrained test top-1', pct(v.retrained.results.test_top1)]);
      rows.push(['retrained parameters', String(v.retrained.results.parameters)]);
    }
    if (v.measured_sharpness !== undefined) {
      rows.push(['measured sharpness (distillnas sharpness)', num(v.measured_sharpness, 4)]);
    }
    fill(body, [rows.length ? table(rows) : el('p', null, 'No results yet.')]);
  }

  function curves(app, key, title, metrics, prefix) {
    if (!metrics || !metrics.epoch || !metrics.epoch.length) {
      if (metrics && metrics.steps && metrics.steps.step.length) {
        stepChart(section(app, key, title), key, metrics.steps);
      }
      return;
    }
    var body = section(app, key, title);
    prefix = prefix || '';
    epochChart(body, prefix + 'loss', 'Loss', metrics, function (n) { return /_loss$/.test(n); }, 1, 'loss');
    epochChart(body, prefix + 'accuracy', 'Accuracy', metrics, function (n) {
      return /_(acc|top5)(_|$)/.test(n) || /_acc_/.test(n);
    }, 100, '%');
    if (metrics.steps && metrics.steps.step.length > metrics.epoch.length) {
      stepChart(body, prefix + 'steps', metrics.steps);
    }
  }

  function stepChart(body, key, steps) {
    var o = base('Training loss per logged step');
    o.xAxis = {type: 'value', name: 'step', nameLocation: 'middle', nameGap: 28};
    o.yAxis = {type: 'value', name: 'loss', scale: true};
    o.series = [line('train loss', steps.step, steps.loss, theme.train)];
    chart(body, key + '-steps', o);
  }

  function alphaHeatmaps(body, cells) {
    cells.forEach(function (cell) {
      var group = body.querySelector('div.alpha-cell[data-cell="' + cell.cell + '"]');
      if (!group) {
        group = el('div', {'class': 'alpha-cell', 'data-cell': cell.cell});
        group.appendChild(el('h3', null, cellName(cell.cell)));
        group.appendChild(el('div', {'class': 'grid'}));
        body.appendChild(group);
      }
      var grid = group.querySelector('.grid');
      // One colour scale per cell, from 0 to the largest probability in it: early in a search every
      // op sits near 1/|ops|, which a fixed 0..1 scale would show as one flat colour.
      var top = 0;
      var bottom = 1;
      cell.edges.forEach(function (edge) {
        edge.probs.forEach(function (row) {
          row.forEach(function (p) {
            if (p !== null) {
              top = Math.max(top, p);
              bottom = Math.min(bottom, p);
            }
          });
        });
      });
      if (bottom >= top) {
        bottom = 0;
      }
      group.querySelector('h3').textContent = cellName(cell.cell) + ': probability of each op per edge (lightest '
          + bottom.toFixed(3) + ', darkest ' + top.toFixed(3) + ')';
      cell.edges.forEach(function (edge) {
        var data = [];
        edge.probs.forEach(function (row, t) {
          row.forEach(function (p, k) { data.push([t, k, p === null ? '-' : p]); });
        });
        var o = {
          title: {text: 'edge ' + edge.edge, left: 'center', textStyle: {fontSize: theme.font_size,
            fontFamily: theme.font_family}},
          textStyle: {fontFamily: theme.font_family},
          animation: false,
          tooltip: {position: 'top', formatter: function (p) {
            return 'edge ' + edge.edge + ', epoch ' + cell.epochs[p.value[0]] + '<br>'
                + edge.ops[p.value[1]] + ': ' + (p.value[2] === '-' ? 'n/a' : p.value[2].toFixed(3));
          }},
          grid: {left: 100, right: 10, top: 30, bottom: 30},
          xAxis: {type: 'category', data: cell.epochs.map(String), name: 'epoch', nameLocation: 'middle',
            nameGap: 20, splitArea: {show: true}},
          yAxis: {type: 'category', data: edge.ops, axisLabel: {fontSize: 10}},
          visualMap: {min: bottom, max: top || 1, show: false, inRange: {color: [theme.background, theme.heat]}},
          series: [{name: edge.edge, type: 'heatmap', data: data, emphasis: {itemStyle: {borderColor: '#333',
            borderWidth: 1}}}]
        };
        chart(grid, 'alpha-' + cell.cell + '-' + edge.edge, o, 'heat');
      });
    });
  }

  function evolve(body, ev) {
    var o = base('Accuracy against multiply-adds (inherited weights)');
    o.tooltip = {trigger: 'item', formatter: function (p) {
      var d = p.data;
      return p.seriesName + '<br>' + d[0].toFixed(2) + ' MFLOPs, ' + d[1].toFixed(2) + '%'
          + (d[2] ? '<br><code>' + escapeText(d[2]) + '</code>' : '');
    }};
    o.xAxis = {type: 'value', name: 'MFLOPs (multiply-adds)', scale: true, nameLocation: 'middle', nameGap: 28};
    o.yAxis = {type: 'value', name: 'accuracy %', scale: true};
    var series = [];
    var methods = {};
    ev.evaluated.forEach(function (p) { (methods[p.method] = methods[p.method] || []).push(p); });
    var colors = theme.palette;
    Object.keys(methods).forEach(function (m, i) {
      series.push({name: m + ': evaluated', type: 'scatter', symbolSize: 6, itemStyle: {color: colors[i % colors.length],
        opacity: 0.35}, data: methods[m].map(function (p) { return [p.macs / 1e6, 100 * p.accuracy, p.subnet]; })});
    });
    (ev.fronts || []).forEach(function (f, i) {
      series.push({name: f.method + ': front', type: 'line', step: false, symbolSize: 8,
        itemStyle: {color: colors[i % colors.length]},
        data: f.points.map(function (p) { return [p.macs / 1e6, 100 * p.accuracy, p.subnet]; })});
    });
    if (ev.chosen && ev.chosen.length) {
      series.push({name: 'chosen under a budget', type: 'scatter', symbol: 'diamond', symbolSize: 16,
        itemStyle: {color: theme.val, borderColor: '#000', borderWidth: 1},
        data: ev.chosen.map(function (c) { return [c.macs / 1e6, 100 * c.accuracy, c.subnet]; })});
    }
    if (ev.budgets_m) {
      series.push({name: 'budgets', type: 'line', data: [], markLine: {symbol: 'none', silent: true,
        lineStyle: {type: 'dashed', color: theme.reference}, label: {formatter: '{c} M'},
        data: ev.budgets_m.map(function (b) { return {xAxis: b}; })}});
    }
    o.series = series;
    chart(body, 'pareto', o);
    var rows = (ev.chosen || []).map(function (c) {
      return [c.method, num(c.budget_m, 1) + ' M', c.subnet, num(c.macs / 1e6, 2), pct(c.accuracy),
        c.retrained_test_top1 === undefined ? 'not retrained' : pct(c.retrained_test_top1)];
    });
    var t = body.querySelector('table.chosen');
    var nt = table(rows, ['search', 'budget', 'subnet', 'MFLOPs', 'accuracy (inherited)', 'retrained test top-1']);
    nt.setAttribute('class', 'chosen');
    if (t) {
      t.replaceWith(nt);
    } else {
      body.appendChild(nt);
    }
  }

  function config(body, cfg) {
    var det = body.querySelector('details') || body.appendChild(el('details'));
    if (!det.querySelector('summary')) {
      det.appendChild(el('summary', null, 'all settings (config.json)'));
    }
    var rows = [];
    (function flat(prefix, v) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        Object.keys(v).forEach(function (k) { flat(prefix ? prefix + '.' + k : k, v[k]); });
      } else {
        rows.push([prefix, JSON.stringify(v)]);
      }
    })('', cfg || {});
    var old = det.querySelector('table');
    var t = table(rows, ['setting', 'value']);
    if (old) {
      old.replaceWith(t);
    } else {
      det.appendChild(t);
    }
  }


  window.DistillnasReport.parts.run = renderRun;
})();
