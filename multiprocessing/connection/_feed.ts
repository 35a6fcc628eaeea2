// Copyright 2026 the @skein/concurrent authors. MIT license.
// A one-way pipe whose receiving side is a bare transport, for a stream
// that this process takes in itself (a process Queue's feed: see
// PipeTransport.feed); messages sent with sendBytes keep their RAW mark.
import { Connection } from "./connection.ts";
import { PipeTransport } from "./_pipe_transport.ts";
import { construct } from "./_transport.ts";

/** A feed: `writer` goes to a child, `reader` stays here. */
export function feedPair(): { reader: PipeTransport; writer: Connection } {
  const a = crypto.randomUUID();
  const b = crypto.randomUUID();
  const pair = { ends: [] };
  const reader = new PipeTransport(
    { id: a, peer: b, readable: true, writable: false },
    0,
    pair,
  );
  const writer = construct(() =>
    new Connection(
      new PipeTransport(
        { id: b, peer: a, readable: false, writable: true },
        1,
        pair,
      ),
    )
  );
  return { reader, writer };
}
