/**
 * npm run admin -- <command>   (operators: bind WeCom users to staff, register agencies and recommendations)
 *
 *   seed <file.json>
 *   agency add <id> --name <名称> [--domains a,b] [--robot-key KEY] [--prosecutors u1,u2] [--digest-hour 8] [--reminder-days 7,3,1] [--due-soon-days 7] [--follow-up-months 3]
 *   bind <userid> --name <姓名> --role staff|agency_admin|prosecutor|admin [--agency <id>] [--mobile M]
 *   unbind <userid>
 *   recommendation add --ref <文号> --agency <id> --title <标题> --requirements <要求> --issued YYYY-MM-DD [--received YYYY-MM-DD] [--urgent]
 *   recommendation receive --ref <文号> [--received YYYY-MM-DD] [--urgent | --not-urgent]   (recomputes the due date)
 *   list agencies|staff|recommendations|rules
 *   rules enable|disable <rule id>
 *   rules set <rule id> <param>=<number> [...]
 *   rules reseed            (the seed rules of this release in force; switches and thresholds kept)
 *   deadlines rebuild   (re-files every open recommendation in the deadline index; after writes made around the bot)
 *   cases reindex       (re-files every case under its source, number and party; after cases were written around the bot)
 *
 * Connects to MONGODB_URI, or to the embedded server that `npm start` runs (data/embedded.json).
 */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectMongo } from '../src/db/connect.js';
import { withDatabase } from '../src/embedded/services.js';
import { projectRoot } from '../src/embedded/project-root.js';
import { defaultDatabase } from '../src/runtime.js';
import { AdminInputError, addRecommendation, bindStaff, setReceipt, unbindStaff, upsertAgency } from '../src/admin/registry.js';
import { applySeed, readSeedFile } from '../src/admin/seed.js';
import { changeRule, reseedRules, currentRuleSet, RuleChangeError } from '../src/leads/rule-store.js';
import { agencyModel } from '../src/models/agency.js';
import { staffModel, type Role } from '../src/models/staff.js';
import { recommendationModel } from '../src/models/recommendation.js';
import { rebuildDeadlineIndex } from '../src/digest/deadline-index.js';
import { reindexCases } from '../src/cases/case-keys.js';
import { localDate } from '../src/calendar/local-date.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' }, domains: { type: 'string' }, 'robot-key': { type: 'string' }, prosecutors: { type: 'string' },
    'digest-hour': { type: 'string' }, 'reminder-days': { type: 'string' }, 'due-soon-days': { type: 'string' }, 'follow-up-months': { type: 'string' },
    role: { type: 'string' }, agency: { type: 'string' }, mobile: { type: 'string' },
    ref: { type: 'string' }, title: { type: 'string' }, requirements: { type: 'string' },
    issued: { type: 'string' }, received: { type: 'string' }, urgent: { type: 'boolean', default: false }, 'not-urgent': { type: 'boolean', default: false },
    by: { type: 'string', default: process.env.USER ?? 'operator' },
  },
});

function mongoUri(): string {
  if (process.env.MONGODB_URI) return withDatabase(process.env.MONGODB_URI, defaultDatabase);
  const file = join(projectRoot(), process.env.DATA_DIR ?? 'data', 'embedded.json');
  if (existsSync(file)) return withDatabase((JSON.parse(readFileSync(file, 'utf8')) as { mongoUri: string }).mongoUri, defaultDatabase);
  throw new AdminInputError('set MONGODB_URI, or start the bot with `npm start` first (it runs the embedded database and records where in data/embedded.json)');
}

const list = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
const need = (value: string | undefined, flag: string): string => {
  if (!value) throw new AdminInputError(`${flag} is required`);
  return value;
};

async function main(): Promise<void> {
  const [command, sub, arg] = positionals;
  const mongo = await connectMongo(mongoUri());
  const now = new Date();
  const by = values.by!;
  try {
    if (command === 'seed') {
      const counts = await applySeed(mongo, readSeedFile(need(sub, 'seed file')), { by, now, timeZone: process.env.TZ || 'Asia/Shanghai' });
      console.log(`seeded ${counts.agencies} agencies, ${counts.staff} staff, ${counts.recommendations} recommendations`);
    } else if (command === 'agency' && sub === 'add') {
      const settings = {
        digestHour: values['digest-hour'] === undefined ? undefined : Number(values['digest-hour']),
        reminderDays: list(values['reminder-days'])?.map(Number),
        dueSoonDays: values['due-soon-days'] === undefined ? undefined : Number(values['due-soon-days']),
        followUpMonths: values['follow-up-months'] === undefined ? undefined : Number(values['follow-up-months']),
      };
      const a = await upsertAgency(mongo, { id: need(arg, 'agency id'), name: need(values.name, '--name'), domains: list(values.domains), robotKey: values['robot-key'], prosecutors: list(values.prosecutors), settings }, by, now);
      const shown = Object.entries(a.settings ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : String(v)}`);
      console.log(`agency ${a._id} ${a.name} — domains ${a.domains.join(',') || '(none)'}; prosecutors ${a.prosecutors.join(',') || '(none)'}${shown.length ? `; ${shown.join('; ')}` : ''}`);
    } else if (command === 'bind') {
      const s = await bindStaff(mongo, { userid: need(sub, 'userid'), name: need(values.name, '--name'), role: need(values.role, '--role') as Role, agency: values.agency, mobile: values.mobile }, by, now);
      console.log(`bound ${s._id} → ${s.name} (${s.role}${s.agency ? `, ${s.agency}` : ''})`);
    } else if (command === 'unbind') {
      await unbindStaff(mongo, need(sub, 'userid'), by, now);
      console.log(`unbound ${sub}`);
    } else if (command === 'recommendation' && sub === 'add') {
      const { record: r, created } = await addRecommendation(mongo, { ref: need(values.ref, '--ref'), agency: need(values.agency, '--agency'), title: need(values.title, '--title'), requirements: need(values.requirements, '--requirements'), issuedOn: need(values.issued, '--issued'), receivedOn: values.received, urgent: values.urgent }, by, now);
      console.log(`recommendation ${r.ref} → ${r.agency}, due ${r.dueOn?.toISOString().slice(0, 10) ?? '(not received yet)'}${created ? '' : ' (already registered, unchanged)'}`);
    } else if (command === 'recommendation' && sub === 'receive') {
      const urgent = values.urgent ? true : values['not-urgent'] ? false : undefined;
      const r = await setReceipt(mongo, need(values.ref, '--ref'), { receivedOn: values.received, urgent }, by, now);
      console.log(`recommendation ${r.ref} received ${r.receivedOn?.toISOString().slice(0, 10)}${r.urgent ? ' (urgent)' : ''}, due ${r.dueOn?.toISOString().slice(0, 10)} — ${r.dueRule}`);
    } else if (command === 'list' && sub === 'agencies') {
      for (const a of await agencyModel(mongo).find().lean()) console.log(`${a._id}\t${a.name}\t${a.domains.join(',')}\tprosecutors: ${a.prosecutors.join(',')}`);
    } else if (command === 'list' && sub === 'staff') {
      for (const s of await staffModel(mongo).find().lean()) console.log(`${s._id}\t${s.name}\t${s.role}\t${s.agency ?? ''}\t${s.active ? 'active' : 'inactive'}`);
    } else if (command === 'deadlines' && sub === 'rebuild') {
      await rebuildDeadlineIndex(mongo, localDate(now, process.env.TZ || 'Asia/Shanghai'));
      console.log('deadline index rebuilt');
    } else if (command === 'cases' && sub === 'reindex') {
      await reindexCases(mongo);
      console.log('cases re-filed under their source, number and party');
    } else if (command === 'list' && sub === 'rules') {
      const set = await currentRuleSet(mongo);
      console.log(`rule set version ${set.version}`);
      for (const r of set.rules) console.log(`${r.id}\t${r.kind}\t${r.enabled ? 'on' : 'off'}\t${JSON.stringify(r.params)}\t${r.title}`);
    } else if (command === 'rules' && (sub === 'enable' || sub === 'disable')) {
      const set = await changeRule(mongo, need(arg, 'rule id'), { enabled: sub === 'enable' }, by, now);
      console.log(`rule ${arg} ${sub}d; rule set version ${set.version}`);
    } else if (command === 'rules' && sub === 'reseed') {
      // The database keeps the rule set it was first given: a release's corrected rules arrive only this way. Open
      // leads the new rules would not have raised are withdrawn when their records are next evaluated (the nightly sweep).
      const set = await reseedRules(mongo, by, now);
      console.log(`seed rules installed; operators' switches and thresholds kept; rule set version ${set.version}`);
    } else if (command === 'rules' && sub === 'set') {
      const params: Record<string, number> = {};
      for (const pair of positionals.slice(3)) {
        const [name, value] = pair.split('=');
        if (!name || value === undefined || !Number.isFinite(Number(value))) throw new AdminInputError(`"${pair}" must be <param>=<number>`);
        params[name] = Number(value);
      }
      if (Object.keys(params).length === 0) throw new AdminInputError('give at least one <param>=<number>');
      const set = await changeRule(mongo, need(arg, 'rule id'), { params }, by, now);
      console.log(`rule ${arg} ${JSON.stringify(params)}; rule set version ${set.version}`);
    } else if (command === 'list' && sub === 'recommendations') {
      for (const r of await recommendationModel(mongo).find().lean()) console.log(`${r.ref}\t${r.agency}\t${r.status}\t${r.percent}%\tdue ${r.dueOn?.toISOString().slice(0, 10) ?? '-'}`);
    } else {
      throw new AdminInputError('unknown command; see the usage at the top of scripts/admin.ts');
    }
  } finally {
    await mongo.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof AdminInputError || error instanceof RuleChangeError;
  console.error(known ? `admin: ${error.message}` : error);
  process.exit(known ? 2 : 1);
});
