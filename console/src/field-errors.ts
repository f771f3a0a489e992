// The API's field errors in the reader's language. The API sends a stable code (FIELD_CODES in
// lib/crd/validate.ts) with its English message; the console words the code, naming the bound or the
// accepted values the API sent. A code the console does not know shows the API's own message.
export type Lang = 'ko' | 'en';
export interface CodedError {
  field: string;
  message: string;
  code?: string;
  limit?: number;
  allowed?: string[];
}

type Words = (e: CodedError, field: string) => string;
const NUMBER_FIELDS = new Set(['max_articles', 'min_delay', 'max_delay', 'priority', 'limit']);

const KO: Record<string, Words> = {
  required: (_e, f) => (f === 'keywords' ? '키워드를 하나 이상 넣어 주세요.' : '입력해 주세요.'),
  'unknown-field': () => '이 항목은 받지 않습니다.',
  'not-allowed': (e) => `다음 중 하나여야 합니다: ${(e.allowed ?? []).join(', ')}`,
  'wrong-type': (_e, f) => (NUMBER_FIELDS.has(f) ? '숫자로 써 주세요.' : '값의 형식이 맞지 않습니다.'),
  'not-a-day': () => '날짜가 아닙니다. 예: 2026. 12. 02.',
  empty: () => '비어 있으면 안 됩니다.',
  'bad-format': () => '형식이 맞지 않습니다.',
  'not-accepted': (_e, f) => (f === 'priority' ? '우선순위는 목록에서 골라 주세요.' : '받을 수 없는 값입니다.'),
  'too-few': (e, f) => (f === 'keywords' ? `키워드를 ${e.limit ?? 1}개 이상 넣어 주세요.` : `${e.limit ?? 1}개 이상이어야 합니다.`),
  'too-many': (e) => `${e.limit ?? ''}개 이하여야 합니다.`,
  'too-short': (e) => `${e.limit ?? ''}자 이상 써 주세요.`,
  'too-long': (e) => `${e.limit ?? ''}자 이하로 써 주세요.`,
  'too-small': (e) => `${e.limit ?? ''} 이상이어야 합니다.`,
  'too-large': (e) => `${e.limit ?? ''} 이하여야 합니다.`,
  'range-reversed': () => '시작일이 종료일보다 늦습니다. 시작일을 종료일과 같거나 앞선 날로 정해 주세요.',
  'range-too-long': (e) => `기간은 최대 ${e.limit ?? ''}일까지입니다.`,
  'delay-reversed': () => '최소 대기 시간이 최대 대기 시간보다 깁니다.',
  repeated: () => '같은 값이 두 번 들어 있습니다.',
  exclusive: (_e, f) =>
    f === 'article_urls' ? 'URL, 이전 작업, 저장된 기사 검색 중 하나만 고르세요.' : '함께 쓸 수 없는 항목이 있습니다. 하나만 써 주세요.',
  'not-a-url': () => 'http:// 또는 https:// 로 시작하는 주소여야 합니다.',
  'not-applicable': () => '이 수집 방식에는 쓰지 않는 항목입니다.',
  shape: () => '요청에 필요한 항목이 빠졌거나 함께 쓸 수 없는 항목이 있습니다.',
};
const EN: Record<string, Words> = {
  required: (_e, f) => (f === 'keywords' ? 'Add at least one keyword.' : 'Please fill this in.'),
  'unknown-field': () => 'This field is not accepted.',
  'not-allowed': (e) => `Must be one of: ${(e.allowed ?? []).join(', ')}`,
  'wrong-type': (_e, f) => (NUMBER_FIELDS.has(f) ? 'Write a number.' : 'Not the right kind of value.'),
  'not-a-day': () => 'Not a date. For example: 2 Dec 2026.',
  empty: () => 'Must not be empty.',
  'bad-format': () => 'Not in the expected form.',
  'not-accepted': (_e, f) => (f === 'priority' ? 'Choose a priority from the list.' : 'This value is not accepted.'),
  'too-few': (e, f) =>
    f === 'keywords' ? `Add at least ${e.limit ?? 1} keyword${(e.limit ?? 1) === 1 ? '' : 's'}.` : `Needs at least ${e.limit ?? 1}.`,
  'too-many': (e) => `At most ${e.limit ?? ''}.`,
  'too-short': (e) => `At least ${e.limit ?? ''} characters.`,
  'too-long': (e) => `At most ${e.limit ?? ''} characters.`,
  'too-small': (e) => `Must be at least ${e.limit ?? ''}.`,
  'too-large': (e) => `Must be at most ${e.limit ?? ''}.`,
  'range-reversed': () => 'The start date is after the end date; choose a start on or before the end.',
  'range-too-long': (e) => `The period can be at most ${e.limit ?? ''} days.`,
  'delay-reversed': () => 'The shortest wait is longer than the longest wait.',
  repeated: () => 'The same value appears twice.',
  exclusive: (_e, f) =>
    f === 'article_urls'
      ? 'Choose only one: URLs, a previous job, or a search of stored articles.'
      : 'Some of these cannot go together; give only one.',
  'not-a-url': () => 'Must be an address starting with http:// or https://.',
  'not-applicable': () => 'This does not apply to this kind of collection.',
  shape: () => 'Something the request needs is missing, or two things that cannot go together were given.',
};

/** The form's field an API field belongs to: "keywords.2" and "keyword" to "keywords", "article_urls.0" to "article_urls". */
export const formField = (field: string): string => (field === 'keyword' ? 'keywords' : field.replace(/\[\d+\]$/, '').replace(/[./].*/, ''));

/** One API field error in the reader's language. */
export function fieldMessage(e: CodedError, lang: Lang): string {
  const words = (lang === 'ko' ? KO : EN)[e.code ?? ''];
  if (!words) return lang === 'ko' ? `올바르지 않은 값입니다 (${e.message})` : `Not valid (${e.message})`;
  const text = words(e, formField(e.field));
  // Which item of a list, when the API named one ("article_urls.2" is the third line).
  const item = /\.(\d+)$/.exec(e.field)?.[1];
  if (item === undefined) return text;
  const n = Number(item) + 1;
  return lang === 'ko' ? `${n}번째: ${text}` : `Item ${n}: ${text}`;
}

/** The field errors grouped by the form's fields, each field's messages joined in the reader's language. */
export function formErrors(errors: CodedError[], lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = formField(e.field);
    const text = fieldMessage(e, lang);
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}
