// Entry of the dashboard (index.html): who is signed in, header and navigation, hash routing.
/* global document, window */ // browser globals, for the repository's Node-oriented ESLint config
import { ApiError, LOGIN_PAGE, apiGet, apiPost, goToLogin } from './api.js';
import { announcePrincipalChange, forgetLogout, guardApiLinks, markLoggedOut, watchSession } from './session-watch.js';
import { h } from './dom.js';
import { ROLE_NAMES } from './format.js';
import { FORBIDDEN_TEXT, errorBox } from './errors.js';
import { LISTS, renderList } from './page-list.js';
import { renderStats } from './page-stats.js';
import { renderCase, renderRecommendation } from './page-details.js';
import { renderLead } from './page-lead.js';
import { currentRoute, rememberListHref, restoreScroll, saveScroll } from './router.js';

const APP_TITLE = '衔接助手';

const NAV = [
  { id: 'stats', label: '统计' },
  { id: 'board', label: '逾期看板' },
  { id: 'leads', label: '线索队列', procuratorateOnly: true },
  { id: 'recommendations', label: '检察建议' },
  { id: 'cases', label: '执法案件' },
  { id: 'agencies', label: '执法单位', adminOnly: true },
  { id: 'staff', label: '人员', adminOnly: true },
  { id: 'audit', label: '操作日志', adminOnly: true },
];

const DETAIL_PAGES = { recommendations: renderRecommendation, cases: renderCase, leads: renderLead };

let me = null;
let renderSeq = 0;

const isAdmin = () => me?.role === 'admin';
/** Leads are the procuratorate's internal work: an agency admin neither sees them nor is offered a way to them. */
const seesLeads = () => me?.role === 'admin' || me?.role === 'prosecutor';
const mayOpen = (item) => (!item.adminOnly || isAdmin()) && (!item.procuratorateOnly || seesLeads());

/** Thrown for pages this role may not open, rendered like a 403 from the API. */
const forbidden = () => new ApiError(403, 'forbidden', FORBIDDEN_TEXT);

// --- header and navigation ---

function roleText(user) {
  const role = ROLE_NAMES[user.role] ?? '用户';
  // The agency is named once: in the name shown (富阳区林业局管理员), else beside the role.
  const agency = user.agencyName ?? user.agency ?? '';
  if (user.role === 'agency_admin' && agency && !String(user.displayName ?? '').includes(agency)) return `${role} · ${agency}`;
  return role;
}

async function logout(event) {
  event.currentTarget.disabled = true;
  markLoggedOut();
  try {
    await apiPost('/api/logout');
  } catch {
    // Leaving anyway: the login page is where the user wants to be.
  }
  window.location.assign(`${LOGIN_PAGE}?loggedout=1`);
}

/** The header's subtitle: the agency admin's dashboard is no 检察工作台. */
function renderSubtitle() {
  const sub = document.querySelector('.brand-sub');
  if (sub && me.role === 'agency_admin') sub.textContent = '行政执法与公益诉讼衔接平台 · 执法单位';
}

function renderHeader() {
  const user = document.getElementById('user');
  user.replaceChildren(
    // The person's name when the token is named for a bound staff member (王检察官), else the token's name.
    h('span', { class: 'user-name', testid: 'user-name', title: me.displayName !== me.name ? `令牌：${me.name}` : null }, me.displayName ?? me.name ?? ''),
    h('span', { class: 'user-role', testid: 'user-role' }, roleText(me)),
    h('button', { type: 'button', class: 'btn btn-light', testid: 'logout', onclick: logout }, '退出'),
  );
}

function renderNav() {
  const items = NAV.filter(mayOpen).map((item) =>
    h('li', {}, h('a', { href: `#/${item.id}`, 'data-nav': item.id, testid: `nav-${item.id}` }, item.label)),
  );
  if (isAdmin()) {
    items.push(h('li', { class: 'nav-external' }, h('a', { href: '/admin/queues', target: '_blank', rel: 'noopener', testid: 'nav-queues' }, '队列监控')));
  }
  document.getElementById('nav').replaceChildren(h('ul', {}, items));
}

function markActiveNav(id) {
  for (const link of document.querySelectorAll('#nav a[data-nav]')) {
    if (link.dataset.nav === id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** A standing banner when deadlines this year or next cannot account for holidays (no schedule entered yet). */
async function renderCalendarWarnings() {
  let warnings = [];
  try {
    ({ warnings = [] } = await apiGet('/api/calendar'));
  } catch {
    return; // the banner is advisory; the page works without it
  }
  if (!warnings.length) return;
  const banner = h('div', { class: 'alert alert-error calendar-warning', role: 'status', testid: 'calendar-warning' }, ...warnings.map((w) => h('p', {}, w)));
  document.getElementById('view').before(banner);
}

// --- pages ---

function errorView(err) {
  return h('div', { class: 'page' }, errorBox(err), h('p', {}, h('a', { href: '#/stats' }, '返回统计首页')));
}

function notFoundView() {
  return h(
    'div',
    { class: 'page' },
    h('div', { class: 'alert', role: 'alert', testid: 'page-error' }, '页面不存在。'),
    h('p', {}, h('a', { href: '#/stats' }, '返回统计首页')),
  );
}

/** Which page a route shows: { nav, title, render() } or null. */
function resolve(route) {
  const [first = 'stats', second, ...rest] = route.segments;
  if (rest.length) return null;
  if (first === 'stats' && !second) return { nav: 'stats', title: '统计', render: () => renderStats(route, me) };
  const list = LISTS[first];
  if (!list) return null;
  if (list.procuratorateOnly && !seesLeads()) return { nav: first, title: list.title, render: () => { throw forbidden(); } };
  if (!second) {
    return {
      nav: first,
      title: list.title,
      render: () => {
        if (list.adminOnly && !isAdmin()) throw forbidden();
        rememberListHref(first, window.location.hash || `#/${first}`);
        return renderList(first, route, me);
      },
    };
  }
  const detail = DETAIL_PAGES[first];
  return detail ? { nav: first, title: list.title, render: () => detail(second, me) } : null;
}

async function route() {
  saveScroll();
  const seq = ++renderSeq;
  const view = document.getElementById('view');
  // No hash (plain /dashboard/) shows the default page, 统计, without rewriting the URL.
  const page = resolve(currentRoute());
  markActiveNav(page?.nav);
  document.title = `${page?.title ?? '页面不存在'} - ${APP_TITLE}`;
  if (!page) {
    view.replaceChildren(notFoundView());
    return;
  }
  const focusedId = view.contains(document.activeElement) ? document.activeElement.id : '';
  view.setAttribute('aria-busy', 'true');
  view.replaceChildren(h('p', { class: 'loading', testid: 'loading' }, '加载中…'));
  let node;
  try {
    node = await page.render();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return goToLogin();
    if (!(err instanceof ApiError)) console.error(err);
    node = errorView(err);
  }
  if (seq !== renderSeq) return; // a newer navigation has taken over
  view.replaceChildren(node);
  view.removeAttribute('aria-busy');
  // After a filter change the page is rebuilt; keep the keyboard where it was.
  if (focusedId) document.getElementById(focusedId)?.focus({ preventScroll: true });
  // Back to a list returns to where it was scrolled (a new page or filter starts at the top).
  restoreScroll();
}

// --- start ---

async function start() {
  try {
    me = await apiGet('/api/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return goToLogin();
    document.getElementById('view').replaceChildren(errorView(err));
    return;
  }
  forgetLogout();
  renderHeader();
  renderSubtitle();
  renderNav();
  announcePrincipalChange(me);
  watchSession(me);
  guardApiLinks();
  void renderCalendarWarnings();
  window.addEventListener('hashchange', route);
  await route();
}

start();
