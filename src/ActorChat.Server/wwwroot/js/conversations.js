// The page's memory of its conversations, kept across reconnects (the console client's
// ConversationState, Conversation and PendingLine): every room and direct conversation with
// the message ids it has shown, its unread count and members; which one is in front; and the
// lines typed but not yet confirmed by the server. Plain data: no DOM, no socket.

import { LOBBY, nameKey, sameName } from './names.js';

export const roomKey = (room) => '#' + nameKey(room);
export const directKey = (peer) => '@' + nameKey(peer);

/** One room or direct conversation as the page sees it. */
export class Conversation {
  constructor(key, name, isDirect) {
    this.key = key;
    this.name = name;
    this.isDirect = isDirect;
    this.seenIds = new Set();
    /** The highest message id shown here; 0 before any. */
    this.lastSeenId = 0;
    /** The lowest message id shown here; null before any (the next "older" page goes before it). */
    this.oldestId = null;
    this.unread = 0;
    /** Member names of a room (from who, kept up by joined and left), by key. */
    this.members = new Map();
    this.memberCount = 0;
    /** The server said there is nothing older than oldestId. */
    this.noOlder = false;
    /** The id of the history request for an older page, while one is on its way. */
    this.olderRef = null;
    /** The limit of that request: a shorter page means the start of the room was reached. */
    this.olderLimit = 0;
  }

  /** Records a message id; false when it was seen before (a duplicate, not to be shown again). */
  markSeen(id) {
    if (this.seenIds.has(id)) return false;
    this.seenIds.add(id);
    if (id > this.lastSeenId) this.lastSeenId = id;
    if (this.oldestId === null || id < this.oldestId) this.oldestId = id;
    return true;
  }

  setMembers(names) {
    this.members = new Map(names.map((n) => [nameKey(n), n]));
    this.memberCount = this.members.size;
  }

  addMember(name, count) {
    this.members.set(nameKey(name), name);
    if (Number.isInteger(count)) this.memberCount = count;
  }

  removeMember(name, count) {
    this.members.delete(nameKey(name));
    if (Number.isInteger(count)) this.memberCount = count;
  }

  /** Member names, case-insensitively sorted. */
  memberNames() {
    return [...this.members.values()].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
  }
}

/**
 * A say or dm the user typed that the server has not confirmed yet: its own copy, carrying
 * `ref` = this line's request id, has not arrived. Re-sent with the same id after a reconnect,
 * which the server stores once ("Re-sending is safe").
 */
export class PendingLine {
  constructor(ref, conversationKey, request) {
    this.ref = ref;
    this.conversationKey = conversationKey;
    this.request = request;
    /** Written to a connection at least once; a line sent on a connection that then broke may or may not be stored. */
    this.sent = false;
    /** When it was last written to a connection (ms), or null. */
    this.sentAt = null;
  }

  get text() {
    return this.request.text;
  }
}

function randomRun() {
  const bytes = new Uint8Array(4);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// One run per page load: post ids are w-RUN-N, unique over far more than the server's
// 10-minute re-send window.
const PAGE_RUN = randomRun();
let pageLineCount = 0;

export class ConversationState {
  constructor(now = () => Date.now()) {
    this.now = now;
    /** key -> Conversation, in the order opened. */
    this.conversations = new Map();
    /** Lines waiting for the server's copy, oldest first. */
    this.pending = [];
    this.currentKey = null;
  }

  get current() {
    return this.currentKey === null ? null : this.conversations.get(this.currentKey) ?? null;
  }

  /** Rooms first, then direct conversations, each in the order opened. */
  all() {
    const list = [...this.conversations.values()];
    return [...list.filter((c) => !c.isDirect), ...list.filter((c) => c.isDirect)];
  }

  find(key) {
    return this.conversations.get(key) ?? null;
  }

  /** A conversation by a name the user typed: a room first, then a direct peer. */
  findByName(name) {
    return this.find(roomKey(name)) ?? this.find(directKey(name));
  }

  has(key) {
    return this.conversations.has(key);
  }

  room(name) {
    return this.open(roomKey(name), name, false);
  }

  direct(peer) {
    return this.open(directKey(peer), peer, true);
  }

  /** Brings a conversation to the front and clears its unread count. */
  switchTo(key) {
    const conversation = this.conversations.get(key);
    if (!conversation) return null;
    this.currentKey = key;
    conversation.unread = 0;
    return conversation;
  }

  /** The conversation a message belongs to, seen from myName. */
  conversationOf(message, myName) {
    if (message.to == null) return this.room(message.room ?? LOBBY);
    return this.direct(sameName(message.from, myName) ? message.to : message.from);
  }

  /**
   * A message arrived (live, in a history, or in a catch-up). Returns false for a duplicate,
   * which must not be shown again; otherwise records it and counts it as unread when its
   * conversation is not in front.
   */
  accept(message, myName, countUnread = true) {
    const conversation = this.conversationOf(message, myName);
    if (!conversation.markSeen(message.id)) return false;
    if (countUnread && conversation.key !== this.currentKey) conversation.unread++;
    return true;
  }

  /** Remembers a typed say or dm under a fresh id until the server confirms it. */
  addPending(request) {
    const ref = `w-${PAGE_RUN}-${++pageLineCount}`;
    const key = request.type === 'dm' ? this.direct(request.to).key : this.room(request.room).key;
    const line = new PendingLine(ref, key, { ...request, id: ref });
    this.pending.push(line);
    return line;
  }

  findPending(ref) {
    return this.pending.find((p) => p.ref === ref) ?? null;
  }

  /** The line is written to the connection now. */
  markSent(line) {
    line.sent = true;
    line.sentAt = this.now();
  }

  /** The connection is back and caught up: every pending line goes out, oldest first. */
  sendAllPending() {
    for (const line of this.pending) this.markSent(line);
    return [...this.pending];
  }

  /**
   * Lines sent at least afterMs ago and still unanswered on a working connection: their answer
   * was lost. Returned to be sent again with the same id; each is due again only afterMs later.
   */
  dueForResend(afterMs) {
    const now = this.now();
    const due = this.pending.filter((p) => p.sent && p.sentAt !== null && now - p.sentAt >= afterMs);
    for (const line of due) line.sentAt = now;
    return due;
  }

  /** The server confirmed (or refused) the request with this ref: it is no longer pending. */
  acknowledge(ref) {
    const index = this.pending.findIndex((p) => p.ref === ref);
    if (index < 0) return null;
    return this.pending.splice(index, 1)[0];
  }

  /**
   * After a reconnect: a line sent on the broken connection may have been stored before it
   * broke. If the catch-up of its conversation (a room, or an account holder's direct
   * conversation; `key` as roomKey or directKey) holds a message of ours with the same text that
   * was not seen before, that was it, so it is settled rather than sent again.
   */
  settleFromCatchUp(key, missed, myName) {
    const settled = [];
    for (const message of missed) {
      if (!sameName(message.from, myName)) continue;
      const match = this.pending.find((p) => p.sent && p.conversationKey === key && p.text === message.text);
      if (!match) continue;
      this.pending.splice(this.pending.indexOf(match), 1);
      settled.push(match);
    }
    return settled;
  }

  /** Forgets a conversation (a room the user left, a direct conversation closed), with its pending lines. */
  remove(key) {
    const dropped = this.pending.filter((p) => p.conversationKey === key);
    this.pending = this.pending.filter((p) => p.conversationKey !== key);
    this.conversations.delete(key);
    if (this.currentKey === key) {
      const next = this.all()[0];
      this.currentKey = next ? next.key : null;
      if (next) next.unread = 0;
    }
    return dropped;
  }

  totalUnread() {
    let total = 0;
    for (const c of this.conversations.values()) if (c.key !== this.currentKey) total += c.unread;
    return total;
  }

  open(key, name, isDirect) {
    const existing = this.conversations.get(key);
    if (existing) {
      existing.name = name;
      return existing;
    }
    const conversation = new Conversation(key, name, isDirect);
    this.conversations.set(key, conversation);
    if (this.currentKey === null) this.currentKey = key;
    return conversation;
  }
}
