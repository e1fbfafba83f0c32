// JSON files that people write by hand (a report, a profile, metadata) are often saved by Windows
// Notepad, which puts a UTF-8 byte order mark (U+FEFF) before the text. JSON.parse refuses it as an
// unexpected token; it carries no content, so it is dropped before parsing.
export function parseJsonText(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}
