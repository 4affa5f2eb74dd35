/*
 * distillnas report pages: draws the JSON view of a run or of a comparison (built by
 * org.distillnas.view.RunViews) with Apache ECharts. The same code serves the self-contained
 * report file (render once) and the dashboard (live: fetch the view again and redraw what changed).
 */
(function () {
  'use strict';

  // Script errors are collected here too, so a page can say it broke and tests can read them.
  window.distillnasErrors = window.distillnasErrors || [];
  window.addEventListener('error', function (e) {
    window.distillnasErrors.push(String(e.message || e));
  });

  var charts = {};   // chart key -> ECharts instance, kept across live updates
  var theme = null;  // view.theme: the colours and fonts shared with the PNG charts

  // ---------- small DOM helpers (text always through textContent: no markup from data) ----------

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  // The order of the parts on a page, whatever order they first get data in during a live run.
  var ORDER = ['head', 'results', 'cell', 'curves', 'alphas', 'sharpness', 'gap', 'retrained', 'evolve', 'tables',
    'plots', 'config'];

  /** The section with this key under app, created in its place of ORDER the first time. */
  function section(app, key, title) {
    var s = app.querySelector('section[data-key="' + key + '"]');
    if (!s) {
      s = el('section', {'data-key': key, 'class': 'part'});
      if (title) {
        s.appendChild(el('h2', null, title));
      }
      s.appendChild(el('div', {'class': 'body'}));
      var rank = ORDER.indexOf(key);
      var next = null;
      app.querySelectorAll('section[data-key]').forEach(function (other) {
        if (!next && ORDER.indexOf(other.getAttribute('data-key')) > rank) {
          next = other;
        }
      });
      app.insertBefore(s, next);
    }
    return s.querySelector('.body');
  }

  function removeSection(app, key) {
    var s = app.querySelector('section[data-key="' + key + '"]');
    if (s) {
      s.querySelectorAll('.chart').forEach(function (c) {
        var k = c.getAttribute('data-chart');
        if (charts[k]) {
          charts[k].dispose();
          delete charts[k];
        }
      });
      s.remove();
    }
  }

  function pct(v) {
    return v === null || v === undefined || isNaN(v) ? 'n/a' : (100 * v).toFixed(2) + '%';
  }

  function num(v, digits) {
    return v === null || v === undefined || isNaN(v) ? 'n/a' : Number(v).toFixed(digits);
  }

  function table(rows, header) {
    var t = el('table');
    if (header) {
      var tr = el('tr');
      header.forEach(function (h) { tr.appendChild(el('th', null, h)); });
      t.appendChild(el('thead')).appendChild(tr);
    }
    var body = t.appendChild(el('tbody'));
    rows.forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (c) { tr.appendChild(el('td', null, c)); });
      body.appendChild(tr);
    });
    return t;
  }

  /** Replaces the children of a container (for the parts that are cheap to rebuild). */
  function fill(container, children) {
    while (container.firstChild) {
      container.removeChild(container.firstChild);
    }
    children.forEach(function (c) { if (c) { container.appendChild(c); } });
  }

  // ---------- charts ----------

  function base(title) {
    return {
      title: {text: title, left: 'center', textStyle: {fontSize: theme.title_size, fontFamily: theme.font_family}},
      textStyle: {fontFamily: theme.font_family, fontSize: theme.font_size},
      color: theme.palette,
      backgroundColor: theme.background,
      animation: false,
      tooltip: {trigger: 'axis'},
      legend: {top: 28, type: 'scroll'},
      grid: {left: 60, right: 24, top: 70, bottom: 50},
      toolbox: {feature: {saveAsImage: {title: 'PNG'}, dataZoom: {}, restore: {}}, right: 10}
    };
  }

  /**
   * Draws (or updates) the chart with this key inside container. The option is merged into the
   * existing chart, so a series the user switched off stays off while new epochs arrive.
   */
  function chart(container, key, option, cls) {
    var div = container.querySelector('div.chart[data-chart="' + key + '"]');
    if (!div) {
      div = el('div', {'class': 'chart ' + (cls || ''), 'data-chart': key});
      container.appendChild(div);
    }
    var c = charts[key];
    if (!c) {
      c = echarts.init(div, null, {renderer: 'canvas'});
      charts[key] = c;
      c.on('finished', function () { div.setAttribute('data-rendered', 'true'); });
    }
    c.setOption(option, {replaceMerge: ['series']});
    div.setAttribute('data-series', String((option.series || []).length));
    return c;
  }

  function line(name, x, y, color, extra) {
    var data = [];
    for (var i = 0; i < x.length; i++) {
      data.push([x[i], y[i]]);
    }
    var s = {name: name, type: 'line', data: data, showSymbol: x.length <= 30, connectNulls: false};
    if (color) {
      s.itemStyle = {color: color};
      s.lineStyle = {color: color};
    }
    return Object.assign(s, extra || {});
  }

  /**
   * Training series in the theme's training colour and validation series in its validation colour,
   * as in the PNG curves; the others (architecture step, smallest subnet...) take palette colours.
   */
  function seriesColor(name, index) {
    if (/^train_/.test(name)) {
      return theme.train;
    }
    if (/^val_(acc|loss|top5)$/.test(name)) {
      return theme.val;
    }
    var others = theme.palette.filter(function (c) { return c !== theme.train && c !== theme.val; });
    return others[index % others.length];
  }

  /** One chart of the epoch series whose names pass the filter. */
  function epochChart(container, key, title, metrics, accept, scale, yName) {
    var names = Object.keys(metrics.series || {}).filter(accept);
    if (names.length === 0) {
      return false;
    }
    var opt = base(title);
    opt.xAxis = {type: 'value', name: 'epoch', minInterval: 1, min: 'dataMin', nameLocation: 'middle', nameGap: 28};
    opt.yAxis = {type: 'value', name: yName, scale: true};
    opt.series = names.map(function (n, i) {
      var y = metrics.series[n].map(function (v) { return v === null ? null : v * scale; });
      return line(n.replace(/_/g, ' '), metrics.epoch, y, seriesColor(n, i),
          /top5/.test(n) ? {lineStyle: {type: 'dashed', color: seriesColor(n, i)}} : null);
    });
    chart(container, key, opt);
    return true;
  }

  // ---------- a run ----------

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

  function warnings(list) {
    if (!list || !list.length) {
      return null;
    }
    var ul = el('ul', {'class': 'warnings'});
    list.forEach(function (w) { ul.appendChild(el('li', null, w)); });
    return ul;
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

  function escapeText(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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

  // ---------- several runs ----------

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
      sh.yAxis = {type: 'value', name: 'dominant Hessian eigenvalue', scale: true};
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

  // ---------- entry points ----------

  function render(app, view) {
    theme = view.theme;
    app.setAttribute('data-view', view.type);
    if (view.type === 'compare') {
      renderCompare(app, view);
    } else {
      renderRun(app, view);
    }
    document.title = view.title || document.title;
    app.setAttribute('data-updated', String(Date.now()));
  }

  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });

  /** Fetches the view every pollMillis and redraws when it changed; a failed fetch says so and retries. */
  function live(app, url, pollMillis) {
    var last = null;
    var status = el('div', {'class': 'live-status'});
    document.body.insertBefore(status, app);
    function tick() {
      fetch(url, {cache: 'no-store'}).then(function (r) {
        if (!r.ok) {
          throw new Error('the dashboard answered ' + r.status);
        }
        return r.text();
      }).then(function (text) {
        status.textContent = 'live: checked ' + new Date().toLocaleTimeString();
        status.removeAttribute('data-error');
        if (text !== last) {
          last = text;
          render(app, JSON.parse(text));
        }
      }).catch(function (e) {
        status.textContent = 'cannot reach the dashboard (' + e.message + '); retrying';
        status.setAttribute('data-error', 'true');
      }).then(function () {
        setTimeout(tick, pollMillis);
      });
    }
    tick();
  }

  window.DistillnasReport = {render: render, live: live};
})();
