// Korean first, English on request (kept for the session). t(key) falls back to the key itself.
const ko = {
  app: '뉴스룸 수집기', signin: '로그인', signout: '로그아웃', token: '게이트웨이 토큰', tokenHelp: '부서 또는 관리자 토큰. 이 탭을 닫으면 잊습니다.',
  badToken: '토큰이 올바르지 않습니다.', overview: '개요', newJob: '새 수집', jobs: '작업', data: '데이터', insights: '인사이트',
  department: '부서', admin: '관리자', quota: '할당량', priorityRange: '우선순위', paused: '일시 중지됨', active: '활성',
  jobsByState: '상태별 작업', collectedToday: '오늘 수집', collectedTotal: '전체 수집', articles: '기사', comments: '댓글',
  fleet: '수집 인프라', queues: '큐', workers: '워커', sessions: 'Grid 세션', desired: '목표', current: '현재', inFlight: '진행 중 작업',
  pause: '일시 중지', resume: '재개', pauseFleet: '전체 일시 중지', resumeFleet: '전체 재개', fleetPaused: '전체 수집이 일시 중지됨',
  metadata: '기사 메타데이터', commentsJob: '댓글', keywords: '키워드', keywordHelp: 'Enter 로 추가, 칩의 ×로 삭제', startDate: '시작일', endDate: '종료일',
  method: '방식', includeComments: '댓글도 수집', priority: '우선순위', maxArticles: '최대 기사 수(키워드·일별)', minDelay: '최소 지연(초)', maxDelay: '최대 지연(초)',
  submit: '수집 요청', urls: '기사 URL (한 줄에 하나)', fromJob: '이전 작업의 기사', fromQuery: '저장된 기사 검색', source: '대상', requestId: '요청 ID',
  publishers: '언론사(쉼표로 구분)', submitted: '요청됨', effectivePriority: '적용 우선순위', capped: '부서 최대값으로 제한됨', runAgain: '다시 실행',
  status: '상태', type: '유형', progress: '진행률', created: '생성', started: '시작', completed: '완료', duration: '소요', all: '전체',
  tasks: '작업 단위', lastErrors: '최근 오류', log: '실시간 로그', suspend: '일시 중지', stop: '중지', noErrors: '오류 없음',
  publisher: '언론사', from: '시작일', to: '종료일', text: '제목 검색', job: '작업', keyword: '키워드', title: '제목', published: '발행',
  next: '다음', prev: '처음으로', download: '다운로드', thread: '댓글 스레드', deleted: '삭제된 댓글', likes: '공감', dislikes: '비공감',
  sortTime: '시간순', sortLikes: '공감순', replies: '답글', close: '닫기', apply: '적용', none: '없음', loading: '불러오는 중…',
  perDay: '일별·키워드별 기사', topPublishers: '언론사 순위', mostCommented: '댓글 많은 기사', byHour: '발행 후 시간별 댓글', likesDislikes: '공감 대 비공감',
  hour: '발행 후 시간', table: '표 보기', chart: '차트', count: '수', language: 'English', filter: '필터', error: '오류', retry: '다시 시도',
  noData: '데이터가 없습니다.', total: '합계', skip: '본문으로 건너뛰기', live: '실시간', errorsIn: '입력 오류', more: '더 보기',
};
type Key = keyof typeof ko;
const en: Record<Key, string> = {
  app: 'Newsroom collector', signin: 'Sign in', signout: 'Sign out', token: 'Gateway token', tokenHelp: 'A department or admin token. Forgotten when this tab closes.',
  badToken: 'That token is not valid.', overview: 'Overview', newJob: 'New collection', jobs: 'Jobs', data: 'Data', insights: 'Insights',
  department: 'Department', admin: 'Admin', quota: 'Quota', priorityRange: 'Priority', paused: 'Paused', active: 'Active',
  jobsByState: 'Jobs by state', collectedToday: 'Collected today', collectedTotal: 'Collected in total', articles: 'Articles', comments: 'Comments',
  fleet: 'Fleet', queues: 'Queues', workers: 'Workers', sessions: 'Grid sessions', desired: 'desired', current: 'current', inFlight: 'In-flight tasks',
  pause: 'Pause', resume: 'Resume', pauseFleet: 'Pause the fleet', resumeFleet: 'Resume the fleet', fleetPaused: 'The whole fleet is paused',
  metadata: 'Article metadata', commentsJob: 'Comments', keywords: 'Keywords', keywordHelp: 'Enter adds one; × on a chip removes it', startDate: 'Start date', endDate: 'End date',
  method: 'Method', includeComments: 'Also collect comments', priority: 'Priority', maxArticles: 'Max articles (per keyword and day)', minDelay: 'Min delay (s)', maxDelay: 'Max delay (s)',
  submit: 'Request collection', urls: 'Article URLs (one per line)', fromJob: 'Articles of a previous job', fromQuery: 'A query over stored articles', source: 'Source', requestId: 'Request id',
  publishers: 'Publishers (comma-separated)', submitted: 'Requested', effectivePriority: 'Effective priority', capped: 'capped at the department maximum', runAgain: 'Run again',
  status: 'Status', type: 'Type', progress: 'Progress', created: 'Created', started: 'Started', completed: 'Completed', duration: 'Duration', all: 'All',
  tasks: 'Tasks', lastErrors: 'Last errors', log: 'Live log', suspend: 'Suspend', stop: 'Stop', noErrors: 'No errors',
  publisher: 'Publisher', from: 'From', to: 'To', text: 'Title contains', job: 'Job', keyword: 'Keyword', title: 'Title', published: 'Published',
  next: 'Next', prev: 'First page', download: 'Download', thread: 'Comment thread', deleted: 'Deleted comment', likes: 'Likes', dislikes: 'Dislikes',
  sortTime: 'By time', sortLikes: 'By likes', replies: 'replies', close: 'Close', apply: 'Apply', none: 'None', loading: 'Loading…',
  perDay: 'Articles per day and keyword', topPublishers: 'Top publishers', mostCommented: 'Most-commented articles', byHour: 'Comments by hour after publication', likesDislikes: 'Likes against dislikes',
  hour: 'Hours after publication', table: 'Show table', chart: 'Chart', count: 'Count', language: '한국어', filter: 'Filter', error: 'Error', retry: 'Retry',
  noData: 'No data.', total: 'Total', skip: 'Skip to content', live: 'live', errorsIn: 'Input errors', more: 'Show more',
};

let current: 'ko' | 'en' = sessionStorage.getItem('newsroom.lang') === 'en' ? 'en' : 'ko';
export const lang = (): 'ko' | 'en' => current;
export function setLang(l: 'ko' | 'en'): void {
  current = l;
  sessionStorage.setItem('newsroom.lang', l);
  document.documentElement.lang = l;
}
export const t = (k: Key): string => (current === 'ko' ? ko[k] : en[k]);
export type { Key };
