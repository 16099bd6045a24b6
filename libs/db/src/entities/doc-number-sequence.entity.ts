import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** 发文字号 counters, one row per (prefix, year); last_number is the last number issued. */
@Entity('doc_number_sequences')
export class DocNumberSequenceEntity {
  @PrimaryColumn({ type: 'text' })
  prefix: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int', name: 'last_number' })
  lastNumber: number;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
