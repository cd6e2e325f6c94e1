import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { defaultCalendar, overridesFile } from '../../calendar/default-calendar.js';
import { calendarWarningsZhNow } from '../../rectification/calendar-coverage.js';
import { followCalendar } from '../../rectification/recompute-due-dates.js';
import { loadOverrides, parseOverrides } from '../../calendar/overrides-file.js';
import { changeRule, currentRuleSet, isSensibleThreshold, RuleChangeError, thresholdRange } from '../../leads/rule-store.js';
import { audit, auditModel } from '../../models/audit.js';
import { auditActionCodes, auditDisplay } from '../audit-display.js';
import { dateField } from '../dates.js';
import { idsNamed } from '../person-names.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, fieldError, notFound } from '../errors.js';
import { answerList, pagingQuery, type Column } from '../list.js';
import type { ApiRouter } from '../router.js';

/**
 * The 操作日志 as people read it: names rather than codes and ids. Each row also keeps the stored `actor`, `action`,
 * `target` and `reason`, which the filters take and scripts compare.
 */
const auditColumns: Column[] = [
  { key: 'at', title: '时间' }, { key: 'actorName', title: '操作人' }, { key: 'actionName', title: '操作' }, { key: 'targetLabel', title: '对象' },
  { key: 'outcome', title: '结果' }, { key: 'reasonText', title: '原因' },
];

/** The explanation a file carries in its "comment", if it can be read. */
function fileComment(file: string): string | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { comment?: unknown };
    return typeof parsed.comment === 'string' ? parsed.comment : undefined;
  } catch {
    return undefined;
  }
}

/** The overrides in the file, or none when it cannot be read as overrides. */
function readableOverrides(file: string) {
  try {
    return loadOverrides(file);
  } catch {
    return [];
  }
}

/** Lead rules, the holiday calendar overrides and the audit log. */
export function settingsRoutes(api: ApiRouter, deps: ApiDeps): void {
  api.add({
    method: 'get', path: '/api/rules', tag: '规则与日历', summary: '线索规则（当前版本）', roles: ['admin', 'prosecutor'],
    async handle() {
      return currentRuleSet(deps.mongo);
    },
  });

  api.add({
    method: 'patch', path: '/api/rules/:id', tag: '规则与日历', summary: '启用、停用规则或修改阈值（生成新版本并审计）', roles: ['admin'],
    body: z.object({ enabled: z.boolean().optional(), params: z.record(z.string(), z.number().finite()).optional() }).strict(),
    async handle({ params, body, principal }) {
      // Checked here in Chinese; the rule store words the same refusals in English for the CLI.
      const rule = (await currentRuleSet(deps.mongo)).rules.find((r) => r.id === params.id);
      if (!rule) throw notFound(`规则「${params.id}」`);
      if (body.enabled === undefined && Object.keys(body.params ?? {}).length === 0) throw fieldError('请求', '请给出 enabled（启用或停用）或至少一个阈值');
      const unknown = Object.keys(body.params ?? {}).filter((name) => !Object.hasOwn(rule.params, name));
      if (unknown.length) throw fieldError('params', `规则 ${rule.id} 没有阈值 ${unknown.join('、')}（可改的阈值：${Object.keys(rule.params).join('、') || '无'}）`);
      for (const [name, value] of Object.entries(body.params ?? {})) {
        if (isSensibleThreshold(name, value)) continue;
        const range = thresholdRange(name);
        throw fieldError(`params.${name}`, `${range.label}应为${range.whole ? ` ${range.min}–${range.max} ${range.unit}之间的整数` : `大于 0、不超过 ${range.max} 的数值（${range.unit}）`}，收到 ${String(value)}`);
      }
      try {
        const set = await changeRule(deps.mongo, params.id!, body, principal.name, new Date(deps.now()));
        return { version: set.version, rule: set.rules.find((r) => r.id === params.id) };
      } catch (error) {
        if (error instanceof RuleChangeError) throw new ApiError(409, 'rule_change_refused', '规则未能修改：规则集刚被修改或修改后的规则无效，请刷新后重试', undefined, error.message);
        throw error;
      }
    },
  });

  api.add({
    method: 'get', path: '/api/calendar', tag: '规则与日历', summary: '节假日调整（运维补充的国务院安排）与未覆盖年份的警告', roles: ['admin', 'prosecutor', 'agency_admin'],
    async handle() {
      // A hand-edited file that is not valid is not in force: show none of it, and the warning saying why.
      const calendar = defaultCalendar();
      return { overrides: readableOverrides(overridesFile()), warnings: await calendarWarningsZhNow(deps.mongo, new Date(deps.now()), deps.config.TZ, calendar) };
    },
  });

  api.add({
    method: 'put', path: '/api/calendar/overrides', tag: '规则与日历', summary: '替换节假日调整（整年安排：放假 working:false，调休上班 working:true）', roles: ['admin'],
    body: z.object({ overrides: z.array(z.object({ date: dateField('日期'), working: z.boolean(), name: z.string().min(1).max(20).optional() }).strict()).max(400), comment: z.string().max(2000).optional() }).strict(),
    async handle({ body, principal }) {
      let overrides;
      try {
        overrides = parseOverrides(body, 'overrides');
      } catch (error) {
        throw new ApiError(400, 'invalid_input', '节假日调整有误，请核对日期与格式', undefined, (error as Error).message);
      }
      const file = overridesFile();
      const previous = readableOverrides(file); // a broken file is what this PUT mends
      // Written whole and renamed, so a reader never sees half a file; the file's own explanation is kept.
      const comment = body.comment ?? fileComment(file) ?? 'Operator overrides of the Chinese holiday calendar; see README.';
      try {
        writeFileSync(`${file}.tmp`, `${JSON.stringify({ comment, overrides }, null, 2)}\n`);
        renameSync(`${file}.tmp`, file);
      } catch (error) {
        throw new ApiError(500, 'calendar_unwritable', `节假日调整未保存：文件无法写入（${file}），请运维检查该文件的位置与权限（CALENDAR_OVERRIDES_FILE）`, undefined, (error as Error).message);
      }
      const now = new Date(deps.now());
      await audit(deps.mongo, { at: now, actor: principal.name, action: 'calendar.overrides', sourceId: `api:${principal.name}:${now.getTime()}`, outcome: 'ok', detail: { before: previous.length, after: overrides.length } });
      // The dates the new calendar moves (a deadline on a holiday just added), at once rather than at the next run; the
      // agencies and prosecutors whose dates moved are told. `recomputed` lists the reply due dates, as it always has.
      const moved = await followCalendar(deps.mongo, defaultCalendar(), now, { by: principal.name, timeZone: deps.config.TZ, deliveries: deps.deliveries });
      return {
        overrides, warnings: await calendarWarningsZhNow(deps.mongo, now, deps.config.TZ),
        recomputed: (moved?.replies ?? []).map(({ ref, from, to }) => ({ ref, from, to })),
        recomputedTransfers: (moved?.transfers ?? []).map(({ number, from, to }) => ({ number, from, to })),
        recomputedFollowUps: moved?.followUps ?? [],
        notified: moved?.notified ?? [],
      };
    },
  });

  api.add({
    method: 'get', path: '/api/audit', tag: '规则与日历', summary: '操作日志：谁在何时做了什么（含被拒绝的操作）；actor 可为账号或姓名（如 王检察官，含该字样的都算），action 可为操作代码或其中文名（如 不予受理）', roles: ['admin'], produces: ['json', 'xlsx'],
    query: pagingQuery.extend({ actor: z.string().max(64).optional(), action: z.string().max(64).optional() }),
    async handle({ query, ctx }) {
      // 操作人 is searched as the table shows it, 王检察官（wangjc）: by the account or by the name.
      const actors = query.actor?.trim() ? await idsNamed(deps.mongo, deps.config.API_TOKENS, query.actor) : undefined;
      const filter = { ...(actors ? { actor: { $in: actors } } : {}), ...(query.action ? { action: { $in: auditActionCodes(query.action) } } : {}) };
      const format = new Intl.DateTimeFormat('sv-SE', { timeZone: deps.config.TZ, dateStyle: 'short', timeStyle: 'short' });
      return answerList(ctx, '操作日志', auditColumns, query, async ({ skip, limit }) => {
        const records = await auditModel(deps.mongo).find(filter).sort({ at: -1, _id: 1 }).skip(skip).limit(limit).lean();
        const shown = await auditDisplay(deps.mongo, records);
        return {
          rows: records.map((a, i) => ({
            id: a._id, at: format.format(a.at), actor: a.actor, action: a.action, target: a.target?.id ?? null, outcome: a.outcome === 'ok' ? '成功' : '拒绝', reason: a.reason ?? null, ...shown[i]!,
          })),
          total: await auditModel(deps.mongo).countDocuments(filter),
        };
      });
    },
  });
}
