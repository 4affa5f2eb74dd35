/*
 * distillnas report pages, the common part (report-run.js and report-compare.js add the two kinds
 * of page): draws the JSON view of a run or of a comparison (built by
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
  // view.theme, the colours and fonts shared with the PNG charts: one object, refilled by each
  // render, so that the page parts (report-run.js, report-compare.js) can hold on to it
  var theme = {};

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


  function warnings(list) {
    if (!list || !list.length) {
      return null;
    }
    var ul = el('ul', {'class': 'warnings'});
    list.forEach(function (w) { ul.appendChild(el('li', null, w)); });
    return ul;
  }

  function escapeText(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  // ---------- entry points ----------

  var parts = {};

  function render(app, view) {
    Object.keys(theme).forEach(function (k) { delete theme[k]; });
    Object.assign(theme, view.theme);
    app.setAttribute('data-view', view.type);
    parts[view.type === 'compare' ? 'compare' : 'run'](app, view);
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

  window.DistillnasReport = {
    render: render,
    live: live,
    /** Where report-run.js and report-compare.js register their drawing of a view. */
    parts: parts,
    /** What the parts draw with. */
    kit: {el: el, section: section, removeSection: removeSection, pct: pct, num: num, table: table, fill: fill,
      base: base, chart: chart, line: line, seriesColor: seriesColor, epochChart: epochChart, warnings: warnings,
      escapeText: escapeText, theme: theme}
  };
})();
