// Fixed word lists the corpus is built from: sections, publishers, topics and Korean phrases.
// Fictional publishers on reserved `.example` domains, so nothing points at a real news site.

export interface Section {
  sid: number;
  name: string;
}

export const SECTIONS: readonly Section[] = [
  { sid: 100, name: '정치' },
  { sid: 101, name: '경제' },
  { sid: 102, name: '사회' },
  { sid: 103, name: '생활/문화' },
  { sid: 104, name: '세계' },
  { sid: 105, name: 'IT/과학' },
];

export type PublisherKind = 'daily' | 'economy' | 'broadcast' | 'agency' | 'online' | 'tech';

export interface Publisher {
  oid: string;
  name: string;
  domain: string;
  kind: PublisherKind;
  /** URL shape of the publisher's own article pages. */
  urlStyle: 'idxno' | 'dated' | 'view' | 'section';
}

const P = (oid: string, name: string, slug: string, kind: PublisherKind, urlStyle: Publisher['urlStyle']): Publisher => ({
  oid,
  name,
  domain: `${slug}.example`,
  kind,
  urlStyle,
});

export const PUBLISHERS: readonly Publisher[] = [
  P('801', '온누리통신', 'onnuripress', 'agency', 'dated'),
  P('802', '광장통신', 'gwangjangpress', 'agency', 'dated'),
  P('810', '한빛일보', 'hanbitilbo', 'daily', 'section'),
  P('811', '새벽신문', 'saebyeoknews', 'daily', 'idxno'),
  P('812', '바다일보', 'badailbo', 'daily', 'section'),
  P('813', '청솔신문', 'cheongsolnews', 'daily', 'idxno'),
  P('814', '다솜일보', 'dasomilbo', 'daily', 'view'),
  P('815', '별빛신문', 'byeolbitnews', 'daily', 'idxno'),
  P('816', '들녘일보', 'deulnyeokilbo', 'daily', 'section'),
  P('817', '솔바람일보', 'solbaramilbo', 'daily', 'view'),
  P('818', '세움신문', 'seumnews', 'daily', 'idxno'),
  P('819', '시선일보', 'siseonilbo', 'daily', 'section'),
  P('820', '큰길신문', 'keungilnews', 'daily', 'idxno'),
  P('821', '빛고을일보', 'bitgoeulilbo', 'daily', 'view'),
  P('822', '부산바다신문', 'busanbadanews', 'daily', 'idxno'),
  P('823', '대구한빛', 'daeguhanbit', 'daily', 'view'),
  P('830', '누리경제', 'nurieconomy', 'economy', 'section'),
  P('831', '가온경제', 'gaoneconomy', 'economy', 'dated'),
  P('832', '마루경제', 'marueconomy', 'economy', 'idxno'),
  P('833', '한울경제', 'hanuleconomy', 'economy', 'section'),
  P('834', '동녘경제', 'dongnyeokeconomy', 'economy', 'view'),
  P('835', '모두의경제', 'modueconomy', 'economy', 'idxno'),
  P('836', '머니라인', 'moneyline', 'economy', 'dated'),
  P('840', '하늘방송', 'haneultv', 'broadcast', 'view'),
  P('841', '아름방송', 'areumbroadcast', 'broadcast', 'dated'),
  P('842', '여울방송', 'yeoulbroadcast', 'broadcast', 'view'),
  P('843', '한결TV', 'hangyeoltv', 'broadcast', 'dated'),
  P('850', '미래뉴스', 'miraenews', 'online', 'idxno'),
  P('851', '한결뉴스', 'hangyeolnews', 'online', 'idxno'),
  P('852', '나래뉴스', 'naraenews', 'online', 'view'),
  P('853', '이음뉴스', 'ieumnews', 'online', 'idxno'),
  P('854', '두레신문', 'durenews', 'online', 'idxno'),
  P('855', '오늘의창', 'oneulchang', 'online', 'view'),
  P('856', '한마음뉴스', 'hanmaeumnews', 'online', 'idxno'),
  P('857', '서울마당', 'seoulmadang', 'online', 'section'),
  P('858', '글로벌투데이', 'globaltoday', 'online', 'dated'),
  P('859', '주간시사', 'weeklysisa', 'online', 'idxno'),
  P('870', '디지털나루', 'digitalnaru', 'tech', 'idxno'),
  P('871', '테크온', 'techon', 'tech', 'view'),
  P('872', '코드일보', 'codeilbo', 'tech', 'idxno'),
  P('873', '사이언스온', 'scienceon', 'tech', 'dated'),
  P('874', '헬스피아', 'healthpia', 'tech', 'idxno'),
];

/** Kinds that print a paper edition, so their results carry a page position ("A12면 1단"). */
export const PRINT_KINDS: ReadonlySet<PublisherKind> = new Set(['daily', 'economy']);

export interface Topic {
  keyword: string;
  /** Relative popularity. */
  weight: number;
  /** Sections (sid) this topic is written about in. */
  sections: readonly number[];
  /** Nouns that follow the keyword in titles: "반도체 수출", "금리 인하". */
  nouns: readonly string[];
}

export const TOPICS: readonly Topic[] = [
  { keyword: '반도체', weight: 10, sections: [101, 105], nouns: ['수출', '메모리 가격', '파운드리', '장비 투자', '공급망', 'HBM 경쟁'] },
  { keyword: '인공지능', weight: 10, sections: [105, 101, 102], nouns: ['규제', '서비스', '데이터센터', '인재 확보', '저작권', '교과서'] },
  { keyword: '금리', weight: 8, sections: [101], nouns: ['인하', '동결', '인상 압박', '전망', '대출 부담'] },
  { keyword: '부동산', weight: 8, sections: [101, 102], nouns: ['시장', '대출 규제', '공급 대책', '전세 사기', '거래량'] },
  { keyword: '선거', weight: 7, sections: [100], nouns: ['공천', '여론조사', '사전투표', '공약', '선거구 획정'] },
  { keyword: '기후', weight: 6, sections: [102, 104, 103], nouns: ['위기 대응', '이상기온', '탄소중립', '재난', '폭염 대책'] },
  { keyword: '전기차', weight: 6, sections: [101, 105], nouns: ['보조금', '판매량', '충전 인프라', '화재 대책', '가격 경쟁'] },
  { keyword: '저출산', weight: 5, sections: [102, 100], nouns: ['대책', '육아휴직', '인구 감소', '지원금', '출생률'] },
  { keyword: '의료', weight: 6, sections: [102, 103], nouns: ['개혁', '공백', '수가', '인력 부족', '응급실'] },
  { keyword: '배터리', weight: 5, sections: [101, 105], nouns: ['소재', '재활용', '수주', '공장 증설', '안전성'] },
  { keyword: '환율', weight: 5, sections: [101, 104], nouns: ['급등', '변동성', '방어', '수입 물가'] },
  { keyword: '수출', weight: 5, sections: [101], nouns: ['실적', '회복세', '다변화', '물류비'] },
  { keyword: '물가', weight: 5, sections: [101, 102], nouns: ['상승률', '안정 대책', '외식비', '장바구니'] },
  { keyword: '일자리', weight: 4, sections: [101, 102], nouns: ['정책', '청년 고용', '최저임금', '구인난'] },
  { keyword: '교육', weight: 4, sections: [102, 103], nouns: ['과정 개편', '사교육비', '입시', '늘봄학교'] },
  { keyword: '북한', weight: 4, sections: [100, 104], nouns: ['미사일', '도발', '대화 제의', '인권'] },
  { keyword: '관광', weight: 3, sections: [103, 101], nouns: ['수요', '외국인 방문객', '축제', '지역 상권'] },
  { keyword: '우주', weight: 3, sections: [105], nouns: ['발사체', '탐사', '위성', '항공청'] },
  { keyword: '원전', weight: 3, sections: [101, 100], nouns: ['수출', '안전 점검', '소형모듈원자로', '계속운전'] },
  { keyword: '게임', weight: 3, sections: [105, 103], nouns: ['규제', '신작', '확률형 아이템', 'e스포츠'] },
  { keyword: '가상자산', weight: 3, sections: [101, 105], nouns: ['거래소', '과세', '시세', '이용자 보호'] },
  { keyword: '고령화', weight: 3, sections: [102, 103], nouns: ['돌봄', '연금 개혁', '노인 일자리', '요양 시설'] },
];

export const ACTORS = [
  '정부',
  '여당',
  '야당',
  '대통령실',
  '국회',
  '업계',
  '전문가들',
  '시민단체',
  '금융당국',
  '한국은행',
  '대기업',
  '중소기업',
  '지자체',
  '교육부',
  '보건복지부',
  '산업부',
  '국토부',
  '소비자단체',
  '노동계',
  '학계',
] as const;

export const TRENDS = ['회복세', '급등', '하락세', '반등', '주춤', '최대치 경신', '둔화', '들썩', '비상'] as const;

export const ACTIONS = [
  '대책 발표',
  '우려 표명',
  '지원 확대',
  '규제 강화 검토',
  '협의체 출범',
  '제도 개선 착수',
  '현장 점검',
  '전면 재검토',
  '예산 증액 추진',
  '긴급 회의 소집',
] as const;

export const QUOTES = [
  '골든타임 놓치면 안 돼',
  '지금이 기회',
  '현장과 괴리 커',
  '속도 조절 필요',
  '체감 효과 없다',
  '장기 대책이 답',
  '더는 미룰 수 없다',
  '신중하게 접근해야',
  '위기이자 기회',
] as const;

export const SERIES = ['기획', '뉴스 분석', '현장', '전문가 진단', '이슈 따라잡기'] as const;

export const REGIONS = ['서울', '부산', '대구', '인천', '광주', '대전', '울산', '세종', '경기', '강원', '제주'] as const;

export const WHEN = ['이날', '이날 오전', '이날 오후', '전날', '최근'] as const;

export const SURNAMES: readonly [string, string][] = [
  ['김', 'kim'],
  ['이', 'lee'],
  ['박', 'park'],
  ['최', 'choi'],
  ['정', 'jung'],
  ['강', 'kang'],
  ['조', 'cho'],
  ['윤', 'yoon'],
  ['장', 'jang'],
  ['임', 'lim'],
  ['한', 'han'],
  ['오', 'oh'],
  ['서', 'seo'],
  ['신', 'shin'],
  ['권', 'kwon'],
];

export const GIVEN_SYLLABLES: readonly [string, string][] = [
  ['민', 'min'],
  ['준', 'jun'],
  ['서', 'seo'],
  ['연', 'yeon'],
  ['지', 'ji'],
  ['우', 'woo'],
  ['현', 'hyun'],
  ['수', 'su'],
  ['하', 'ha'],
  ['은', 'eun'],
  ['도', 'do'],
  ['윤', 'yoon'],
  ['예', 'ye'],
  ['진', 'jin'],
  ['영', 'young'],
  ['호', 'ho'],
  ['재', 'jae'],
  ['원', 'won'],
  ['태', 'tae'],
  ['희', 'hee'],
];

export const COMMENT_OPENERS = [
  '기사 잘 봤습니다.',
  '솔직히',
  '이건 좀 아닌 듯.',
  '현실을 너무 모르네요.',
  '정말 걱정입니다.',
  '좋은 기사네요 👍',
  'ㅋㅋㅋ',
  '결국',
  '한 줄 요약하면',
  '매번 하는 얘기지만',
] as const;

export const COMMENT_OPINIONS = [
  '{t} 문제는 하루 이틀 일이 아니다',
  '{t} 정책은 장기적으로 봐야 합니다',
  '서민만 힘들어지는 구조네요',
  '{t} 관련해서 더 깊이 있는 취재 부탁드립니다',
  '정부는 제발 정신 좀 차려라',
  '{t} 얘기 나올 때마다 답답하네',
  '전문가 말 좀 들었으면',
  '이번에는 제대로 했으면 좋겠다',
  '{t} 때문에 우리 회사도 난리입니다',
  '다들 "남 일"처럼 말하네요',
  '{t}는 결국 시간 문제',
  '이게 진짜 & 최선인가요?',
  '<속보>만 쏟아내지 말고 분석 좀',
] as const;

export const REPLY_TEXTS = [
  '동의합니다',
  '그건 아니죠',
  '맞는 말씀',
  '출처가 어디죠?',
  '222',
  '공감 백배',
  '너무 단정적이네요',
  '현장은 다릅니다',
  '좋은 지적입니다',
  'ㅇㅈ',
] as const;

export const DELETED_MESSAGE = '작성자에 의해 삭제된 댓글입니다.';
