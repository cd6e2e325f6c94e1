// What a prosecutor does on a recommendation's page: register the receipt date, set a new reply period after an
// overdue, accept or send back a completion. Each is a short form, confirmed before it is sent.
/* global window */ // browser globals, for the repository's Node-oriented ESLint config
import { ApiError, apiGet, apiPost, goToLogin, shownPrincipalName } from './api.js';
import { h } from './dom.js';
import { daysLeftText, todayInShanghai } from './format.js';

/** The YYYY-MM-DD of a stored date-only value (the detail sends them as midnight-UTC instants). */
const dateOf = (value) => (value ? String(value).slice(0, 10) : null);

/** One day after a YYYY-MM-DD date. */
function nextDay(date) {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** An id for a request that may be sent again after a timeout (the review is decided once per id). */
function requestId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * How long the 确认 button stays disabled after it appears: the click that opened the question, repeated (a double
 * click, a second Enter), lands on 确认 where the submit button was — it must not answer a question nobody has read.
 */
const CONFIRM_GRACE_MS = 600;

function field(id, label, control, hint) {
  return h('label', { class: 'field action-field', for: id }, h('span', {}, label), control, hint ? h('span', { class: 'muted hint' }, hint) : null);
}

// --- Drafts: what was typed survives the session ending (login, then back here) or the page being redrawn. ---

const draftKey = (r, id) => `lb-draft:${shownPrincipalName() ?? ''}:${r.id ?? r.ref}:${id}`;

function readDraft(key) {
  try {
    const raw = window.sessionStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function writeDraft(key, values) {
  try {
    if (values) window.sessionStorage.setItem(key, JSON.stringify(values));
    else window.sessionStorage.removeItem(key);
  } catch {
    // Storage refused: the form works on, it only forgets sooner.
  }
}

/** The form's values by control name (a radio group by its checked value). */
function formValues(form) {
  const values = {};
  for (const control of form.querySelectorAll('input[name], textarea[name]')) {
    if (control.type === 'radio') {
      if (control.checked) values[control.name] = control.value;
    } else values[control.name] = control.type === 'checkbox' ? control.checked : control.value;
  }
  return values;
}

/** Puts saved values back; true when anything typed was restored. */
function restoreValues(form, values) {
  let restored = false;
  for (const control of form.querySelectorAll('input[name], textarea[name]')) {
    if (!(control.name in values)) continue;
    const value = values[control.name];
    if (control.type === 'radio') control.checked = control.value === value;
    else if (control.type === 'checkbox') control.checked = Boolean(value);
    else control.value = String(value ?? '');
    control.dispatchEvent(new Event('change'));
    if (control.type !== 'radio' && control.type !== 'checkbox' && value) restored = true;
  }
  return restored;
}

/**
 * A form with a confirmation step: `check()` returns an error sentence or null, `confirmText()` the question (or a
 * promise of it), `send()` posts and returns the sentence that says what was recorded. `done(message, options)` is
 * called after a success, and with `{ refused: true }` when the record changed since the page was loaded (409
 * changed_meanwhile): the page is then shown as it is now, with the server's sentence.
 */
function actionForm({ r, id, title, intro, fields, submitText, check, confirmText, send, done }) {
  const error = h('p', { class: 'form-error', role: 'alert', testid: `${id}-error` });
  const restoredNote = h('p', { class: 'muted hint', testid: `${id}-restored`, hidden: true }, '已恢复您此前在此填写但未提交的内容。');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: `${id}-submit` }, submitText);
  const confirmBox = h('div', { class: 'confirm', role: 'group', 'aria-label': '请确认', testid: `${id}-confirm`, hidden: true });
  const form = h('form', { class: 'action-form', testid: id, novalidate: true }, h('h3', {}, title), intro ? h('p', { class: 'muted' }, intro) : null, restoredNote, h('div', { class: 'action-fields' }, fields), error, submit, confirmBox);
  const key = draftKey(r, id);
  // Waiting for the question (a date looked up) or for the server: one gesture, one request.
  let busy = false;
  const setEditable = (editable) => {
    for (const control of form.querySelectorAll('input, textarea, select')) control.disabled = !editable;
    submit.disabled = !editable;
    submit.hidden = !editable;
  };
  const cancel = () => {
    confirmBox.hidden = true;
    confirmBox.replaceChildren();
    setEditable(true);
    busy = false;
    submit.focus();
  };
  const confirmed = async (yes) => {
    yes.disabled = true;
    yes.textContent = '正在提交…';
    try {
      const message = await send();
      writeDraft(key, null);
      done(message);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return goToLogin();
      // The tab reloads as the person now signed in and says that nothing was submitted.
      if (err instanceof ApiError && err.code === 'principal_changed') return undefined;
      if (err instanceof ApiError && err.code === 'changed_meanwhile') return done(err.message, { refused: true });
      cancel();
      error.textContent = err instanceof ApiError ? err.message : '提交失败，请稍后重试。';
    }
    return undefined;
  };
  const ask = (question) => {
    // Disabled at first (and so not focused): the click or Enter that opened the question, repeated, lands here.
    const yes = h('button', { type: 'button', class: 'btn btn-primary', testid: `${id}-yes`, disabled: true, onclick: () => confirmed(yes) }, '确认');
    confirmBox.replaceChildren(h('p', { testid: `${id}-question` }, question), yes, ' ', h('button', { type: 'button', class: 'btn', testid: `${id}-no`, onclick: cancel }, '取消'));
    confirmBox.hidden = false;
    window.setTimeout(() => {
      if (!yes.isConnected || yes.textContent !== '确认') return;
      yes.disabled = false;
      yes.focus();
    }, CONFIRM_GRACE_MS);
  };
  form.addEventListener('input', () => writeDraft(key, formValues(form)));
  form.addEventListener('change', () => writeDraft(key, formValues(form)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    error.textContent = '';
    const problem = check();
    if (problem) {
      error.textContent = problem;
      return;
    }
    busy = true;
    setEditable(false);
    try {
      ask(await confirmText());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return goToLogin();
      cancel();
      error.textContent = err instanceof ApiError ? err.message : '暂时无法核对，请稍后重试。';
    }
    return undefined;
  });
  const draft = readDraft(key);
  if (draft && restoreValues(form, draft)) restoredNote.hidden = false;
  return form;
}

const path = (r, action) => `/api/recommendations/${encodeURIComponent(r.id ?? r.ref)}/${action}`;

/** What the page showed of the record: the server refuses a change when it no longer holds (a colleague acted meanwhile). */
const basedOn = (r) => ({ receivedOn: dateOf(r.receivedOn), dueOn: dateOf(r.dueOn) });

/** 登记收到日期: the day the agency received it (not later than today), and whether the matter is urgent (15 days). */
function receiptForm(r, done) {
  const today = todayInShanghai();
  const issuedOn = dateOf(r.issuedOn);
  const date = h('input', { type: 'date', id: 'receipt-date', name: 'receivedOn', max: today, min: issuedOn, required: true, testid: 'receipt-date' });
  const urgent = h('input', { type: 'checkbox', id: 'receipt-urgent', name: 'urgent', checked: Boolean(r.urgent), testid: 'receipt-urgent' });
  return actionForm({
    r,
    id: 'receipt-form',
    title: '登记收到日期',
    intro: '尚未登记执法单位收到本检察建议的日期，因此还没有回复期限。登记后，回复期限自收到之日起计算：两个月；情况紧急的，十五日。执法单位人员会收到企业微信通知，告知回复期限。',
    fields: [
      field('receipt-date', '收到日期', date),
      h('label', { class: 'check', for: 'receipt-urgent' }, urgent, ' 情况紧急（十五日内书面回复）'),
    ],
    submitText: '登记收到日期',
    check: () => {
      if (!date.value) return '请填写收到日期。';
      if (date.value > today) return `收到日期不能晚于今天（${today}）。`;
      if (issuedOn && date.value < issuedOn) return `收到日期不能早于发出日期（${issuedOn}）。`;
      return null;
    },
    confirmText: () => `确认登记：执法单位于 ${date.value} 收到${urgent.checked ? '（情况紧急）' : ''}？回复期限将按此计算，并通知执法单位。`,
    send: async () => {
      const answer = await apiPost(path(r, 'receipt'), { receivedOn: date.value, urgent: urgent.checked, basedOn: basedOn(r) });
      const told = answer.notified?.length ? `，已通知执法单位 ${answer.notified.length} 人` : '';
      return `已登记收到日期 ${answer.receivedOn}${answer.urgent ? '（情况紧急）' : ''}，回复期限为 ${answer.dueOn}${told}。`;
    },
    done,
  });
}

/** 重新确定回复期限: a later due date and why; the agency is told by chat. */
function periodForm(r, done) {
  const tomorrow = nextDay(todayInShanghai());
  const date = h('input', { type: 'date', id: 'period-date', name: 'dueOn', min: tomorrow, required: true, testid: 'period-date' });
  const reason = h('textarea', { id: 'period-reason', name: 'reason', rows: 2, maxlength: 200, required: true, placeholder: '如：已督促执法单位，限期书面回复', testid: 'period-reason' });
  return actionForm({
    r,
    id: 'period-form',
    title: '重新确定回复期限',
    intro: `回复期限 ${dateOf(r.dueOn)} 已过（${daysLeftText(r.daysLeft)}）。督促执法单位后可重新确定期限：原期限仍计一次逾期，新的期限再次逾期将产生公益诉讼线索。执法单位人员会收到企业微信通知。`,
    fields: [field('period-date', '新的回复期限', date, '遇节假日顺延至下一个工作日'), field('period-reason', '原因', reason)],
    submitText: '重新确定回复期限',
    check: () => {
      if (!date.value) return '请填写新的回复期限。';
      if (date.value < tomorrow) return `新的回复期限须在今天之后（${tomorrow} 或以后）。`;
      if (!reason.value.trim()) return '请说明重新确定期限的原因。';
      return null;
    },
    // The date it will be, asked before: a day off moves it to the next working day, and the user confirms that date.
    confirmText: async () => {
      const day = await apiGet(path(r, 'period'), { dueOn: date.value });
      const moved = day?.moved ? `（所填 ${date.value} 为节假日或休息日，顺延至下一个工作日）` : '';
      return `确认将回复期限重新确定为 ${day?.dueOn ?? date.value}${moved}？执法单位将收到通知。`;
    },
    send: async () => {
      const answer = await apiPost(path(r, 'period'), { dueOn: date.value, reason: reason.value.trim(), basedOn: { dueOn: dateOf(r.dueOn) } });
      const moved = answer.dueOn !== date.value ? `（${date.value} 为节假日或休息日，顺延）` : '';
      const told = answer.notified?.length ? `，已通知执法单位 ${answer.notified.length} 人` : '';
      return `回复期限已重新确定为 ${answer.dueOn}${moved}${told}。`;
    },
    done,
  });
}

/** Said with an acceptance while the written reply is owed, as chat's 验收 says it. */
const NO_REPLY_NOTE = '注意：该检察建议尚未收到书面回复（报告完成不是书面回复）。';

/** 验收 / 退回: accepting closes the rectification (回头看 follows); sending back needs the reason. */
function reviewForm(r, done) {
  const id = requestId();
  const accept = h('input', { type: 'radio', id: 'review-accept', name: 'action', value: 'accept', checked: true, testid: 'review-accept' });
  const sendBack = h('input', { type: 'radio', id: 'review-send-back', name: 'action', value: 'send_back', testid: 'review-send-back' });
  const note = h('textarea', { id: 'review-note', name: 'note', rows: 2, maxlength: 500, testid: 'review-note' });
  const label = h('span', {}, '审核意见（可不填）');
  const choose = () => {
    label.textContent = sendBack.checked ? '退回原因（必填）' : '审核意见（可不填）';
  };
  accept.addEventListener('change', choose);
  sendBack.addEventListener('change', choose);
  return actionForm({
    r,
    id: 'review-form',
    title: '审核整改完成',
    intro: '执法单位已报告整改完成。请核实整改情况和证据后验收通过，或退回并说明原因；执法单位会收到企业微信通知。',
    fields: [
      h('div', { class: 'choices', role: 'radiogroup', 'aria-label': '审核结果' },
        h('label', { class: 'check', for: 'review-accept' }, accept, ' 验收通过'),
        h('label', { class: 'check', for: 'review-send-back' }, sendBack, ' 退回，继续整改')),
      h('label', { class: 'field action-field', for: 'review-note' }, label, note),
    ],
    submitText: '提交审核结果',
    check: () => (sendBack.checked && !note.value.trim() ? '退回须说明原因。' : null),
    confirmText: () => (sendBack.checked
      ? '确认退回？执法单位将收到退回原因，需继续整改。'
      : `确认验收通过？将安排回头看，并通知执法单位。${r.repliedAt ? '' : NO_REPLY_NOTE}`),
    send: async () => {
      const seen = { completedAt: r.completedAt ?? null };
      const body = sendBack.checked
        ? { action: 'send_back', reason: note.value.trim(), requestId: id, basedOn: seen }
        : { action: 'accept', requestId: id, basedOn: seen, ...(note.value.trim() ? { note: note.value.trim() } : {}) };
      const answer = await apiPost(path(r, 'review'), body);
      const told = answer.notified?.length ? '，已通知执法单位' : '';
      if (body.action === 'send_back') return `已退回${told}。`;
      return `已验收通过${answer.followUpOn ? `，回头看日期 ${answer.followUpOn}` : ''}${told}。${answer.replied === false ? NO_REPLY_NOTE : ''}`;
    },
    done,
  });
}

const FORMS = { receipt: receiptForm, period: periodForm, review: reviewForm };

/**
 * The 办理 panel's content: the forms of the actions the API says the viewer may take now (`r.actions`), or who may
 * when they apply but are another prosecutor's; null when nothing is to be done here.
 */
export function recommendationActions(r, done) {
  const actions = Array.isArray(r.actions) ? r.actions.filter((a) => FORMS[a]) : [];
  if (actions.length) return h('div', { class: 'actions', testid: 'recommendation-actions' }, actions.map((a) => FORMS[a](r, done)));
  if (r.responsibleNames) {
    return h('p', { class: 'muted', testid: 'recommendation-actions-held' }, `本检察建议的收到日期、回复期限和整改审核由 ${r.responsibleNames} 负责办理。`);
  }
  return null;
}
