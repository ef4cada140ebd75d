import { useEffect, useState, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { ROOTS } from "../schema";

/** A top-level Y.Map of the board as a plain object, re-read when it changes. */
export function useYMap(doc: Y.Doc, name: string): Record<string, unknown> {
  const [value, setValue] = useState<Record<string, unknown>>(() => doc.getMap(name).toJSON());
  useEffect(() => {
    const map = doc.getMap(name);
    const update = (): void => setValue(map.toJSON());
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [doc, name]);
  return value;
}

/** The `elements` map's values, re-read at most every `everyMs` while `enabled`. */
export function useElements(doc: Y.Doc, enabled: boolean, everyMs = 300): Record<string, unknown>[] {
  const [elements, setElements] = useState<Record<string, unknown>[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const map = doc.getMap<Record<string, unknown>>(ROOTS.elements);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let empty = true;
    const read = (): void => {
      timer = null;
      const values = Array.from(map.values());
      empty = values.length === 0;
      setElements(values);
    };
    // The first content (the board arriving) is read at once: what depends on knowing the
    // elements (lock notices) must not wait out the throttle; later changes are batched.
    const schedule = (): void => {
      if (empty) read();
      else if (timer === null) timer = setTimeout(read, everyMs);
    };
    read();
    map.observe(schedule);
    return () => {
      map.unobserve(schedule);
      if (timer !== null) clearTimeout(timer);
    };
  }, [doc, enabled, everyMs]);
  return elements;
}

/** Re-renders every `everyMs` while `active` and returns the local time of this render
 * (never a time kept from an earlier tick: a timer that just started must count from now). */
export function useTick(active: boolean, everyMs = 250): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(id);
  }, [active, everyMs]);
  return Date.now();
}

/** A tiny store for one value shared between modules (e.g. "focus the private note box"). */
export class Signal<T> {
  private listeners = new Set<() => void>();
  constructor(private value: T) {}
  get = (): T => this.value;
  set(value: T): void {
    this.value = value;
    this.listeners.forEach((l) => l());
  }
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useSignal<T>(signal: Signal<T>): T {
  return useSyncExternalStore(signal.subscribe, signal.get);
}
