// The chat session: what the user does and what the server says, in one place, deciding what
// to send and what to show. It mirrors the console client's Session/ classes (ChatSession,
// TypedLines, ConversationEvents, Resync, ConnectionLifecycle):
//
// - a lost connection is shown, then retried after a Backoff delay; each attempt logs in again
//   with the same name;
// - once logged in again, the CatchUpTracker rejoins every room and fetches what each missed
//   (every message after the last id shown), and shows it in order, each message once (the
//   ConversationState drops any id it has shown before);
// - says and dms are kept as pending lines (shown greyed) under a request id unique to this
//   page load until the server's own copy comes back with that id as `ref`; lines typed while
//   offline or catching up wait, and go out, oldest first and with their ids, only when every
//   room is caught up, so they follow what was missed; the server stores a re-sent id once;
// - a line sent but unanswered for a while on a working connection is sent again, same id;
// - accounts (account.js): the login may carry a password (kept in memory only, to log in again
//   after a reconnect) or register the name; an account holder's open direct conversations
//   catch up too; `bye` `replaced` (the name logged in elsewhere) stops here, without
//   reconnecting, until the user takes the name back.
//
// No DOM here: the view (view.js) is told what to show, and calls the methods under "What the
// user does".

import { Accounts } from './account.js';
import { Backoff } from './backoff.js';
import { CatchUpTracker, isCatchUpRef, JOIN_PAGE_SIZE } from './catchup.js';
import { HELP_TEXT, parseLine } from './commands.js';
import { Connection } from './connection.js';
import { ConversationState, roomKey } from './conversations.js';
import { cleanText, LOBBY, sameName } from './names.js';

export const DEFAULT_SETTINGS = Object.freeze({
  reconnectInitialMs: 1000,
  reconnectMaxMs: 30000,
  pingIntervalMs: 30000,
  pongTimeoutMs: 15000,
  /** A pending line unanswered this long on a working connection is sent again with its id. */
  resendAfterMs: 10000,
  /** How often the room list is asked for again while connected. */
  roomsRefreshMs: 30000,
  /** The size of an "older messages" page. */
  olderPageSize: 50,
});

const MEMBERS_PREFIX = 'members-';
const ROOMS_QUIET_PREFIX = 'rooms-';
const ROOMS_ASKED_PREFIX = 'list-';

function isMessage(m) {
  return m !== null && typeof m === 'object' && Number.isInteger(m.id) && typeof m.from === 'string' && typeof m.text === 'string';
}

export class ChatSession {
  /**
   * @param view the page (view.js): told what to show
   * @param {{url: string, settings?: object, random?: () => number, now?: () => number}} options
   */
  constructor(view, { url, settings = {}, random = Math.random, now = () => Date.now() }) {
    this.view = view;
    this.url = url;
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.now = now;
    this.backoff = new Backoff(this.settings.reconnectInitialMs, this.settings.reconnectMaxMs, random);
    this.conversations = new ConversationState(now);
    this.catchUps = new CatchUpTracker();

    /** The name the server confirmed in welcome; null before. */
    this.name = null;
    /** The rooms the server says we are in: key -> spelling. */
    this.joined = new Map();
    this.connection = null;
    /** Welcome arrived on the current connection. */
    this.online = false;
    /** The first login's name while it is on its way; null otherwise. */
    this.loginInFlight = null;
    this.loginRefused = false;
    /** A login after a lost connection is on its way. */
    this.relogin = false;
    this.quitting = false;
    this.ended = false;
    this.reconnectTimer = null;
    this.reconnectAt = null;
    this.lastLoss = null;
    this.requestCount = 0;
    /** Joins the user asked for (ref -> room key): their room comes to the front when joined. */
    this.userJoins = new Map();
    this.roomList = [];
    this.timers = [];
    this.serverInfo = null;
    /** Lines the server refused (ref -> PendingLine), shown with a Retry button. */
    this.failed = new Map();
    this.accounts = new Accounts(this);
    /**
     * Why the page stopped logging in by itself: 'replaced' (bye replaced: the name logged in
     * elsewhere), or a re-login refused for good ('bad_password', 'password_required',
     * 'account_required'); null while it keeps (re)connecting.
     */
    this.stopped = null;
    /** No re-login before this time (ms): a too_many_attempts asked to wait. */
    this.notBefore = 0;
  }

  // ---------------------------------------------------------------- What the user does

  /**
   * The login form: tries a name on a fresh connection, as a guest (no password), with the
   * password of its account, or registering it ({ register: true, newPassword, confirm }).
   */
  login(typedName, passwords = {}) {
    const name = String(typedName ?? '').trim();
    if (name.length === 0) {
      this.view.loginState({ error: 'Type a name to log in.', code: 'empty', field: 'name' });
      return;
    }
    if (this.name !== null || this.loginInFlight !== null) return;
    const problem = this.accounts.prepare(passwords);
    if (problem) {
      this.view.loginState(problem);
      return;
    }
    this.loginInFlight = name;
    this.loginRefused = false;
    this.view.loginState({ busy: true });
    this.openConnection(name);
  }

  /** A line from the message input. Returns false when it should stay in the input (to be fixed). */
  submitLine(rawText) {
    const text = cleanText(rawText);
    if (text === null || this.name === null || this.ended) return text === null;
    const parsed = parseLine(text);
    const front = this.conversations.current;
    switch (parsed.kind) {
      case 'nothing':
        return true;
      case 'say':
        if (!front) {
          this.notice(null, 'You are in no room: join one first (/join ROOM), or /msg NAME TEXT.', 'error');
          return false;
        }
        if (front.isDirect) this.chat({ type: 'dm', to: front.name, text: parsed.text });
        else if (this.joined.has(front.key)) this.chat({ type: 'say', room: front.name, text: parsed.text });
        else {
          this.notice(front.key, `You are not in ${front.name}: /join ${front.name} first.`, 'error');
          return false;
        }
        return true;
      case 'dm': {
        const conversation = this.conversations.direct(parsed.to);
        this.switchTo(conversation.key);
        this.chat({ type: 'dm', to: parsed.to, text: parsed.text });
        return true;
      }
      case 'join':
        return this.joinRoom(parsed.room);
      case 'leave': {
        const room = parsed.room ?? (front && !front.isDirect ? front.name : null);
        if (room === null) {
          this.notice(null, 'usage: /leave ROOM', 'error');
          return false;
        }
        return this.leaveRoom(room);
      }
      case 'who': {
        const room = parsed.room ?? (front && !front.isDirect ? front.name : LOBBY);
        return this.request({ type: 'who', room, id: 'who-' + ++this.requestCount });
      }
      case 'rooms':
        return this.request({ type: 'rooms', id: ROOMS_ASKED_PREFIX + ++this.requestCount });
      case 'history': {
        const target = parsed.room ? this.conversations.find(roomKey(parsed.room)) : front;
        if (!target || target.isDirect) {
          this.notice(null, 'Older messages can be loaded for a room you are in.', 'error');
          return false;
        }
        this.loadOlder(target.key);
        return true;
      }
      case 'switch': {
        let conversation = this.conversations.findByName(parsed.name);
        if (!conversation && this.joined.has(roomKey(parsed.name))) conversation = this.conversations.room(this.joined.get(roomKey(parsed.name)));
        // Switching to someone we never talked to opens a direct conversation.
        conversation ??= this.conversations.direct(parsed.name);
        this.switchTo(conversation.key);
        return true;
      }
      case 'close':
        if (!front || !front.isDirect) {
          this.notice(null, '/close closes a direct conversation; to leave a room, /leave.', 'error');
          return false;
        }
        this.closeDirect(front.key);
        return true;
      case 'quit':
        this.logout();
        return true;
      case 'register':
      case 'passwd':
        if (parsed.typedMore) this.notice(null, `Passwords are never typed on the line, where they would show: /${parsed.kind} asks for them in a dialog.`, 'error');
        this.accounts.command(parsed.kind);
        return true;
      case 'help':
        this.notice(null, HELP_TEXT, 'help');
        return true;
      case 'usage':
        this.notice(null, parsed.message, 'error');
        return false;
      default:
        return true;
    }
  }

  /** Joins a room (the join form, the room list, /join). */
  joinRoom(typedRoom) {
    const room = String(typedRoom ?? '').trim();
    if (room.length === 0) return false;
    const key = roomKey(room);
    if (this.joined.has(key)) {
      this.switchTo(this.conversations.room(this.joined.get(key)).key);
      return true;
    }
    const id = 'join-' + ++this.requestCount;
    if (!this.request({ type: 'join', room, id })) return false;
    this.userJoins.set(id, key);
    return true;
  }

  leaveRoom(room) {
    if (!this.joined.has(roomKey(room))) {
      this.notice(null, `You are not in ${room}.`, 'error');
      return false;
    }
    return this.request({ type: 'leave', room: this.joined.get(roomKey(room)), id: 'leave-' + ++this.requestCount });
  }

  /** Brings a conversation (a tab) to the front. */
  switchTo(key) {
    const conversation = this.conversations.switchTo(key);
    if (!conversation) return;
    this.view.front(conversation, this.joined.has(key));
    this.tabsChanged();
  }

  /** Opens (or brings to the front) the direct conversation with a user: a click on a member name. */
  openDirect(peer) {
    if (sameName(peer, this.name)) return;
    this.switchTo(this.conversations.direct(peer).key);
  }

  closeDirect(key) {
    const conversation = this.conversations.find(key);
    if (!conversation || !conversation.isDirect) return;
    this.removeConversation(key);
  }

  /** Asks for the page of messages before the oldest one shown (scrolled to the top, the button, /history). */
  loadOlder(key) {
    const conversation = this.conversations.find(key);
    if (!conversation || conversation.isDirect || conversation.noOlder || conversation.olderRef !== null || !this.online) return;
    if (conversation.oldestId === null) {
      conversation.noOlder = true;
      this.view.olderState(conversation);
      return;
    }
    const id = 'older-' + ++this.requestCount;
    conversation.olderRef = id;
    conversation.olderLimit = this.settings.olderPageSize;
    this.send({ type: 'history', room: conversation.name, before: conversation.oldestId, limit: conversation.olderLimit, id });
    this.view.olderState(conversation);
  }

  refreshRooms() {
    if (this.online) this.send({ type: 'rooms', id: ROOMS_QUIET_PREFIX + ++this.requestCount });
  }

  /** Tries at once instead of waiting for the backoff (the "Reconnect now" button, the browser going online). */
  reconnectNow() {
    if (this.reconnectTimer === null || this.ended || this.now() < this.notBefore) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.attemptReconnect();
  }

  /**
   * After bye replaced (or a re-login refused for good): log in again now, with the kept
   * password, or with `password` when the user typed it (the kept one stopped working). This
   * takes the name back from the other connection. Returns an error to show, or null.
   */
  takeBack(password = null) {
    if (this.stopped === null || this.ended || this.connection !== null) return null;
    if (password !== null) {
      const problem = this.accounts.usePassword(password);
      if (problem) return problem;
    }
    this.stopped = null;
    this.view.account.signedOut(null);
    this.attemptReconnect();
    return null;
  }

  /** A failed line (refused by the server) goes again, with its id. */
  retry(ref) {
    const line = this.failed.get(ref);
    if (!line) return;
    this.failed.delete(ref);
    this.conversations.pending.push(line);
    line.sent = false;
    line.sentAt = null;
    this.view.pendingAdded(line, this.linkState());
    this.sendIfReady(line);
  }

  /** Pending lines not yet confirmed: how many. */
  get pendingCount() {
    return this.conversations.pending.length;
  }

  logout() {
    if (this.ended) return;
    this.quitting = true;
    this.accounts.forget();
    if (this.connection?.isOpen && this.online) {
      this.send({ type: 'quit', id: 'quit-' + ++this.requestCount });
      // The server answers bye and closes; if it does not, close anyway.
      this.timers.push(setTimeout(() => this.finish(), 3000));
    } else {
      this.finish();
    }
  }

  // ---------------------------------------------------------------- The connection

  openConnection(name) {
    const connection = new Connection(this.url, {
      onOpen: () => {
        if (connection !== this.connection) return;
        connection.send(this.accounts.loginFrame(name, 'login-' + ++this.requestCount));
      },
      onFrame: (frame) => {
        if (connection === this.connection) this.onFrame(frame);
      },
      onUnreadable: (text) => {
        if (connection === this.connection) this.notice(null, `Unreadable frame from the server: ${text.slice(0, 200)}`, 'error');
      },
      onClose: (why) => {
        if (connection === this.connection) this.onClose(why);
      },
    }, { pingIntervalMs: this.settings.pingIntervalMs, pongTimeoutMs: this.settings.pongTimeoutMs });
    this.connection = connection;
    connection.open();
    this.publishStatus();
  }

  onClose(why) {
    this.connection = null;
    this.online = false;
    this.accounts.connectionLost();
    if (this.quitting) {
      this.finish();
      return;
    }
    if (this.name === null) {
      // The first login: nothing to reconnect to yet; the login form tries again.
      this.loginInFlight = null;
      if (!this.loginRefused) this.view.loginState({ error: `Cannot connect to the chat server: ${why}.`, code: 'connection' });
      return;
    }
    this.scheduleReconnect(why);
  }

  /** The connection is gone (or given up): the next login starts over. Shown in every room when it was working. */
  suspend(why, roomNotice = `Connection lost: ${why}. Reconnecting…`) {
    const wasOnline = !this.relogin;
    this.catchUps.reset();
    this.relogin = false;
    this.lastLoss = why;
    if (wasOnline) {
      for (const conversation of this.conversations.all()) {
        if (!conversation.isDirect) this.notice(conversation.key, roomNotice, 'connection');
      }
    }
    for (const line of this.conversations.pending) this.view.pendingState(line, 'offline');
    // Requests that were on their way are lost with the connection.
    this.userJoins.clear();
    for (const conversation of this.conversations.all()) {
      if (conversation.olderRef === null) continue;
      conversation.olderRef = null;
      this.view.olderState(conversation);
    }
  }

  /** Logs in again after the backoff's delay, and not before `minDelayMs` (a too_many_attempts' retry_after). */
  scheduleReconnect(why, minDelayMs = 0) {
    this.suspend(why);
    const delay = Math.max(this.backoff.next(), minDelayMs);
    this.reconnectAt = this.now() + delay;
    this.notBefore = minDelayMs > 0 ? this.reconnectAt : 0;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.attemptReconnect();
    }, delay);
    this.publishStatus();
  }

  /**
   * Stops logging in by itself: after bye replaced (two pages would otherwise take the name from
   * each other forever), or when the kept password no longer works (a wrong one, sent again and
   * again, would lock the name). The page keeps everything; takeBack() logs in again.
   */
  stop(reason, why) {
    const connection = this.connection;
    this.connection = null;
    connection?.close();
    this.online = false;
    this.accounts.connectionLost();
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.reconnectAt = null;
    this.suspend(why, reason === 'replaced'
      ? 'You logged in somewhere else: this page is no longer connected.'
      : `Not logged in: ${why}.`);
    this.stopped = reason;
    this.view.account.signedOut(reason, this.name);
    this.publishStatus();
  }

  attemptReconnect() {
    this.reconnectAt = null;
    this.relogin = true;
    this.openConnection(this.name);
  }

  send(frame) {
    return this.connection !== null && this.connection.send(frame);
  }

  /** A request that needs a working connection (not a chat line): refused with a notice while offline. */
  request(frame) {
    if (this.online && this.send(frame)) return true;
    this.notice(null, 'Not connected: only chat lines are kept until the connection is back.', 'error');
    return false;
  }

  /** Where typed lines stand: 'ready' (sent at once), 'catching-up' or 'offline' (kept until ready). */
  linkState() {
    if (!this.online) return 'offline';
    return this.catchUps.inProgress ? 'catching-up' : 'ready';
  }

  chat(request) {
    const line = this.conversations.addPending(request);
    this.view.pendingAdded(line, this.linkState());
    this.sendIfReady(line);
    this.publishStatus();
  }

  sendIfReady(line) {
    if (this.linkState() !== 'ready') return;
    this.conversations.markSent(line);
    this.send(line.request);
    this.view.pendingState(line, 'sent');
  }

  // ---------------------------------------------------------------- What the server says

  onFrame(frame) {
    switch (frame.type) {
      case 'welcome': return this.onWelcome(frame);
      case 'error': return this.onError(frame);
      case 'message': return this.onMessage(frame);
      case 'history': return this.onHistory(frame);
      case 'joined': return this.onJoined(frame);
      case 'left': return this.onLeft(frame);
      case 'who': return this.onWho(frame);
      case 'rooms': return this.onRooms(frame);
      case 'bye': return this.onBye(frame);
      case 'ok': return this.accounts.onOk(frame);
      default: return undefined; // pong, stats, and types a newer server may add
    }
  }

  onWelcome(welcome) {
    this.online = true;
    this.backoff.reset();
    this.notBefore = 0;
    this.serverInfo = welcome;
    if (this.name === null) this.name = typeof welcome.name === 'string' ? welcome.name : this.loginInFlight;
    this.accounts.welcomed(welcome);
    if (this.relogin) {
      this.relogin = false;
      for (const conversation of this.conversations.all()) {
        if (!conversation.isDirect) this.notice(conversation.key, 'Reconnected.', 'connection');
      }
      const rooms = [...this.joined.values()];
      const inLobby = this.joined.has(roomKey(LOBBY));
      // An account holder's direct conversations are stored too: each catches up on what it missed.
      const peers = this.accounts.isAccount ? this.conversations.all().filter((c) => c.isDirect).map((c) => c.name) : [];
      for (const request of this.catchUps.start(rooms, this.conversations, inLobby, peers)) this.send(request);
      if (this.catchUps.inProgress) for (const line of this.conversations.pending) this.view.pendingState(line, 'catching-up');
      this.afterCatchUpStep();
      this.refreshRooms();
      return;
    }
    this.loginInFlight = null;
    this.view.loggedIn(welcome);
    this.startTimers();
    this.refreshRooms();
    this.publishStatus();
  }

  onError(error) {
    const ref = error.ref ?? null;
    const text = typeof error.message === 'string' && error.message.length > 0 ? error.message : String(error.code);
    if (this.name === null && this.loginInFlight !== null) {
      // The first login was refused (name_taken, invalid_name, bad_password, server_full...): try again.
      const name = this.loginInFlight;
      this.loginRefused = true;
      this.loginInFlight = null;
      const connection = this.connection;
      this.connection = null;
      connection?.close();
      this.view.loginState(this.accounts.firstLoginRefused(error, name));
      return;
    }
    if (this.relogin) {
      const connection = this.connection;
      this.connection = null;
      connection?.close();
      this.online = false;
      const next = this.accounts.reloginRefused(error);
      const why = `the server refused the login again (${error.code}: ${text})`;
      if (next?.kind === 'again') {
        // A password change that went unanswered did happen: log in with the new password.
        this.openConnection(this.name);
      } else if (next?.kind === 'stop') {
        this.stop(next.reason, why);
      } else {
        // name_taken (the server has not yet noticed our old connection died), unavailable, or
        // too_many_attempts (not before its retry_after): the backoff tries again.
        this.scheduleReconnect(why, next?.kind === 'wait' ? next.ms : 0);
      }
      return;
    }
    if (this.accounts.onError(error)) return;
    if (ref !== null) {
      const line = this.conversations.acknowledge(ref);
      if (line) {
        this.failed.set(line.ref, line);
        this.view.pendingFailed(line, `${error.code}: ${text}`);
        this.publishStatus();
        return;
      }
      if (isCatchUpRef(ref)) {
        const abandoned = this.catchUps.refused(ref);
        if (abandoned) {
          this.notice(abandoned.key, `Could not catch up on ${abandoned.label}: ${text}`, 'error');
          this.roomCaughtUp(abandoned);
        }
        return;
      }
      this.userJoins.delete(ref);
      for (const conversation of this.conversations.all()) {
        if (conversation.olderRef === ref) {
          conversation.olderRef = null;
          this.view.olderState(conversation);
        }
      }
    }
    this.notice(null, `${error.code}: ${text}`, 'error');
  }

  onMessage(message) {
    if (!isMessage(message)) return;
    // Our own line came back: no longer pending (its greyed line goes when the message shows).
    if (message.ref != null) this.conversations.acknowledge(message.ref);
    if (this.catchUps.tryHold(message, this.name)) return;
    this.show(message);
    this.publishStatus();
  }

  /** Shows messages of one conversation once each, in id order. */
  show(...messages) {
    const byConversation = new Map();
    for (const message of messages) {
      const own = sameName(message.from, this.name);
      const conversation = this.conversations.conversationOf(message, this.name);
      this.ensureView(conversation);
      if (message.ref != null) this.view.pendingRemoved(message.ref);
      if (!this.conversations.accept(message, this.name, !own)) continue;
      if (!byConversation.has(conversation)) byConversation.set(conversation, []);
      byConversation.get(conversation).push(message);
    }
    for (const [conversation, fresh] of byConversation) this.view.messages(conversation, fresh, { older: false });
    this.tabsChanged();
  }

  onHistory(history) {
    if (typeof history.room !== 'string' && typeof history.with !== 'string') return;
    const step = this.catchUps.onHistory(history);
    switch (step.kind) {
      case 'nextPage':
        this.send(step.request);
        return;
      case 'finished':
        this.roomCaughtUp(step.catchUp);
        return;
      case 'dropped':
        return;
      default:
        // A direct-message history is only ever asked for by a catch-up.
        if (typeof history.room === 'string') this.ordinaryHistory(history);
    }
  }

  /** A history not part of a catch-up: after a join, or an older page. */
  ordinaryHistory(history) {
    const conversation = this.conversations.room(history.room);
    this.ensureView(conversation);
    const page = (Array.isArray(history.messages) ? history.messages : []).filter(isMessage);
    const isOlder = history.ref != null && history.ref === conversation.olderRef;
    const fresh = page.filter((m) => this.conversations.accept(m, this.name, false));
    this.view.messages(conversation, fresh, { older: isOlder });
    if (isOlder) {
      conversation.olderRef = null;
      // A page holds up to `limit` messages, the newest below `before`: a short one reached the start.
      if (page.length < conversation.olderLimit) conversation.noOlder = true;
    } else if (page.length < JOIN_PAGE_SIZE && conversation.oldestId === (page.length ? Math.min(...page.map((m) => m.id)) : null)) {
      // The history after a join holds the room's last 50 messages (docs/protocol.md): a shorter
      // one is all the room has, unless older ones were shown already.
      conversation.noOlder = true;
    }
    this.view.olderState(conversation);
    this.tabsChanged();
  }

  /** A room is up to date: pending lines it already holds are settled, then what it missed is shown, oldest first. */
  roomCaughtUp(catchUp) {
    const missed = catchUp.missed;
    const settled = this.conversations.settleFromCatchUp(catchUp.key, missed, this.name);
    for (const line of settled) this.view.pendingRemoved(line.ref);
    if (missed.length > 0) this.show(...missed);
    this.afterCatchUpStep();
  }

  /** Once no room is catching up any more, the lines typed meanwhile go out, oldest first, with their ids. */
  afterCatchUpStep() {
    if (!this.catchUps.inProgress) {
      for (const line of this.conversations.sendAllPending()) {
        this.send(line.request);
        this.view.pendingState(line, 'sent');
      }
    }
    this.publishStatus();
  }

  onJoined(joined) {
    if (typeof joined.room !== 'string' || typeof joined.name !== 'string') return;
    const key = roomKey(joined.room);
    if (sameName(joined.name, this.name)) {
      if (this.catchUps.takeQuietLobbyJoin(joined)) return;
      this.joined.set(key, joined.room);
      const conversation = this.conversations.room(joined.room);
      this.ensureView(conversation);
      conversation.addMember(joined.name, joined.members);
      // Our own rejoin after a reconnect is not news.
      const quiet = isCatchUpRef(joined.ref) || this.catchUps.isCatchingUp(key);
      if (!quiet) this.notice(key, `You joined ${joined.room}${memberCount(joined.members)}.`, 'join');
      this.send({ type: 'who', room: joined.room, id: MEMBERS_PREFIX + ++this.requestCount });
      if (joined.ref != null && this.userJoins.has(joined.ref)) {
        this.userJoins.delete(joined.ref);
        this.switchTo(key);
      } else if (this.conversations.currentKey === key) {
        this.view.front(conversation, true);
      }
      if (!quiet) this.refreshRooms();
      this.view.members(conversation);
      this.tabsChanged();
      return;
    }
    const conversation = this.conversations.find(key);
    if (!conversation) return;
    conversation.addMember(joined.name, joined.members);
    this.notice(key, `${joined.name} joined${memberCount(joined.members)}.`, 'join');
    this.view.members(conversation);
  }

  onLeft(left) {
    if (typeof left.room !== 'string' || typeof left.name !== 'string') return;
    const key = roomKey(left.room);
    if (sameName(left.name, this.name)) {
      this.joined.delete(key);
      // The quiet leave of the lobby after a reconnect, for a user who had left it.
      if (isCatchUpRef(left.ref)) return;
      this.removeConversation(key);
      this.refreshRooms();
      return;
    }
    const conversation = this.conversations.find(key);
    if (!conversation) return;
    conversation.removeMember(left.name, left.members);
    const why = left.reason && left.reason !== 'leave' ? ` (${left.reason})` : '';
    this.notice(key, `${left.name} left${why}${memberCount(left.members)}.`, 'leave');
    this.view.members(conversation);
  }

  onWho(who) {
    if (typeof who.room !== 'string' || !Array.isArray(who.members)) return;
    const key = roomKey(who.room);
    const conversation = this.conversations.find(key);
    if (conversation && this.joined.has(key)) {
      conversation.setMembers(who.members.filter((n) => typeof n === 'string'));
      this.view.members(conversation);
    }
    // The member lists the page asks for itself are for the sidebar, not news.
    if (typeof who.ref === 'string' && who.ref.startsWith(MEMBERS_PREFIX)) return;
    const names = who.members.length === 0 ? 'nobody' : who.members.join(', ');
    this.notice(null, `${who.room}${memberCount(who.members.length)}: ${names}`, 'info');
  }

  onRooms(rooms) {
    if (!Array.isArray(rooms.rooms)) return;
    this.roomList = rooms.rooms.filter((r) => r && typeof r.name === 'string');
    this.view.rooms(this.roomList, this.joined);
    if (typeof rooms.ref === 'string' && rooms.ref.startsWith(ROOMS_ASKED_PREFIX)) {
      const list = this.roomList.map((r) => `${r.name} (${r.members})`).join(', ');
      this.notice(null, `${this.roomList.length} room${this.roomList.length === 1 ? '' : 's'}: ${list}`, 'info');
    }
  }

  onBye(bye) {
    if (this.quitting) return;
    if (bye.reason === 'replaced') {
      // The account logged in on another connection (another tab, another device). Reconnecting
      // would take the name back, and the other would do the same: stop, and let the user choose.
      this.stop('replaced', 'you logged in somewhere else');
      return;
    }
    this.notice(null, `The server says bye: ${bye.reason}.`, 'connection');
  }

  // ---------------------------------------------------------------- Helpers

  ensureView(conversation) {
    if (!this.view.hasConversation(conversation.key)) {
      this.view.conversationAdded(conversation, this.joined.has(conversation.key));
      if (this.conversations.currentKey === conversation.key) this.view.front(conversation, this.joined.has(conversation.key));
      this.tabsChanged();
    }
  }

  removeConversation(key) {
    const wasFront = this.conversations.currentKey === key;
    const dropped = this.conversations.remove(key);
    for (const line of dropped) this.view.pendingRemoved(line.ref);
    this.view.conversationRemoved(key);
    if (wasFront && this.conversations.current) this.switchTo(this.conversations.currentKey);
    else if (wasFront) this.view.front(null, false);
    this.tabsChanged();
    this.publishStatus();
  }

  /** A line for people in a conversation (null: the one in front). */
  notice(key, text, kind) {
    const target = key ?? this.conversations.currentKey;
    if (target !== null && this.conversations.has(target)) this.ensureView(this.conversations.find(target));
    this.view.notice(target, text, kind);
  }

  tabsChanged() {
    this.view.tabs(this.conversations.all(), this.conversations.currentKey, this.joined);
  }

  startTimers() {
    this.timers.push(setInterval(() => {
      if (this.linkState() !== 'ready') return;
      for (const line of this.conversations.dueForResend(this.settings.resendAfterMs)) this.send(line.request);
    }, this.settings.resendAfterMs / 2));
    this.timers.push(setInterval(() => {
      if (this.linkState() === 'ready') this.refreshRooms();
    }, this.settings.roomsRefreshMs));
  }

  finish() {
    if (this.ended) return;
    this.ended = true;
    this.online = false;
    for (const timer of this.timers) {
      clearInterval(timer);
      clearTimeout(timer);
    }
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    const connection = this.connection;
    this.connection = null;
    connection?.close();
    this.publishStatus();
    this.view.loggedOut();
  }

  publishStatus() {
    let state;
    if (this.ended) state = 'offline';
    else if (this.name === null) state = 'connecting';
    else if (this.stopped !== null) state = this.stopped === 'replaced' ? 'replaced' : 'signed-out';
    else if (this.online) state = this.catchUps.inProgress ? 'catching-up' : 'online';
    else state = 'reconnecting';
    this.view.status({
      state,
      name: this.name,
      reconnectAt: this.reconnectAt,
      attempting: this.reconnectTimer === null && !this.online,
      locked: this.now() < this.notBefore,
      lastLoss: this.lastLoss,
      pending: this.conversations.pending.length,
    });
  }
}

function memberCount(count) {
  if (!Number.isInteger(count)) return '';
  return ` (${count} member${count === 1 ? '' : 's'})`;
}
