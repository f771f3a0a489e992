// Scripts run in the page (WebDriver executeScript / executeAsyncScript). Each one reads the raw
// strings the profile's selectors point at, in one round trip; the parsing is done in worker/parse.
// Plain ES2017 strings: they run in the browser, not in Node, and take their inputs as arguments.

/** Shared prelude: the document's HTTP status and whether a block page is shown (also the page functions' wrapper). */
export const STATUS = String.raw`
function __status(block) {
  var nav = (performance.getEntriesByType && performance.getEntriesByType('navigation')[0]) || null;
  var status = nav && typeof nav.responseStatus === 'number' && nav.responseStatus > 0 ? nav.responseStatus : 200;
  if (location.href.indexOf('chrome-error:') === 0 || location.href === 'about:blank') status = 0;
  var blocked = false;
  var i;
  for (i = 0; i < block.selectors.length; i++) { try { if (document.querySelector(block.selectors[i])) blocked = true; } catch (e) {} }
  var text = (document.title || '') + ' ' + (document.body ? document.body.textContent : '');
  for (i = 0; i < block.texts.length; i++) if (text.indexOf(block.texts[i]) >= 0) blocked = true;
  return { url: location.href, status: status, blocked: blocked, documentTitle: document.title || '' };
}
function __one(root, sel) { if (!sel) return null; try { return root.querySelector(sel); } catch (e) { return null; } }
function __all(root, sel) { if (!sel) return []; try { return Array.prototype.slice.call(root.querySelectorAll(sel)); } catch (e) { return []; } }
function __text(root, sel) { var e = __one(root, sel); return e ? e.textContent : null; }
function __total(s) { var e = __one(document, s.totalCount); return e ? (s.totalCountAttribute ? e.getAttribute(s.totalCountAttribute) || '' : e.textContent) : null; }
function __multiline(e) {
  if (!e) return null;
  var out = '';
  (function walk(n) {
    for (var c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue;
      else if (c.nodeName === 'BR') out += '\n';
      else if (c.nodeType === 1 && !/^(SCRIPT|STYLE)$/.test(c.nodeName)) { var block = /^(P|DIV|LI|H[1-6])$/.test(c.nodeName); if (block && out && !/\n$/.test(out)) out += '\n'; walk(c); if (block) out += '\n'; }
    }
  })(e);
  return out;
}
`;

/** arguments: [search selectors, blockDetection] -> SearchSnapshot */
export const SEARCH_SNAPSHOT = `${STATUS}
var s = arguments[0], b = arguments[1];
var out = __status(b);
out.items = __all(document, s.item).map(function (el) {
  var t = __one(el, s.title);
  var pub = __one(el, s.publisher);
  var p = __one(el, s.portalLink);
  return {
    titleText: t ? t.textContent : null,
    titleAttr: t && s.titleAttribute ? t.getAttribute(s.titleAttribute) : null,
    titleHref: t ? (t.href || t.getAttribute('href')) : null,
    summary: __text(el, s.summary),
    publisher: pub ? pub.textContent : null,
    publisherHref: pub && pub.href ? pub.href : null,
    dates: __all(el, s.date).map(function (d) { return d.textContent || ''; }),
    dateValues: s.dateAttribute ? __all(el, s.date).map(function (d) { return d.getAttribute(s.dateAttribute); }) : [],
    portalHref: p ? (p.href || p.getAttribute('href')) : null
  };
});
out.noResults = !!__one(document, s.noResults);
var next = __one(document, s.nextPage);
out.hasNext = !!next && next.getAttribute('aria-disabled') !== 'true' && !/#$/.test(next.getAttribute('href') || '');
out.nextHref = out.hasNext && next.href ? next.href : null;
return out;`;

/** arguments: [article selectors, blockDetection] -> ArticleSnapshot */
export const ARTICLE_SNAPSHOT = `${STATUS}
var s = arguments[0], b = arguments[1];
var out = __status(b);
var title = __one(document, s.title);
out.title = title ? title.textContent : null;
out.byline = __text(document, s.byline);
var pub = __one(document, s.publisher);
out.publisher = pub ? (pub.tagName === 'IMG' ? pub.getAttribute('alt') : pub.textContent) : null;
var when = __one(document, s.publishedAt);
out.publishedAt = when ? (s.publishedAtAttribute ? when.getAttribute(s.publishedAtAttribute) || '' : when.textContent) : null;
out.section = __text(document, s.section);
var body = __one(document, s.body);
out.bodyLength = body ? body.textContent.length : 0;
out.body = body ? __multiline(body) : null;
var mod = __one(document, s.modifiedAt);
out.modifiedAt = mod ? (s.modifiedAtAttribute ? mod.getAttribute(s.modifiedAtAttribute) || '' : mod.textContent) : null;
out.html = document.documentElement.outerHTML;
return out;`;

/** arguments: [blockDetection] -> OutletSnapshot: an outlet's page as the browser has it, read by the standards in the worker. */
export const OUTLET_SNAPSHOT = `${STATUS}
var out = __status(arguments[0]);
out.html = document.documentElement ? document.documentElement.outerHTML : '';
return out;`;

/** arguments: [comment selectors, blockDetection] -> PageStatus & { listFound, items, total } (cheap state) */
export const COMMENTS_STATE = `${STATUS}
var s = arguments[0], b = arguments[1];
var out = __status(b);
out.listFound = !!__one(document, s.list);
out.items = __all(document, s.item).length;
out.total = __total(s);
return out;`;

/**
 * Async: clicks the first visible "more" control and waits until the number of items grows (or the
 * control disappears, or the timeout passes). arguments: [selectors, timeoutMs, callback]
 * -> { clicked, before, after }
 */
export const CLICK_MORE = `${STATUS}
var s = arguments[0], timeout = arguments[1], done = arguments[arguments.length - 1];
function visible(e) { return !!e && e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden'; }
var more = null;
for (var i = 0; i < s.more.length && !more; i++) { var c = __all(document, s.more[i]).filter(visible); if (c.length) more = c[0]; }
var before = __all(document, s.item).length;
if (!more) { done({ clicked: false, before: before, after: before }); return; }
more.click();
var started = Date.now();
(function poll() {
  var n = __all(document, s.item).length;
  var still = false;
  for (var j = 0; j < s.more.length; j++) if (__all(document, s.more[j]).filter(visible).length) still = true;
  if (n > before || (!still && n >= before && Date.now() - started > 300) || Date.now() - started > timeout) { done({ clicked: true, before: before, after: n }); return; }
  setTimeout(poll, 50);
})();`;

/**
 * The requests the current page made by itself so far (its scripts, styles, images and its own
 * XHR/fetch calls, from the Resource Timing buffer), for the site's budget. arguments: [] -> number
 */
export const PAGE_REQUESTS = `return performance.getEntriesByType('resource').length;`;

/**
 * Async: opens the replies of the comments whose reply toggles are not opened yet, at most `limit` of
 * them (each is a request to the site, metered before the call), and waits until the number of replies
 * reaches the counts the toggles show, or stops changing. A toggle showing 0 replies is only marked.
 * With limit 0 it opens nothing and counts the toggles left. arguments: [selectors, timeoutMs, limit,
 * callback] -> { toggles, left, expected, replies }
 */
export const OPEN_REPLIES = `${STATUS}
var s = arguments[0], timeout = arguments[1], limit = arguments[2], done = arguments[arguments.length - 1];
var toggles = __all(document, s.replyToggle).filter(function (t) { return !t.hasAttribute('data-collector-opened'); });
var expected = 0, unknown = false, opened = 0, left = 0;
toggles.forEach(function (t) {
  var m = /(\\d[\\d,]*)/.exec(t.textContent || '');
  var n = m ? Number(m[1].replace(/,/g, '')) : -1;
  if (n === 0) { t.setAttribute('data-collector-opened', '1'); return; }
  if (opened >= limit) { left++; return; }
  t.setAttribute('data-collector-opened', '1');
  if (n > 0) expected += n; else unknown = true;
  opened++;
  t.click();
});
function replies() { return __all(document, s.reply).length; }
var base = 0;
var started = Date.now(), last = -1, stableSince = Date.now();
(function poll() {
  var n = replies();
  if (n !== last) { last = n; stableSince = Date.now(); }
  var enough = !unknown && n >= expected;
  if (opened === 0 || enough || Date.now() - stableSince > 1500 || Date.now() - started > timeout) { done({ toggles: opened, left: left, expected: unknown ? -1 : expected, replies: n }); return; }
  setTimeout(poll, 50);
})();`;

/** arguments: [comment selectors] -> CommentsSnapshot */
export const COMMENTS_SNAPSHOT = `${STATUS}
var s = arguments[0];
function multiline(e) {
  if (!e) return null;
  var out = '';
  (function walk(n) {
    for (var c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue;
      else if (c.nodeName === 'BR') out += '\\n';
      else if (c.nodeType === 1) { var block = /^(P|DIV|LI)$/.test(c.nodeName); if (block && out && !/\\n$/.test(out)) out += '\\n'; walk(c); }
    }
  })(e);
  return out;
}
var seen = [];
var items = [];
var sel = s.reply ? s.item + ', ' + s.reply : s.item;
__all(document, sel).forEach(function (el) {
  if (seen.indexOf(el) >= 0) return;
  seen.push(el);
  var box = el;
  var isReply = false;
  try { isReply = !!s.reply && el.matches(s.reply); } catch (e) {}
  var deleted = !!s.deletedClass && (el.classList.contains(s.deletedClass) || !!el.querySelector(':scope > .' + s.deletedClass));
  function own(q) {
    if (!q) return null;
    var all = __all(el, q);
    for (var i = 0; i < all.length; i++) {
      var p = all[i].parentElement, nested = false;
      while (p && p !== el) { try { if (p.matches(sel)) { nested = true; break; } } catch (e) {} p = p.parentElement; }
      if (!nested) return all[i];
    }
    return null;
  }
  var date = own(s.date);
  var text = own(s.text);
  var del = own(s.deletedText);
  // comments.selectors.fields: what each field that is set reads (null: no element or no such attribute).
  var fields = null;
  Object.keys(s.fields || {}).forEach(function (k) {
    var f = s.fields[k];
    if (!f || !(f.selector || f.attribute || f.pattern)) return;
    fields = fields || {};
    var e = f.selector ? own(f.selector) : el;
    fields[k] = !e ? null : f.attribute ? e.getAttribute(f.attribute) : k === 'text' ? multiline(e) : e.textContent;
  });
  var up = el.parentElement, ancestor = -1;
  while (up && ancestor < 0) { try { if (up.matches(sel)) ancestor = seen.indexOf(up); } catch (e) {} up = up.parentElement; }
  items.push({
    info: s.info ? el.getAttribute(s.info) : null,
    id: s.idAttribute ? el.getAttribute(s.idAttribute) : null,
    parent: s.parentAttribute ? el.getAttribute(s.parentAttribute) : null,
    ancestor: ancestor,
    isReply: isReply,
    deletedClass: deleted,
    nickname: own(s.nickname) ? own(s.nickname).textContent : null,
    text: multiline(text),
    deletedText: del ? del.textContent : null,
    date: date ? (s.dateAttribute ? date.getAttribute(s.dateAttribute) || '' : date.textContent) : null,
    likes: own(s.likes) ? own(s.likes).textContent : null,
    dislikes: own(s.dislikes) ? own(s.dislikes).textContent : null,
    fields: fields
  });
});
var stats = (s.stats || []).map(function (st) { var e = __one(document, st.selector); return e ? (st.attribute ? e.getAttribute(st.attribute) : e.textContent) : null; });
var nx = __one(document, s.nextPage);
var nextHref = nx && nx.getAttribute('aria-disabled') !== 'true' && nx.href ? nx.href : null;
return { listFound: !!__one(document, s.list), total: __total(s), items: items, stats: stats, nextHref: nextHref };`;

/**
 * Whether waiting for the page's content is over: one of the selectors matches, or the page is an
 * error, an unreachable-site page or a block page (waiting would not help). arguments: [selectors, blockDetection]
 */
export const PAGE_READY = `${STATUS}
var sels = arguments[0], b = arguments[1];
for (var i = 0; i < sels.length; i++) if (__one(document, sels[i])) return true;
var st = __status(b);
return st.status >= 400 || st.status === 0 || st.blocked;`;
