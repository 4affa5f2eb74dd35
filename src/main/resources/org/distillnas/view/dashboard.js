/*
 * The dashboard's list of runs (distillnas ui): fetches the runs as JSON and redraws the table
 * every few seconds. Every value from a run folder is set as text, never parsed as HTML, since
 * run folders are written by other programs. Ticked runs stay ticked across redraws.
 */
var DistillnasDashboard = (function () {
  'use strict';

  function el(doc, tag, text, className) {
    var e = doc.createElement(tag);
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    if (className) {
      e.className = className;
    }
    return e;
  }

  /** Path of a run id with each segment encoded: "a b/c" -> "a%20b/c". */
  function encodeId(id) {
    return id.split('/').map(encodeURIComponent).join('/');
  }

  function percent(x) {
    return x === null || x === undefined ? '' : (100 * x).toFixed(2) + '%';
  }

  /** "3 min ago", or the local time for older updates. */
  function ago(iso, now) {
    if (!iso) {
      return '';
    }
    var t = Date.parse(iso);
    var s = Math.round((now - t) / 1000);
    if (s < 0) {
      s = 0;
    }
    if (s < 60) {
      return s + ' s ago';
    }
    if (s < 3600) {
      return Math.floor(s / 60) + ' min ago';
    }
    if (s < 86400) {
      return Math.floor(s / 3600) + ' h ago';
    }
    return new Date(t).toLocaleString();
  }

  function progressCell(doc, p) {
    var td = el(doc, 'td');
    if (!p) {
      return td;
    }
    if (p.fraction !== null && p.fraction !== undefined) {
      var bar = el(doc, 'span', null, 'bar');
      var fill = el(doc, 'span');
      fill.style.width = Math.round(100 * p.fraction) + '%';
      bar.appendChild(fill);
      td.appendChild(bar);
      td.appendChild(doc.createTextNode(Math.round(100 * p.fraction) + '% (' + p.done + '/' + p.total + ')'));
    } else {
      td.appendChild(doc.createTextNode(p.done + ' epochs'));
    }
    return td;
  }

  function row(doc, run, selected, onToggle, now) {
    var tr = el(doc, 'tr');
    tr.setAttribute('data-id', run.id);
    var tick = el(doc, 'input');
    tick.type = 'checkbox';
    tick.checked = selected.has(run.id);
    tick.addEventListener('change', function () { onToggle(run.id, tick.checked); });
    var tickCell = el(doc, 'td');
    tickCell.appendChild(tick);
    tr.appendChild(tickCell);

    var idCell = el(doc, 'td');
    var link = el(doc, 'a', run.id);
    link.href = '/run/' + encodeId(run.id);
    idCell.appendChild(link);
    if (run.skipped_lines > 0) {
      var warn = el(doc, 'span', ' (' + run.skipped_lines + ' unreadable lines)', 'warn');
      warn.title = 'metrics.jsonl lines that are not complete JSON objects were skipped';
      idCell.appendChild(warn);
    }
    tr.appendChild(idCell);
    tr.appendChild(el(doc, 'td', run.kind));
    tr.appendChild(el(doc, 'td', run.method || ''));

    var stateCell = el(doc, 'td');
    var badge = el(doc, 'span', run.state, 'badge ' + (run.state || 'unknown'));
    if (run.error) {
      badge.title = run.error;
    }
    stateCell.appendChild(badge);
    tr.appendChild(stateCell);

    tr.appendChild(progressCell(doc, run.progress));
    var acc = el(doc, 'td', percent(run.best_accuracy));
    if (run.accuracy_source) {
      acc.title = run.accuracy_source === 'test_top1' ? 'test top-1 of the trained model' : 'best validation accuracy';
    }
    tr.appendChild(acc);
    var updated = el(doc, 'td', ago(run.last_update, now));
    if (run.last_update) {
      updated.title = run.last_update;
    }
    tr.appendChild(updated);
    return tr;
  }

  function compareUrl(ids) {
    return '/compare?' + ids.map(function (id) { return 'run=' + encodeURIComponent(id); }).join('&');
  }

  /**
   * Starts the list in document doc: fetches apiUrl now and every pollMillis.
   */
  function start(doc, apiUrl, pollMillis) {
    var body = doc.querySelector('#runs tbody');
    var status = doc.getElementById('status');
    var empty = doc.getElementById('empty');
    var button = doc.getElementById('compare');
    var selected = new Set();
    var known = [];

    function updateButton() {
      button.disabled = selected.size < 1;
      button.textContent = 'compare selected' + (selected.size ? ' (' + selected.size + ')' : '');
    }

    function toggle(id, on) {
      if (on) {
        selected.add(id);
      } else {
        selected.delete(id);
      }
      updateButton();
    }

    function draw(data) {
      var now = Date.now();
      known = data.runs.map(function (r) { return r.id; });
      selected.forEach(function (id) {
        if (known.indexOf(id) < 0) {
          selected.delete(id);
        }
      });
      while (body.firstChild) {
        body.removeChild(body.firstChild);
      }
      data.runs.forEach(function (run) { body.appendChild(row(doc, run, selected, toggle, now)); });
      empty.hidden = data.runs.length > 0;
      updateButton();
    }

    function poll() {
      fetch(apiUrl, { cache: 'no-store' }).then(function (response) {
        if (!response.ok) {
          throw new Error('the dashboard answered ' + response.status);
        }
        return response.text();
      }).then(function (text) {
        // redrawn every time, since the "min ago" column moves even when no run changed
        var data = JSON.parse(text);
        draw(data);
        status.textContent = data.runs.length + ' runs, updated ' + new Date().toLocaleTimeString();
      }).catch(function (e) {
        status.textContent = 'cannot reach the dashboard (' + e.message + '); retrying';
      }).finally(function () {
        setTimeout(poll, pollMillis);
      });
    }

    button.addEventListener('click', function () {
      var ids = known.filter(function (id) { return selected.has(id); });
      if (ids.length > 0) {
        window.location.href = compareUrl(ids);
      }
    });
    updateButton();
    poll();
  }

  return { start: start, encodeId: encodeId, compareUrl: compareUrl };
})();
