/** Transaction origin for every change this page writes to the board document. */
export const LOCAL_ORIGIN: unique symbol = Symbol("indaba-local");
