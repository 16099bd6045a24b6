import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** 发文字号 counters, one row per (prefix, year); last_number is the last number issued. Migration 0000. */
@Entity('doc_number_sequences')
@Check('doc_number_sequences_last_number_check', 'last_number >= 0')
export class DocNumberSequenceEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'doc_number_sequences_pkey' })
  prefix: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'doc_number_sequences_pkey' })
  year: number;

  @Column({ type: 'int', name: 'last_number', nullable: false })
  lastNumber: number;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at', nullable: false, default: () => 'now()' })
  updatedAt: Date;
}
