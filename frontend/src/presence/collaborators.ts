import type { Collaborator, SocketId } from "@excalidraw/excalidraw/types";
import type { PresenceState } from "./types";

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** A peer as the "who is here" list shows it. */
export interface Peer {
  clientId: number;
  name: string;
  color: string;
  idle: boolean;
}

/** Accepts only well-formed states: awareness is relayed from other clients unchecked. */
export function asPresence(state: unknown): PresenceState | null {
  if (typeof state !== "object" || state === null) return null;
  const user = (state as { user?: unknown }).user;
  if (typeof user !== "object" || user === null) return null;
  const { name, color } = user as { name?: unknown; color?: unknown };
  if (typeof name !== "string" || typeof color !== "string" || !HEX_COLOR.test(color)) return null;
  return state as PresenceState;
}

/** Peers other than this client, sorted by name for a stable list. */
export function peersFrom(states: ReadonlyMap<number, unknown>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, raw] of states) {
    if (clientId === selfId) continue;
    const state = asPresence(raw);
    if (!state) continue;
    peers.push({ clientId, name: state.user.name.slice(0, 80), color: state.user.color, idle: state.idle === true });
  }
  return peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

function validPointer(pointer: PresenceState["pointer"]): Collaborator["pointer"] | undefined {
  if (!pointer || !Number.isFinite(pointer.x) || !Number.isFinite(pointer.y)) return undefined;
  return { x: pointer.x, y: pointer.y, tool: pointer.tool === "laser" ? "laser" : "pointer" };
}

/** Excalidraw's `collaborators` map (live cursors, names, remote selections). */
export function collaboratorsFrom(
  states: ReadonlyMap<number, unknown>,
  selfId: number,
): Map<SocketId, Collaborator> {
  const collaborators = new Map<SocketId, Collaborator>();
  for (const [clientId, raw] of states) {
    if (clientId === selfId) continue;
    const state = asPresence(raw);
    if (!state) continue;
    const id = String(clientId) as SocketId;
    collaborators.set(id, {
      id,
      socketId: id,
      username: state.user.name.slice(0, 80),
      color: { background: state.user.color, stroke: state.user.color },
      pointer: validPointer(state.pointer),
      selectedElementIds:
        state.selectedElementIds && typeof state.selectedElementIds === "object" ? state.selectedElementIds : {},
      // UserIdleState values (a const enum in Excalidraw): "active" | "idle".
      userState: (state.idle ? "idle" : "active") as Collaborator["userState"],
    });
  }
  return collaborators;
}
