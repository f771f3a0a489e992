// The column headers of downloads: the column names for machines (the default), Korean words for the
// people who open the file in a spreadsheet (`?headers=ko`). A column with no Korean word keeps its name.

export interface ExportColumn {
  /** The column's name (the JSON field, the English header). */
  name: string;
  /** The header written in the file. */
  header: string;
  kind: 'text' | 'number' | 'bool' | 'time' | 'json';
}

const KO: Record<string, string> = {
  id: 'ID',
  title: '제목',
  publisher: '언론사',
  published_at: '발행 시각 (KST)',
  published_precision: '발행 시각 정밀도',
  portal_url: '포털 주소',
  original_url: '원문 주소',
  description: '요약',
  section: '섹션',
  byline: '기자',
  oid: '언론사 코드 (oid)',
  aid: '기사 코드 (aid)',
  collected_at: '수집 시각 (KST)',
  is_test: '시험 수집',
  identity: '식별자',
  modified_at: '수정 시각 (KST)',
  body: '본문',
  comment_stats: '댓글 통계',
  article_id: '기사 ID',
  article_url: '기사 주소',
  article_title: '기사 제목',
  comment_no: '댓글 번호',
  parent_comment_no: '상위 댓글 번호',
  author: '작성자',
  text: '내용',
  written_at: '작성 시각 (KST)',
  likes: '공감',
  dislikes: '비공감',
  reply_count: '답글 수',
  is_reply: '답글',
  is_deleted: '삭제됨',
};

/** The site's comment statistics by the names NewsSources give them (lib/sources), in Korean. */
const KO_STATS: Record<string, string> = {
  current: '현재 댓글 수',
  total: '전체 댓글 수',
  deletedByAuthor: '작성자 삭제',
  deletedByModerator: '운영자 삭제',
  male: '남성 비율',
  female: '여성 비율',
  age10: '10대 비율',
  age20: '20대 비율',
  age30: '30대 비율',
  age40: '40대 비율',
  age50: '50대 비율',
  age60: '60대 이상 비율',
};

/** The header of a column in the language asked for; a statistic is "comment_stats.<name>" in English. */
export function exportHeader(name: string, lang: 'en' | 'ko'): string {
  if (lang === 'en') return name;
  const stat = /^comment_stats\.(.+)$/.exec(name)?.[1];
  if (stat !== undefined) return `댓글 통계: ${KO_STATS[stat] ?? stat}`;
  return KO[name] ?? name;
}
