/** leadwire's version, as in package.json (test/unit/core/render/render-request.test.ts keeps them equal). */
export const LEADWIRE_VERSION = '0.1.0';

/**
 * The `User-Agent` every request carries unless the destination sets its own header: receivers
 * see who calls them (not got's default), and can tell leadwire's versions apart.
 */
export const LEADWIRE_USER_AGENT = `leadwire/${LEADWIRE_VERSION}`;
