import type { Connection } from 'mongoose';
import { currentRuleSet } from '../leads/rule-store.js';
import { evaluateSubject } from '../leads/evaluate-subject.js';
import { localDate, ymd } from '../calendar/local-date.js';
import { reindexCases } from '../cases/case-keys.js';
import { rebuildDeadlineIndex } from '../digest/deadline-index.js';
import type { Role } from '../models/staff.js';
import { list, pastDate, required, wholeNumber, type AdminCommand } from './cli-args.js';
import { listCommands } from './cli-list-commands.js';
import { ruleCommands } from './cli-rule-commands.js';
import { dutiesWarning, lastAdminWarning, prosecutorDuties } from './prosecutor-duties.js';
import { staffModel } from '../models/staff.js';
import { caseModel } from '../models/case.js';
import {
  AdminInputError, addRecommendation, bindStaff, checkAgencyInput, checkProsecutorsBound, checkReceivedAfterIssue, checkRecommendationInput, checkStaffInput, checkUserid, setNewPeriod, setReceipt,
  unbindStaff, upsertAgency, type AgencyInput,
} from './registry.js';
import { applySeed, checkSeedFile, readSeedFile } from './seed.js';

const seed: AdminCommand = {
  name: 'seed', usage: '<file.json>', note: 'checks the whole file first; writes nothing if any entry is refused; agencies and staff already there are never changed (those that differ or were unbound are listed as skipped)', args: ['file.json'],
  prepare({ args, by, now, timeZone }) {
    const file = readSeedFile(args[0]!);
    checkSeedFile(file, { now, timeZone });
    return async (mongo, out) => {
      const counts = await applySeed(mongo, file, { by, now, timeZone });
      const once = (what: string, { added, existing }: { added: number; existing: number }) => `${added} ${what} added${existing ? ` (${existing} already registered, left unchanged)` : ''}`;
      out.print(`seeded: ${once('agencies', counts.agencies)}; ${once('staff', counts.staff)}; ${once('recommendations', counts.recommendations)}; ${once('cases', counts.cases)}`);
      // A second seed never overwrites: what the operator changed since (or unbound) stays, and is named here.
      for (const entry of counts.agencies.skipped) out.print(`skipped agency ${entry}: left as it is; change it with agency add`);
      for (const entry of counts.staff.skipped) out.print(`skipped staff ${entry}: left as it is; change it with bind`);
    };
  },
};

const agencyAdd: AdminCommand = {
  name: 'agency add',
  usage: '<id> --name <名称> [--domains a,b] [--robot-key KEY] [--prosecutors u1,u2] [--chats chatid1,chatid2] [--digest-hour 8] [--reminder-days 7,3,1] [--due-soon-days 7] [--follow-up-months 3]',
  args: ['id'],
  options: ['name', 'domains', 'robot-key', 'prosecutors', 'chats', 'digest-hour', 'reminder-days', 'due-soon-days', 'follow-up-months'],
  prepare({ args, options, by, now }) {
    const reminderDays = list(options['reminder-days'])?.map((d) => wholeNumber(d, '--reminder-days')!);
    const settings = {
      digestHour: wholeNumber(options['digest-hour'], '--digest-hour'), reminderDays,
      dueSoonDays: wholeNumber(options['due-soon-days'], '--due-soon-days'), followUpMonths: wholeNumber(options['follow-up-months'], '--follow-up-months'),
    };
    const input: AgencyInput = { id: args[0]!, name: required(options.name, '--name'), domains: list(options.domains), robotKey: options['robot-key'], prosecutors: list(options.prosecutors), chats: list(options.chats), settings };
    checkAgencyInput(input);
    return async (mongo, out) => {
      // Alerts and reviews go to the agency's prosecutors: a userid nobody is bound to would receive nothing.
      await checkProsecutorsBound(mongo, input.prosecutors ?? []);
      // Both are easy to do by mistake and silent afterwards: say so now.
      if (options['robot-key'] === '') out.warn(`warning: agency ${input.id} has no group robot now: its group gets no digests`);
      const ruleDomains = new Set((await currentRuleSet(mongo)).rules.flatMap((r) => r.domains));
      const unknownDomains = (input.domains ?? []).filter((d) => !ruleDomains.has(d));
      if (unknownDomains.length && ruleDomains.size) out.warn(`warning: no rule names the domain ${unknownDomains.join(', ')} (rules name: ${[...ruleDomains].join(', ')}): check its spelling, or domain rules will not apply to this agency's cases`);
      const a = await upsertAgency(mongo, input, by, now);
      const shown = Object.entries(a.settings ?? {}).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(',') : String(v)}`);
      out.print(`agency ${a._id} ${a.name} — domains ${a.domains.join(',') || '(none)'}; prosecutors ${a.prosecutors.join(',') || '(none)'}${shown.length ? `; ${shown.join('; ')}` : ''}`);
    };
  },
};

const isActiveAdmin = async (mongo: Connection, userid: string) => Boolean(await staffModel(mongo).exists({ _id: userid, active: true, role: 'admin' }));

const bind: AdminCommand = {
  name: 'bind', usage: '<userid> --name <姓名> --role staff|agency_admin|prosecutor|admin [--agency <id>] [--mobile M]', args: ['userid'],
  options: ['name', 'role', 'agency', 'mobile'],
  prepare({ args, options, by, now }) {
    // The role is checked against the list by checkStaffInput; until then it is only text.
    const input = { userid: args[0]!, name: required(options.name, '--name'), role: required(options.role, '--role') as Role, agency: options.agency, mobile: options.mobile };
    checkStaffInput(input);
    return async (mongo, out) => {
      const wasAdmin = await isActiveAdmin(mongo, input.userid);
      const s = await bindStaff(mongo, input, by, now);
      out.print(`bound ${s._id} → ${s.name} (${s.role}${s.agency ? `, ${s.agency}` : ''})`);
      const noAdmin = await lastAdminWarning(mongo, s._id, wasAdmin && s.role !== 'admin');
      if (noAdmin) out.warn(noAdmin);
      if (s.role === 'prosecutor' || s.role === 'admin') return;
      const warning = dutiesWarning(s._id, await prosecutorDuties(mongo, s._id));
      if (warning) out.warn(warning);
    };
  },
};

const unbind: AdminCommand = {
  name: 'unbind', usage: '<userid>', note: 'warns of agencies and reviews a prosecutor leaves behind', args: ['userid'],
  prepare({ args, by, now }) {
    const userid = args[0]!;
    checkUserid(userid);
    return async (mongo, out) => {
      const wasAdmin = await isActiveAdmin(mongo, userid);
      if (!(await unbindStaff(mongo, userid, by, now))) throw new AdminInputError(`${userid} is already unbound`);
      out.print(`unbound ${userid}`);
      const noAdmin = await lastAdminWarning(mongo, userid, wasAdmin);
      if (noAdmin) out.warn(noAdmin);
      const warning = dutiesWarning(userid, await prosecutorDuties(mongo, userid));
      if (warning) out.warn(warning);
    };
  },
};

const recommendationAdd: AdminCommand = {
  name: 'recommendation add', usage: '--ref <文号> --agency <id> --title <标题> --requirements <要求> --issued YYYY-MM-DD [--received YYYY-MM-DD] [--urgent] [--domain <领域>]',
  note: 'without --domain, its leads count under the agency\'s domain when it has exactly one',
  options: ['ref', 'agency', 'title', 'requirements', 'issued', 'received', 'urgent', 'domain'],
  prepare({ options, by, now, today, timeZone }) {
    const issuedOn = pastDate(required(options.issued, '--issued'), '--issued', today)!;
    const receivedOn = pastDate(options.received, '--received', today);
    if (receivedOn && receivedOn < issuedOn) throw new AdminInputError(`--received ${receivedOn} is before --issued ${issuedOn}`);
    const input = {
      ref: required(options.ref, '--ref'), agency: required(options.agency, '--agency'), title: required(options.title, '--title'),
      requirements: required(options.requirements, '--requirements'), issuedOn, receivedOn, urgent: options.urgent ?? false,
      ...(options.domain ? { domain: options.domain } : {}),
    };
    checkRecommendationInput(input);
    return async (mongo, out) => {
      const { record: r, created } = await addRecommendation(mongo, input, by, now);
      out.print(`recommendation ${r.ref} → ${r.agency}, due ${r.dueOn ? ymd(r.dueOn) : '(not received yet)'}${r.domain ? `, domain ${r.domain}` : ''}${created ? '' : ' (already registered, unchanged)'}`);
      if (!created) return;
      // One registered already overdue raises its lead now, not at the nightly sweep. The CLI sends nothing itself:
      // the worker's lead check sends the alert in working time (held leads, see send-alert.ts).
      const { created: leads } = await evaluateSubject({ mongo, timeZone, now }, { kind: 'recommendation', id: r._id });
      for (const lead of leads) out.print(`${lead.kind === 'prompt' ? 'prompt (提醒)' : 'lead'} ${lead.number} raised (${lead.title}); its alert goes to the prosecutors at the next lead check in working hours`);
    };
  },
};

const recommendationReceive: AdminCommand = {
  name: 'recommendation receive', usage: '--ref <文号> [--received YYYY-MM-DD] [--urgent | --not-urgent]', note: 'recomputes the due date',
  options: ['ref', 'received', 'urgent', 'not-urgent'],
  prepare({ options, by, now, today }) {
    const ref = required(options.ref, '--ref');
    const receivedOn = pastDate(options.received, '--received', today);
    const urgent = options.urgent ? true : options['not-urgent'] ? false : undefined;
    return async (mongo, out) => {
      if (receivedOn) await checkReceivedAfterIssue(mongo, ref, receivedOn);
      const r = await setReceipt(mongo, ref, { receivedOn, urgent }, by, now);
      out.print(`recommendation ${r.ref} received ${r.receivedOn ? ymd(r.receivedOn) : '-'}${r.urgent ? ' (urgent)' : ''}, due ${r.dueOn ? ymd(r.dueOn) : '-'} — ${r.dueRule ?? ''}`);
    };
  },
};

const recommendationPeriod: AdminCommand = {
  name: 'recommendation period', usage: '--ref <文号> --due YYYY-MM-DD --reason <原因>',
  note: 'a new reply period set by the prosecutors (督促后重新确定期限); the passed one stays an overdue, and a second overdue raises a 公益诉讼线索',
  options: ['ref', 'due', 'reason'],
  prepare({ options, by, now, today }) {
    const ref = required(options.ref, '--ref');
    const change = { dueOn: required(options.due, '--due'), reason: required(options.reason, '--reason') };
    return async (mongo, out) => {
      const { record: r, changed } = await setNewPeriod(mongo, ref, change, by, now, today);
      out.print(`recommendation ${r.ref} due ${r.dueOn ? ymd(r.dueOn) : '-'} — ${r.dueRule ?? ''}${changed ? '' : ' (already so, unchanged)'}`);
      // The CLI sends nothing itself (as recommendation add): the dashboard's POST /api/recommendations/:id/period tells the agency.
      if (changed) out.print('the agency is not told by this command; tell it, or set the period from the dashboard API, which does');
    };
  },
};

const deadlinesRebuild: AdminCommand = {
  name: 'deadlines rebuild', note: 're-files every open recommendation in the deadline index; after writes made around the bot',
  prepare: ({ now, timeZone }) => async (mongo, out) => {
    await rebuildDeadlineIndex(mongo, localDate(now, timeZone));
    out.print('deadline index rebuilt');
  },
};

const casesReindex: AdminCommand = {
  name: 'cases reindex', note: 're-files every case under its source, number and party; after cases were written around the bot',
  prepare: () => async (mongo, out) => {
    // 20 000 cases take minutes: saying so up front keeps an operator from taking it for a hang during an upgrade.
    const count = await caseModel(mongo).countDocuments();
    out.print(`re-filing ${count} cases (about a minute per 10 000; please wait)…`);
    const started = Date.now();
    const { rekeyed, sameNumber } = await reindexCases(mongo);
    out.print(`${count} cases re-filed under their source, number and party in ${Math.round((Date.now() - started) / 1000)} s`);
    if (rekeyed) out.print(`${rekeyed} cases filed under their number as it reads (without invisible characters, ﹝﹞ as 〔〕)`);
    // Not merged by the machine: which record is the case (and what its facts are) is for the agency to say.
    for (const { agency, kept, others } of sameNumber) {
      const also = others.map((o) => `${o._id} (${o.party})`).join(', ');
      out.warn(`same case number twice in ${agency}: ${kept.caseNumber} is case ${kept._id} (${kept.party}), and also ${also}; ask the agency which is the case and correct the other's number (PATCH /api/cases/<id>)`);
    }
  },
};

/** Every command of `npm run admin`, in the order the usage lists them; a new command is one entry here. */
export const adminCommands: readonly AdminCommand[] = [
  seed, agencyAdd, bind, unbind, recommendationAdd, recommendationReceive, recommendationPeriod, ...listCommands, ...ruleCommands, deadlinesRebuild, casesReindex,
];
