// The page: everything the session says, drawn into the DOM; everything the user does, passed
// to the session. Every string that comes from the network (names, texts, MOTD, error
// messages) goes into the page as text, through textContent or createTextNode, never as
// markup: this file never uses innerHTML, outerHTML, insertAdjacentHTML or document.write.

import { AccountView } from './account-view.js';
import { colourClass } from './colours.js';
import { nameKey, sameName } from './names.js';

const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 48;

/** An element with classes and, optionally, text. */
function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const fullTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { short: '', full: '' };
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return { short: (sameDay ? timeOfDay : dayAndTime).format(date), full: fullTime.format(date) };
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

/** Appends text to a node, with http(s) URLs as links; all of it as text nodes and anchors, no markup. */
function appendText(node, text) {
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = TRAILING_PUNCTUATION.exec(url);
    if (trailing) url = url.slice(0, url.length - trailing[0].length);
    let href = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') href = parsed.href;
    } catch {
      href = null;
    }
    if (href === null || url.length === 0) continue;
    if (match.index > last) node.append(document.createTextNode(text.slice(last, match.index)));
    const link = el('a', 'link', url);
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer nofollow';
    node.append(link);
    last = match.index + url.length;
  }
  if (last < text.length) node.append(document.createTextNode(text.slice(last)));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&');
}

/** The first index in a sorted array whose value is greater than id. */
function upperBound(sorted, id) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class ChatView {
  constructor(doc = document) {
    this.doc = doc;
    const $ = (id) => doc.getElementById(id);
    this.e = {
      loginScreen: $('login-screen'), loginName: $('login-name'),
      chatScreen: $('chat-screen'), me: $('me'), status: $('status'), reconnectNow: $('reconnect-now'), logout: $('logout-button'),
      motd: $('motd'), motdBar: $('motd-bar'), motdDismiss: $('motd-dismiss'), toggleSidebar: $('toggle-sidebar'), sidebar: $('sidebar'), backdrop: $('sidebar-backdrop'),
      refreshRooms: $('refresh-rooms'), joinForm: $('join-form'), joinRoom: $('join-room'), roomList: $('room-list'),
      membersTitle: $('members-title'), memberList: $('member-list'),
      tabs: $('tabs'), title: $('conversation-title'), info: $('conversation-info'), leave: $('leave-button'), close: $('close-button'),
      messages: $('messages'), notices: $('notices'), jumpLatest: $('jump-latest'), compose: $('compose'), input: $('message-input'),
    };
    /** key -> { section, list, older, start, ids, byId, stick, conversation } */
    this.views = new Map();
    this.pendingElements = new Map();
    this.frontKey = null;
    this.myName = null;
    this.mentionPattern = null;
    this.lastStatus = null;
    this.countdown = null;
    this.session = null;
    /** The login form, the guest/account badge, the signed-out bar and the password dialog. */
    this.account = new AccountView(doc);
  }

  /** Wires the page's controls to the session. */
  bind(session) {
    this.session = session;
    const e = this.e;
    // Only the name is remembered, never a password.
    const storedName = safeStorage('get', 'actorchat.name');
    if (storedName && !e.loginName.value) e.loginName.value = storedName;
    this.account.bind(session, () => this.focusInput());

    e.compose.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitInput();
    });
    e.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitInput();
      }
    });

    e.joinForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (session.joinRoom(e.joinRoom.value)) {
        e.joinRoom.value = '';
        this.closeSidebar();
        this.focusInput();
      }
    });
    e.refreshRooms.addEventListener('click', () => session.refreshRooms());
    e.roomList.addEventListener('click', (event) => {
      const item = event.target.closest('.room[data-room]');
      if (!item) return;
      session.joinRoom(item.dataset.room);
      this.closeSidebar();
      this.focusInput();
    });
    e.memberList.addEventListener('click', (event) => {
      const member = event.target.closest('.member-name[data-name]');
      if (!member) return;
      session.openDirect(member.dataset.name);
      this.closeSidebar();
      this.focusInput();
    });
    e.tabs.addEventListener('click', (event) => {
      const tab = event.target.closest('.tab[data-key]');
      if (!tab) return;
      session.switchTo(tab.dataset.key);
      this.focusInput();
    });
    e.messages.addEventListener('click', (event) => {
      const target = event.target;
      const older = target.closest('.load-older');
      if (older) {
        session.loadOlder(older.closest('.conversation-view').dataset.key);
        return;
      }
      const retry = target.closest('.retry[data-ref]');
      if (retry) {
        session.retry(retry.dataset.ref);
        this.focusInput();
        return;
      }
      const sender = target.closest('.sender[data-name]');
      if (sender && !sameName(sender.dataset.name, this.myName)) {
        session.openDirect(sender.dataset.name);
        this.focusInput();
      }
    });
    e.leave.addEventListener('click', () => {
      const conversation = this.views.get(this.frontKey)?.conversation;
      if (conversation && !conversation.isDirect) session.leaveRoom(conversation.name);
      this.focusInput();
    });
    e.close.addEventListener('click', () => {
      if (this.frontKey) session.closeDirect(this.frontKey);
      this.focusInput();
    });
    e.jumpLatest.addEventListener('click', () => {
      const view = this.views.get(this.frontKey);
      if (view) this.scrollToBottom(view);
      this.focusInput();
    });
    e.reconnectNow.addEventListener('click', () => session.reconnectNow());
    e.motdDismiss.addEventListener('click', () => {
      e.motdBar.hidden = true;
      this.focusInput();
    });
    e.logout.addEventListener('click', () => {
      const pending = session.pendingCount;
      if (pending > 0 && !window.confirm(`${pending} line${pending === 1 ? ' is' : 's are'} not sent yet and will be lost. Log out anyway?`)) return;
      session.logout();
    });

    e.toggleSidebar.addEventListener('click', () => (e.sidebar.classList.contains('open') ? this.closeSidebar() : this.openSidebar()));
    e.backdrop.addEventListener('click', () => this.closeSidebar());

    this.doc.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.closeSidebar();
      if (event.altKey && !event.ctrlKey && !event.metaKey && /^[1-9]$/.test(event.key)) {
        const tab = e.tabs.querySelectorAll('.tab')[Number(event.key) - 1];
        if (tab) {
          event.preventDefault();
          session.switchTo(tab.dataset.key);
          this.focusInput();
        }
      }
    });
    window.addEventListener('online', () => session.reconnectNow());
    window.addEventListener('beforeunload', (event) => {
      if (session.pendingCount > 0 && !session.ended) event.preventDefault();
    });
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content-Security-Policy violation: ${event.violatedDirective} (${event.blockedURI})`);
    });

    e.loginName.focus();
  }

  submitInput() {
    const input = this.e.input;
    if (this.session.submitLine(input.value)) input.value = '';
    this.focusInput();
  }

  focusInput() {
    if (!this.e.chatScreen.hidden && !this.e.sidebar.classList.contains('open')) this.e.input.focus({ preventScroll: true });
  }

  openSidebar() {
    this.e.sidebar.classList.add('open');
    this.e.backdrop.hidden = false;
    this.e.toggleSidebar.setAttribute('aria-expanded', 'true');
  }

  closeSidebar() {
    if (!this.e.sidebar.classList.contains('open')) return;
    this.e.sidebar.classList.remove('open');
    this.e.backdrop.hidden = true;
    this.e.toggleSidebar.setAttribute('aria-expanded', 'false');
  }

  // ------------------------------------------------------------ Login

  /** The login form's state (account-view.js): busy, or refused with { error, code, field, retryAfter }. */
  loginState(state) {
    this.account.loginState(state);
  }

  loggedIn(welcome) {
    const e = this.e;
    this.myName = this.session.name;
    this.mentionPattern = new RegExp(`(^|[^\\p{L}\\p{Nd}_])${escapeRegExp(this.myName)}($|[^\\p{L}\\p{Nd}_])`, 'iu');
    safeStorage('set', 'actorchat.name', this.myName);
    this.account.loggedIn();
    e.loginScreen.hidden = true;
    e.chatScreen.hidden = false;
    e.me.textContent = this.myName;
    e.me.className = 'me ' + colourClass(this.myName);
    if (typeof welcome.motd === 'string' && welcome.motd.length > 0) {
      e.motd.textContent = welcome.motd;
      e.motdBar.hidden = false;
    }
    if (typeof welcome.server === 'string') e.chatScreen.dataset.server = welcome.server;
    this.focusInput();
  }

  loggedOut() {
    window.location.reload();
  }

  // ------------------------------------------------------------ Status

  status(status) {
    this.lastStatus = status;
    this.e.status.dataset.state = status.state;
    this.e.status.dataset.pending = String(status.pending);
    this.renderStatus();
    const waiting = status.state === 'reconnecting' && status.reconnectAt !== null;
    // Not while a too_many_attempts asks to wait: trying earlier would only be refused again.
    this.e.reconnectNow.hidden = !waiting || status.locked;
    if (waiting && this.countdown === null) this.countdown = setInterval(() => this.renderStatus(), 500);
    if (!waiting && this.countdown !== null) {
      clearInterval(this.countdown);
      this.countdown = null;
    }
  }

  renderStatus() {
    const s = this.lastStatus;
    if (!s) return;
    let text;
    switch (s.state) {
      case 'online': text = 'Connected'; break;
      case 'catching-up': text = 'Catching up…'; break;
      case 'reconnecting':
        if (s.reconnectAt !== null) {
          const seconds = Math.max(0, Math.ceil((s.reconnectAt - Date.now()) / 1000));
          text = `Connection lost — retrying in ${seconds} s`;
        } else {
          text = 'Reconnecting…';
        }
        break;
      case 'offline': text = 'Logged out'; break;
      case 'replaced': text = 'Logged in somewhere else'; break;
      case 'signed-out': text = 'Not logged in'; break;
      default: text = 'Connecting…';
    }
    if (s.pending > 0) text += ` · ${s.pending} unsent`;
    this.e.status.textContent = text;
    if (s.lastLoss && s.state === 'reconnecting') this.e.status.title = s.lastLoss;
    else this.e.status.removeAttribute('title');
  }

  // ------------------------------------------------------------ Conversations and tabs

  hasConversation(key) {
    return this.views.has(key);
  }

  conversationAdded(conversation) {
    const section = el('section', 'conversation-view');
    section.dataset.key = conversation.key;
    if (conversation.isDirect) section.dataset.dm = conversation.name;
    else section.dataset.room = conversation.name;
    section.hidden = true;
    section.tabIndex = -1;
    section.setAttribute('role', 'log');
    section.setAttribute('aria-label', conversation.isDirect ? `Direct conversation with ${conversation.name}` : `Room ${conversation.name}`);
    const older = el('button', 'load-older', 'Load older messages');
    older.type = 'button';
    older.hidden = conversation.isDirect;
    const start = el('p', 'history-start', conversation.isDirect
      ? `Your direct conversation with ${conversation.name}.`
      : `This is the beginning of ${conversation.name}.`);
    start.hidden = !conversation.isDirect;
    const list = el('ol', 'message-list');
    section.append(older, start, list);
    this.e.messages.append(section);
    const view = { section, list, older, start, ids: [], byId: new Map(), stick: true, conversation };
    section.addEventListener('scroll', () => this.onScroll(view), { passive: true });
    this.views.set(conversation.key, view);
  }

  conversationRemoved(key) {
    const view = this.views.get(key);
    if (!view) return;
    view.section.remove();
    this.views.delete(key);
    if (this.frontKey === key) this.frontKey = null;
  }

  front(conversation, joined) {
    const e = this.e;
    for (const view of this.views.values()) view.section.hidden = true;
    if (!conversation) {
      this.frontKey = null;
      e.title.textContent = 'No conversation';
      e.info.textContent = 'Join a room to start chatting.';
      e.leave.hidden = true;
      e.close.hidden = true;
      e.jumpLatest.hidden = true;
      this.renderMembers(null);
      return;
    }
    this.frontKey = conversation.key;
    const view = this.views.get(conversation.key);
    if (view) {
      view.section.hidden = false;
      if (view.stick) this.scrollToBottom(view);
    }
    e.chatScreen.dataset.front = conversation.key;
    e.title.textContent = conversation.isDirect ? `@${conversation.name}` : `#${conversation.name}`;
    e.leave.hidden = conversation.isDirect || !joined;
    e.leave.textContent = 'Leave';
    e.close.hidden = !conversation.isDirect;
    e.input.placeholder = conversation.isDirect ? `Message ${conversation.name}` : `Message #${conversation.name}`;
    this.renderInfo(conversation);
    this.renderMembers(conversation);
    this.renderRooms();
    this.updateJump(view);
  }

  renderInfo(conversation) {
    this.e.info.textContent = conversation.isDirect
      ? 'direct conversation'
      : `${conversation.memberCount} member${conversation.memberCount === 1 ? '' : 's'}`;
  }

  tabs(conversations, currentKey) {
    const bar = this.e.tabs;
    const existing = new Map([...bar.querySelectorAll('.tab')].map((t) => [t.dataset.key, t]));
    let total = 0;
    conversations.forEach((conversation, index) => {
      let tab = existing.get(conversation.key);
      if (!tab) {
        tab = el('button', 'tab');
        tab.type = 'button';
        tab.setAttribute('role', 'tab');
        tab.dataset.key = conversation.key;
        if (conversation.isDirect) tab.dataset.dm = conversation.name;
        else tab.dataset.room = conversation.name;
        const name = el('span', 'tab-name');
        const unread = el('span', 'unread');
        unread.hidden = true;
        tab.append(name, unread);
      }
      existing.delete(conversation.key);
      if (conversation.isDirect) tab.dataset.dm = conversation.name;
      else tab.dataset.room = conversation.name;
      tab.querySelector('.tab-name').textContent = (conversation.isDirect ? '@' : '#') + conversation.name;
      const unread = tab.querySelector('.unread');
      const count = conversation.key === currentKey ? 0 : conversation.unread;
      unread.textContent = String(count);
      unread.hidden = count === 0;
      tab.setAttribute('aria-label', `${conversation.isDirect ? 'Direct conversation with ' : 'Room '}${conversation.name}${count ? `, ${count} unread` : ''}`);
      const current = conversation.key === currentKey;
      tab.classList.toggle('current', current);
      tab.setAttribute('aria-selected', String(current));
      tab.title = index < 9 ? `Alt+${index + 1}` : '';
      total += count;
      if (bar.children[index] !== tab) bar.insertBefore(tab, bar.children[index] ?? null);
    });
    for (const stale of existing.values()) stale.remove();
    const front = conversations.find((c) => c.key === currentKey);
    const title = front ? `${front.isDirect ? '@' : '#'}${front.name} — ActorChat` : 'ActorChat';
    this.doc.title = total > 0 ? `(${total}) ${title}` : title;
    if (front) this.renderInfo(front);
    const currentTab = bar.querySelector('.tab.current');
    currentTab?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  // ------------------------------------------------------------ Members and rooms

  members(conversation) {
    if (conversation.key === this.frontKey) {
      this.renderMembers(conversation);
      this.renderInfo(conversation);
    }
  }

  renderMembers(conversation) {
    const e = this.e;
    e.memberList.replaceChildren();
    if (!conversation) {
      e.membersTitle.textContent = 'People';
      return;
    }
    if (conversation.isDirect) {
      e.membersTitle.textContent = 'Direct conversation';
      for (const name of [this.myName, conversation.name]) e.memberList.append(this.memberItem(name));
      return;
    }
    e.membersTitle.textContent = `People in #${conversation.name} (${conversation.memberCount})`;
    for (const name of conversation.memberNames()) e.memberList.append(this.memberItem(name));
  }

  memberItem(name) {
    const item = el('li', 'member');
    item.dataset.name = name;
    if (sameName(name, this.myName)) {
      item.classList.add('me');
      item.append(el('span', 'member-self ' + colourClass(name), name), el('span', 'you', ' (you)'));
    } else {
      const button = el('button', 'member-name ' + colourClass(name), name);
      button.type = 'button';
      button.dataset.name = name;
      button.title = `Talk privately with ${name}`;
      item.append(button);
    }
    return item;
  }

  rooms(list, joined) {
    this.roomData = { list, joined };
    this.renderRooms();
  }

  renderRooms() {
    if (!this.roomData) return;
    const { list, joined } = this.roomData;
    const sorted = [...list].sort((a, b) => b.members - a.members || a.name.localeCompare(b.name));
    this.e.roomList.replaceChildren(...sorted.map((room) => {
      const item = el('li', 'room');
      item.dataset.room = room.name;
      const key = '#' + nameKey(room.name);
      item.classList.toggle('joined', joined.has(key));
      item.classList.toggle('current', key === this.frontKey);
      const button = el('button', 'room-button');
      button.type = 'button';
      button.title = joined.has(key) ? `Go to #${room.name}` : `Join #${room.name}`;
      button.append(el('span', 'room-name', '#' + room.name), el('span', 'count', String(room.members)));
      item.append(button);
      return item;
    }));
  }

  // ------------------------------------------------------------ Messages

  messageElement(message, own) {
    const item = el('li', 'message');
    item.dataset.id = String(message.id);
    item.dataset.from = message.from;
    if (own) item.classList.add('own');
    else if (this.mentionPattern && this.mentionPattern.test(message.text)) item.classList.add('mention');
    const when = formatTime(message.time);
    const time = el('time', 'time', when.short);
    if (typeof message.time === 'string') time.dateTime = message.time;
    time.title = when.full;
    const sender = el('span', 'sender ' + colourClass(message.from), message.from);
    sender.dataset.name = message.from;
    if (!own) sender.title = `Talk privately with ${message.from}`;
    const text = el('span', 'text');
    appendText(text, message.text);
    item.append(time, sender, text);
    return item;
  }

  /** Shows messages (each new to this conversation), each at its place in id order. */
  messages(conversation, messages, { older }) {
    const view = this.views.get(conversation.key);
    if (!view || messages.length === 0) return;
    const section = view.section;
    const heightBefore = section.scrollHeight;
    const topBefore = section.scrollTop;
    let ownAtEnd = false;
    let newBelow = false;
    for (const message of [...messages].sort((a, b) => a.id - b.id)) {
      const own = sameName(message.from, this.myName);
      const element = this.messageElement(message, own);
      const index = upperBound(view.ids, message.id);
      const next = index < view.ids.length ? view.byId.get(view.ids[index]) : null;
      if (next) view.list.insertBefore(element, next);
      else {
        view.list.insertBefore(element, view.list.querySelector(':scope > .pending'));
        if (own) ownAtEnd = true;
        else newBelow = true;
      }
      view.ids.splice(index, 0, message.id);
      view.byId.set(message.id, element);
    }
    if (conversation.key !== this.frontKey) return;
    if (older) {
      // Keep what the user was reading where it was.
      section.scrollTop = topBefore + (section.scrollHeight - heightBefore);
    } else if (view.stick || ownAtEnd) {
      this.scrollToBottom(view);
    } else if (newBelow) {
      this.e.jumpLatest.hidden = false;
    }
  }

  notice(key, text, kind) {
    const view = key === null ? null : this.views.get(key);
    const item = el('li', `notice notice-${kind ?? 'info'}`);
    const time = el('time', 'time', timeOfDay.format(new Date()));
    const body = el('span', 'notice-text', text);
    item.append(time, body);
    if (!view) {
      // Nowhere to put it yet: the page-wide notices, for a while.
      const line = el('p', `notice notice-${kind ?? 'info'}`, text);
      this.e.notices.append(line);
      setTimeout(() => line.remove(), 10000);
      return;
    }
    view.list.insertBefore(item, view.list.querySelector(':scope > .pending'));
    if (key === this.frontKey && (view.stick || kind === 'help' || kind === 'error' || kind === 'info')) this.scrollToBottom(view);
  }

  // ------------------------------------------------------------ Pending lines

  pendingAdded(line, link) {
    const view = this.views.get(line.conversationKey);
    if (!view) return;
    this.pendingElements.get(line.ref)?.remove();
    const item = el('li', 'message pending own');
    item.dataset.ref = line.ref;
    const time = el('time', 'time', '…');
    const sender = el('span', 'sender ' + colourClass(this.myName), this.myName);
    const text = el('span', 'text');
    appendText(text, line.text);
    const state = el('span', 'pending-state');
    item.append(time, sender, text, state);
    view.list.append(item);
    this.pendingElements.set(line.ref, item);
    this.pendingState(line, link === 'ready' ? 'sent' : link);
    if (line.conversationKey === this.frontKey) this.scrollToBottom(view);
  }

  pendingState(line, state) {
    const item = this.pendingElements.get(line.ref);
    if (!item) return;
    item.classList.remove('failed');
    item.dataset.state = state;
    const label = {
      sent: 'sending…',
      offline: 'not sent yet: waiting for the connection',
      'catching-up': 'not sent yet: catching up',
    }[state] ?? '';
    item.querySelector('.pending-state').replaceChildren(document.createTextNode(label));
  }

  pendingFailed(line, why) {
    const item = this.pendingElements.get(line.ref);
    if (!item) return;
    item.classList.add('failed');
    item.dataset.state = 'failed';
    const retry = el('button', 'retry', 'Retry');
    retry.type = 'button';
    retry.dataset.ref = line.ref;
    item.querySelector('.pending-state').replaceChildren(document.createTextNode(`not sent: ${why} `), retry);
  }

  pendingRemoved(ref) {
    const item = this.pendingElements.get(ref);
    if (!item) return;
    item.remove();
    this.pendingElements.delete(ref);
  }

  // ------------------------------------------------------------ Scrolling and older pages

  olderState(conversation) {
    const view = this.views.get(conversation.key);
    if (!view || conversation.isDirect) return;
    view.older.hidden = conversation.noOlder;
    view.older.disabled = conversation.olderRef !== null;
    view.older.textContent = conversation.olderRef !== null ? 'Loading older messages…' : 'Load older messages';
    view.start.hidden = !conversation.noOlder;
    view.section.dataset.older = conversation.noOlder ? 'none' : conversation.olderRef !== null ? 'loading' : 'more';
  }

  onScroll(view) {
    const section = view.section;
    view.stick = section.scrollHeight - section.scrollTop - section.clientHeight < NEAR_BOTTOM_PX;
    if (view.conversation.key === this.frontKey) this.updateJump(view);
    if (section.scrollTop < NEAR_TOP_PX && section.scrollHeight > section.clientHeight) this.session.loadOlder(view.conversation.key);
  }

  updateJump(view) {
    if (!view || view.stick) this.e.jumpLatest.hidden = true;
  }

  scrollToBottom(view) {
    view.section.scrollTop = view.section.scrollHeight;
    view.stick = true;
    this.e.jumpLatest.hidden = true;
  }
}

function safeStorage(action, key, value) {
  try {
    if (action === 'get') return window.localStorage.getItem(key);
    window.localStorage.setItem(key, value);
  } catch {
    // storage disabled: the name is simply not remembered
  }
  return null;
}
