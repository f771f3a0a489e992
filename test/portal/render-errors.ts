// Pages for errors, missing articles and the anti-robot block.
import { escapeHtml, htmlDocument } from './html.js';
import { htmlReply, type Reply } from './reply.js';

export function notFoundPage(what = '요청하신 페이지를 찾을 수 없습니다.'): Reply {
  return htmlReply(
    htmlDocument({
      title: '페이지를 찾을 수 없습니다',
      body: `<div class="error_page" id="error_page"><h1 class="error_title">${escapeHtml(what)}</h1>
<p class="error_dsc">주소가 잘못 입력되었거나, 변경 혹은 삭제되어 요청하신 페이지를 찾을 수 없습니다.</p></div>`,
    }),
    404,
  );
}

export function errorPage(status: number): Reply {
  const title = status === 429 ? '요청이 너무 많습니다' : '일시적인 오류가 발생했습니다';
  return htmlReply(
    htmlDocument({
      title,
      body: `<div class="error_page" id="error_page"><h1 class="error_title">${title}</h1>
<p class="error_dsc">잠시 후 다시 시도해 주세요. (HTTP ${status})</p></div>`,
    }),
    status,
  );
}

/** The anti-robot page the site shows to clients it considers automated. */
export function blockPage(status: number): Reply {
  return htmlReply(
    htmlDocument({
      title: '비정상적인 접근이 감지되었습니다',
      body: `<div class="block_wrap" id="block_page">
<h1 class="block_title">비정상적인 접근이 감지되었습니다</h1>
<p class="block_dsc">회원님의 네트워크에서 비정상적인 요청이 감지되어 서비스 이용이 일시적으로 제한되었습니다.<br>
아래 자동입력 방지 문자를 입력해 주세요.</p>
<form class="captcha_form" action="#" method="post"><img class="captcha_img" src="/static/press/000.png" alt="자동입력 방지 문자" width="240" height="60">
<input type="text" name="captcha" class="captcha_input" placeholder="자동입력 방지 문자"><button type="submit">확인</button></form>
</div>`,
    }),
    status,
  );
}
