// Catching up after a reconnect, as the console client does (RoomCatchUp, CatchUpTracker):
// every room the user was in is joined again, and what it said while the page was away (every
// message after the last id shown) is fetched page by page, newest pages first, and shown in
// order only once the gap is closed, so no gap is ever visible and nothing shows twice.
// An account holder's open direct conversations catch up the same way (DirectCatchUp), through
// `history` with `with` (version 2, "Direct-message history").
// Plain state, no DOM, no socket: it returns the requests to send.

import { LOBBY, sameName } from './names.js';
import { directKey, roomKey } from './conversations.js';

/** The size of the history a join brings. */
export const JOIN_PAGE_SIZE = 50;
/** The largest page the server gives. */
export const PAGE_SIZE = 200;

const REJOIN_PREFIX = 'rejoin-';
const CATCH_UP_PREFIX = 'catchup-';

export function isCatchUpRef(ref) {
  return typeof ref === 'string' && (ref.startsWith(REJOIN_PREFIX) || ref.startsWith(CATCH_UP_PREFIX));
}

/** Fetches what one room said while the page was away: everything after the last id it showed. */
export class RoomCatchUp {
  constructor(room, lastSeenId) {
    this.room = room;
    this.lastSeenId = lastSeenId;
    this.missedById = new Map();
    this.expectedPageSize = JOIN_PAGE_SIZE;
    this.done = false;
    /** The id of the request whose answer is awaited (the rejoin, then each page); null for the lobby's own history. */
    this.awaitingRef = null;
  }

  /** The key of its conversation (conversations.js). */
  get key() {
    return roomKey(this.room);
  }

  /** What people call it in a notice. */
  get label() {
    return this.room;
  }

  /** The history request for the page before `before`. */
  pageRequest(before, limit) {
    return { type: 'history', room: this.room, before, limit };
  }

  /**
   * A live message that arrived meanwhile: newer than any page, it waits to be shown in order.
   * It keeps its ref (our own line's copy), so its greyed pending line is replaced when it shows.
   */
  hold(message) {
    if (message.id > this.lastSeenId) this.missedById.set(message.id, message);
  }

  /** Takes one page. Returns the next history request to send (its id left to the caller), or null when the gap is closed. */
  take(page) {
    for (const message of page) {
      if (message.id > this.lastSeenId && !this.missedById.has(message.id)) this.missedById.set(message.id, message);
    }
    const oldest = page.length === 0 ? Infinity : Math.min(...page.map((m) => m.id));
    const mayHideMore = page.length >= this.expectedPageSize && oldest > this.lastSeenId + 1;
    if (!mayHideMore) {
      this.done = true;
      return null;
    }
    this.expectedPageSize = PAGE_SIZE;
    return this.pageRequest(oldest, PAGE_SIZE);
  }

  /** The rejoin or a page was refused: the room catches up no further, with what arrived. */
  abandon() {
    this.done = true;
  }

  /** The messages missed, oldest first. */
  get missed() {
    return [...this.missedById.values()].sort((a, b) => a.id - b.id);
  }
}

/**
 * What an account holder's direct conversation with one user missed: the pages of `history` with
 * `with` after the last id shown (ids increase within each pair of users). A conversation that
 * showed nothing yet gets one page, its recent messages, as a room's join brings.
 */
export class DirectCatchUp extends RoomCatchUp {
  constructor(peer, lastSeenId) {
    super(peer, lastSeenId);
    this.expectedPageSize = lastSeenId > 0 ? PAGE_SIZE : Infinity;
  }

  get key() {
    return directKey(this.room);
  }

  get label() {
    return `the conversation with ${this.room}`;
  }

  /** The first request: the newest page. */
  firstRequest() {
    return { type: 'history', with: this.room, limit: this.lastSeenId > 0 ? PAGE_SIZE : JOIN_PAGE_SIZE };
  }

  pageRequest(before, limit) {
    return { type: 'history', with: this.room, before, limit };
  }
}

/**
 * One RoomCatchUp per room (and DirectCatchUp per direct conversation), which request each awaits, and the lobby history that the server
 * sends by itself after a login. Requests carry ids with their own prefixes, so their answers
 * (joined, left, history, error) are told apart from the user's.
 */
export class CatchUpTracker {
  constructor() {
    this.catchUps = new Map();
    this.awaitingLobbyHistory = false;
    this.dropLobbyHistory = false;
    /** The user had left the lobby: the server's joined for it after the login is not news. */
    this.quietLobbyJoin = false;
    this.requestCount = 0;
  }

  /** Some room is still catching up: typed lines wait, so they follow what was missed. */
  get inProgress() {
    return this.catchUps.size > 0;
  }

  isCatchingUp(key) {
    return this.catchUps.has(key);
  }

  /**
   * Logged in again: starts a catch-up for every room the user was in, and for the direct
   * conversations with `peers` (an account holder's open ones), and returns the requests to send
   * (rejoins; a leave of the lobby when the user had left it; direct history pages).
   */
  start(rooms, conversations, inLobby, peers = []) {
    this.reset();
    const requests = [];
    for (const room of rooms) {
      const conversation = conversations.room(room);
      const catchUp = new RoomCatchUp(room, conversation.lastSeenId);
      this.catchUps.set(conversation.key, catchUp);
      if (sameName(room, LOBBY)) {
        // The server puts everyone back in the lobby and sends its history unasked.
        this.awaitingLobbyHistory = true;
        continue;
      }
      catchUp.awaitingRef = REJOIN_PREFIX + ++this.requestCount;
      requests.push({ type: 'join', room, id: catchUp.awaitingRef });
    }
    if (!inLobby) {
      // The user had left the lobby: leave it again, quietly.
      this.dropLobbyHistory = true;
      this.quietLobbyJoin = true;
      requests.push({ type: 'leave', room: LOBBY, id: REJOIN_PREFIX + ++this.requestCount });
    }
    for (const peer of peers) {
      const conversation = conversations.direct(peer);
      const catchUp = new DirectCatchUp(conversation.name, conversation.lastSeenId);
      this.catchUps.set(conversation.key, catchUp);
      catchUp.awaitingRef = CATCH_UP_PREFIX + ++this.requestCount;
      requests.push({ ...catchUp.firstRequest(), id: catchUp.awaitingRef });
    }
    return requests;
  }

  /**
   * A live message of a conversation still catching up waits there (it is newer than any page);
   * false when it may be shown now. myName tells which side of a direct message the peer is.
   */
  tryHold(message, myName) {
    const key = message.to != null
      ? directKey(sameName(message.from, myName) ? message.to : message.from)
      : roomKey(message.room ?? LOBBY);
    const catchUp = this.catchUps.get(key);
    if (!catchUp) return false;
    catchUp.hold(message);
    return true;
  }

  /** What a history means: { kind: 'notMine' | 'dropped' | 'nextPage' | 'finished', request?, catchUp? }. */
  onHistory(history) {
    if (typeof history.with === 'string') {
      // A direct conversation's page: only ever asked for by a catch-up.
      const key = directKey(history.with);
      const catchUp = this.catchUps.get(key);
      if (!catchUp || !isCatchUpRef(history.ref) || catchUp.awaitingRef !== history.ref) return { kind: 'notMine' };
      return this.nextStep(key, catchUp, history);
    }
    const key = roomKey(history.room);
    const isLobbyAfterLogin = history.ref == null && sameName(history.room, LOBBY);
    if (isLobbyAfterLogin && this.dropLobbyHistory) {
      this.dropLobbyHistory = false;
      return { kind: 'dropped' };
    }
    const forCatchUp = (isLobbyAfterLogin && this.awaitingLobbyHistory) || isCatchUpRef(history.ref);
    const catchUp = this.catchUps.get(key);
    if (!forCatchUp || !catchUp) return { kind: 'notMine' };
    if (isLobbyAfterLogin) this.awaitingLobbyHistory = false;
    return this.nextStep(key, catchUp, history);
  }

  nextStep(key, catchUp, history) {
    const next = catchUp.take(Array.isArray(history.messages) ? history.messages : []);
    if (next) {
      catchUp.awaitingRef = CATCH_UP_PREFIX + ++this.requestCount;
      return { kind: 'nextPage', request: { ...next, id: catchUp.awaitingRef } };
    }
    this.catchUps.delete(key);
    return { kind: 'finished', catchUp };
  }

  /** The lobby's joined after the login, for a user who had left the lobby: true once, to keep it quiet. */
  takeQuietLobbyJoin(joined) {
    if (!this.quietLobbyJoin || joined.ref != null || !sameName(joined.room, LOBBY)) return false;
    this.quietLobbyJoin = false;
    return true;
  }

  /** The rejoin or a page was refused: its room catches up no further. Returns it, or null when no catch-up awaited that ref. */
  refused(ref) {
    for (const [key, catchUp] of this.catchUps) {
      if (catchUp.awaitingRef !== ref) continue;
      catchUp.abandon();
      this.catchUps.delete(key);
      return catchUp;
    }
    return null;
  }

  /** The connection was lost: whatever was in progress starts over on the next login. */
  reset() {
    this.catchUps.clear();
    this.awaitingLobbyHistory = false;
    this.dropLobbyHistory = false;
    this.quietLobbyJoin = false;
  }
}
