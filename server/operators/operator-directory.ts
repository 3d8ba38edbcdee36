import { RoleSchema, type Role } from '../../protocol';
import Value from 'typebox/value';
import type { Clock } from '../clock';
import type { OperatorRecord, OperatorStore } from '../store';
import { hashPassword, verifyPassword } from './password';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MIN_PASSWORD_LENGTH = 8;

/** The bus channel `npm run operator -- remove|disable` announces a change on: every node re-checks its open consoles at once. */
export const OPERATORS_CHANNEL = 'operators';

export interface Operator {
  username: string;
  role: Role;
  /** The record's version: carried by the operator's token, checked on every use. */
  version: number;
  disabled: boolean;
  demo: boolean;
}

export interface DirectoryOptions {
  /** Training mode accepts the demo operators it seeds; a live node never does. Default: false. */
  acceptDemo?: boolean;
}

/** What an operator token says about its session. */
export interface SessionClaims {
  operator: string;
  version: number;
}

const toOperator = (r: OperatorRecord): Operator => ({
  username: r.username,
  role: r.role,
  version: r.version ?? 0,
  disabled: r.disabled ?? false,
  demo: r.demo ?? false,
});

/** Thrown for an account that cannot be created as asked (the script prints the message). */
export class OperatorRejected extends Error {}

/** Operator accounts: created by an admin script or the training seed, checked at login. */
export class OperatorDirectory {
  /** Hashed once, so an unknown name costs the same scrypt as a wrong password. */
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly store: OperatorStore,
    private readonly clock: Clock,
    private readonly options: DirectoryOptions = {},
  ) {}

  /** false when the name is taken. `demo`: seeded by training mode, refused by live nodes. */
  async add(username: string, role: string, password: string, { demo = false }: { demo?: boolean } = {}): Promise<boolean> {
    const name = username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(name)) throw new OperatorRejected('username: 1-64 of a-z 0-9 . _ -, starting with a letter or digit');
    if (!Value.Check(RoleSchema, role)) throw new OperatorRejected('role must be viewer, commander, trainer or admin');
    if (password.length < MIN_PASSWORD_LENGTH) throw new OperatorRejected(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
    const passwordHash = await hashPassword(password);
    return this.store.create({ username: name, role, passwordHash, createdAt: this.clock.now(), version: 0, ...(demo ? { demo: true } : {}) });
  }

  /** The operator, or null for an unknown name or a wrong password alike. */
  async authenticate(username: string, password: string): Promise<Operator | null> {
    const record = await this.store.get(username.trim().toLowerCase());
    if (!record) {
      this.decoy ??= hashPassword('decoy-password');
      await verifyPassword(password, await this.decoy);
      return null;
    }
    if (!(await verifyPassword(password, record.passwordHash))) return null;
    const operator = toOperator(record);
    return this.usable(operator) ? operator : null;
  }

  /**
   * Whether an operator token's session still stands: the account exists, is enabled, is not a
   * demo account on a live node, and has not changed since the token was issued. Read from the
   * store each time, so `npm run operator -- remove|disable` takes effect on every node at once.
   */
  async session(claims: SessionClaims): Promise<Operator | null> {
    const record = await this.store.get(claims.operator);
    if (!record) return null;
    const operator = toOperator(record);
    return this.usable(operator) && operator.version === claims.version ? operator : null;
  }

  private usable(operator: Operator): boolean {
    return !operator.disabled && (!operator.demo || this.options.acceptDemo === true);
  }

  /** false when there was no such operator. */
  remove(username: string): Promise<boolean> {
    return this.store.remove(username.trim().toLowerCase());
  }

  /** The operator after the change, or null when unknown. */
  async setDisabled(username: string, disabled: boolean): Promise<Operator | null> {
    const record = await this.store.setDisabled(username.trim().toLowerCase(), disabled);
    return record ? toOperator(record) : null;
  }

  async list(): Promise<Operator[]> {
    return (await this.store.list()).map(toOperator);
  }
}
