import type { SecretEntry, SecretsFile } from './secrets-file.js';
import { destinationSlug } from '../delivery/delivery-id.js';
import { nearestName } from '../explain/nearest-name.js';
import { LeadwireError } from '../errors/leadwire-error.js';
import { MissingSecretError, SecretNotGrantedError, SecretsFileError } from '../errors/secret-error.js';
import { destinationMatches, hostMatches, normalizeHost } from './grant-patterns.js';
import type { SecretResolver } from './secret-refs.js';

/** `LEADWIRE_SECRET_API_KEY` on the worker is the value of `${API_KEY}`, for every destination. */
export const SECRET_ENV_PREFIX = 'LEADWIRE_SECRET_';

/** What a request uses its secrets for, and where it sends them. */
export interface SecretUse {
  /** The destination's name (grants match its slug or its name). */
  destination: string;
  /**
   * Every host the secrets may be sent to, from the masked render; `undefined` for a host that
   * is itself built from a secret (see urlHost), which no host pattern matches.
   */
  hosts: readonly (string | undefined)[];
  /** Whose hosts these are, for messages: the request's `url`, or the OAuth2 `token_url`. */
  target: 'url' | 'token_url';
}

/** A host-scoped secret a resolver has given out: its name, the hosts it may go to, and where that grant is written. */
export interface HostScope {
  secret: string;
  hosts: readonly string[];
  /** `secrets.NAME.hosts in /etc/leadwire/secrets.yaml`, for messages. */
  grantedIn: string;
}

/**
 * A resolver for one request, which also says where its host-scoped secrets (and whatever is
 * made from them: tokens, signatures, hashes) may go afterwards: a redirect hop, another URL.
 */
export type ScopedSecretResolver = SecretResolver & {
  /**
   * The first host-scoped secret this resolver has given out that may not be sent to `host`, or
   * undefined when every one may. `undefined` as the host (one built from a secret) is refused
   * by every scope. Secrets granted to any host add no limit.
   */
  refusedFor(host: string | undefined): HostScope | undefined;
};

export interface SecretStore {
  /** A resolver for one request: each name is checked against its grant, then read. */
  resolverFor(use: SecretUse): ScopedSecretResolver;
  /** Names only, never values: what the worker grants, for its start-up log. */
  readonly summary: { prefixed: string[]; file?: { path: string; names: string[] } };
}

export interface SecretStoreOptions {
  /** The worker's environment: `LEADWIRE_SECRET_*` variables, and those the file names with `from_env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** The validated secrets file, and where it was read from (named in messages). `from_file` paths as the reader takes them. */
  file?: { path: string; secrets: SecretsFile };
  /** Reads a `from_file` value; throws (with a `code` such as ENOENT) when it cannot. Needed when the file uses from_file. */
  readFile?: (path: string) => string;
}

/**
 * The worker's secrets: which names exist (`LEADWIRE_SECRET_*`, the secrets file), which
 * destinations and hosts each is granted to, and where its value is read from. Values are read
 * when a request needs them (a rotated file is picked up without a restart), never cached past
 * one request, and never appear in a message.
 */
export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const grants = new Grants(options);
  return {
    summary: {
      prefixed: grants.prefixed().sort(),
      ...(grants.filePath ? { file: { path: grants.filePath, names: [...grants.entries.keys()].sort() } } : {}),
    },
    resolverFor: (use) => grants.resolverFor(use),
  };
}

/** The grants createSecretStore was given, checked once: who may use each secret, and how its value is read. */
class Grants {
  readonly filePath: string | undefined;
  readonly entries: Map<string, SecretEntry>;

  constructor(private readonly options: SecretStoreOptions) {
    this.filePath = options.file?.path;
    this.entries = new Map<string, SecretEntry>(Object.entries(options.file?.secrets.secrets ?? {}));
    for (const name of this.entries.keys()) {
      if (this.env(SECRET_ENV_PREFIX + name) !== undefined) {
        throw new SecretsFileError(
          `Secret ${name} is in the secrets file ${this.filePath} and also set as ${SECRET_ENV_PREFIX}${name}, which would grant it to every destination and host. Give it one source: remove ${SECRET_ENV_PREFIX}${name} from the worker's environment, or remove ${name} from the file.`,
        );
      }
    }
    if (!options.readFile && [...this.entries.values()].some((e) => e.from_file !== undefined)) {
      throw new LeadwireError('INTERNAL', `The secrets file ${this.filePath} uses from_file, but createSecretStore was given no readFile to read it with. Pass readFile (the worker does); this is a bug in the caller.`);
    }
  }

  /** A variable of the worker's environment. Own string values only: a plain object's `constructor` is not a variable. */
  env(name: string): string | undefined {
    const value = Object.hasOwn(this.options.env, name) ? this.options.env[name] : undefined;
    return typeof value === 'string' ? value : undefined;
  }

  /** Where a field of a secret's grant is written, for messages. */
  fileRef(name: string, field: string): string {
    return `secrets.${name}.${field} in ${this.filePath}`;
  }

  /** The names `LEADWIRE_SECRET_*` variables grant (read now, names only). */
  prefixed(): string[] {
    return Object.keys(this.options.env)
      .filter((k) => k.startsWith(SECRET_ENV_PREFIX) && k.length > SECRET_ENV_PREFIX.length)
      .map((k) => k.slice(SECRET_ENV_PREFIX.length));
  }

  /** Every secret name this worker grants to some destination (names only). */
  grantedNames(): string[] {
    return [...this.entries.keys(), ...this.prefixed()];
  }

  /** A resolver for one request: each name is checked against its grant, then read once. */
  resolverFor(use: SecretUse): ScopedSecretResolver {
    const values = new Map<string, string>();
    const hostScopes: HostScope[] = [];
    const resolve = (name: string): string => {
      const known = values.get(name);
      if (known !== undefined) return known;
      const entry = this.entries.get(name);
      const refused = this.refusal(name, entry, use);
      if (refused) throw new SecretNotGrantedError(name, refused);
      const value = this.read(name, entry);
      if (entry?.hosts) hostScopes.push({ secret: name, hosts: entry.hosts, grantedIn: this.fileRef(name, 'hosts') });
      values.set(name, value);
      return value;
    };
    const refusedFor = (host: string | undefined): HostScope | undefined => {
      const h = host === undefined ? undefined : normalizeHost(host);
      return hostScopes.find((scope) => h === undefined || !scope.hosts.some((p) => hostMatches(p, h)));
    };
    return Object.assign(resolve, { refusedFor });
  }

  /** The value of a granted secret, or SECRET_MISSING saying where it should come from. */
  read(name: string, entry: SecretEntry | undefined): string {
    if (!entry) {
      const value = this.env(SECRET_ENV_PREFIX + name);
      if (value) return value;
      throw new MissingSecretError(name, `Secret ${name} is granted by ${SECRET_ENV_PREFIX}${name}, which is empty on the worker. Give it the value and retry the delivery.`);
    }
    if (entry.from_env !== undefined) {
      const value = this.env(entry.from_env);
      if (value) return value;
      throw new MissingSecretError(
        name,
        `Secret ${name} comes from the environment variable ${entry.from_env} (${this.fileRef(name, 'from_env')}), which is ${value === '' ? 'empty' : 'not set'} on the worker. Set it and retry the delivery.`,
      );
    }
    return this.readFromFile(name, entry.from_file!);
  }

  /** A `from_file` secret's value: the file's text without its trailing newlines. */
  readFromFile(name: string, path: string): string {
    let text: string;
    try {
      text = this.options.readFile!(path);
    } catch (err) {
      throw new MissingSecretError(
        name,
        `Secret ${name} comes from the file ${path} (${this.fileRef(name, 'from_file')}), which could not be read (${(err as { code?: string }).code ?? 'unreadable'}). Mount it and retry the delivery.`,
      );
    }
    // Secret managers mount one value per file, usually followed by a newline.
    const value = text.replace(/[\r\n]+$/, '');
    if (value) return value;
    throw new MissingSecretError(name, `Secret ${name} comes from the file ${path} (${this.fileRef(name, 'from_file')}), which is empty. Put the value in it and retry the delivery.`);
  }

  /** Why this use is not granted this secret, or undefined when it is. */
  refusal(name: string, entry: SecretEntry | undefined, use: SecretUse): string | undefined {
    const slug = destinationSlug(use.destination);
    if (!entry && this.env(SECRET_ENV_PREFIX + name) === undefined) {
      const near = nearestName(name, this.grantedNames());
      const typo = near ? ` Did you mean \${${near}}, which it does grant? Then correct the destination.` : '';
      return `Destination "${use.destination}" (${slug}) references \${${name}}, but this worker grants no secret named ${name}: destinations read only the secrets a worker grants, never its other environment variables.${typo ? `${typo} Otherwise, set` : ' Set'} ${SECRET_ENV_PREFIX}${name} on the worker (for every destination), or grant ${name} to destination ${slug} in the secrets file ${this.filePath ?? 'that LEADWIRE_SECRETS_FILE names'} with from_env or from_file. See SECURITY.md.`;
    }
    if (!entry) return undefined;
    if (entry.destinations && !entry.destinations.some((p) => destinationMatches(p, use.destination))) {
      return `Secret ${name} is granted to destinations ${entry.destinations.join(', ')} (${this.fileRef(name, 'destinations')}), not to "${use.destination}" (${slug}). If this destination may use it, add ${slug} to that list.`;
    }
    return entry.hosts ? this.hostRefusal(name, entry.hosts, use) : undefined;
  }

  /** Why a host-scoped secret may not go to one of this use's hosts, or undefined when it may go to all. */
  hostRefusal(name: string, hosts: readonly string[], use: SecretUse): string | undefined {
    const target = use.target === 'url' ? "this request's URL" : 'its OAuth2 token_url';
    for (const host of use.hosts) {
      if (host !== undefined && hosts.some((p) => hostMatches(p, host))) continue;
      const granted = `Secret ${name} may be sent only to ${hosts.join(', ')} (${this.fileRef(name, 'hosts')})`;
      return host === undefined
        ? `${granted}, but the host of ${target} is itself built from a secret, so it cannot be checked. Write the host in the URL.`
        : `${granted}, but ${target} goes to ${host}. Add ${host} to that list if it may receive the secret, or point the destination at a granted host.`;
    }
    return undefined;
  }
}

/** One line for a worker's start-up log: which secrets destinations may use, names only. */
export function describeSecretGrants(summary: SecretStore['summary']): string {
  const parts = [
    ...(summary.prefixed.length ? [`${summary.prefixed.join(', ')} from ${SECRET_ENV_PREFIX}* (every destination)`] : []),
    ...(summary.file ? [`${summary.file.names.length ? summary.file.names.join(', ') : 'none'} from ${summary.file.path} (as scoped there)`] : []),
  ];
  return parts.length
    ? `secrets destinations may use: ${parts.join('; ')}`
    : `no secrets granted to destinations (set ${SECRET_ENV_PREFIX}<NAME>, or LEADWIRE_SECRETS_FILE; see SECURITY.md)`;
}
