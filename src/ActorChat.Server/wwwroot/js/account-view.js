// The page's account parts: the login form (name, an optional password, or "Create an account"
// with the new password twice), the guest / account badge in the top bar, the bar shown when
// the page stopped logging in by itself (bye replaced, a password that no longer works), and
// the dialog of /register and /passwd.
//
// Passwords typed here go to the session (and from there to account.js, which keeps the one
// that works in memory) and are cleared from their fields as soon as they are used: no
// password is ever put into the page as text, an attribute or storage. Everything from the
// network is set as text (textContent), never as markup.

import { lockedText } from './account.js';

export class AccountView {
  constructor(doc = document) {
    this.doc = doc;
    const $ = (id) => doc.getElementById(id);
    this.e = {
      form: $('login-form'), name: $('login-name'), password: $('login-password'), passwordRow: $('login-password-row'),
      registerRows: $('register-rows'), newPassword: $('register-password'), confirm: $('register-confirm'),
      button: $('login-button'), mode: $('login-mode'), error: $('login-error'), status: $('login-status'), hint: $('login-hint'),
      badge: $('account-badge'),
      bar: $('signed-out-bar'), barText: $('signed-out-text'), barUser: $('signed-out-username'), barPassword: $('signed-out-password'),
      takeBack: $('take-back'), barError: $('signed-out-error'),
      dialog: $('account-dialog'), dialogForm: $('account-form'), dialogTitle: $('account-title'), dialogIntro: $('account-intro'),
      dialogUser: $('account-username'), oldRow: $('account-old-row'), old: $('account-old'), fresh: $('account-new'),
      freshConfirm: $('account-confirm'), dialogError: $('account-error'), dialogSubmit: $('account-submit'), dialogCancel: $('account-cancel'),
    };
    this.session = null;
    this.busy = false;
    this.refusals = 0;
    this.lockedUntil = 0;
    this.lockTimer = null;
    /** 'register' | 'passwd' while the dialog is open. */
    this.dialogKind = null;
    this.isAccount = false;
    /** Called when the dialog or the bar is done (the chat view focuses its input). */
    this.onDone = () => {};
  }

  bind(session, onDone) {
    this.session = session;
    this.onDone = onDone ?? this.onDone;
    const e = this.e;

    e.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.busy || Date.now() < this.lockedUntil) return;
      const register = this.registering;
      session.login(e.name.value, register
        ? { register: true, newPassword: e.newPassword.value, confirm: e.confirm.value }
        : { password: e.password.value });
    });
    e.mode.addEventListener('click', () => this.setMode(this.registering ? 'login' : 'register'));

    e.badge.addEventListener('click', () => session.accounts.command(this.isAccount ? 'passwd' : 'register'));

    e.bar.addEventListener('submit', (event) => {
      event.preventDefault();
      const typed = e.barPassword.hidden ? null : e.barPassword.value;
      const problem = session.takeBack(typed);
      if (problem) {
        this.barProblem(problem);
        return;
      }
      e.barPassword.value = '';
    });

    e.dialogForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.dialogKind === null) return;
      const problem = session.accounts.submitDialog(this.dialogKind, {
        old: e.old.value, password: e.fresh.value, confirm: e.freshConfirm.value,
      });
      if (problem) {
        this.dialogProblem(problem.error, problem.field);
        return;
      }
      this.closeDialog();
    });
    e.dialogCancel.addEventListener('click', () => this.closeDialog());
    // Escape closes the dialog by itself: its fields are emptied all the same.
    e.dialog.addEventListener('close', () => this.dialogClosed());
  }

  // ------------------------------------------------------------ The login form

  get registering() {
    return this.e.form.dataset.mode === 'register';
  }

  /** 'login' (name and an optional password) or 'register' (name and a new password twice). */
  setMode(mode) {
    const e = this.e;
    const register = mode === 'register';
    e.form.dataset.mode = register ? 'register' : 'login';
    e.passwordRow.hidden = register;
    e.registerRows.hidden = !register;
    e.button.textContent = register ? 'Create account' : 'Log in';
    e.mode.textContent = register ? 'Log in instead (with a password, or as a guest)' : 'New here? Create an account';
    e.hint.textContent = register
      ? "Choose a name (1 to 32 letters, digits, '_', '-' or '.') and a password: the name will be yours, and only that password logs in with it."
      : "Pick a name to chat with: 1 to 32 letters, digits, '_', '-' or '.'. A registered name needs its password; without one you chat as a guest.";
    e.password.value = '';
    e.newPassword.value = '';
    e.confirm.value = '';
    // A too_many_attempts countdown stays: it says why the button is disabled.
    if (Date.now() >= this.lockedUntil) this.hideError();
    (e.name.value.trim().length === 0 ? e.name : register ? e.newPassword : e.password).focus();
  }

  /**
   * What the login form shows: { busy } while a login is on its way; { error, code, field,
   * retryAfter, clear } when it was refused (field: which input to fix, focused).
   */
  loginState({ busy = false, error = null, code = null, field = null, retryAfter = null, clear = [] }) {
    const e = this.e;
    this.busy = busy;
    for (const input of [e.name, e.password, e.newPassword, e.confirm]) input.disabled = busy;
    e.mode.disabled = busy;
    e.status.textContent = busy ? 'Connecting…' : '';
    if (error !== null) {
      e.error.textContent = error;
      e.error.dataset.code = code ?? '';
      // Counts the refusals shown: the same words twice are still two refusals.
      e.error.dataset.count = String(++this.refusals);
      e.error.hidden = false;
    } else if (busy) {
      this.hideError();
    }
    if (clear.includes('password')) e.password.value = '';
    if (retryAfter !== null) this.lockFor(retryAfter);
    e.button.disabled = busy || Date.now() < this.lockedUntil;
    if (busy) return;
    const target = { password: this.registering ? e.newPassword : e.password, new: e.newPassword, confirm: e.confirm }[field] ?? null;
    if (target) {
      target.focus();
      target.select();
    } else {
      e.name.focus();
      e.name.select();
    }
  }

  hideError() {
    const e = this.e;
    e.error.hidden = true;
    e.error.textContent = '';
    delete e.error.dataset.code;
  }

  /** too_many_attempts: the button stays disabled, and the error counts down, until retry_after is over. */
  lockFor(seconds) {
    const e = this.e;
    this.lockedUntil = Date.now() + seconds * 1000;
    e.error.dataset.retryAfter = String(seconds);
    if (this.lockTimer !== null) clearInterval(this.lockTimer);
    const tick = () => {
      const left = Math.max(0, Math.ceil((this.lockedUntil - Date.now()) / 1000));
      if (e.error.dataset.code === 'too_many_attempts') e.error.textContent = lockedText(left);
      if (left === 0) {
        clearInterval(this.lockTimer);
        this.lockTimer = null;
        delete e.error.dataset.retryAfter;
        e.button.disabled = this.busy;
      }
    };
    this.lockTimer = setInterval(tick, 250);
  }

  /** Logged in: the password fields are emptied (the session keeps what it needs). */
  loggedIn() {
    const e = this.e;
    for (const input of [e.password, e.newPassword, e.confirm]) input.value = '';
    if (this.lockTimer !== null) clearInterval(this.lockTimer);
    this.lockTimer = null;
  }

  // ------------------------------------------------------------ Guest or account

  /** The badge in the top bar: whether the name is a guest's or an account's. */
  accountState({ isAccount, name, known = true }) {
    const badge = this.e.badge;
    this.isAccount = isAccount;
    badge.hidden = !known;
    badge.dataset.account = String(isAccount);
    badge.textContent = isAccount ? 'Account' : 'Guest';
    badge.title = isAccount
      ? `${name} is registered to your account. Click to change its password (/passwd).`
      : `You are a guest: once you leave, anyone may take the name ${name}. Click to register it (/register).`;
    badge.setAttribute('aria-label', isAccount ? 'Account holder: change your password' : 'Guest: register your name');
  }

  // ------------------------------------------------------------ Logged in elsewhere, or refused

  /** The page stopped logging in by itself (reason: replaced, bad_password, password_required, account_required), or null once it tries again. */
  signedOut(reason, name = '') {
    const e = this.e;
    e.barError.hidden = true;
    e.barError.textContent = '';
    if (reason === null) {
      e.bar.hidden = true;
      delete e.bar.dataset.reason;
      return;
    }
    const text = {
      replaced: `You logged in somewhere else (another tab or device), so this page let go of the name ${name}. It does not reconnect by itself.`,
      bad_password: `Your password for ${name} no longer works (was it changed somewhere else?). Type it to log in again.`,
      password_required: `The name ${name} is now registered to an account. If it is yours, type its password; otherwise log out and pick another name.`,
      account_required: 'This server now admits accounts only: log out, then create an account.',
    }[reason] ?? `Not logged in (${reason}).`;
    const asksPassword = reason === 'bad_password' || reason === 'password_required';
    e.bar.dataset.reason = reason;
    e.barText.textContent = text;
    e.barUser.value = name;
    e.barPassword.hidden = !asksPassword;
    e.barPassword.value = '';
    e.takeBack.hidden = reason === 'account_required';
    e.takeBack.textContent = reason === 'replaced' ? 'Take the name back' : 'Log in';
    e.bar.hidden = false;
    if (asksPassword) e.barPassword.focus();
  }

  barProblem(text) {
    const e = this.e;
    e.barError.textContent = text;
    e.barError.hidden = false;
    e.barPassword.focus();
  }

  // ------------------------------------------------------------ /register and /passwd

  openDialog(kind, name) {
    const e = this.e;
    this.dialogKind = kind;
    const register = kind === 'register';
    e.dialogTitle.textContent = register ? 'Register your name' : 'Change your password';
    e.dialogIntro.textContent = register
      ? `Make ${name} yours: from then on, only this password logs in as ${name}. This page keeps it in memory, to log in again after a lost connection; nothing is stored in the browser.`
      : `A new password for ${name}. Other pages logged in as ${name} keep working until they reconnect.`;
    e.dialogUser.value = name;
    e.oldRow.hidden = register;
    e.dialogSubmit.textContent = register ? 'Register' : 'Change password';
    e.dialog.dataset.kind = kind;
    this.clearDialog();
    if (!e.dialog.open) e.dialog.showModal();
    (register ? e.fresh : e.old).focus();
  }

  dialogProblem(text, field) {
    const e = this.e;
    e.dialogError.textContent = text;
    e.dialogError.hidden = false;
    const target = { old: e.old, new: e.fresh, confirm: e.freshConfirm }[field];
    if (target) {
      target.focus();
      target.select();
    }
  }

  clearDialog() {
    const e = this.e;
    for (const input of [e.old, e.fresh, e.freshConfirm]) input.value = '';
    e.dialogError.hidden = true;
    e.dialogError.textContent = '';
  }

  closeDialog() {
    if (this.e.dialog.open) this.e.dialog.close();
    else this.dialogClosed();
  }

  dialogClosed() {
    this.clearDialog();
    this.dialogKind = null;
    delete this.e.dialog.dataset.kind;
    // Chromium gives the focus back to the element that had it before the dialog (the message
    // input), but without its caret: typing would insert nothing. A fresh focus brings it back.
    this.doc.activeElement?.blur?.();
    this.onDone();
  }
}
