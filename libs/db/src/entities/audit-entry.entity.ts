import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Append-only (a trigger refuses UPDATE and DELETE) and hash-chained per campaign. */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'uuid', name: 'campaign_id' })
  campaignId: string;

  @PrimaryColumn({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  /** The canonical JSON that the hash covers, stored as text so it is reproduced byte for byte. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'char', length: 64, name: 'prev_hash' })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
