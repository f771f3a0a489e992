// The comment page's in-page script (served as /static/cbox/cbox.js). It renders the whole
// comment box from the JSON comment API after the page has loaded: nothing of the list is in
// the HTML sent. Class names come from the page's window.__CBOX_CONFIG, so every skin shares it.
// Plain ES5 on purpose: it runs unchanged in any browser.

export const COMMENT_SCRIPT_PATH = '/static/cbox/cbox.js';

export const COMMENT_SCRIPT = String.raw`(function () {
  'use strict';
  var cfg = window.__CBOX_CONFIG;
  if (!cfg) return;
  var C = cfg.cls;
  var root = document.getElementById(cfg.moduleId);
  var list = null;
  var paginate = null;
  var page = 0;
  var loading = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function button(cls) {
    var b = el(C.buttonTag, cls);
    if (C.buttonTag === 'a') { b.setAttribute('href', '#'); b.setAttribute('role', 'button'); } else { b.setAttribute('type', 'button'); }
    return b;
  }
  function url(params) {
    var q = ['ticket=' + encodeURIComponent(cfg.ticket), 'pool=' + encodeURIComponent(cfg.pool),
      'objectId=' + encodeURIComponent(cfg.objectId)];
    for (var k in params) if (Object.prototype.hasOwnProperty.call(params, k)) q.push(k + '=' + encodeURIComponent(params[k]));
    return cfg.api + '?' + q.join('&');
  }
  function get(params) {
    return fetch(url(params), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (j) { if (!j.success) throw new Error(j.message || 'error'); return j.result; });
  }
  function dataInfo(c) {
    return "commentNo:'" + c.commentNo + "',parentCommentNo:'" + c.parentCommentNo + "',replyLevel:" + c.replyLevel +
      ',deleted:' + c.deleted + ',blind:false,mine:false,manager:false,visible:true';
  }
  function visibleDate(s) { return s.slice(0, 4) + '.' + s.slice(5, 7) + '.' + s.slice(8, 10) + '. ' + s.slice(11, 16); }
  function showError(where) {
    var old = root.querySelector('.' + C.error.split(' ')[0]);
    if (old) old.parentNode.removeChild(old);
    var e = el('div', C.error, '일시적인 오류로 댓글을 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.');
    where.appendChild(e);
  }
  function clearError() {
    var old = root.querySelector('.' + C.error.split(' ')[0]);
    if (old) old.parentNode.removeChild(old);
  }

  function renderComment(c) {
    var reply = c.replyLevel === 2;
    var li = el('li', C.item + (reply ? ' ' + C.replyItem : '') + (c.deleted ? ' ' + C.deleted : ''));
    li.setAttribute('data-info', dataInfo(c));
    var box = el('div', C.box + (c.deleted ? ' ' + C.deleted : ''));
    if (c.deleted) {
      var dw = el('div', C.textWrap);
      dw.appendChild(el('span', C.deleteContents, cfg.deletedMessage));
      box.appendChild(dw);
    } else {
      var info = el('div', C.info);
      info.appendChild(el('span', C.nick, c.userName));
      box.appendChild(info);
      var tw = el('div', C.textWrap);
      var text = el('span', C.contents);
      var lines = String(c.contents).split('\n');
      for (var i = 0; i < lines.length; i++) {
        if (i > 0) text.appendChild(document.createElement('br'));
        text.appendChild(document.createTextNode(lines[i]));
      }
      tw.appendChild(text);
      box.appendChild(tw);
    }
    var base = el('div', C.infoBase);
    var date = el('span', C.date, visibleDate(c.regTime));
    date.setAttribute('data-value', c.regTime);
    base.appendChild(date);
    box.appendChild(base);
    var tool = el('div', C.tool);
    var toggle = null;
    if (!reply) {
      toggle = button(C.replyButton);
      toggle.appendChild(el('strong', C.replyLabel, '답글'));
      toggle.appendChild(el('span', C.replyCount, String(c.replyCount)));
      tool.appendChild(toggle);
    }
    if (!c.deleted) {
      var set = el('div', C.recommSet);
      var up = button(C.recomm);
      up.appendChild(el('em', C.recommCount, String(c.sympathyCount)));
      var down = button(C.unrecomm);
      down.appendChild(el('em', C.unrecommCount, String(c.antipathyCount)));
      set.appendChild(up);
      set.appendChild(down);
      tool.appendChild(set);
    }
    box.appendChild(tool);
    li.appendChild(box);
    if (toggle) {
      var area = el('div', C.replyArea);
      area.style.display = 'none';
      li.appendChild(area);
      toggle.addEventListener('click', function (e) { e.preventDefault(); toggleReplies(c, area); });
    }
    return li;
  }

  function toggleReplies(c, area) {
    if (area.__loaded || area.__loading) {
      if (area.__loaded) area.style.display = area.style.display === 'none' ? 'block' : 'none';
      return;
    }
    area.__loading = true;
    area.style.display = 'block';
    var ul = el('ul', C.list);
    area.appendChild(ul);
    function next(p) {
      return get({ parentCommentNo: c.commentNo, pageSize: 100, page: p, sort: 'OLD' }).then(function (res) {
        for (var i = 0; i < res.commentList.length; i++) ul.appendChild(renderComment(res.commentList[i]));
        if (res.pageModel.nextPage > 0) return next(res.pageModel.nextPage);
      });
    }
    next(1).then(function () { area.__loaded = true; area.__loading = false; },
      function () { area.__loading = false; area.removeChild(ul); showError(area); });
  }

  // The statistics above the list: current, deleted by the author, removed by moderators, then the
  // writers' shares by gender and by age group (the last one is "60대↑").
  function statsBox(count, graph) {
    var box = el('div', C.statsWrap);
    var ul = el('ul', C.statsList);
    [['현재 댓글', count.exposeCount], ['작성자 삭제', count.delCommentByUser], ['규정 미준수', count.delCommentByMon]].forEach(function (x) {
      var li = el('li', C.statsItem);
      li.appendChild(el('span', C.statsTitle, x[0]));
      li.appendChild(el('span', C.statsNumber, String(x[1])));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var chart = el('div', C.chart);
    var gender = el('div', C.chartGender);
    [['male', '남자', graph.gender.male], ['female', '여자', graph.gender.female]].forEach(function (x) {
      gender.appendChild(bar(C.chartBar + ' ' + C.chartBar + '_' + x[0], x[2], x[1]));
    });
    chart.appendChild(gender);
    var age = el('div', C.chartAge);
    graph.old.forEach(function (o, i) {
      age.appendChild(bar(C.chartBar, o.value, o.age + '대' + (i === graph.old.length - 1 ? '↑' : '')));
    });
    chart.appendChild(age);
    box.appendChild(chart);
    return box;
  }
  function bar(cls, percent, label) {
    var d = el('div', cls);
    d.appendChild(el('span', C.chartPercent, percent + '%'));
    d.appendChild(el('span', C.chartLabel, label));
    return d;
  }

  function shell(result) {
    var wrap = el('div', C.wrap);
    var head = el('div', C.head);
    head.appendChild(el('h5', C.title, '댓글'));
    head.appendChild(el('span', C.count, String(result.count.total)));
    wrap.appendChild(head);
    if (result.graph) wrap.appendChild(statsBox(result.count, result.graph));
    var content = el('div', C.contentWrap);
    list = el('ul', C.list);
    content.appendChild(list);
    paginate = el('div', C.paginate);
    var more = button(C.more);
    more.appendChild(el('span', C.moreLabel, '더보기'));
    more.addEventListener('click', function (e) { e.preventDefault(); loadPage(); });
    paginate.appendChild(more);
    content.appendChild(paginate);
    wrap.appendChild(content);
    root.appendChild(wrap);
  }

  function loadPage() {
    if (loading) return;
    loading = true;
    get({ pageSize: cfg.pageSize, page: page + 1, sort: cfg.sort }).then(function (res) {
      clearError();
      if (!list) shell(res);
      page = res.pageModel.page;
      for (var i = 0; i < res.commentList.length; i++) list.appendChild(renderComment(res.commentList[i]));
      if (!res.pageModel.nextPage) paginate.style.display = 'none';
      loading = false;
    }, function () {
      loading = false;
      showError(list ? list.parentNode : root);
    });
  }

  function start() { setTimeout(loadPage, cfg.initialDelayMs); }
  if (document.readyState === 'complete') start(); else window.addEventListener('load', start);
})();
`;
