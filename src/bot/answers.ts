/**
 * What a reply to one of the bot's questions says about itself, before it is read as the answer: the sender
 * giving up, or chatting while they look the answer up.
 */

/** 取消, 不报了, 算了 先不报了, 不用了: the sender gives up what the bot was asking about. */
export function cancelsQuestion(text: string): boolean {
  return /^(?:好的?|那)?[\s,，]*(?:算了|取消|不报了|先不报|不上报|暂不上报|不用了|不要了|不填了|先不填)/.test(text.trim());
}

/**
 * 当事人叫什么来着 我查一下, 稍等，我去翻一下卷宗, 不知道: a reply that asks, defers or chats is not the value asked
 * for. Only a short reply is judged so: a long one is a 违法事实 or a reason that may well say 不知道 or hold a question.
 */
export function isNotAnAnswer(text: string): boolean {
  const reply = text.trim();
  if (reply.length > 30) return false;
  return /来着|查一下|查查|稍等|等一下|等等|我去|待会|回头|一会儿?|[?？]|吗[\s。!！]*$|呢[\s。!！]*$|不知道|记不清|不清楚|忘了/.test(reply);
}
