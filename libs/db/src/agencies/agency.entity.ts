import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

export type AgencyLevel = 'national' | 'provincial' | 'municipal';

/**
 * The directory: issuing agencies and recipient bodies in one table (a province's 科协 receives
 * the national notice and leads its own relay). Defined by migrations 0000 and 0002; this class
 * mirrors them column for column (libs/db/src/schema.spec.ts keeps it so).
 */
@Entity('agencies')
@Check('agencies_level_check', `level IN ('national', 'provincial', 'municipal')`)
@Index('agencies_region_idx', ['region', 'kind'])
export class AgencyEntity {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'agencies_pkey' })
  code: string;

  @Column({ type: 'text', nullable: false })
  name: string;

  @Column({ type: 'text', name: 'short_name', nullable: false })
  shortName: string;

  @Column({ type: 'varchar', length: 16, nullable: false })
  level: AgencyLevel;

  @Column({ type: 'varchar', length: 32, name: 'parent_code', nullable: true })
  @ForeignKey(() => AgencyEntity, { name: 'agencies_parent_code_fkey' })
  parentCode: string | null;

  /** Department kind (CAST, CPD, EDU, …, SOCIETY, SPECIAL): what group phrases like 各省…科协 select on. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  kind: string | null;

  /** Region code: CN for national bodies, HA for Henan, HA_ZZ for 郑州, XPCC for the Corps. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  region: string | null;

  @Column({ type: 'text', name: 'region_name', nullable: true })
  regionName: string | null;

  @Column({ type: 'varchar', length: 24, name: 'region_type', nullable: true })
  regionType: string | null;

  @Column({ type: 'varchar', length: 16, name: 'parent_region', nullable: true })
  parentRegion: string | null;

  /** 'seed' (shipped) or 'import' (an administrator's CSV). */
  @Column({ type: 'varchar', length: 16, nullable: false, default: 'seed' })
  source: string;
}
