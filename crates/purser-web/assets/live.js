// Purser live lists: on each case change (server-sent events from /events/cases), and once a
// minute in any case, every [data-live] region gets a `case-changed` event; htmx re-fetches
// it (hx-trigger="case-changed"). A region tied to one case (data-live-case) only hears of
// that case; one where the user is typing or has ticked boxes is left alone.
(function () {
  'use strict';
  if (!document.querySelector('[data-live]')) return;
  var pending = {};
  var timer = null;
  function busy(el) {
    var a = document.activeElement;
    var typing = a && el.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName);
    return typing || el.querySelector('input[type=checkbox]:checked') !== null;
  }
  function refresh(all) {
    document.querySelectorAll('[data-live]').forEach(function (el) {
      var only = el.getAttribute('data-live-case');
      if ((all || pending['*'] || !only || pending[only]) && !busy(el)) {
        el.dispatchEvent(new CustomEvent('case-changed'));
      }
    });
    pending = {};
  }
  if (window.EventSource) {
    var source = new EventSource('/events/cases');
    source.addEventListener('case', function (e) {
      var id = '*';
      try { id = JSON.parse(e.data).case_id || '*'; } catch (_) { /* a change all the same */ }
      pending[id] = true;
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(false); }, 300);
    });
  }
  setInterval(function () { refresh(true); }, 60000);
})();
