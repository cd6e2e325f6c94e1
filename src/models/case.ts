import { Schema, type Connection, type Model } from 'mongoose';
import { changeSchema, type Change } from './change.js';
import { fileCases } from '../cases/case-keys.js';

/** Enforcement case types (案件类型). */
export const caseTypes = ['处罚', '许可', '强制', '检查'] as const;
export type CaseType = (typeof caseTypes)[number];

/** A figure that matters for leads: 林地 12 亩, 罚款 500000 元, 废物 3 吨 … */
export interface CaseQuantity {
  item: string | null;
  value: number;
  unit: string;
}

/**
 * What a staff member (or a spreadsheet row) supplies for a new enforcement case (行政执法案件).
 * Money in 元, area in 亩, dates as YYYY-MM-DD strings.
 */
export interface CaseInput {
  /** 案号, unique within the agency. */
  caseNumber: string;
  caseType?: CaseType;
  /** 当事人 */
  party: string;
  /** 违法事实 */
  facts: string;
  violation?: string;
  legalBasis?: string;
  /** 处罚决定 in words. */
  decision?: string;
  fineYuan?: number;
  finePaid?: boolean;
  enforced?: boolean;
  areaMu?: number;
  quantities?: CaseQuantity[];
  /** 立案 / 决定 dates. */
  filedOn?: string;
  decidedOn?: string;
  /** 领域, e.g. 生态环境和资源保护. */
  domain?: string;
  /** 专项, e.g. 水源地保护. */
  campaign?: string;
  /** 备注: what the agency noted beside the fields (已告知听证权利, 已复查); the rules read it with the facts. */
  note?: string;
  /** 结案 or not, when the agency says (是否结案); a case is taken as open otherwise. */
  status?: 'open' | 'closed';
}

/** A stored enforcement case. */
export interface CaseRecord extends Omit<CaseInput, 'filedOn' | 'decidedOn' | 'status'> {
  _id: string;
  agency: string;
  /** The case number in the form duplicates are compared in (bracket style, width, leading zeros ignored). */
  caseKey: string;
  filedOn?: Date;
  decidedOn?: Date;
  status: 'open' | 'closed';
  createdBy: string;
  /** The message (or import) that created it; unique, so a redelivery creates nothing. */
  sourceId: string;
  createdAt: Date;
  history: Change[];
}

const schema = new Schema<CaseRecord>(
  {
    _id: { type: String, required: true },
    agency: { type: String, required: true },
    caseNumber: { type: String, required: true },
    caseKey: { type: String, required: true },
    caseType: String,
    party: { type: String, required: true },
    facts: { type: String, required: true },
    violation: String,
    legalBasis: String,
    decision: String,
    fineYuan: Number,
    finePaid: Boolean,
    enforced: Boolean,
    areaMu: Number,
    quantities: [{ _id: false, item: String, value: Number, unit: String }],
    filedOn: Date,
    decidedOn: Date,
    domain: String,
    campaign: String,
    note: String,
    status: { type: String, required: true, enum: ['open', 'closed'] },
    createdBy: { type: String, required: true },
    sourceId: { type: String, required: true, unique: true },
    createdAt: { type: Date, required: true },
    history: [changeSchema],
  },
  { collection: 'cases', versionKey: false },
);
// Every case stored through the model is filed under its source, number and party (src/cases/case-keys.ts).
schema.post('save', async function (doc: CaseRecord & { db: Connection }) {
  await fileCases(doc.db, [doc]);
});
schema.post('insertMany', async function (this: Model<CaseRecord>, docs: unknown) {
  await fileCases(this.db, docs as CaseRecord[]); // cast: mongoose types the post-insertMany argument loosely
});
schema.index({ agency: 1, caseKey: 1 }, { unique: true });
schema.index({ domain: 1, createdAt: -1 });

/** The `cases` model on a given connection. */
export function caseModel(connection: Connection): Model<CaseRecord> {
  return (connection.models.Case as Model<CaseRecord> | undefined) ?? connection.model<CaseRecord>('Case', schema);
}
