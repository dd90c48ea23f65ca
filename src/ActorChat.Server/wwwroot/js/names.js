// Names and text as the protocol defines them (docs/protocol.md, "Names and text"),
// mirroring ActorChat.Messages.Rules.NameRules and TextRules closely enough for a client:
// the server has the last word, so these only save a round trip for obvious mistakes.

export const LOBBY = 'lobby';
export const MAX_NAME_LENGTH = 32;
export const NAME_DESCRIPTION = "1 to 32 letters, digits, '_', '-' or '.'";

const NAME_CHAR = /^[\p{L}\p{Nd}_.\-]$/u;

/** The name in Unicode NFC, or null when it breaks the name rules. */
export function canonicalName(name) {
  if (typeof name !== 'string') return null;
  const normalized = name.normalize('NFC');
  const chars = [...normalized];
  if (chars.length === 0 || chars.length > MAX_NAME_LENGTH) return null;
  return chars.every((c) => NAME_CHAR.test(c)) ? normalized : null;
}

export function isValidName(name) {
  return canonicalName(name) !== null;
}

/**
 * The key under which two spellings of one name collide: NFC, then each character upper-cased
 * and lower-cased on its own (NameRules.Key: an approximation of Unicode simple case folding,
 * so "ς" and "σ", "µ" and "μ" meet). Per character, so "ß" is not expanded to "ss".
 */
export function nameKey(name) {
  let key = '';
  for (const c of String(name).normalize('NFC')) {
    const upper = c.toUpperCase();
    const folded = [...upper].length === 1 ? upper : c;
    const lower = folded.toLowerCase();
    key += [...lower].length === 1 ? lower : folded;
  }
  return key;
}

export function sameName(a, b) {
  return a != null && b != null && nameKey(a) === nameKey(b);
}

// Control characters other than \n and \t are refused by the server (invalid_text).
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

/** Text as typed, made sendable: CRs dropped (a browser may paste CRLF). Null when nothing is left to say. */
export function cleanText(text) {
  const cleaned = String(text).replace(/\r\n?/g, '\n');
  if (cleaned.trim().length === 0) return null;
  return cleaned;
}

/** Why the text cannot be sent, or null. */
export function textProblem(text) {
  if (text.length === 0) return 'the text is empty';
  if (FORBIDDEN_CONTROL.test(text)) return 'the text holds a control character';
  return null;
}
