/**
 * Privacy at the source (the edge gateway): device identifiers are hashed with a salt that
 * rotates (default daily) and lives only in memory, so hashes link observations within one
 * period and never across periods or restarts; payloads naming a person are refused.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Field names that carry personal data; a local payload containing one is refused outright. */
const PERSONAL_FIELDS = new Set([
  'name', 'firstname', 'first_name', 'lastname', 'last_name', 'fullname', 'full_name', 'email', 'e_mail', 'phone',
  'phone_number', 'msisdn', 'imei', 'imsi', 'mac', 'mac_address', 'macaddress', 'ip', 'ip_address', 'address',
  'face', 'face_id', 'faceid', 'face_embedding', 'plate', 'licence_plate', 'license_plate', 'passport', 'dob',
  'date_of_birth', 'birthdate', 'ticket_holder', 'holder', 'customer', 'user_id', 'userid', 'device_name',
]);

/** Path of the first field that names personal data, or null. Depth-limited: payloads are shallow. */
export function findPersonalField(value: unknown, path = '', depth = 0): string | null {
  if (depth > 6 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < Math.min(value.length, 50); i++) {
      const hit = findPersonalField(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    if (PERSONAL_FIELDS.has(k.toLowerCase().replace(/-/g, '_'))) return here;
    const hit = findPersonalField(v, here, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export class RotatingSalt {
  private period = -1;
  private salt: Buffer = Buffer.alloc(0);

  constructor(
    readonly rotateEveryMs: number,
    private readonly random: (bytes: number) => Buffer = randomBytes,
  ) {
    if (!(rotateEveryMs >= 60_000 && rotateEveryMs <= 7 * 86_400_000)) {
      throw new Error(`CF_ERR_RANGE: \`rotateEveryMs\` ${rotateEveryMs} not in [60000, 604800000]`);
    }
  }

  /** Keyed hash of an identifier, by the salt of the period containing `tsMs`. 16 base64url chars (96 bits). */
  hash(identifier: string, tsMs: number): string {
    const period = Math.floor(tsMs / this.rotateEveryMs);
    if (period !== this.period) {
      // A new period forgets the old salt: hashes of different periods cannot be linked.
      this.period = period;
      this.salt = this.random(32);
    }
    return createHmac('sha256', this.salt).update(identifier).digest('base64url').slice(0, 16);
  }
}
