import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { InventoryFile } from '../../../server/booking/inventory';

/** A small slot file for a test, written to a fresh temporary directory. */
export function writeSlots(centers: InventoryFile['centers'], period = { from: '2021-08-26', to: '2021-08-26' }): string {
  const file: InventoryFile = {
    name: 'test inventory',
    period,
    regions: [
      { id: 'seoul', name: 'Seoul', ko: '서울' },
      { id: 'jeju', name: 'Jeju', ko: '제주' },
    ],
    centers,
  };
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-slots-')), 'slots.json');
  writeFileSync(path, JSON.stringify(file));
  return path;
}

/** An identity token as the identity gateway issues it, from our own token service. */
export function identityToken(app: FastifyInstance, claims: { n: number; bd: string; pid: string }, ttlMs = 600_000): string {
  return app.tokens.sign('identity', { ticketNumber: claims.n, birthDate: claims.bd, personId: claims.pid }, app.clock.now() + ttlMs);
}

/** `2021-08-09 20:00` KST as epoch ms. */
export function kst(dateTime: string): number {
  return Date.parse(`${dateTime.replace(' ', 'T')}+09:00`);
}
