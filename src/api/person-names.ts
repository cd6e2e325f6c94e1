import type { Connection } from 'mongoose';
import { agencyModel } from '../models/agency.js';
import { staffModel } from '../models/staff.js';
import { contains } from './list.js';
import type { ApiToken } from './tokens.js';

const tokenRoleNames: Record<ApiToken['role'], string> = { admin: '管理员', prosecutor: '检察官', agency_admin: '单位管理员' };

/**
 * The names records are shown by instead of the ids they store (录入人, 检察官, a timeline's 操作人): a WeCom userid
 * of a bound person (wangjc → 王检察官; also once unbound, the name is still theirs), else an API token's principal as
 * the dashboard's header names it — an agency admin's token by its agency (linye-admin → 富阳区林业局管理员), another
 * token by its own name and role (ops → ops（管理员）). An id that is neither (a seed's operator) is not in the map.
 */
export async function personNames(mongo: Connection, tokens: readonly ApiToken[], ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const staff = wanted.length ? await staffModel(mongo).find({ _id: { $in: wanted } }, { name: 1 }).lean() : [];
  const names = new Map(staff.map((s) => [s._id, s.name]));
  const unnamed = tokens.filter((t) => wanted.includes(t.name) && !names.has(t.name));
  const agencyIds = [...new Set(unnamed.flatMap((t) => (t.agency ? [t.agency] : [])))];
  const agencies = new Map((agencyIds.length ? await agencyModel(mongo).find({ _id: { $in: agencyIds } }, { name: 1 }).lean() : []).map((a) => [a._id, a.name]));
  for (const token of unnamed) {
    const agency = token.agency ? agencies.get(token.agency) : undefined;
    names.set(token.name, agency ? `${agency}管理员` : `${token.name}（${tokenRoleNames[token.role]}）`);
  }
  return names;
}

/**
 * The ids a 操作人 filter means: the id as typed, and every person and API token whose shown name (see
 * {@link personNames}) contains it — 王检察官 → wangjc, 检察官 → every prosecutor.
 */
export async function idsNamed(mongo: Connection, tokens: readonly ApiToken[], asked: string): Promise<string[]> {
  const text = asked.trim();
  const staff = await staffModel(mongo).find({ name: contains(text) }, { _id: 1 }).lean();
  const tokenNames = await personNames(mongo, tokens, tokens.map((t) => t.name));
  const byToken = [...tokenNames].filter(([, name]) => name.toLowerCase().includes(text.toLowerCase())).map(([id]) => id);
  return [...new Set([asked, text, ...staff.map((s) => s._id), ...byToken])];
}
