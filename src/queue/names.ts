/** Names of the BullMQ queues; one processor per queue lives in jobs/. */
export const queueNames = {
  /** Every message received from WeCom, keyed by its message id. */
  inbound: 'inbound',
  /** Every message the bot sends out. */
  deliver: 'deliver',
  /** Replies that must go back over the intelligent bot's long connection, run where the connection is. */
  aibotReply: 'aibot-reply',
  /** Records whose leads must be evaluated (after a change, and in the daily sweep). */
  evaluateLeads: 'evaluate-leads',
  /** Scheduled lead housekeeping: escalation of unanswered alerts, transfer deadlines, the daily sweep. */
  leadSchedule: 'lead-schedule',
  /** The morning deadline run: group digests, overdue escalation, personal reminders. */
  deadlines: 'deadlines',
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];
