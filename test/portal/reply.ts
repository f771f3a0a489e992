// What a route handler answers: status, headers and body, written by the server.

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export const HTML = 'text/html; charset=UTF-8';
export const JSON_TYPE = 'application/json; charset=UTF-8';
export const JS = 'application/javascript; charset=UTF-8';

export function htmlReply(body: string, status = 200): Reply {
  return { status, headers: { 'content-type': HTML }, body };
}

export function textReply(body: string, status = 200): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=UTF-8' }, body };
}

export function jsonReply(value: unknown, status = 200): Reply {
  return { status, headers: { 'content-type': JSON_TYPE }, body: `${JSON.stringify(value, null, 2)}\n` };
}

export function redirectReply(location: string, status = 302): Reply {
  return { status, headers: { location, 'content-type': HTML }, body: `<a href="${location.replace(/"/g, '&quot;')}">moved</a>` };
}
