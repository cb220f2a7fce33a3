/**
 * The syntax tree shared by the native HCL parser and the Terraform JSON parser.
 *
 * Every node carries a `range` of UTF-16 code-unit offsets into the file's text with any UTF-8 BOM
 * removed (so offset 0 is the first character after the BOM). Lines and columns are derived from
 * offsets in one place (`positions.ts`), so CRLF line ends never shift anything.
 */

export interface Range {
  /** Offset of the first code unit. */
  start: number;
  /** Offset just past the last code unit. */
  end: number;
}

export interface Body {
  kind: 'Body';
  attributes: Attribute[];
  blocks: Block[];
  range: Range;
}

export interface Attribute {
  kind: 'Attribute';
  name: string;
  nameRange: Range;
  expr: Expr;
  /** From the name to the end of the expression. */
  range: Range;
}

export interface BlockLabel {
  value: string;
  range: Range;
}

export interface Block {
  kind: 'Block';
  type: string;
  typeRange: Range;
  labels: BlockLabel[];
  body: Body;
  /** From the block type to the closing brace (or to where recovery stopped when it is missing). */
  range: Range;
}

export type Expr =
  | LiteralExpr
  | TemplateExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | CallExpr
  | TupleExpr
  | ObjectExpr
  | ConditionalExpr
  | BinaryExpr
  | UnaryExpr
  | ForExpr
  | ParensExpr
  | InvalidExpr;

/** Numbers, `true`/`false`/`null`. Quoted strings are TemplateExpr (even without interpolation). */
export interface LiteralExpr {
  kind: 'Literal';
  value: number | boolean | null;
  range: Range;
}

export type TemplatePart =
  | { kind: 'Text'; value: string; range: Range }
  | { kind: 'Interp'; expr: Expr; stripLeft: boolean; stripRight: boolean; range: Range }
  | {
      kind: 'If';
      cond: Expr;
      then: TemplatePart[];
      else?: TemplatePart[];
      range: Range;
    }
  | {
      kind: 'ForDirective';
      keyVar?: string;
      valueVar: string;
      collection: Expr;
      body: TemplatePart[];
      range: Range;
    };

/**
 * A quoted string or heredoc. `Text` parts hold the unescaped value. For a quoted string the range
 * includes the quotes; `valueRange` is the inside. A string with no interpolation has exactly one
 * Text part (or none when empty).
 */
export interface TemplateExpr {
  kind: 'Template';
  parts: TemplatePart[];
  heredoc: boolean;
  range: Range;
  valueRange: Range;
}

/** A bare name: `var`, `local`, `count`, `each`, `path`, a for-expression variable, ... */
export interface VariableExpr {
  kind: 'Variable';
  name: string;
  range: Range;
}

export interface GetAttrExpr {
  kind: 'GetAttr';
  object: Expr;
  name: string;
  nameRange: Range;
  range: Range;
}

/** `a[key]`, and the legacy `a.0` form (key is a number Literal then). */
export interface IndexExpr {
  kind: 'Index';
  object: Expr;
  key: Expr;
  range: Range;
}

export type SplatStep = { kind: 'GetAttr'; name: string } | { kind: 'Index'; key: Expr };

/** `a[*].b.c` (full) or `a.*.b` (attribute-only); `steps` are applied to each element. */
export interface SplatExpr {
  kind: 'Splat';
  object: Expr;
  full: boolean;
  steps: SplatStep[];
  range: Range;
}

export interface CallExpr {
  kind: 'Call';
  name: string;
  nameRange: Range;
  args: Expr[];
  /** `f(xs...)`: the last argument is expanded. */
  expandFinal: boolean;
  range: Range;
}

export interface TupleExpr {
  kind: 'Tuple';
  items: Expr[];
  range: Range;
}

export interface ObjectItem {
  /**
   * The key expression. A key written as a bare identifier (`name = ...`) is a VariableExpr with
   * `bareKey: true` and means the literal string `name`, as in HCL.
   */
  key: Expr;
  bareKey: boolean;
  value: Expr;
  range: Range;
}

export interface ObjectExpr {
  kind: 'Object';
  items: ObjectItem[];
  range: Range;
}

export interface ConditionalExpr {
  kind: 'Conditional';
  cond: Expr;
  then: Expr;
  else: Expr;
  range: Range;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  range: Range;
}

export interface UnaryExpr {
  kind: 'Unary';
  op: '!' | '-';
  operand: Expr;
  range: Range;
}

/** `[for k, v in coll : expr if cond]` or `{for k, v in coll : kexpr => vexpr... if cond}`. */
export interface ForExpr {
  kind: 'For';
  keyVar?: string;
  valueVar: string;
  collection: Expr;
  /** Only in the object form. */
  keyExpr?: Expr;
  valueExpr: Expr;
  /** The object form's `...` grouping. */
  group: boolean;
  cond?: Expr;
  isObject: boolean;
  range: Range;
}

export interface ParensExpr {
  kind: 'Parens';
  expr: Expr;
  range: Range;
}

/** Where the parser could not make sense of an expression; evaluates to unknown. */
export interface InvalidExpr {
  kind: 'Invalid';
  range: Range;
  /** Set when the text is valid but beyond a limit (no syntax error): why its value is unknown. */
  reason?: string;
}

export interface Comment {
  /** The whole comment text including its `#`, `//` or `/*` marker. */
  text: string;
  range: Range;
}

export interface SyntaxError {
  message: string;
  range: Range;
}

/** `yaml`: a ROS template (read by its own front end; YAML and JSON templates alike). */
export type FileSyntax = 'hcl' | 'json' | 'yaml';

export interface ParsedFile {
  /** The path as given to the parser (used only for messages). */
  path: string;
  syntax: FileSyntax;
  /** The text the ranges refer to: the input with a leading BOM removed. */
  text: string;
  body: Body;
  comments: Comment[];
  errors: SyntaxError[];
}
