// Copyright 2026 the @skein/concurrent authors. MIT license.
// Messages between the ends of pipes that live in different processes.
// Each process routes by end id: to an end of its own, to the child that
// holds it, or up to its parent, which routes further (so two children's
// ends talk through their parent). Records travel on the same channels as
// everything else: a child's stdin, and marked frames on its stdout.
import { threadState } from "./thread_state.ts";
import { copyBytes } from "./bytes_pool.ts";
import { encodeBytes } from "./wire_encode.ts";

/** What reaches an end: a message's bytes, or the news that its peer closed. */
export type LinkMessage = Uint8Array | null;

type Send = (record: Uint8Array) => void;

const state = threadState("processLinks", () => ({
  ends: new Map<string, (message: LinkMessage) => void>(),
  // Ends that live in children: moved there (with a peer to tell when the
  // child exits), or learned from a record that came from there (peer "").
  routes: new Map<string, { send: Send; owner: object; peer: string }>(),
  goneListeners: [] as ((ids: string[]) => void)[],
  up: undefined as Send | undefined,
}));
const { ends, routes, goneListeners } = state;

/** Receives the messages for end `id` here. */
export function openEnd(id: string, receive: (m: LinkMessage) => void): void {
  ends.set(id, receive);
}

/** Stops receiving for end `id` here. */
export function closeEnd(id: string): void {
  ends.delete(id);
}

/** End `id` (whose peer is `peer`) now lives in the child `owner`. */
export function routeTo(
  id: string,
  peer: string,
  owner: object,
  send: Send,
): void {
  ends.delete(id);
  routes.set(id, { send, owner, peer });
}

/**
 * The child `owner` exited: its ends are gone, and their peers hear that
 * they closed.
 */
export function ownerExited(owner: object): void {
  const gone: string[] = [];
  for (const [id, route] of routes) {
    if (route.owner !== owner) continue;
    routes.delete(id);
    gone.push(id);
    if (route.peer !== "") deliver(route.peer, null);
  }
  for (const listener of goneListeners) listener(gone);
}

/** Calls `listener` with the ids of ends gone with an exited child. */
export function onEndsGone(listener: (ids: string[]) => void): void {
  goneListeners.push(listener);
}

/** In a child: where records for ends not here go. */
export function setUplink(send: Send): void {
  state.up = send;
}

/**
 * Delivers `message` to end `id`, wherever it lives. `source` names the
 * end that will expect an answer, so the processes on the way learn where
 * it lives.
 */
export function deliver(
  id: string,
  message: LinkMessage,
  source = "",
): void {
  const local = ends.get(id);
  if (local !== undefined) return local(message);
  const record = copyBytes(
    encodeBytes(["link", id, message, source], "message"),
  );
  const route = routes.get(id);
  if (route !== undefined) route.send(record);
  else state.up?.(record); // else the end is closed and gone: dropped
}

/**
 * Routes a decoded record if it is a link record; whether it was. `from`
 * is the child it came from (none: from this process's parent).
 */
export function routeRecord(
  value: unknown,
  from?: { owner: object; send: Send },
): boolean {
  if (!Array.isArray(value) || value[0] !== "link") return false;
  const source = value[3] as string;
  if (from !== undefined && source !== "" && !ends.has(source)) {
    if (!routes.has(source)) {
      routes.set(source, { send: from.send, owner: from.owner, peer: "" });
    }
  }
  deliver(value[1] as string, value[2] as LinkMessage, source);
  return true;
}
