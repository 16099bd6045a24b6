import { CreateDateColumn, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';

/**
 * Which agency a document-number prefix (机关代字: 科协发, 豫科协发) belongs to: only its own lead
 * launches under it and only its own administrators (or the platform's) set its sequences.
 * Migration 0004.
 */
@Entity('doc_number_prefixes')
@Index('doc_number_prefixes_agency_idx', ['agency'])
export class DocNumberPrefixEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'doc_number_prefixes_pkey' })
  prefix: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'doc_number_prefixes_agency_fkey' })
  agency: string;

  /** Who claimed it: a person (JWT sub), 'seed' or 'migration'. */
  @Column({ type: 'text', name: 'claimed_by', nullable: false })
  claimedBy: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'claimed_at', nullable: false, default: () => 'now()' })
  claimedAt: Date;
}
