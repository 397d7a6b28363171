// Slipway dashboard: live pages over Server-Sent Events. Without JavaScript every page is complete, just not live.
//  - The page's #live part names its event stream (data-events); on `changed` it re-fetches itself (htmx, trigger
//    `slipway:changed`). A reconnect after a dropped stream re-fetches too, so nothing missed stays stale.
//  - A running job's log (<pre data-follow>) appends what the job writes; its stream ends with the job.
//  - The keyboard's place survives a re-fetch: htmx itself re-focuses an element with an id (the action buttons have
//    one); a focused link or summary without one is found again by what it is (tag, href, text) and focused again.
//  - A group the reader opened (<details id>, e.g. an app's dev environments) stays open across a re-fetch; opening
//    it again makes a folded group load its content again, so it is as fresh as the rest.
(function () {
  'use strict';
  var pageSource = null;
  var pageUrl = null;
  var MAX_LOG_CHARS = 2 * 1024 * 1024; // a followed log keeps its newest 2 MB on the page; earlier parts load on demand

  function refresh() {
    document.body.dispatchEvent(new CustomEvent('slipway:changed'));
  }

  function followPage() {
    var live = document.getElementById('live');
    var wanted = live ? live.getAttribute('data-events') : null;
    if (wanted === pageUrl) {
      return;
    }
    if (pageSource) {
      pageSource.close();
    }
    pageSource = null;
    pageUrl = wanted;
    if (!wanted || !window.EventSource) {
      return;
    }
    var opened = false;
    pageSource = new EventSource(wanted);
    pageSource.addEventListener('open', function () {
      if (opened) {
        refresh(); // reconnected: catch up on what happened while the stream was down
      }
      opened = true;
    });
    pageSource.addEventListener('changed', refresh);
  }

  function followLogs() {
    var logs = document.querySelectorAll('pre[data-follow]');
    for (var i = 0; i < logs.length; i++) {
      followLog(logs[i]);
    }
  }

  function followLog(pre) {
    if (pre.slipwayFollowing || !window.EventSource) {
      return;
    }
    pre.slipwayFollowing = true;
    var source = new EventSource(pre.getAttribute('data-follow'));
    source.addEventListener('log', function (e) {
      var atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
      pre.insertAdjacentHTML('beforeend', e.data + '\n'); // escaped by the server, colours as <span class>
      trim(pre);
      if (atBottom) {
        pre.scrollTop = pre.scrollHeight;
      }
    });
    source.addEventListener('end', function () {
      source.close();
      pre.removeAttribute('data-follow');
    });
  }

  // A log followed for long keeps only its newest part: the "load earlier" link then starts where the text starts.
  function trim(pre) {
    var text = pre.textContent;
    if (text.length <= MAX_LOG_CHARS) {
      return;
    }
    var cut = text.indexOf('\n', text.length - MAX_LOG_CHARS / 2) + 1;
    var dropped = new TextEncoder().encode(text.substring(0, cut)).length;
    pre.textContent = text.substring(cut);
    var start = Number(pre.getAttribute('data-start') || '0') + dropped;
    pre.setAttribute('data-start', String(start));
    var box = pre.parentNode;
    var old = box.querySelectorAll('.earlier, pre.chunk');
    for (var i = 0; i < old.length; i++) {
      old[i].remove();
    }
    var link = document.createElement('a');
    link.className = 'earlier';
    link.href = pre.getAttribute('data-log') + '?before=' + start;
    link.setAttribute('hx-get', link.href);
    link.setAttribute('hx-swap', 'outerHTML');
    link.textContent = 'Load earlier (' + Math.ceil(start / 1024) + ' KB)';
    box.insertBefore(link, pre);
    if (window.htmx) {
      window.htmx.process(link);
    }
  }

  var opened = [];

  function rememberOpen(e) {
    if (e.detail && e.detail.target && e.detail.target.id === 'live') {
      opened = Array.prototype.map.call(e.detail.target.querySelectorAll('details[id][open]'), function (d) {
        return d.id;
      });
    }
  }

  function reopen() {
    var ids = opened;
    opened = [];
    for (var i = 0; i < ids.length; i++) {
      var group = document.getElementById(ids[i]);
      if (group && !group.open) {
        group.open = true;
      }
    }
  }

  var focused = null;

  function focusKey(el) {
    var details = el.closest('details[id]');
    return [el.tagName, el.getAttribute('href') || '', details ? details.id : '', el.textContent.trim()].join('\n');
  }

  function rememberFocus(e) {
    var el = document.activeElement;
    focused = null;
    if (e.detail && e.detail.target && e.detail.target.id === 'live' && el && el !== document.body && !el.id
        && e.detail.target.contains(el)) {
      focused = focusKey(el);
    }
  }

  function restoreFocus() {
    var key = focused;
    focused = null;
    var live = document.getElementById('live');
    if (key === null || !live || (document.activeElement && document.activeElement !== document.body)) {
      return;
    }
    var candidates = live.querySelectorAll('a[href], summary, button');
    for (var i = 0; i < candidates.length; i++) {
      if (focusKey(candidates[i]) === key) {
        candidates[i].focus({preventScroll: true});
        return;
      }
    }
  }

  function start() {
    followPage();
    followLogs();
    reopen();
  }

  document.addEventListener('DOMContentLoaded', start);
  document.addEventListener('htmx:beforeSwap', rememberOpen);
  document.addEventListener('htmx:beforeSwap', rememberFocus);
  document.addEventListener('htmx:afterSwap', restoreFocus);
  document.addEventListener('htmx:afterSettle', start); // boosted navigation and live re-fetches replace content
})();
