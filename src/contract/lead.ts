/** A lead: a JSON object about a person who asked to be contacted. */
export type Lead = { [key: string]: JsonValue };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
