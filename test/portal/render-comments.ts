// The comment page: article header plus an empty comment module that the in-page script fills.
import { COMMENT_SCRIPT_PATH } from './comment-script.js';
import type { Article } from './corpus.js';
import { escapeHtml, htmlDocument, scriptJson } from './html.js';
import type { Skin } from './skins.js';
import { DELETED_MESSAGE } from './vocabulary.js';

export interface CommentPageView {
  skin: Skin;
  article: Article;
  /** Comments per "more" page. */
  pageSize: number;
  /** Delay before the script's first request, in ms. */
  initialDelayMs: number;
}

export function renderCommentPage(view: CommentPageView): string {
  const { skin, article: a } = view;
  const config = {
    api: skin.paths.commentApi,
    ticket: 'news',
    pool: 'cbox5',
    objectId: `news${a.oid},${a.aid}`,
    pageSize: view.pageSize,
    sort: 'FAVORITE',
    moduleId: skin.comments.moduleId,
    deletedMessage: DELETED_MESSAGE,
    initialDelayMs: view.initialDelayMs,
    cls: skin.comments,
  };
  return htmlDocument({
    title: `${a.title} : ${skin.siteName} 댓글`,
    head: `<script>window.__CBOX_CONFIG = ${scriptJson(config)};</script>
<script src="${COMMENT_SCRIPT_PATH}" defer></script>
`,
    body: `<div id="ct" class="wrap">
<div class="comment_article_head">
<span class="comment_article_press">${escapeHtml(a.publisher.name)}</span>
<h2 class="comment_article_title"><a href="${escapeHtml(skin.paths.article(a.oid, a.aid, a.section.sid))}">${escapeHtml(a.title)}</a></h2>
</div>
<div id="${skin.comments.moduleId}" class="${skin.comments.module}"></div>
</div>`,
  });
}
