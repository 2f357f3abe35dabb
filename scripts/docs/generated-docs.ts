import { cliReferenceText } from './cli-reference.js';
import { configReferenceText } from './config-reference.js';
import { errorReferenceText } from './error-reference.js';

/** Each generated page of docs/, by its path in the project, and what writes it (`npm run docs`; `npm run docs:errors` writes docs/errors.md alone). */
export const GENERATED_DOCS: Record<string, () => string> = {
  'docs/config-reference.md': () => configReferenceText(),
  'docs/cli-reference.md': () => cliReferenceText(),
  'docs/errors.md': () => errorReferenceText(),
};
