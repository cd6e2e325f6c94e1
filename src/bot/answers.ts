/**
 * What a reply to one of the bot's questions says about itself, before it is read as the answer: the sender
 * giving up, or chatting while they look the answer up.
 */

/** 取消, 不报了, 算了 先不报了, 不用了: the sender gives up what the bot was asking about. */
export function cancelsQuestion(text: string): boolean {
  return /^(?:好的?|那)?[\s,，]*(?:算了|取消|不报了|先不报|不上报|暂不上报|不用了|不要了|不填了|先不填)/.test(text.trim());
}

/** 好的, 收到, 嗯, ok: an acknowledgement of the question, not its answer. */
const ACKNOWLEDGEMENT = /^(?:好的?|好吧|收到|嗯+|哦+|噢|ok|okay|行|可以|明白|知道了|了解)[\s。.!！~～,，]*$/i;

/**
 * 当事人叫什么来着 我查一下, 稍等，我去翻一下卷宗, 不知道: a reply that asks, defers or chats is not the value asked
 * for, nor is 好的 / 收到 / 稍后补充 / 问一下领导再说. Only a short reply is judged so: a long one is a 违法事实 or a
 * reason that may well say 不知道 or hold a question.
 */
export function isNotAnAnswer(text: string): boolean {
  const reply = text.trim();
  if (reply.length > 30) return false;
  if (ACKNOWLEDGEMENT.test(reply)) return true;
  return /来着|查一下|查查|问一下|问问|稍等|稍后|等一下|等等|我去|待会|回头|晚点|过会|再说|待定|再补充|一会儿?|[?？]|吗[\s。!！]*$|呢[\s。!！]*$|不知道|记不清|不清楚|忘了/.test(reply);
}
