// Accounts (docs/protocol.md, "Accounts"): the page's side of a registered name. It keeps the
// password the user logged in with, in memory only (a private field of this object: never in
// localStorage, sessionStorage, a cookie, the URL or the DOM), to log in again by itself after a
// lost connection; it builds the login (or register) frame; it turns the server's refusals into
// plain words and decides what a refused re-login does next (wait retry_after, try a password
// whose change went unanswered, or stop and ask); and it carries /register and /passwd.
//
// No DOM here: the session (session.js) calls it, and it tells the page's account parts
// (account-view.js, reached as session.view.account) what to show.

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

const REGISTER_PREFIX = 'register-';
const PASSWD_PREFIX = 'passwd-';

/** Characters as the protocol counts them: Unicode scalar values. */
function passwordLength(password) {
  return [...password].length;
}

/** Why a new password cannot be used, in plain words, or null. Never repeats the password. */
export function passwordProblem(password) {
  const length = passwordLength(password);
  if (length === 0) return 'Type a password.';
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    return `A password is ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`;
  }
  return null;
}

/** The two new-password fields: null when they can be sent, else what to fix and which field. */
export function newPasswordProblem(password, confirm) {
  const problem = passwordProblem(password);
  if (problem) return { error: problem, field: 'new' };
  if (password !== confirm) return { error: 'The two passwords are not the same: type the new password twice.', field: 'confirm' };
  return null;
}

/** retry_after of a too_many_attempts, in whole seconds, at least 1. */
export function retryAfterOf(error) {
  const seconds = Number(error?.retry_after);
  return Number.isFinite(seconds) && seconds >= 1 ? Math.ceil(seconds) : 1;
}

/** The login screen's words while a too_many_attempts lock lasts (seconds left, 0 when over). */
export function lockedText(seconds) {
  return seconds > 0
    ? `Too many failed attempts for this name. You can try again in ${seconds} s.`
    : 'You can try again now.';
}

/**
 * What the login screen shows for a refused first login or register:
 * { error, code, field: 'name' | 'password' | 'new' | null, retryAfter?, clear?: ['password'] }.
 */
export function loginRefusal(error, { name, registering }) {
  const code = String(error?.code ?? '');
  const serverText = typeof error?.message === 'string' && error.message.length > 0 ? error.message : code;
  switch (code) {
    case 'password_required':
      return { code, field: 'password', error: `The name ${name} is registered to an account: type its password to log in.` };
    case 'bad_password':
      return { code, field: 'password', clear: ['password'], error: 'Wrong name or password.' };
    case 'weak_password':
      return { code, field: registering ? 'new' : 'password', error: `A password is ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.` };
    case 'name_taken':
      return registering
        ? { code, field: 'name', error: `The name ${name} is taken: it is registered already, or someone is using it now. Pick another name.` }
        : { code, field: 'name', error: `Someone is using the name ${name} right now. Pick another name, or, if ${name} is your account, type its password.` };
    case 'too_many_attempts': {
      const retryAfter = retryAfterOf(error);
      return { code, field: null, retryAfter, error: lockedText(retryAfter) };
    }
    case 'account_required':
      return { code, field: 'password', error: 'This server admits accounts only: type your password, or create an account for your name.' };
    case 'unavailable':
      return { code, field: null, error: 'The server cannot check accounts right now. Try again in a moment.' };
    default:
      // invalid_name, server_full and the like: the server's own words.
      return { code, field: 'name', error: serverText };
  }
}

/** A refused /register or /passwd, in plain words. */
function commandRefusal(kind, error) {
  const code = String(error?.code ?? '');
  const serverText = typeof error?.message === 'string' && error.message.length > 0 ? error.message : code;
  const what = kind === 'register' ? 'Your name is not registered' : 'Your password is unchanged';
  switch (code) {
    case 'bad_password':
      return kind === 'passwd' ? 'The current password was wrong: your password is unchanged.' : `${what}: wrong password.`;
    case 'weak_password':
      return `${what}: a password is ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`;
    case 'too_many_attempts':
      return `${what}: too many failed attempts. Try again in ${retryAfterOf(error)} s.`;
    case 'already_logged_in':
      return 'Your name is registered already.';
    case 'name_taken':
      return `${what}: the name is taken.`;
    case 'account_required':
      return 'Guests have no password: /register makes your name an account first.';
    case 'unavailable':
      return `${what}: the server cannot do it right now. Try again in a moment.`;
    default:
      return `${what}: ${serverText}`;
  }
}

export class Accounts {
  /** The password that logs this name in; null for a guest. Memory only. */
  #password = null;
  /** The first connection registers the name (the login form's "Create an account"). */
  #registerFirst = false;
  /** A password a /register or /passwd sent on a connection that broke may have set: tried when the kept one is refused. */
  #unconfirmed = null;
  /** /register and /passwd on their way: request id -> { kind, password }. */
  #inFlight = new Map();

  constructor(session) {
    this.session = session;
    /** The last welcome said the name is registered (welcome.account === true). */
    this.isAccount = false;
    /** The server is version 2 or later (welcome.protocol >= 2): it knows accounts. */
    this.serverKnowsAccounts = false;
    this.requestCount = 0;
  }

  get view() {
    return this.session.view.account;
  }

  /** A password is kept (to log in again after a reconnect). */
  get hasPassword() {
    return this.#password !== null;
  }

  // ---------------------------------------------------------------- Logging in

  /**
   * The login form, before its connection opens. Returns null when the login may go, else what
   * the login screen shows ({ error, code, field }). An empty password is a guest login.
   */
  prepare({ password = '', newPassword = '', confirm = '', register = false } = {}) {
    this.#unconfirmed = null;
    if (register) {
      const problem = newPasswordProblem(String(newPassword), String(confirm));
      if (problem) return { error: problem.error, code: problem.field === 'confirm' ? 'password_mismatch' : 'weak_password', field: problem.field };
      this.#password = String(newPassword);
      this.#registerFirst = true;
      return null;
    }
    this.#registerFirst = false;
    const typed = String(password);
    if (typed.length === 0) {
      this.#password = null;
      return null;
    }
    const length = passwordLength(typed);
    if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
      this.#password = null;
      return { error: `A password is ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`, code: 'weak_password', field: 'password' };
    }
    this.#password = typed;
    return null;
  }

  /** The first frame of a connection: register (the form asked for an account) or login, with the kept password if any. */
  loginFrame(name, id) {
    if (this.#registerFirst) return { type: 'register', name, password: this.#password, id };
    const frame = { type: 'login', name, id };
    if (this.#password !== null) frame.password = this.#password;
    return frame;
  }

  /** The first login was refused: what the login screen shows. The form will supply a password again. */
  firstLoginRefused(error, name) {
    const registering = this.#registerFirst;
    this.#password = null;
    this.#registerFirst = false;
    return loginRefusal(error, { name, registering });
  }

  /** Any welcome: the server says whether the name is an account. */
  welcomed(welcome) {
    this.#registerFirst = false;
    this.isAccount = welcome.account === true;
    this.serverKnowsAccounts = typeof welcome.account === 'boolean' || (Number.isInteger(welcome.protocol) && welcome.protocol >= 2);
    if (!this.isAccount) this.#password = null;
    if (this.#unconfirmed !== null) {
      const { kind, password } = this.#unconfirmed;
      this.#unconfirmed = null;
      // The re-login went through with the kept password: did the change it was unsure of happen?
      const changed = this.isAccount && this.#password === password;
      if (kind === 'register') {
        this.session.notice(null, changed
          ? `Your name ${this.session.name} is registered to your account.`
          : 'The registration of your name did not go through: /register to try again.', changed ? 'info' : 'error');
      } else {
        this.session.notice(null, changed
          ? 'Your password is changed.'
          : 'Your password change did not go through: your password is unchanged. /passwd to try again.', changed ? 'info' : 'error');
      }
    }
    this.view.accountState({ isAccount: this.isAccount, name: this.session.name, known: this.serverKnowsAccounts });
  }

  /**
   * A re-login (after a lost connection, or taking the name back) was refused. Returns what the
   * session does next: { kind: 'again' } (at once, with another password), { kind: 'wait', ms }
   * (not before then), { kind: 'stop', reason } (ask the user), or null (the usual backoff).
   */
  reloginRefused(error) {
    switch (error.code) {
      case 'too_many_attempts':
        return { kind: 'wait', ms: retryAfterOf(error) * 1000 };
      case 'bad_password':
      case 'password_required':
      case 'weak_password':
        if (this.#unconfirmed !== null && this.#unconfirmed.password !== this.#password) {
          // A /register or /passwd went out just before the connection broke: it did happen.
          this.#password = this.#unconfirmed.password;
          return { kind: 'again' };
        }
        this.#password = null;
        return { kind: 'stop', reason: error.code === 'password_required' ? 'password_required' : 'bad_password' };
      case 'account_required':
        return { kind: 'stop', reason: 'account_required' };
      default:
        return null;
    }
  }

  /** The user typed the password again (the bar shown when the kept one stopped working). */
  usePassword(password) {
    const typed = String(password ?? '');
    const length = passwordLength(typed);
    if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
      return `A password is ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`;
    }
    this.#password = typed;
    this.#unconfirmed = null;
    return null;
  }

  /** The connection is gone: a /register or /passwd on it went unanswered, and may or may not have happened. */
  connectionLost() {
    for (const entry of this.#inFlight.values()) this.#unconfirmed = entry;
    if (this.#inFlight.size > 0) {
      this.session.notice(null, 'The connection was lost before the server answered; the page will find out whether your account change went through.', 'connection');
    }
    this.#inFlight.clear();
  }

  // ---------------------------------------------------------------- /register and /passwd

  /** /register or /passwd typed: opens the dialog, or says why not. */
  command(kind) {
    const session = this.session;
    if (kind === 'register' && this.isAccount) {
      session.notice(null, `Your name ${session.name} is registered already. To change its password: /passwd.`, 'error');
      return false;
    }
    if (kind === 'passwd' && !this.isAccount) {
      session.notice(null, 'You are a guest, so you have no password: /register makes your name an account.', 'error');
      return false;
    }
    if (!session.online) {
      session.notice(null, 'Not connected: try again once the connection is back.', 'error');
      return false;
    }
    this.view.openDialog(kind, session.name);
    return true;
  }

  /**
   * The dialog's form: { old, password, confirm }. Returns null when the request went out (the
   * dialog closes), else { error, field } to show in the dialog.
   */
  submitDialog(kind, { old = '', password = '', confirm = '' }) {
    const session = this.session;
    if (kind === 'passwd' && String(old).length === 0) return { error: 'Type your current password.', field: 'old' };
    const problem = newPasswordProblem(String(password), String(confirm));
    if (problem) return problem;
    if (kind === 'passwd' && old === password) return { error: 'The new password is the same as the current one.', field: 'new' };
    if (!session.online) return { error: 'Not connected: try again once the connection is back.', field: null };
    if (kind === 'register') {
      const id = REGISTER_PREFIX + ++this.requestCount;
      if (!session.send({ type: 'register', name: session.name, password: String(password), id })) return { error: 'Not connected.', field: null };
      this.#inFlight.set(id, { kind, password: String(password) });
      session.notice(null, `Registering the name ${session.name}…`, 'info');
    } else {
      const id = PASSWD_PREFIX + ++this.requestCount;
      if (!session.send({ type: 'passwd', old: String(old), new: String(password), id })) return { error: 'Not connected.', field: null };
      this.#inFlight.set(id, { kind, password: String(password) });
      session.notice(null, 'Changing your password…', 'info');
    }
    return null;
  }

  /** An ok: true when it answered a /register or /passwd. */
  onOk(ok) {
    const entry = this.#inFlight.get(ok.ref);
    if (!entry) return false;
    this.#inFlight.delete(ok.ref);
    this.#password = entry.password;
    if (entry.kind === 'register') {
      this.isAccount = true;
      this.session.notice(null, `Your name ${this.session.name} is registered to your account: from now on it needs your password, and the page catches up on your direct conversations after a reconnect.`, 'info');
      this.view.accountState({ isAccount: true, name: this.session.name, known: true });
    } else {
      this.session.notice(null, 'Your password is changed.', 'info');
    }
    return true;
  }

  /** An error: true when it answered a /register or /passwd (shown here as a line for people). */
  onError(error) {
    const entry = this.#inFlight.get(error.ref);
    if (!entry) return false;
    this.#inFlight.delete(error.ref);
    this.session.notice(null, commandRefusal(entry.kind, error), 'error');
    return true;
  }

  /** Logging out: forget the password. */
  forget() {
    this.#password = null;
    this.#unconfirmed = null;
    this.#inFlight.clear();
  }
}
