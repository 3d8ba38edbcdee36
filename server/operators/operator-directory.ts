import { RoleSchema, type Role } from '../../protocol';
import Value from 'typebox/value';
import type { Clock } from '../clock';
import type { OperatorStore } from '../store';
import { hashPassword, verifyPassword } from './password';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MIN_PASSWORD_LENGTH = 8;

export interface Operator {
  username: string;
  role: Role;
}

/** Thrown for an account that cannot be created as asked (the script prints the message). */
export class OperatorRejected extends Error {}

/** Operator accounts: created by an admin script or the training seed, checked at login. */
export class OperatorDirectory {
  /** Hashed once, so an unknown name costs the same scrypt as a wrong password. */
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly store: OperatorStore,
    private readonly clock: Clock,
  ) {}

  /** false when the name is taken. */
  async add(username: string, role: string, password: string): Promise<boolean> {
    const name = username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(name)) throw new OperatorRejected('username: 1-64 of a-z 0-9 . _ -, starting with a letter or digit');
    if (!Value.Check(RoleSchema, role)) throw new OperatorRejected('role must be viewer, commander, trainer or admin');
    if (password.length < MIN_PASSWORD_LENGTH) throw new OperatorRejected(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
    const passwordHash = await hashPassword(password);
    return this.store.create({ username: name, role, passwordHash, createdAt: this.clock.now() });
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
    return { username: record.username, role: record.role };
  }

  async list(): Promise<Operator[]> {
    return (await this.store.list()).map(({ username, role }) => ({ username, role }));
  }
}
