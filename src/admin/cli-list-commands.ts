import type { Connection } from 'mongoose';
import { ymd } from '../calendar/local-date.js';
import { defaultDigestHour } from '../digest/run-digests.js';
import { currentRuleSet } from '../leads/rule-store.js';
import { agencyModel } from '../models/agency.js';
import { recommendationModel } from '../models/recommendation.js';
import { staffModel } from '../models/staff.js';
import type { AdminCommand } from './cli-args.js';

/** A `list <what>` command: one tab-separated line per record. */
function listing(what: string, lines: (mongo: Connection) => Promise<string[]>): AdminCommand {
  return {
    name: `list ${what}`,
    prepare: () => async (mongo, out) => {
      for (const line of await lines(mongo)) out.print(line);
    },
  };
}

/** The `list` commands: agencies, staff bindings, recommendations and the rules in force. */
export const listCommands: AdminCommand[] = [
  // An agency added without lists before upsertAgency filled them in (FerretDB dropped $setOnInsert) has none stored.
  // Whether a robot key is set (never the key itself): only agencies with one get the morning digest.
  listing('agencies', async (mongo) => (await agencyModel(mongo).find().lean()).map((a) => [
    a._id, a.name, (a.domains ?? []).join(','), `prosecutors: ${(a.prosecutors ?? []).join(',')}`,
    a.robotKey ? `robot key: set, digest at ${a.settings?.digestHour ?? defaultDigestHour}:00` : 'robot key: none (no group digest)',
  ].join('\t'))),
  listing('staff', async (mongo) => (await staffModel(mongo).find().lean()).map((s) => `${s._id}\t${s.name}\t${s.role}\t${s.agency ?? ''}\t${s.active ? 'active' : 'inactive'}`)),
  listing('recommendations', async (mongo) => (await recommendationModel(mongo).find().lean()).map((r) => `${r.ref}\t${r.agency}\t${r.status}\t${r.percent}%\t${r.receivedOn ? `received ${ymd(r.receivedOn)}${r.urgent ? ' (urgent, 15 days)' : ' (2 months)'}` : 'not received'}\tdue ${r.dueOn ? ymd(r.dueOn) : '-'}`)),
  listing('rules', async (mongo) => {
    const set = await currentRuleSet(mongo);
    return [`rule set version ${set.version}`, ...set.rules.map((r) => `${r.id}\t${r.kind}\t${r.enabled ? 'on' : 'off'}\t${JSON.stringify(r.params)}\t${r.title}`)];
  }),
];
