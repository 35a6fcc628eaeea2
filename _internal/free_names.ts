// Copyright 2026 the @skein/concurrent authors. MIT license.
// The names a function's source text uses without declaring them, for a
// function that crosses as source text: one that uses a variable from
// outside its body fails on the other side, so the sending side refuses it
// at once. The scan is lexical and errs towards silence: every name that
// might be declared (a parameter, a binding pattern's key, a label) counts
// as declared, and names of this thread's globals are allowed.

const KEYWORDS = new Set(
  ("arguments async await break case catch class const continue debugger " +
    "default delete do else enum export extends false finally for from " +
    "function get if import in instanceof let new null of return set static " +
    "super switch this throw true try typeof undefined using var void while with " +
    "yield NaN Infinity").split(" "),
);

// Tokens after which a `/` starts a regular expression, not a division.
const BEFORE_REGEX = new Set(
  ("( , = : [ ! & | ? { } ; + - * % < > ~ ^ => return typeof instanceof " +
    "in of new delete void throw case do else yield await").split(" "),
);

interface Token {
  readonly kind: "id" | "punct" | "literal";
  readonly text: string;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const braces: string[] = []; // "{" or "${" (a template's expression)
  let i = 0;
  const push = (kind: Token["kind"], text: string) => out.push({ kind, text });
  const template = (): void => { // from after "`" or "}" to "`" or "${"
    while (i < src.length) {
      const c = src[i]!;
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        push("literal", "`");
        return;
      } else if (c === "$" && src[i + 1] === "{") {
        i += 2;
        braces.push("${");
        push("punct", "(");
        return;
      } else i++;
    }
  };
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      i = end === -1 ? src.length : end + 2;
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(c)) {
      const start = i;
      while (i < src.length && /[\w$\u0080-\uffff]/.test(src[i]!)) i++;
      push("id", src.slice(start, i));
    } else if (c === "#") {
      const start = i++;
      while (i < src.length && /[\w$\u0080-\uffff]/.test(src[i]!)) i++;
      push("literal", src.slice(start, i)); // a private name
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1]!))) {
      while (
        i < src.length &&
        (/[\w.]/.test(src[i]!) ||
          (/[+-]/.test(src[i]!) && /[eE]/.test(src[i - 1]!)))
      ) i++;
      push("literal", "0");
    } else if (c === "'" || c === '"') {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === "\\" ? 2 : 1;
      i++;
      push("literal", "''");
    } else if (c === "`") {
      i++;
      template();
    } else if (c === "}" && braces.at(-1) === "${") {
      braces.pop();
      i++;
      push("punct", ")");
      template();
    } else if (
      c === "/" && (out.length === 0 || BEFORE_REGEX.has(out.at(-1)!.text))
    ) {
      i++;
      let inClass = false;
      while (i < src.length && (src[i] !== "/" || inClass)) {
        if (src[i] === "\\") i++;
        else if (src[i] === "[") inClass = true;
        else if (src[i] === "]") inClass = false;
        i++;
      }
      i++;
      while (i < src.length && /\w/.test(src[i]!)) i++;
      push("literal", "/re/");
    } else {
      const three = src.slice(i, i + 3);
      const two = src.slice(i, i + 2);
      const text = three === "..."
        ? three
        : two === "=>" || two === "?."
        ? two
        : c;
      if (text === "{") braces.push("{");
      if (text === "}") braces.pop();
      i += text.length;
      push("punct", text);
    }
  }
  return out;
}

const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

// The index of the bracket that closes the one at `at`.
function closing(tokens: Token[], at: number): number {
  let depth = 0;
  for (let i = at; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    if (tokens[i]!.kind !== "punct") continue;
    if (t in OPEN) depth++;
    else if (t === ")" || t === "]" || t === "}") {
      if (--depth === 0) return i;
    }
  }
  return tokens.length - 1;
}

/**
 * The names `source` (a function's text) uses but neither declares nor
 * finds among this thread's globals, in order of first use.
 */
export function freeNames(source: string): string[] {
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch {
    return []; // cannot tell: say nothing
  }
  const declared = new Set<string>();
  const declareIn = (from: number, to: number) => {
    for (let i = from; i <= to; i++) {
      if (tokens[i]!.kind === "id") declared.add(tokens[i]!.text);
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const { kind, text } = tokens[i]!;
    const next = tokens[i + 1];
    if (kind === "id" && /^(?:let|const|var|using)$/.test(text)) {
      // Every name up to the end of the statement may be bound here.
      let depth = 0;
      let j = i + 1;
      for (; j < tokens.length; j++) {
        const t = tokens[j]!;
        if (t.kind === "punct" && t.text in OPEN) depth++;
        else if (t.kind === "punct" && /^[)\]}]$/.test(t.text)) {
          if (--depth < 0) break;
        } else if (depth === 0 && t.text === ";") break;
        if (t.kind === "id" && (depth > 0 || j === i + 1 || isAfterComma(j))) {
          declared.add(t.text);
        }
      }
    } else if (
      kind === "id" && /^(?:function|class|catch)$/.test(text) &&
      next?.kind === "id"
    ) {
      declared.add(next.text);
    } else if (kind === "id" && next?.text === "=>") {
      declared.add(text);
    } else if (text === "(" && kind === "punct") {
      const end = closing(tokens, i);
      const after = tokens[end + 1]?.text;
      const before = tokens[i - 1]?.text ?? "";
      if (
        (after === "=>" || after === "{") &&
        !/^(?:if|while|for|switch|with)$/.test(before)
      ) declareIn(i + 1, end); // parameters (and a catch's binding)
    }
  }
  function isAfterComma(j: number): boolean {
    return tokens[j - 1]?.text === ",";
  }
  const free: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const { kind, text } = tokens[i]!;
    if (kind !== "id" || KEYWORDS.has(text) || declared.has(text)) continue;
    const prev = tokens[i - 1]?.text;
    const next = tokens[i + 1]?.text;
    if (prev === "." || prev === "?.") continue; // a property
    if (prev === "break" || prev === "continue") continue; // a label
    if (next === ":" || next === "=") continue; // a key, label or field
    if (next === "(") { // a method's head: `name(...) {`
      if (tokens[closing(tokens, i + 1) + 1]?.text === "{") continue;
    }
    if (text in globalThis || free.includes(text)) continue;
    free.push(text);
  }
  return free;
}
