// The portal's article page for a skin.
import type { Article } from './corpus.js';
import { escapeHtml, htmlDocument } from './html.js';
import { dataDateTime, koreanDateTime } from './kst.js';
import type { Skin } from './skins.js';
import { outletLink } from './outlets.js';

export interface ArticleView {
  base: string;
  skin: Skin;
  article: Article;
  /** Comments and replies visible now (shown next to the comment link). */
  commentTotal: number;
}

export function renderArticlePage(view: ArticleView): string {
  const { skin, article: a } = view;
  const m = skin.article;
  const modified =
    a.modifiedAt === null
      ? ''
      : `
<div class="media_end_head_info_datestamp_bunch"><span class="media_end_head_info_datestamp_term">수정</span><${m.dateTag} class="${m.modified}" ${m.modifiedAttr}="${dataDateTime(a.modifiedAt)}">${koreanDateTime(a.modifiedAt)}</${m.dateTag}></div>`;
  const commentPath = skin.paths.commentPage(a.oid, a.aid, a.section.sid);
  const body = a.paragraphs.map(escapeHtml).join('<br><br>');
  return htmlDocument({
    title: `${a.title} : ${skin.siteName}`,
    body: `<div id="ct" class="newsct">
<div class="${m.head}">
<div class="media_end_head_top"><a href="https://${escapeHtml(a.publisher.domain)}/" class="${m.logo}"><img src="/static/press/${a.oid}.png" alt="${escapeHtml(a.publisher.name)}" class="${m.logoImg}" width="120" height="32"></a></div>
<div class="media_end_categorize"><em class="${m.section}">${escapeHtml(a.section.name)}</em></div>
<div class="media_end_head_title"><h2 id="${m.titleId}" class="${m.titleClass}"><span>${escapeHtml(a.title)}</span></h2></div>
<div class="media_end_head_info">
<div class="media_end_head_info_datestamp">
<div class="media_end_head_info_datestamp_bunch"><span class="media_end_head_info_datestamp_term">입력</span><${m.dateTag} class="${m.date}" ${m.dateAttr}="${dataDateTime(a.publishedAt)}">${koreanDateTime(a.publishedAt)}</${m.dateTag}></div>${modified}
</div>
<div class="media_end_head_info_variety"><a href="${escapeHtml(commentPath)}" class="${m.commentLink}">댓글 <span class="${m.commentCount}">${view.commentTotal}</span></a>
<a href="${escapeHtml(outletLink(view.base, a))}" class="media_end_head_origin_link" target="_blank">기사원문</a></div>
</div>
</div>
<div id="contents" class="newsct_body">
<div id="newsct_article" class="${m.bodyWrap}">
<article id="${m.bodyId}" class="${m.bodyClass}">${body}</article>
</div>
<div class="${m.bylineWrap}"><p class="byline_p"><span class="${m.byline}">${escapeHtml(a.byline)}</span></p></div>
<p class="c_text">Copyright ⓒ ${escapeHtml(a.publisher.name)}. All rights reserved. 무단 전재 및 재배포 금지.</p>
</div>
</div>`,
  });
}
