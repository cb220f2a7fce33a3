/**
 * HCL token kinds, their names in error messages, and the character classes the scanner and the
 * expression parser share (identifiers allow `-` and non-ASCII letters, as in HCL).
 */
export const enum T {
  EOF,
  NL,
  Ident,
  Number,
  OQuote,
  Heredoc,
  LBrace,
  RBrace,
  LBrack,
  RBrack,
  LParen,
  RParen,
  Comma,
  Eq,
  Colon,
  Question,
  Dot,
  Ellipsis,
  Arrow,
  Bang,
  Minus,
  Plus,
  Star,
  Slash,
  Percent,
  EqEq,
  NotEq,
  Lt,
  Gt,
  Le,
  Ge,
  And,
  Or,
  Tilde,
  Invalid,
}

export const TOKEN_NAMES: readonly string[] = [
  'end of file',
  'newline',
  'identifier',
  'number',
  '"',
  'heredoc',
  '"{"',
  '"}"',
  '"["',
  '"]"',
  '"("',
  '")"',
  '","',
  '"="',
  '":"',
  '"?"',
  '"."',
  '"..."',
  '"=>"',
  '"!"',
  '"-"',
  '"+"',
  '"*"',
  '"/"',
  '"%"',
  '"=="',
  '"!="',
  '"<"',
  '">"',
  '"<="',
  '">="',
  '"&&"',
  '"||"',
  '"~"',
  'invalid character',
];

/** Identifier characters: ASCII letters, digits, `_`, `-` and any non-ASCII letter or digit. */
const NON_ASCII_ID = /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}]/u;

/** ASCII character classes, one lookup instead of a chain of range tests in the scanner's loops. */
const ID_START = 1;
const ID_PART = 2;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  if (letter) ASCII_CLASS[c] = ID_START | ID_PART;
  else if ((c >= 48 && c <= 57) || c === 45) ASCII_CLASS[c] = ID_PART;
}

export function isIdentStart(c: number): boolean {
  // charCodeAt past the end gives NaN: not an identifier character.
  return c < 128 ? (ASCII_CLASS[c]! & ID_START) !== 0 : c >= 0x80 && isNonAsciiId(c);
}

export function isIdentPart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & ID_PART) !== 0 : c >= 0x80 && isNonAsciiId(c);
}

function isNonAsciiId(c: number): boolean {
  // Surrogate halves (emoji etc.) are not identifier characters; letters outside the BMP are rare
  // enough in Terraform names to be ignored.
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return NON_ASCII_ID.test(String.fromCharCode(c));
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
