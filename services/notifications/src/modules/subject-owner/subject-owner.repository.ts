import type { NotificationsTransaction } from '../../database';
import type { SubjectOwnership } from './subject-owner';

/** The owner last recorded for a subject ('' when unknown or unowned). */
export async function lastKnownOwner(
  tx: NotificationsTransaction,
  tenantId: string,
  subject: Pick<SubjectOwnership, 'subjectType' | 'subjectId'>,
): Promise<string> {
  const row = await tx.subjectOwner.findUnique({
    where: {
      tenantId_subjectType_subjectId: { tenantId, subjectType: subject.subjectType, subjectId: subject.subjectId },
    },
  });
  return row?.ownerId ?? '';
}

/** Records the owner unless a newer version is already there (events can arrive late). */
export async function recordOwner(
  tx: NotificationsTransaction,
  tenantId: string,
  ownership: SubjectOwnership,
  version: number,
): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO subject_owners (tenant_id, subject_type, subject_id, owner_id, version)
    VALUES (${tenantId}::uuid, ${ownership.subjectType}, ${ownership.subjectId}, ${ownership.ownerId}, ${version})
    ON CONFLICT (tenant_id, subject_type, subject_id) DO UPDATE
      SET owner_id = EXCLUDED.owner_id, version = EXCLUDED.version, updated_at = now()
      WHERE subject_owners.version < EXCLUDED.version`;
}
