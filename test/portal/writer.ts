// Korean headline, summary, body and comment text from templates over the topic vocabulary.
import type { Rng } from './rng.js';
import { ACTIONS, ACTORS, QUOTES, REGIONS, SERIES, TRENDS, WHEN, type Topic } from './vocabulary.js';

/** Whether a word ends in a final consonant (batchim), which picks the particle form. */
export function hasFinalConsonant(word: string): boolean {
  const last = word.trim().slice(-1);
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  if (/[0-9]/.test(last)) return '013678'.includes(last);
  return /[lmnrLMNR]/.test(last);
}

/** Attaches a particle pair such as 은/는, 이/가, 을/를, 과/와. */
export function josa(word: string, withFinal: string, withoutFinal: string): string {
  return word + (hasFinalConsonant(word) ? withFinal : withoutFinal);
}

export interface ArticleText {
  title: string;
  summary: string;
  paragraphs: string[];
}

/** Writes an article about `topics` (the first one leads). */
export function writeArticle(rng: Rng, topics: readonly Topic[]): ArticleText {
  const lead = topics[0] as Topic;
  const second = topics[1];
  const noun = rng.pick(lead.nouns);
  const actor = rng.pick(ACTORS);
  const title = writeTitle(rng, lead, noun, actor, second);

  const first = `${josa(actor, '은', '는')} ${rng.pick(WHEN)} ${lead.keyword} ${josa(noun, '과', '와')} 관련해 ${rng.pick(ACTIONS)}에 나섰다고 밝혔다.`;
  const templates = rng.sample(FOLLOW_UPS, topics.length - 1);
  const follow = topics.slice(1).map((t, i) => (templates[i] as (k: string, n: string) => string)(t.keyword, rng.pick(t.nouns)));
  const summary = [first, ...follow].join(' ');

  const paragraphs: string[] = [summary];
  const order = rng.sample(BODY_SENTENCES, BODY_SENTENCES.length);
  let next = 0;
  const count = rng.int(3, 6);
  for (let i = 0; i < count; i++) {
    const sentences: string[] = [];
    const n = rng.int(2, 3);
    for (let j = 0; j < n; j++) {
      const sentence = order[next++ % order.length] as BodySentence;
      const topic = rng.pick(topics);
      sentences.push(sentence(rng, topic.keyword, rng.pick(topic.nouns), actor));
    }
    paragraphs.push(sentences.join(' '));
  }
  return { title, summary, paragraphs };
}

const FOLLOW_UPS: readonly ((keyword: string, noun: string) => string)[] = [
  (k) => `이번 조치는 ${k} 분야에도 영향을 미칠 것으로 보인다.`,
  (k, n) => `${k} ${n} 문제도 함께 논의될 전망이다.`,
  (k, n) => `업계는 ${k} ${n + '에'} 미칠 파장에 주목하고 있다.`,
  (k) => `일각에서는 ${k} 정책과의 엇박자를 우려하는 목소리도 나온다.`,
];

function writeTitle(rng: Rng, lead: Topic, noun: string, actor: string, second: Topic | undefined): string {
  const t = lead.keyword;
  const pattern = rng.int(0, second ? 9 : 8);
  switch (pattern) {
    case 0:
      return `${t} ${noun} ${rng.pick(TRENDS)}…${actor} "${rng.pick(QUOTES)}"`;
    case 1:
      return `${actor}, ${t} ${noun} ${rng.pick(ACTIONS)}`;
    case 2:
      return `"${t} ${noun}, ${rng.pick(QUOTES)}"`;
    case 3:
      return `[단독] ${actor}, ${t} ${noun} 관련 ${rng.pick(ACTIONS)}`;
    case 4:
      return `<${rng.pick(SERIES)}> ${t} ${noun}, 해법은`;
    case 5:
      return `${t} ${noun} ${rng.pick(TRENDS)} 전망…R&D 투자 확대`;
    case 6:
      return `${rng.pick(REGIONS)} ${t} ${noun} 논란 확산`;
    case 7:
      return `${t} ${noun} ${rng.pick(TRENDS)}, '${rng.pick(QUOTES)}'`;
    case 8:
      return `${t} ${josa(noun, '이', '가')} 바꾼 풍경…${rng.pick(REGIONS)} 현장 가보니`;
    default:
      return `${t}·${(second as Topic).keyword} 동시 ${rng.pick(TRENDS)}…${actor} ${rng.pick(ACTIONS)}`;
  }
}

type BodySentence = (rng: Rng, t: string, noun: string, actor: string) => string;

const BODY_SENTENCES: readonly BodySentence[] = [
  (rng, t, noun, actor) => `${josa(actor, '은', '는')} "${rng.pick(QUOTES)}"라며 "${t} ${josa(noun, '을', '를')} 면밀히 살펴보겠다"고 말했다.`,
  (rng, t, noun) =>
    `업계에 따르면 ${t} 관련 ${noun} 규모는 지난해 같은 기간보다 ${rng.int(1, 29)}.${rng.int(0, 9)}% ${rng.chance(0.6) ? '증가' : '감소'}한 것으로 집계됐다.`,
  (rng, t, noun) => `${rng.pick(REGIONS)} 지역에서는 ${t} ${josa(noun, '을', '를')} 둘러싼 논란이 이어지고 있다.`,
  (_rng, t) => `전문가들은 ${t} 문제가 단기간에 해결되기 어렵다고 입을 모은다.`,
  (rng) => `한 관계자는 "${rng.pick(QUOTES)}"라고 전했다.`,
  (_rng, _t, _noun, actor) => `${josa(actor, '은', '는')} 다음 달까지 구체적인 후속 방안을 내놓을 계획이다.`,
  (_rng, t, noun) => `시장에서는 ${t} ${noun} 흐름이 하반기 & 내년 경기의 변수가 될 것이라는 분석이 나온다.`,
  (rng, t) => `${rng.pick(ACTORS)} 관계자는 "${t} 문제는 한쪽의 노력만으로 풀 수 없다"고 강조했다.`,
  (rng, t, noun) => `지난 ${rng.int(1, 28)}일 열린 간담회에서도 ${t} ${noun} 문제가 주요 안건으로 다뤄졌다.`,
  (_rng, t) => `이 같은 흐름은 ${t} 관련 통계에서도 확인된다.`,
  (rng, t, noun) => `${rng.pick(REGIONS)}의 한 시민은 "${noun} 때문에 ${t} 얘기가 남 일 같지 않다"고 말했다.`,
  (_rng, _t, noun) => `다만 ${noun}에 대한 구체적인 수치는 아직 공개되지 않았다.`,
];
