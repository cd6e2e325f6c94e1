import { asRecord, byteLength, nonEmptyString, opaqueId, type FakeContext } from './context.js';
import { errmsgFor, ok, wecomError } from './errors.js';
import type { ApiRequest, ApiResult, Route } from './http-kit.js';
import type { MediaStore } from './media.js';
import { interactiveCardTypes, templateCardProblem } from './template-card.js';
import type { TokenStore } from './tokens.js';

/** A member of the fake corp (通讯录成员). */
export interface FakeUser {
  userid: string;
  name: string;
  mobile?: string;
  /** Department ids; [1] (the root) unless given. */
  department?: number[];
}

/** The self-built app's message and contact APIs, with what they accepted. */
export interface AppApi {
  routes: Route[];
  addUser(user: FakeUser): void;
  appMessages(): Record<string, unknown>[];
  droppedAppMessages(): Array<{ userid: string; body: Record<string, unknown> }>;
  cardUpdates(): Record<string, unknown>[];
  /** The response_code message/send returned for the card with this task_id. */
  responseCode(taskId: string): string | undefined;
  /** A fresh response_code for a sent card, as WeCom puts one in each template_card_event. */
  issueResponseCode(taskId: string): string;
}

interface ResponseCodeEntry {
  taskId: string;
  issuedAt: number;
  used: boolean;
}

const responseCodeTtlMs = 72 * 3600 * 1000;

/** The receivers of a `|`-joined list (touser, toparty, totag), trimmed. */
const split = (value: unknown) => (typeof value === 'string' ? value.split('|').map((s) => s.trim()).filter(Boolean) : []);
const textLimitBytes = 2048;

/** Creates message/send, message/update_template_card and user/get. */
export function createAppApi(ctx: FakeContext, tokens: TokenStore, media: MediaStore): AppApi {
  const users = new Map<string, Required<FakeUser>>();
  const messages: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const taskIds = new Map<string, string | undefined>();
  const responseCodes = new Map<string, ResponseCodeEntry>();
  const recentlySent = new Map<string, { msgid: string; at: number }>();
  /** When each member (lower-cased userid) was delivered app messages within the last hour, oldest first. */
  const deliveredAt = new Map<string, number[]>();
  const dropped: Array<{ userid: string; body: Record<string, unknown> }> = [];

  /**
   * Members of the message over their per-minute or per-hour limit, who miss it; the others are counted as
   * delivered. WeCom answers such a call as a success and silently discards the excess, and so does the fake.
   */
  function overLimit(body: Record<string, unknown>): Set<string> {
    const now = ctx.now();
    const ids = new Set(split(body.touser).map((id) => id.toLowerCase()).filter((id) => users.has(id)));
    const over = new Set<string>();
    for (const id of ids) {
      const times = (deliveredAt.get(id) ?? []).filter((at) => at > now - 3_600_000);
      deliveredAt.set(id, times);
      const lastMinute = times.filter((at) => at > now - 60_000).length;
      if (lastMinute >= ctx.memberLimit.perMinute || times.length >= ctx.memberLimit.perHour) {
        over.add(id);
        dropped.push({ userid: id, body });
      } else {
        times.push(now);
      }
    }
    return over;
  }

  function issueCode(taskId: string): string {
    const code = opaqueId(32);
    responseCodes.set(code, { taskId, issuedAt: ctx.now(), used: false });
    return code;
  }

  /** Common start of both message APIs: token, JSON body, agentid. */
  function openCall(request: ApiRequest): { refused: ApiResult } | { body: Record<string, unknown> } {
    const refused = tokens.refuse(request.query);
    if (refused) return { refused };
    const body = asRecord(request.body);
    if (!body || request.invalidJson) return { refused: wecomError(47001) };
    if (String(body.agentid) !== ctx.agentId) return { refused: wecomError(40056, `agentid ${String(body.agentid)}`) };
    return { body };
  }

  function contentProblem(body: Record<string, unknown>): ApiResult | undefined {
    const msgtype = String(body.msgtype);
    const payload = asRecord(body[msgtype]);
    if (msgtype === 'text' || msgtype === 'markdown') {
      const content = payload?.content;
      if (typeof content !== 'string' || content.length === 0) return wecomError(44004, `${msgtype}.content empty`);
      // WeCom documents truncation past 2048 bytes for text; the fake refuses so an oversize message cannot pass unseen.
      if (byteLength(content) > textLimitBytes) return wecomError(40058, `${msgtype}.content exceed max length ${textLimitBytes}`);
      return undefined;
    }
    if (msgtype === 'template_card') {
      const problem = templateCardProblem(body.template_card, 'app');
      if (problem) return wecomError(40058, problem);
      const taskId = asRecord(body.template_card)?.task_id;
      if (typeof taskId === 'string' && taskIds.has(taskId)) return wecomError(40058, `task_id ${taskId} exist`);
      return undefined;
    }
    if (['image', 'voice', 'video', 'file'].includes(msgtype)) {
      return media.get('app', String(payload?.media_id)) ? undefined : wecomError(40007);
    }
    if (['textcard', 'news', 'mpnews', 'miniprogram_notice'].includes(msgtype)) {
      return payload ? undefined : wecomError(40058, `${msgtype} missing`);
    }
    return wecomError(40008, `msgtype ${msgtype}`);
  }

  /** Receivers WeCom would drop, lower-cased and `|`-joined, and whether anyone is left. */
  function resolveReceivers(body: Record<string, unknown>) {
    const touser = split(body.touser);
    const toparty = split(body.toparty);
    const totag = split(body.totag);
    if (touser.includes('@all')) return { anyValid: users.size > 0, invalid: {} };
    const invalidUsers = touser.filter((id) => !users.has(id.toLowerCase())).map((id) => id.toLowerCase());
    const departments = new Set([...users.values()].flatMap((user) => user.department));
    const invalidParties = toparty.filter((id) => !departments.has(Number(id)));
    const anyValid = invalidUsers.length < touser.length || invalidParties.length < toparty.length;
    // The fake keeps no tags, so every totag entry is invalid.
    const invalid = { invaliduser: invalidUsers.join('|'), invalidparty: invalidParties.join('|'), invalidtag: totag.join('|') };
    return { anyValid, invalid: Object.fromEntries(Object.entries(invalid).filter(([, value]) => value !== '')) };
  }

  /** enable_duplicate_check: the same request JSON within the interval is answered but not delivered again. */
  function duplicateOf(body: Record<string, unknown>): string | undefined {
    if (body.enable_duplicate_check !== 1) return undefined;
    const intervalMs = Math.min(Number(body.duplicate_check_interval ?? 1800), 4 * 3600) * 1000;
    const earlier = recentlySent.get(JSON.stringify(body));
    return earlier && ctx.now() - earlier.at < intervalMs ? earlier.msgid : undefined;
  }

  function send(request: ApiRequest): ApiResult {
    const opened = openCall(request);
    if ('refused' in opened) return opened.refused;
    const body = opened.body;
    const problem = contentProblem(body);
    if (problem) return problem;
    const receivers = resolveReceivers(body);
    if (!receivers.anyValid) return { status: 200, json: { errcode: 81013, errmsg: errmsgFor(81013), ...receivers.invalid } };
    const duplicate = duplicateOf(body);
    if (duplicate) return ok({ ...receivers.invalid, msgid: duplicate });
    const msgid = opaqueId(36);
    recentlySent.set(JSON.stringify(body), { msgid, at: ctx.now() });
    const over = split(body.touser).includes('@all') ? new Set<string>() : overLimit(body);
    if (over.size === 0) messages.push(body);
    else {
      const rest = split(body.touser).filter((id) => !over.has(id.toLowerCase()));
      if (rest.some((id) => users.has(id.toLowerCase())) || body.toparty) messages.push({ ...body, touser: rest.join('|') });
    }
    const card = asRecord(body.template_card);
    const taskId = typeof card?.task_id === 'string' ? card.task_id : undefined;
    const responseCode = taskId && interactiveCardTypes.has(String(card?.card_type)) ? issueCode(taskId) : undefined;
    if (taskId) taskIds.set(taskId, responseCode);
    return ok({ ...receivers.invalid, msgid, ...(responseCode ? { response_code: responseCode } : {}) });
  }

  function updateCard(request: ApiRequest): ApiResult {
    const opened = openCall(request);
    if ('refused' in opened) return opened.refused;
    const body = opened.body;
    // WeCom's exact errcodes for a bad response_code are not documented where we looked: 40058 (invalid parameter).
    const entry = responseCodes.get(String(body.response_code));
    if (!entry) return wecomError(40058, 'response_code invalid');
    if (entry.used) return wecomError(40058, 'response_code already used');
    if (ctx.now() - entry.issuedAt > responseCodeTtlMs) return wecomError(40058, 'response_code expired');
    const button = asRecord(body.button);
    if (!button && body.template_card === undefined) return wecomError(40058, 'button or template_card required');
    if (button && !nonEmptyString(button.replace_name)) return wecomError(40058, 'button.replace_name missing');
    const problem = body.template_card === undefined ? undefined : templateCardProblem(body.template_card, 'app');
    if (problem) return wecomError(40058, problem);
    entry.used = true;
    updates.push(body);
    const userids = Array.isArray(body.userids) ? body.userids.map(String) : [];
    const invalid = userids.filter((id) => !users.has(id.toLowerCase())).map((id) => id.toLowerCase());
    return ok(invalid.length > 0 ? { invaliduser: invalid.join('|') } : {});
  }

  function getUser(request: ApiRequest): ApiResult {
    const refused = tokens.refuse(request.query);
    if (refused) return refused;
    if (!request.query.userid) return wecomError(41009);
    // Userids are case-insensitive in WeCom.
    const user = users.get(request.query.userid.toLowerCase());
    if (!user) return wecomError(60111, `userid ${request.query.userid}`);
    const { userid, name, mobile, department } = user;
    return ok({ userid, name, department, main_department: department[0], ...(mobile ? { mobile } : {}), status: 1 });
  }

  return {
    routes: [
      { method: 'POST', path: '/cgi-bin/message/send', handle: send },
      { method: 'POST', path: '/cgi-bin/message/update_template_card', handle: updateCard },
      { method: 'GET', path: '/cgi-bin/user/get', handle: getUser },
    ],
    addUser(user) {
      users.set(user.userid.toLowerCase(), { mobile: '', department: [1], ...user });
    },
    appMessages: () => [...messages],
    droppedAppMessages: () => [...dropped],
    cardUpdates: () => [...updates],
    responseCode: (taskId) => taskIds.get(taskId),
    issueResponseCode(taskId) {
      if (!taskIds.has(taskId)) throw new Error(`no card with task_id ${taskId} was sent`);
      return issueCode(taskId);
    },
  };
}
