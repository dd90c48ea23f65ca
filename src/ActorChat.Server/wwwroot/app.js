// ActorChat's browser client: plain ES modules, no framework, no build step, nothing loaded
// from elsewhere. It speaks the protocol of docs/protocol.md over the WebSocket at /ws of the
// host that served it (one frame per text message), and works under the server's
// Content-Security-Policy (default-src 'self'; connect-src 'self'; img-src 'self' data:;
// style-src 'self'): no inline script or style, no eval, and every string from the network
// goes into the page as text (textContent / createTextNode), never as markup.
//
// Modules (js/):
//   session.js        what to send and what to show: login, rooms, messages, reconnect and catch-up
//   account.js        accounts: the password kept in memory only, login/register frames, refusals in
//                     plain words, what a refused re-login does, /register and /passwd
//   account-view.js   the login form, the guest/account badge, the signed-out bar, the password dialog
//   catchup.js        rejoin and fetch what each room (and an account holder's direct conversation)
//                     missed after a reconnect (RoomCatchUp, DirectCatchUp, CatchUpTracker)
//   conversations.js  rooms and direct conversations, seen ids (no duplicates), unread counts, pending lines
//   connection.js     the WebSocket, with ping and a pong timeout
//   backoff.js        reconnect delays: doubling, with jitter
//   commands.js       slash commands (/join, /leave, /who, /rooms, /msg or /dm, /history, /switch, /close,
//                     /register, /passwd, /quit, /help)
//   names.js          name rules and keys (NFC, case folding), text checks
//   colours.js        a stable colour class per sender (FNV-1a of the name, as the console client)
//   view.js           the DOM
//
// Elements and attributes that tests (tests/ActorChat.Tests/Browser) rely on; keep them stable:
//
//   Login
//     #login-screen                   the login form's screen (hidden once logged in)
//     #login-form                     data-mode = login | register
//     #login-name, #login-button      the name input and its submit button (disabled while a too_many_attempts lasts)
//     #login-password                 the optional password (login mode); empty: a guest login
//     #login-mode                     switches between logging in and creating an account
//     #register-password, #register-confirm   the new password, twice (register mode)
//     #login-error                    why a login was refused, in plain words (or a connection problem);
//                                     data-code = the error code (name_taken, invalid_name, password_required,
//                                     bad_password, weak_password, too_many_attempts, account_required, or
//                                     password_mismatch / empty for the page's own checks); data-count = how many
//                                     refusals were shown; data-retry-after while a too_many_attempts lock lasts
//   Top bar
//     #chat-screen                    the chat (hidden until logged in); data-front = key of the conversation in front
//     #me                             the name logged in with
//     #account-badge                  data-account = true (an account holder) | false (a guest); opens the
//                                     /passwd or /register dialog; hidden before a version 2 server's welcome
//     #status                         data-state = connecting | online | catching-up | reconnecting | offline |
//                                     replaced (bye replaced: logged in elsewhere) | signed-out (a re-login
//                                     refused for good); data-pending = lines typed and not yet confirmed
//     #signed-out-bar                 shown when the page stopped logging in by itself; data-reason = replaced |
//                                     bad_password | password_required | account_required; #signed-out-text says
//                                     why; #signed-out-password (when the kept password no longer works) and
//                                     #take-back log in again (taking the name back from the other connection)
//   Password dialog (/register, /passwd, the badge)
//     #account-dialog                 a <dialog>; data-kind = register | passwd while open
//     #account-old (passwd only), #account-new, #account-confirm, #account-submit, #account-cancel
//     #account-error                  what to fix before it can go
//     #reconnect-now                  shown while waiting to reconnect
//     #motd                           the welcome's message of the day, in #motd-bar (hidden when there is
//                                     none, or dismissed with #motd-dismiss)
//     #logout-button
//   Sidebar (a drawer on narrow screens: #toggle-sidebar opens it, .open when open)
//     #sidebar, #toggle-sidebar
//     #join-form, #join-room, #join-button    join a room by name
//     #refresh-rooms
//     #room-list > .room[data-room]           the rooms that have members; .joined when in it; its .count
//     #member-list > .member[data-name]       the members of the room in front; .member-name (a button) opens
//                                              a direct conversation; .me for oneself
//   Conversations
//     #tabs > .tab[data-key]          one per conversation: data-room="name" for a room, data-dm="name" for a
//                                     direct conversation; .current in front; .unread holds the unread count
//                                     (hidden when 0)
//     #conversation-title, #leave-button, #close-button
//     #messages > .conversation-view[data-key]  one per conversation, data-room / data-dm as on its tab;
//                                     only the one in front is shown; it scrolls; data-older = more | loading | none
//       .load-older                   asks for the page before the oldest message shown (so does scrolling to the top)
//       .history-start                shown when there is nothing older
//       .message-list > .message[data-id]   a message, in id order; data-from = sender;
//                                     .own for the user's own lines, .mention when it names the user
//         .time (a <time datetime>), .sender (the sender's name, colour class .c0-.c11), .text
//       .message.pending[data-ref]    a line typed and not yet confirmed (greyed); data-ref = its request id
//                                     (w-RUN-N); data-state = sent | offline | catching-up | failed;
//                                     .pending-state says why; .retry re-sends a refused one
//       .notice                       a line for people (joined, left, connection lost, errors, /help)
//     #message-input                  the message input (Enter sends, Shift+Enter a new line)
//     #send-button
//     #jump-latest                    shown when new messages arrived below while scrolled up

import { ChatSession } from './js/session.js';
import { ChatView } from './js/view.js';

const url = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/ws';
const view = new ChatView(document);
const session = new ChatSession(view, { url });
view.bind(session);
