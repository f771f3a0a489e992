// The markups the portal serves over the same corpus. `naver` reproduces the real site;
// `changed` is the same site after a layout change (served by the `markup` fault at the real
// paths, so the real selectors no longer match); `alt` is a second site under `/alt/` with its
// own class names, ids and URL paths, for a second site profile.

export type SkinName = 'naver' | 'changed' | 'alt';

export interface SearchMarkup {
  listTag: 'ul' | 'ol';
  group: string;
  list: string;
  item: string;
  wrap: string;
  area: string;
  infoWrap: string;
  infoGroup: string;
  press: string;
  /** Print position ("A12면 1단"). */
  info: string;
  date: string;
  portalLink: string;
  portalLabel: string;
  /** When set, the title link sits in this element, which carries `title` class instead of the link. */
  titleWrapTag: 'h3' | null;
  title: string;
  dsc: string;
  dscInner: string;
  paging: string;
  pagingInner: string;
  pageButton: string;
  prev: string;
  next: string;
  notFound: string;
}

export interface ArticleMarkup {
  head: string;
  logo: string;
  logoImg: string;
  titleId: string;
  titleClass: string;
  dateTag: 'span' | 'time';
  date: string;
  dateAttr: string;
  modified: string;
  modifiedAttr: string;
  section: string;
  bodyWrap: string;
  bodyId: string;
  bodyClass: string;
  bylineWrap: string;
  byline: string;
  commentLink: string;
  commentCount: string;
}

export interface CommentMarkup {
  moduleId: string;
  module: string;
  wrap: string;
  head: string;
  title: string;
  count: string;
  contentWrap: string;
  list: string;
  item: string;
  replyItem: string;
  box: string;
  deleted: string;
  info: string;
  nick: string;
  textWrap: string;
  contents: string;
  deleteContents: string;
  infoBase: string;
  date: string;
  tool: string;
  buttonTag: 'a' | 'button';
  replyButton: string;
  replyLabel: string;
  replyCount: string;
  recommSet: string;
  recomm: string;
  recommCount: string;
  unrecomm: string;
  unrecommCount: string;
  replyArea: string;
  paginate: string;
  more: string;
  moreLabel: string;
  error: string;
  /** The statistics box above the list: three counts, then the writers by gender and age. */
  statsWrap: string;
  statsList: string;
  statsItem: string;
  statsTitle: string;
  statsNumber: string;
  chart: string;
  chartGender: string;
  chartAge: string;
  chartBar: string;
  chartPercent: string;
  chartLabel: string;
}

export interface SkinPaths {
  search: string;
  /** Query parameter holding the page position in pagination links. */
  pageParam: 'start' | 'page';
  article(oid: string, aid: string, sid?: number): string;
  commentPage(oid: string, aid: string, sid?: number): string;
  commentApi: string;
  /** A Referer path the comment API accepts (an article or comment page of this skin). */
  refererPath: RegExp;
}

export interface Skin {
  name: SkinName;
  siteName: string;
  paths: SkinPaths;
  search: SearchMarkup;
  article: ArticleMarkup;
  comments: CommentMarkup;
}

const withSid = (path: string, sid?: number): string => (sid === undefined ? path : `${path}?sid=${sid}`);

const NAVER_PATHS: SkinPaths = {
  search: '/search.naver',
  pageParam: 'start',
  article: (oid, aid, sid) => withSid(`/mnews/article/${oid}/${aid}`, sid),
  commentPage: (oid, aid, sid) => withSid(`/mnews/article/comment/${oid}/${aid}`, sid),
  commentApi: '/commentBox/cbox/web_naver_list_jsonp.json',
  refererPath: /^\/(mnews\/)?article\//,
};

export const NAVER: Skin = {
  name: 'naver',
  siteName: '네이버 뉴스',
  paths: NAVER_PATHS,
  search: {
    listTag: 'ul',
    group: 'group_news',
    list: 'list_news',
    item: 'bx',
    wrap: 'news_wrap api_ani_send',
    area: 'news_area',
    infoWrap: 'news_info',
    infoGroup: 'info_group',
    press: 'info press',
    info: 'info',
    date: 'info',
    portalLink: 'info',
    portalLabel: '네이버뉴스',
    titleWrapTag: null,
    title: 'news_tit',
    dsc: 'news_dsc',
    dscInner: 'api_txt_lines dsc_txt_wrap',
    paging: 'sc_page',
    pagingInner: 'sc_page_inner',
    pageButton: 'btn',
    prev: 'btn_prev',
    next: 'btn_next',
    notFound: 'not_found02',
  },
  article: {
    head: 'media_end_head go_trans',
    logo: 'media_end_head_top_logo',
    logoImg: 'media_end_head_top_logo_img light_type',
    titleId: 'title_area',
    titleClass: 'media_end_head_headline',
    dateTag: 'span',
    date: 'media_end_head_info_datestamp_time _ARTICLE_DATE_TIME',
    dateAttr: 'data-date-time',
    modified: 'media_end_head_info_datestamp_time _ARTICLE_MODIFY_DATE_TIME',
    modifiedAttr: 'data-modify-date-time',
    section: 'media_end_categorize_item',
    bodyWrap: 'newsct_article _article_body',
    bodyId: 'dic_area',
    bodyClass: 'go_trans _article_content',
    bylineWrap: 'byline',
    byline: 'byline_s',
    commentLink: 'media_end_head_cmtcount_button',
    commentCount: 'media_end_head_cmtcount_num',
  },
  comments: {
    moduleId: 'cbox_module',
    module: 'u_cbox',
    wrap: 'u_cbox_wrap u_cbox_ko u_cbox_type_sort_favorite',
    head: 'u_cbox_head',
    title: 'u_cbox_title',
    count: 'u_cbox_count',
    contentWrap: 'u_cbox_content_wrap',
    list: 'u_cbox_list',
    item: 'u_cbox_comment',
    replyItem: 'u_cbox_reply_item',
    box: 'u_cbox_comment_box u_cbox_type_profile',
    deleted: 'u_cbox_type_delete',
    info: 'u_cbox_info',
    nick: 'u_cbox_nick',
    textWrap: 'u_cbox_text_wrap',
    contents: 'u_cbox_contents',
    deleteContents: 'u_cbox_delete_contents',
    infoBase: 'u_cbox_info_base',
    date: 'u_cbox_date',
    tool: 'u_cbox_tool',
    buttonTag: 'a',
    replyButton: 'u_cbox_btn_reply',
    replyLabel: 'u_cbox_reply_txt',
    replyCount: 'u_cbox_reply_cnt',
    recommSet: 'u_cbox_recomm_set',
    recomm: 'u_cbox_btn_recomm',
    recommCount: 'u_cbox_cnt_recomm',
    unrecomm: 'u_cbox_btn_unrecomm',
    unrecommCount: 'u_cbox_cnt_unrecomm',
    replyArea: 'u_cbox_reply_area',
    paginate: 'u_cbox_paginate',
    more: 'u_cbox_btn_more',
    moreLabel: 'u_cbox_page_more',
    error: 'u_cbox_error',
    statsWrap: 'u_cbox_comment_count_wrap',
    statsList: 'u_cbox_comment_count',
    statsItem: 'u_cbox_comment_count_item',
    statsTitle: 'u_cbox_info_title',
    statsNumber: 'u_cbox_info_txt',
    chart: 'u_cbox_chart_wrap',
    chartGender: 'u_cbox_chart_sex',
    chartAge: 'u_cbox_chart_age',
    chartBar: 'u_cbox_chart_progress',
    chartPercent: 'u_cbox_chart_per',
    chartLabel: 'u_cbox_chart_cnt',
  },
};

/** The real site after a layout change: same paths and data, none of the real class names. */
export const CHANGED: Skin = {
  name: 'changed',
  siteName: '네이버 뉴스',
  paths: NAVER_PATHS,
  search: {
    listTag: 'ul',
    group: 'news_section_v2',
    list: 'type01',
    item: 'sh_item',
    wrap: 'news_body',
    area: 'news_cont',
    infoWrap: 'news_meta',
    infoGroup: 'txt_inline',
    press: 'press_name',
    info: 'etc_info',
    date: 'date_info',
    portalLink: 'link_nnews',
    portalLabel: '네이버뉴스',
    titleWrapTag: null,
    title: 'tit_news',
    dsc: 'dsc_news',
    dscInner: 'dsc_body',
    paging: 'paging',
    pagingInner: 'paging_inner',
    pageButton: 'num',
    prev: 'prev',
    next: 'next',
    notFound: 'noresult_box',
  },
  article: {
    head: 'article_header',
    logo: 'press_logo',
    logoImg: 'press_logo_img',
    titleId: 'articleTitle',
    titleClass: 'tts_head',
    dateTag: 'span',
    date: 't11',
    dateAttr: 'data-date',
    modified: 't11 t11_modify',
    modifiedAttr: 'data-modify-date',
    section: 'guide_categorization_item',
    bodyWrap: 'article_body_wrap',
    bodyId: 'articleBodyContents',
    bodyClass: 'article_body_contents',
    bylineWrap: 'byline_wrap',
    byline: 'byline_p_v2',
    commentLink: 'lo_txt',
    commentCount: 'lo_txt_count',
  },
  comments: {
    moduleId: 'cmt_module',
    module: 'cmt',
    wrap: 'cmt_wrap',
    head: 'cmt_head',
    title: 'cmt_title',
    count: 'cmt_total',
    contentWrap: 'cmt_body',
    list: 'cmt_items',
    item: 'cmt_item',
    replyItem: 'cmt_reply',
    box: 'cmt_box',
    deleted: 'cmt_removed',
    info: 'cmt_meta',
    nick: 'cmt_writer',
    textWrap: 'cmt_text_wrap',
    contents: 'cmt_text',
    deleteContents: 'cmt_removed_text',
    infoBase: 'cmt_meta_base',
    date: 'cmt_time',
    tool: 'cmt_tools',
    buttonTag: 'a',
    replyButton: 'cmt_reply_toggle',
    replyLabel: 'cmt_reply_label',
    replyCount: 'cmt_reply_num',
    recommSet: 'cmt_votes',
    recomm: 'cmt_vote_up',
    recommCount: 'cmt_up_num',
    unrecomm: 'cmt_vote_down',
    unrecommCount: 'cmt_down_num',
    replyArea: 'cmt_replies',
    paginate: 'cmt_paging',
    more: 'cmt_more',
    moreLabel: 'cmt_more_label',
    error: 'cmt_error',
    statsWrap: 'cmt_stat_box',
    statsList: 'cmt_stat_counts',
    statsItem: 'cmt_stat',
    statsTitle: 'cmt_stat_label',
    statsNumber: 'cmt_stat_num',
    chart: 'cmt_graph',
    chartGender: 'cmt_graph_gender',
    chartAge: 'cmt_graph_age',
    chartBar: 'cmt_graph_bar',
    chartPercent: 'cmt_graph_pct',
    chartLabel: 'cmt_graph_label',
  },
};

/** A second site over the same corpus, under `/alt/`. */
export const ALT: Skin = {
  name: 'alt',
  siteName: '알트 뉴스',
  paths: {
    search: '/alt/news/search',
    pageParam: 'page',
    article: (oid, aid) => `/alt/story/${oid}/${aid}`,
    commentPage: (oid, aid) => `/alt/story/${oid}/${aid}/comments`,
    commentApi: '/alt/api/comments.json',
    refererPath: /^\/alt\/story\//,
  },
  search: {
    listTag: 'ol',
    group: 'search-results',
    list: 'results',
    item: 'result-card',
    wrap: 'result-body',
    area: 'result-main',
    infoWrap: 'result-meta-wrap',
    infoGroup: 'result-meta',
    press: 'result-press',
    info: 'result-extra',
    date: 'result-date',
    portalLink: 'result-portal',
    portalLabel: '포털 기사',
    titleWrapTag: 'h3',
    title: 'result-title',
    dsc: 'result-snippet',
    dscInner: 'result-snippet-text',
    paging: 'pager',
    pagingInner: 'pager-pages',
    pageButton: 'pager-num',
    prev: 'pager-prev',
    next: 'pager-next',
    notFound: 'empty-results',
  },
  article: {
    head: 'story-head',
    logo: 'press-logo',
    logoImg: 'press-logo-img',
    titleId: 'headline',
    titleClass: 'story-title',
    dateTag: 'time',
    date: 'published',
    dateAttr: 'data-published',
    modified: 'updated',
    modifiedAttr: 'data-updated',
    section: 'section-name',
    bodyWrap: 'story-body',
    bodyId: 'article-body',
    bodyClass: 'story-text',
    bylineWrap: 'story-credits',
    byline: 'reporter',
    commentLink: 'comment-link',
    commentCount: 'comment-link-count',
  },
  comments: {
    moduleId: 'comments',
    module: 'comments',
    wrap: 'comments-wrap',
    head: 'comments-head',
    title: 'comments-title',
    count: 'comment-total',
    contentWrap: 'comments-body',
    list: 'comment-list',
    item: 'comment',
    replyItem: 'reply',
    box: 'comment-body',
    deleted: 'comment-deleted',
    info: 'comment-meta',
    nick: 'comment-author',
    textWrap: 'comment-text-wrap',
    contents: 'comment-text',
    deleteContents: 'deleted-text',
    infoBase: 'comment-meta-base',
    date: 'comment-time',
    tool: 'comment-tools',
    buttonTag: 'button',
    replyButton: 'show-replies',
    replyLabel: 'show-replies-label',
    replyCount: 'reply-count',
    recommSet: 'votes',
    recomm: 'vote-up',
    recommCount: 'likes',
    unrecomm: 'vote-down',
    unrecommCount: 'dislikes',
    replyArea: 'replies',
    paginate: 'comment-pager',
    more: 'load-more',
    moreLabel: 'load-more-label',
    error: 'comment-error',
    statsWrap: 'comments-stats',
    statsList: 'comments-stats-counts',
    statsItem: 'comments-stat',
    statsTitle: 'comments-stat-label',
    statsNumber: 'comments-stat-value',
    chart: 'comments-chart',
    chartGender: 'comments-chart-gender',
    chartAge: 'comments-chart-age',
    chartBar: 'comments-chart-bar',
    chartPercent: 'comments-chart-percent',
    chartLabel: 'comments-chart-label',
  },
};

export const SKINS: Record<SkinName, Skin> = { naver: NAVER, changed: CHANGED, alt: ALT };
