/** Sets headers, replacing any existing header of the same name in another case (user headers override defaults). */
export function setHeaders(headers: Record<string, string>, add: Record<string, string>): void {
  for (const [name, value] of Object.entries(add)) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    }
    headers[name] = value;
  }
}
