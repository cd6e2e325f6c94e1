/** A template card (模板卡片) as WeCom's message/send and webhook/send take it. */
export interface TemplateCard {
  card_type: 'text_notice' | 'news_notice' | 'button_interaction' | 'vote_interaction' | 'multiple_interaction';
  source?: { desc?: string; icon_url?: string };
  main_title?: { title?: string; desc?: string };
  sub_title_text?: string;
  emphasis_content?: { title?: string; desc?: string };
  horizontal_content_list?: Array<{ keyname: string; value?: string; type?: number; url?: string; userid?: string }>;
  /** Unique per app, ≤ 128 bytes of letters, digits, _ - @. Needed for cards with buttons. */
  task_id?: string;
  button_list?: Array<{ text: string; style?: number; key: string }>;
  card_action?: { type: number; url?: string };
  [field: string]: unknown;
}

/** The content of one outbound message, in WeCom's own shape. */
export type MessageBody =
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard };

/** What WeCom answered to message/send. */
export interface SendResult {
  msgid?: string;
  /** Receivers WeCom did not deliver to (lower-cased userids). */
  invalidUsers: string[];
  /** For cards with buttons: lets the app update this card later. */
  responseCode?: string;
}
