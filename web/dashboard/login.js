// The login page: one access token, POST /api/login, then the dashboard.
/* global document, window */ // browser globals, for the repository's Node-oriented ESLint config
import { ApiError, HOME_PAGE, apiPost } from './api.js';

const form = document.getElementById('login-form');
const input = document.getElementById('login-token');
const error = document.getElementById('login-error');
const submit = document.getElementById('login-submit');

function showError(message) {
  error.textContent = message;
  error.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.focus();
}

function clearError() {
  error.textContent = '';
  error.hidden = true;
  input.removeAttribute('aria-invalid');
}

function messageFor(err) {
  if (err instanceof ApiError && err.status === 401) return '令牌无效，请核对后重新输入。';
  if (err instanceof ApiError) return err.message;
  return '登录失败，请稍后重试。';
}

async function login(event) {
  event.preventDefault();
  clearError();
  const token = input.value.trim();
  if (!token) {
    showError('请输入令牌。');
    return;
  }
  submit.disabled = true;
  submit.textContent = '登录中…';
  try {
    await apiPost('/api/login', { token });
    window.location.assign(HOME_PAGE);
  } catch (err) {
    showError(messageFor(err));
    submit.disabled = false;
    submit.textContent = '登录';
  }
}

form.addEventListener('submit', login);
input.addEventListener('input', clearError);
input.focus();
