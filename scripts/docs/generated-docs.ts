import { cliReferenceText } from './cli-reference.js';
import { configReferenceText } from './config-reference.js';

/** Each generated page of docs/, by its path in the project, and what writes it (`npm run docs`). */
export const GENERATED_DOCS: Record<string, () => string> = {
  'docs/config-reference.md': () => configReferenceText(),
  'docs/cli-reference.md': () => cliReferenceText(),
};
