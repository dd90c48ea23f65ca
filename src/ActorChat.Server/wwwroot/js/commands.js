// Typed lines to actions, as the console client's CommandParser: a plain line is said in the
// conversation in front; a line starting with "/" is a command; "//text" says "/text".
// Names are checked here so a typo gets a clear message at once; the server has the last word.

import { isValidName, NAME_DESCRIPTION, textProblem } from './names.js';

export const HELP_TEXT = [
  'Type a line and press Enter to say it here (Shift+Enter for a new line). Commands:',
  '  /join ROOM          enter ROOM (created if needed) and talk there',
  '  /leave [ROOM]       leave ROOM (default: the room in front)',
  '  /who [ROOM]         list the members of ROOM (default: the room in front)',
  '  /rooms              list the rooms that have members',
  '  /msg NAME TEXT      send TEXT privately to NAME (also /dm)',
  '  /history            load older messages of the room in front',
  '  /switch NAME        talk in room NAME, or privately to NAME (Alt+1..9 switch tabs)',
  '  /close              close the direct conversation in front',
  '  /register           make your guest name an account, with a password (asked in a dialog)',
  '  /passwd             change your account\'s password (asked in a dialog)',
  '  /quit               leave the server',
  '  /help               show this help',
  '  //TEXT              say TEXT starting with a single "/"',
].join('\n');

/** The first word (split at spaces or tabs), and the rest with its leading blanks removed. */
function splitWord(text) {
  const trimmed = text.replace(/^[ \t]+/, '');
  const match = /[ \t]/.exec(trimmed);
  if (!match) return [trimmed, ''];
  return [trimmed.slice(0, match.index), trimmed.slice(match.index + 1).replace(/^[ \t]+/, '')];
}

const usage = (message) => ({ kind: 'usage', message });

function say(text) {
  const problem = textProblem(text);
  return problem ? usage(problem) : { kind: 'say', text };
}

/** A command that takes at most one room name; room is null when omitted and optional. */
function oneRoom(kind, rest, required, usageText) {
  const [room, extra] = splitWord(rest);
  if (extra.length > 0) return usage('usage: ' + usageText);
  if (room.length === 0) return required ? usage('usage: ' + usageText) : { kind, room: null };
  if (!isValidName(room)) return usage(`"${room}" is not a valid room name (${NAME_DESCRIPTION})`);
  return { kind, room };
}

function directMessage(rest) {
  const [name, text] = splitWord(rest);
  if (name.length === 0 || text.length === 0) return usage('usage: /msg NAME TEXT');
  if (!isValidName(name)) return usage(`"${name}" is not a valid user name (${NAME_DESCRIPTION})`);
  const problem = textProblem(text);
  return problem ? usage(problem) : { kind: 'dm', to: name, text };
}

/** What one typed line means: { kind, ... } (see the cases below). */
export function parseLine(line) {
  if (line.trim().length === 0) return { kind: 'nothing' };
  if (!line.startsWith('/')) return say(line);
  if (line.startsWith('//')) return say(line.slice(1));
  const [command, rest] = splitWord(line.slice(1));
  switch (command.toLowerCase()) {
    case 'join': return oneRoom('join', rest, true, '/join ROOM');
    case 'leave': case 'part': return oneRoom('leave', rest, false, '/leave [ROOM]');
    case 'who': return oneRoom('who', rest, false, '/who [ROOM]');
    case 'history': return oneRoom('history', rest, false, '/history [ROOM]');
    case 'rooms': case 'list': return rest.length === 0 ? { kind: 'rooms' } : usage('usage: /rooms');
    case 'msg': case 'dm': case 'query': return directMessage(rest);
    case 'switch': {
      const [name, extra] = splitWord(rest);
      if (name.length === 0 || extra.length > 0) return usage('usage: /switch NAME');
      if (!isValidName(name)) return usage(`"${name}" is not a valid room or user name (${NAME_DESCRIPTION})`);
      return { kind: 'switch', name };
    }
    case 'close': return { kind: 'close' };
    // Passwords are asked in a dialog, never typed on the line (it would show them); whatever
    // was typed after the command is dropped, not kept in the input.
    case 'register': return { kind: 'register', typedMore: rest.length > 0 };
    case 'passwd': case 'password': return { kind: 'passwd', typedMore: rest.length > 0 };
    case 'quit': case 'exit': return { kind: 'quit' };
    case 'help': case '?': return { kind: 'help' };
    case '': return usage('empty command; type /help for the list of commands');
    default: return usage(`unknown command /${command}; type /help for the list of commands, or //${command} to say it`);
  }
}
