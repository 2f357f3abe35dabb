/** A destination name as it appears in ids: lower-case, dashes, no spaces. */
export function destinationSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'destination';
}
