// Copyright 2026 the @skein/concurrent authors. MIT license.
// Python's text mode: `text`, `encoding`, `errors` and `universal_newlines`
// decide whether output is bytes or a string with universal newlines.
import { ValueError } from "../errors.ts";
import { describe } from "../_internal/describe.ts";
import { concat } from "../_internal/concat.ts";

/** The options that choose text mode. */
export interface TextMode {
  text?: boolean | undefined;
  encoding?: string | undefined;
  errors?: "strict" | "replace" | undefined;
  universalNewlines?: boolean | undefined;
}

/** Whether the options ask for text, as Python decides it. */
export function isText(options: TextMode): boolean {
  return options.text === true || options.encoding !== undefined ||
    options.errors !== undefined || options.universalNewlines === true;
}

/** Joins chunks and, in text mode, decodes them with universal newlines. */
export function decodeOutput(
  chunks: readonly Uint8Array[],
  options: TextMode,
): Uint8Array | string {
  const bytes = concat(chunks);
  if (!isText(options)) return bytes;
  const decoder = new TextDecoder(options.encoding ?? "utf-8", {
    fatal: (options.errors ?? "strict") === "strict",
  });
  return decoder.decode(bytes).replace(/\r\n?/g, "\n");
}

/** Input as bytes: a string is encoded (UTF-8; other encodings: bytes). */
export function encodeInput(
  input: Uint8Array | string,
  options: TextMode,
): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input !== "string") {
    throw new TypeError(
      `Cannot send input as 'input' must be a string or a Uint8Array: received ${typeof input}`,
    );
  }
  const encoding = (options.encoding ?? "utf-8").toLowerCase();
  if (encoding !== "utf-8" && encoding !== "utf8") {
    throw new ValueError(
      `Cannot send input as a string in '${options.encoding}': only UTF-8 can be encoded here; pass a Uint8Array`,
    );
  }
  return new TextEncoder().encode(input);
}

/** Checks that `encoding` is a label TextDecoder knows, before any run. */
export function checkEncoding(encoding: unknown): void {
  if (encoding === undefined) return;
  try {
    new TextDecoder(encoding as string);
  } catch {
    throw new ValueError(
      `Cannot run command as 'encoding' must be a known text encoding: received ${
        typeof encoding === "string" ? `'${encoding}'` : describe(encoding)
      }`,
    );
  }
}
